"""The example events (handoffs/examples) load field by field into the source models, and again."""

import datetime as dt
from decimal import Decimal

import pytest
from pydantic import ValidationError

from handoffs.intake.schema import IntakeEvent
from handoffs.intake.sources import load_sources
from handoffs.models import Contact, Opportunity, Transcript, TranscriptTurn

pytestmark = pytest.mark.django_db


def load(payload: dict) -> Opportunity:
    return load_sources(IntakeEvent.model_validate(payload))


def test_it_loads_a_multi_unit_closed_won_deal(example_event):
    opportunity = load(example_event("northwind-closed-won"))

    assert opportunity.external_id == "006AX00000Q1ZzY"
    assert opportunity.segment == "enterprise"
    assert opportunity.owner_email == "maya.chen@seller.example"
    assert [line.business_unit.slug for line in opportunity.lines.all()] == [
        "analytics",
        "integrations",
    ]
    assert opportunity.contract.acv == Decimal("186000")
    assert opportunity.contract.clauses.get(clause_id="7.2").text.startswith("Vendor will execute")
    assert opportunity.meddpicc.latest().competition.startswith("Evaluated Tableau")
    assert opportunity.account.board_relationships[0].startswith("Our board member")


def test_turns_keep_their_index_and_the_speakers_side(example_event):
    load(example_event("northwind-closed-won"))

    turn = TranscriptTurn.objects.get(transcript__external_id="gong-88121", index=4)

    assert turn.speaker == "Ben Foster"
    assert turn.side == "seller"
    assert "SIEM export" in turn.text


def test_contacts_keep_roles_status_and_dates(example_event):
    load(example_event("brightpath-closed-won"))

    tom = Contact.objects.get(name="Tom Becker")

    assert tom.roles == ["technical_buyer"]
    assert tom.has_left
    assert tom.role_start_date == dt.date(2024, 11, 1)


def test_a_plg_trigger_becomes_an_opportunity_with_telemetry(example_event):
    opportunity = load(example_event("lumen-plg-trigger"))

    assert opportunity.motion == "plg"
    assert opportunity.owner_email == "devon.price@seller.example"
    assert opportunity.trigger["plan_to"] == "Business"
    assert opportunity.usage.latest().active_seats[-1] == {"date": "2027-06-01", "count": 51}
    assert opportunity.sales_assist_touches.count() == 1
    assert opportunity.lines.get().business_unit.slug == "analytics"


def test_loading_the_same_event_twice_changes_nothing(example_event):
    payload = example_event("northwind-closed-won")

    load(payload)
    load(payload)

    assert Opportunity.objects.count() == 1
    assert Transcript.objects.count() == 2
    assert TranscriptTurn.objects.count() == 16
    assert Contact.objects.count() == 4


def test_a_later_event_updates_the_sources_in_place(example_event):
    payload = example_event("northwind-closed-won")
    load(payload)
    payload["contacts"][3]["linkedin_url"] = "https://www.linkedin.com/in/omar-haddad-sec"
    payload["transcripts"][0]["turns"] = payload["transcripts"][0]["turns"][:3]

    load(payload)

    assert Contact.objects.get(name="Omar Haddad").linkedin_url.endswith("omar-haddad-sec")
    assert TranscriptTurn.objects.filter(transcript__external_id="gong-88121").count() == 3


def test_a_speaker_outside_the_participants_is_refused(example_event):
    payload = example_event("brightpath-closed-won")
    payload["transcripts"][0]["turns"][0]["speaker"] = "Mystery Guest"

    with pytest.raises(ValidationError, match="Mystery Guest"):
        IntakeEvent.model_validate(payload)


def test_a_closed_won_event_needs_an_opportunity(example_event):
    payload = example_event("brightpath-closed-won")
    del payload["opportunity"]

    with pytest.raises(ValidationError, match="need an `opportunity` block"):
        IntakeEvent.model_validate(payload)
