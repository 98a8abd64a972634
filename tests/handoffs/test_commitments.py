"""Commitment mining: seller promises with due dates, and what is not a promise."""

import datetime as dt

import pytest

from handoffs.drafting.commitments import is_commitment, mine_commitments
from tests.handoffs.builders import buyer, call, clause, deal, seller

PROMISES = [
    "We'll have that for you by the end of April.",
    "Absolutely, we can do the SIEM export.",
    "Yes, that's included in the platform edition.",
    "I will make sure your CSM reviews adoption with you.",
    "Sure, no problem, we'll set up a shared Slack channel.",
    "I'll personally make sure the export runs nightly.",
    "We can definitely get you a sandbox this week.",
    "That's part of the package you are buying.",
    "You can count on us to handle the migration.",
    "We're going to have the connector ready by June 30.",
    "We\u2019ll have it for you by Friday.",
]
NOT_PROMISES = [
    "We can't do that in this release.",
    "Unfortunately that is not included in your plan.",
    "Could we do that before go-live?",
    "If you signed this week, we would add a second workshop.",
    "Maybe we could look at a custom export later.",
    "That is exactly what the connector does.",
]


@pytest.mark.parametrize("sentence", PROMISES)
def test_it_hears_commitment_language_and_its_variants(sentence):
    assert is_commitment(sentence)


@pytest.mark.parametrize("sentence", NOT_PROMISES)
def test_negations_questions_and_hypotheticals_are_not_commitments(sentence):
    assert not is_commitment(sentence)


def test_it_captures_speaker_turn_and_a_due_date_relative_to_the_call():
    context = deal(
        calls=[
            call(
                buyer("The SIEM export is a blocker for me.", "Omar Haddad"),
                seller(
                    "Absolutely, we can do the SIEM export. We'll have that for you by the end of "
                    "April.",
                    "Ben Foster",
                ),
                ref="gong-88121",
            )
        ]
    )

    [commitment] = mine_commitments(context)

    assert commitment.speaker == "Ben Foster"
    assert (commitment.transcript_ref, commitment.turn) == ("gong-88121", 1)
    assert commitment.due == dt.date(2027, 4, 30)
    assert commitment.quote.startswith("Absolutely, we can do the SIEM export.")


def test_buyer_promises_are_not_seller_commitments():
    context = deal(calls=[call(buyer("We'll have the data team ready by March."))])

    assert mine_commitments(context) == []


def test_a_commitment_in_the_contract_is_reconciled():
    context = deal(
        calls=[
            call(
                buyer("Can you train our analysts on site?"),
                seller("Yes, we'll deliver two onsite enablement workshops in the first 90 days."),
            )
        ],
        clauses=[
            clause(
                "5.4",
                "Vendor will deliver two onsite enablement workshops within the first 90 days.",
            )
        ],
    )

    [commitment] = mine_commitments(context)

    assert commitment.reflected_in == ["contract:5.4"]
    assert not commitment.is_ghost


def test_a_commitment_reflected_nowhere_is_a_ghost():
    context = deal(
        calls=[call(seller("No problem, we'll set up a shared Slack channel in the first week."))],
        clauses=[clause("7.2", "Vendor will execute a Business Associate Agreement.")],
    )

    [commitment] = mine_commitments(context)

    assert commitment.is_ghost
    assert commitment.due == dt.date(2027, 2, 27)


def test_a_success_plan_item_reconciles_a_commitment():
    context = deal(calls=[call(seller("We'll set up a shared Slack channel for your admins."))])
    context.success_plan_items = ["Shared Slack channel with support engineers for the admins"]

    [commitment] = mine_commitments(context)

    assert commitment.reflected_in == ["success_plan:0"]
