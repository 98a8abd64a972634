"""From a Closed-Won event to a scored, gated packet routed to the right person."""

import datetime as dt

import pytest
from django.utils import timezone
from django_q.models import Schedule

from handoffs.models import (
    Author,
    Handoff,
    InboundEvent,
    Packet,
    PacketField,
    RiskKind,
    Status,
)
from handoffs.services.drafting import draft_packet, redraft_packet
from handoffs.services.intake import process_inbound_event
from tests.factories import BusinessUnitFactory

pytestmark = pytest.mark.django_db


def packets_of(received) -> dict[str, Packet]:
    received.handoff.refresh_from_db()
    return {p.business_unit.slug: p for p in received.handoff.packets.select_related("csm")}


def test_northwind_passes_the_gate_with_a_packet_per_business_unit(
    ingest, example_event, sales_team
):
    packets = packets_of(ingest(example_event("northwind-closed-won")))

    assert set(packets) == {"analytics", "integrations"}
    for unit, csm in (("analytics", "nina"), ("integrations", "marcus")):
        packet = packets[unit]
        assert packet.status == Status.READY_FOR_CS
        assert (packet.score, packet.score_of, packet.gate) == (7, 8, 7)
        assert packet.csm == sales_team[csm]
        assert packet.gate_passed_at is not None
        assert packet.due_at > timezone.now()


def test_northwind_flags_the_siem_export_ghost_commitment(ingest, example_event, sales_team):
    packet = packets_of(ingest(example_event("northwind-closed-won")))["analytics"]

    siem = packet.commitments.get(quote__contains="SIEM export")
    assert siem.is_ghost
    assert (siem.speaker, siem.transcript_ref, siem.turn) == ("Ben Foster", "gong-88121", 4)
    assert siem.due == dt.date(2027, 4, 30)
    assert packet.risk_flags.filter(
        kind=RiskKind.GHOST_COMMITMENT, summary__contains="SIEM export"
    ).exists()


def test_brightpath_fails_the_gate_and_goes_to_devon_with_its_gap_list(
    ingest, example_event, sales_team
):
    [packet] = packets_of(ingest(example_event("brightpath-closed-won"))).values()

    assert packet.status == Status.NEEDS_AE
    assert packet.handoff.ae == sales_team["devon"]
    assert (packet.score, packet.score_of, packet.gate) == (3, 8, 7)
    assert packet.due_at == packet.transitions.last().due_at
    assert dt.timedelta(hours=23) < packet.due_at - timezone.now() <= dt.timedelta(hours=24)
    stakeholders = packet.fields.get(key="stakeholder_map")
    assert "Technical buyer Tom Becker has left the company" in stakeholders.gaps
    assert packet.risk_flags.filter(kind=RiskKind.WORKAROUND_PROMISE).exists()
    assert "Gaps:" in packet.transitions.last().reason


def test_lumen_yields_one_plg_packet(ingest, example_event, sales_team):
    [packet] = packets_of(ingest(example_event("lumen-plg-trigger"))).values()

    assert packet.handoff.opportunity.motion == "plg"
    assert packet.business_unit.slug == "analytics"
    assert packet.handoff.ae == sales_team["devon"]
    assert "active seats grew from 12 to 51" in packet.fields.get(key="success_criteria").text


def test_every_field_carries_evidence_and_history(ingest, example_event, sales_team):
    packet = packets_of(ingest(example_event("northwind-closed-won")))["analytics"]

    fields = list(packet.fields.all())

    assert len(fields) == 8
    for field in fields:
        assert field.evidence, field.key
        assert field.versions.get(version=1).author == Author.AGENT


def test_a_repeated_event_returns_the_same_handoff(ingest, example_event, sales_team):
    first = ingest(example_event("northwind-closed-won"))
    again = ingest(example_event("northwind-closed-won"))

    assert again.duplicate
    assert again.handoff == first.handoff
    assert Packet.objects.count() == 2
    assert InboundEvent.objects.count() == 1


