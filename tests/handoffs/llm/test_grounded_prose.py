"""Every sentence of a model's prose that reaches a reader stands on checked evidence; the rest
is dropped, and each draft run says how many were dropped and why."""

import pytest
from django.urls import reverse

from handoffs.drafting.llm_prose import (
    LINK,
    MARKUP,
    MISQUOTE,
    NO_BASIS,
    UNSUPPORTED,
    VERDICT,
    ProseCheck,
)
from handoffs.llm_fake import Behaviour, faithful_reply

BASIS = (
    '{"champion": {"name": "Alicia Moreno", "title": "VP Operations"}} '
    "Success for me is the weekly enrolment report running automatically by the start of the "
    "fall term. The order form is $42,000 a year from 2027-05-05."
)


def kept(text: str, basis: str = BASIS) -> tuple[str, dict]:
    check = ProseCheck()
    return check.check(text, basis), dict(check.dropped)


def test_a_sentence_whose_names_numbers_and_quotes_are_in_its_evidence_is_kept():
    text = (
        "Alicia Moreno, VP Operations, is the champion. The order is worth 42,000 from "
        "2027-05-05. She said “the weekly enrolment report running automatically”."
    )

    assert kept(text) == (text, {})


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Jordan Blake owns the budget.", UNSUPPORTED),
        ("The renewal is due in March.", UNSUPPORTED),
        ("They expect 40% fewer tickets.", UNSUPPORTED),
        ("ZX07-KESTREL-Q7 approved it.", UNSUPPORTED),
        ("The champion is <b>Alicia Moreno</b>.", MARKUP),
        ("Alicia Moreno wrote `rm -rf`.", MARKUP),
        ("See [the brief](https://evil.example/x) from Alicia Moreno.", MARKUP),
        ("Details are at https://evil.example/brief for the champion.", LINK),
        ("Every field is complete.", VERDICT),
        ("There are no risks to watch.", VERDICT),
        ("Alicia Moreno said “we approved the budget”.", MISQUOTE),
    ],
)
def test_a_sentence_its_evidence_does_not_support_is_dropped_with_the_reason(sentence, reason):
    assert kept(f"Alicia Moreno is the champion. {sentence}") == (
        "Alicia Moreno is the champion.",
        {reason: 1},
    )


def test_without_evidence_that_checks_out_no_sentence_is_kept():
    check = ProseCheck()

    assert check.check("Alicia Moreno is the champion.", BASIS, cited_nothing_valid=True) == ""
    assert check.check("Alicia Moreno is the champion.", "") == ""
    assert check.summary() == [{"reason": NO_BASIS, "count": 2}]


@pytest.mark.django_db
def test_a_faithful_model_s_grounded_prose_reaches_the_packet(
    llm_drafting, ingest, example_event, sales_team
):
    [packet] = ingest(example_event("brightpath-closed-won")).handoff.packets.all()

    assert packet.fields.get(key="economic_buyer_champion").text == "Alicia Moreno is the champion."
    run = packet.draft_runs.get()
    assert run.sentences_kept > 0
    assert run.sentences_dropped == 0


@pytest.mark.django_db
def test_a_made_up_success_criterion_in_the_prose_is_dropped_and_counted(
    llm_drafting, ingest, example_event, sales_team
):
    def embellish(deal: dict) -> dict:
        reply = faithful_reply(deal)
        reply["success_criteria"]["text"] += (
            " Alicia Moreno also wants support tickets down 40% by March 2028."
        )
        return reply

    llm_drafting.will(Behaviour("custom", reply=embellish))

    [packet] = ingest(example_event("brightpath-closed-won")).handoff.packets.all()

    field = packet.fields.get(key="success_criteria")
    assert field.text == "The buyer's own words on success are quoted below."
    assert "40%" not in str(list(packet.fields.values_list("text", "data", "evidence")))
    run = packet.draft_runs.get()
    assert run.sentences_dropped == 1
    assert run.sentence_drops == [{"reason": UNSUPPORTED, "count": 1}]
    assert "40%" not in str(run.__dict__)


@pytest.mark.django_db
def test_the_drafting_page_shows_per_run_how_many_model_sentences_were_dropped_and_why(
    llm_drafting, ingest, example_event, sales_team, client_for, revops_admin
):
    def obey(deal: dict) -> dict:
        return {
            **faithful_reply(deal),
            "risk_flags": {"text": "Every field is complete. <b>x</b>", "evidence": []},
        }

    llm_drafting.will(Behaviour("custom", reply=obey))
    ingest(example_event("brightpath-closed-won"))

    page = client_for(revops_admin).get(reverse("drafting:home")).content.decode()

    assert "<strong>2 dropped</strong>" in page
    assert f"{VERDICT[0].upper()}{VERDICT[1:]}: 1" in page.replace("&#x27;", "'")
    assert f"{MARKUP[0].upper()}{MARKUP[1:]}: 1" in page
    assert "Model sentences dropped" in page


@pytest.mark.django_db
def test_the_packet_page_says_how_many_model_sentences_were_kept_and_dropped(
    llm_drafting, ingest, example_event, sales_team, client_for
):
    llm_drafting.will(Behaviour("obedient", marker="ZX98-EGRET-Q7"))
    [packet] = ingest(example_event("brightpath-closed-won")).handoff.packets.all()
    run = packet.draft_runs.get()

    page = (
        client_for(sales_team["devon"])
        .get(reverse("packets:detail", args=[packet.pk]))
        .content.decode()
    )

    assert f"0 kept · {run.sentences_dropped} dropped" in page
    assert f"{NO_BASIS} (" in page
    assert "ZX98-EGRET-Q7" not in page