def test_a_second_event_redrafts_only_fields_no_human_edited(ingest, example_event, sales_team):
    payload = example_event("brightpath-closed-won")
    [packet] = packets_of(ingest(payload)).values()
    PacketField.objects.filter(packet=packet, key="competitive_context").update(
        author=Author.AE,
        text="Evaluated Looker; chose us for Sheets sync.",
        data={"evaluated": "Looker", "why_us": "Sheets sync", "reevaluate_if": "price rises"},
    )
    payload["event_id"] = "hs-evt-7781204"
    payload["contacts"][0]["linkedin_url"] = "https://www.linkedin.com/in/alicia-moreno"
    payload["contacts"][0]["role_start_date"] = "2023-02-01"

    ingest(payload)

    competitive = packet.fields.get(key="competitive_context")
    champion = packet.fields.get(key="economic_buyer_champion")
    assert competitive.text == "Evaluated Looker; chose us for Sheets sync."
    assert competitive.status == "complete"
    assert "Champion Alicia Moreno has no LinkedIn URL" not in champion.gaps
    assert champion.version == 2
    assert Handoff.objects.count() == 1


def test_an_owner_who_is_no_ae_keeps_the_handoff_as_ae_unknown(ingest, example_event):
    [packet] = packets_of(ingest(example_event("brightpath-closed-won"))).values()

    assert packet.handoff.ae is None
    assert packet.status == Status.NEEDS_AE


def test_a_business_unit_without_a_csm_waits_unassigned(ingest, example_event, analytics):
    received = ingest(example_event("northwind-closed-won"))

    integrations = received.handoff.packets.get(business_unit__slug="integrations")
    assert integrations.status == Status.READY_FOR_CS
    assert integrations.csm is None


def test_processing_an_event_twice_changes_nothing(ingest, example_event, sales_team):
    received = ingest(example_event("northwind-closed-won"))

    assert process_inbound_event(inbound_id=received.inbound.pk) == []
    assert Packet.objects.count() == 2


def test_drafting_a_drafted_packet_again_does_nothing(ingest, example_event, sales_team):
    packet = packets_of(ingest(example_event("brightpath-closed-won")))["analytics"]

    assert draft_packet(packet_id=packet.pk) is None
    assert packet.fields.get(key="success_criteria").version == 1


def test_a_drafter_failure_marks_the_packet_and_schedules_a_retry(example_event, ingest):
    received = ingest(example_event("brightpath-closed-won"))
    broken = Packet.objects.create(
        handoff=Handoff.objects.create(opportunity_key="orphan-deal"),
        business_unit=BusinessUnitFactory(slug="integrations"),
    )

    draft_packet(packet_id=broken.pk)

    broken.refresh_from_db()
    assert broken.status == Status.DRAFT_FAILED
    assert "DoesNotExist" in broken.draft_error
    assert Schedule.objects.filter(func="handoffs.tasks.redraft_packet", args=str(broken.pk))
    assert broken.transitions.last().reason.startswith("Drafting failed")
    Handoff.objects.filter(pk=broken.handoff_id).update(opportunity=received.handoff.opportunity)
    redraft_packet(packet_id=broken.pk)
    broken.refresh_from_db()
    assert broken.status == Status.DRAFTING


def test_a_failed_event_is_kept_with_its_error(example_event, ingest):
    payload = example_event("brightpath-closed-won")
    received = ingest(payload)
    InboundEvent.objects.filter(pk=received.inbound.pk).update(
        status="received", payload={**payload, "account": None}
    )

    with pytest.raises(Exception, match="intake contract"):
        process_inbound_event(inbound_id=received.inbound.pk)

    failed = InboundEvent.objects.get(pk=received.inbound.pk)
    assert failed.status == "failed"
    assert "intake contract" in failed.error
