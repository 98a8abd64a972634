"""The one derivation: what a packet says follows from its current inputs, on every change."""

import pytest

from handoffs.derivation import rederive
from handoffs.models import Packet, PacketFieldVersion, RiskKind, Status
from handoffs.queue import tasks_inline
from handoffs.services import editing
from handoffs.services.intake import receive_event

pytestmark = pytest.mark.django_db

BUYER = {
    "name": "Dana Whitfield",
    "title": "CFO",
    "role_start_date": "2022-01-01",
    "linkedin_url": "https://www.linkedin.com/in/dana",
    "email": "dana@brightpath.example",
    "status": "active",
}


@pytest.fixture
def gap_packet(ingest, example_event, sales_team) -> Packet:
    """BrightPath: fails the gate with no economic buyer and a ghost commitment."""
    return ingest(example_event("brightpath-closed-won")).handoff.packets.get()


def set_person(packet: Packet, key: str, role: str, person: dict | None, by) -> None:
    """The AE names (or removes) the person in `role` of field `key`, as the form saves it."""
    field = packet.fields.get(key=key)
    editing.field_update(
        packet=packet,
        key=key,
        data={**field.data, role: person},
        text="",
        by=by,
        author="ae",
        expected_version=field.version,
    )


def name_the_economic_buyer(packet: Packet, by) -> None:
    set_person(packet, "economic_buyer_champion", "economic_buyer", BUYER, by)


def test_naming_the_economic_buyer_resolves_the_flag_with_who_and_how(gap_packet, sales_team):
    devon = sales_team["devon"]

    name_the_economic_buyer(gap_packet, devon)

    flag = gap_packet.risk_flags.get(kind=RiskKind.MISSING_ECONOMIC_BUYER)
    assert not flag.is_open
    assert flag.resolved_by == devon
    assert flag.resolution == "economic buyer named: Dana Whitfield."
    assert "[high] No economic buyer is named" not in gap_packet.fields.get(key="risk_flags").text


def test_a_flag_whose_cause_returns_opens_again(gap_packet, sales_team):
    devon = sales_team["devon"]
    name_the_economic_buyer(gap_packet, devon)

    set_person(gap_packet, "economic_buyer_champion", "economic_buyer", None, devon)

    flag = gap_packet.risk_flags.get(kind=RiskKind.MISSING_ECONOMIC_BUYER)
    assert flag.is_open and flag.resolved_by is None and flag.resolution == ""


def test_reconciling_a_promise_rewords_it_and_resolves_its_flags(gap_packet, sales_team):
    devon = sales_team["devon"]
    commitment = gap_packet.commitments.get()

    editing.commitment_reconcile(
        commitment=commitment, reconciliation="success_plan", note="", by=devon
    )

    presale = gap_packet.fields.get(key="presale_promises")
    assert presale.status == "complete"
    assert "Standing: added to the success plan." in presale.text
    assert "ghost" not in presale.text.lower()
    about_it = {
        flag.kind: (flag.is_open, flag.resolved_by)
        for flag in gap_packet.risk_flags.all()
        if flag.cause.endswith(f"{commitment.transcript_ref}:{commitment.turn}")
    }
    assert about_it == {
        RiskKind.GHOST_COMMITMENT: (False, devon),
        RiskKind.WORKAROUND_PROMISE: (False, devon),
    }


def test_acknowledged_promises_name_who_acknowledged_them(gap_packet, sales_team):
    commitment = gap_packet.commitments.get()

    editing.commitment_reconcile(
        commitment=commitment, reconciliation="acknowledged", note="", by=sales_team["devon"]
    )

    commitment.refresh_from_db()
    assert commitment.standing == "acknowledged by Devon Price"
    assert "acknowledged by Devon Price" in gap_packet.fields.get(key="presale_promises").text


def test_every_change_writes_a_new_version_and_never_rewrites_an_old_one(gap_packet, sales_team):
    before = {v.pk: (v.status, v.gaps, v.text) for v in PacketFieldVersion.objects.all()}

    name_the_economic_buyer(gap_packet, sales_team["devon"])

    after = {v.pk: (v.status, v.gaps, v.text) for v in PacketFieldVersion.objects.all()}
    assert {pk: after[pk] for pk in before} == before
    field = gap_packet.fields.get(key="economic_buyer_champion")
    latest = field.versions.order_by("-version").first()
    assert (latest.version, latest.status, latest.gaps, latest.set_by) == (
        field.version,
        field.status,
        field.gaps,
        sales_team["devon"],
    )


def test_rederiving_without_a_change_writes_nothing(gap_packet):
    versions, packet_version = PacketFieldVersion.objects.count(), gap_packet.version

    rederive(gap_packet)

    gap_packet.refresh_from_db()
    assert (PacketFieldVersion.objects.count(), gap_packet.version) == (versions, packet_version)


def test_a_later_event_keeps_flags_it_no_longer_finds_as_resolved(
    gap_packet, example_event, django_capture_on_commit_callbacks
):
    event = example_event("brightpath-closed-won")
    event["event_id"] += "-update"
    event["transcripts"][0]["turns"][3]["text"] = "Let me check what the roadmap says."

    with tasks_inline(), django_capture_on_commit_callbacks(execute=True):
        receive_event(payload=event, integration=None)

    workaround = gap_packet.risk_flags.get(kind=RiskKind.WORKAROUND_PROMISE)
    assert not workaround.is_open
    assert workaround.resolution == "no longer found in the deal's sources after a later event."


@pytest.fixture
def two_unit_gap_deal(example_event, sales_team, django_capture_on_commit_callbacks):
    """Northwind without an economic buyer or a security reviewer: both unit packets fail."""
    event = example_event("northwind-closed-won")
    event["contacts"] = [
        c
        for c in event["contacts"]
        if not {"economic_buyer", "security_reviewer"} & set(c["roles"])
    ]
    with tasks_inline(), django_capture_on_commit_callbacks(execute=True):
        handoff = receive_event(payload=event, integration=None).handoff
    return {p.business_unit.slug: p for p in handoff.packets.all()}


def test_a_shared_field_is_edited_once_for_every_unit(two_unit_gap_deal, sales_team):
    analytics, integrations = two_unit_gap_deal["analytics"], two_unit_gap_deal["integrations"]
    assert analytics.status == integrations.status == Status.NEEDS_AE
    scores = (analytics.score, integrations.score)

    name_the_economic_buyer(analytics, sales_team["maya"])

    integrations.refresh_from_db()
    shared = integrations.fields.get(key="economic_buyer_champion")
    assert shared.data["economic_buyer"]["name"] == "Dana Whitfield"
    assert shared.updated_by == sales_team["maya"]
    assert (analytics.score, integrations.score) == (scores[0] + 1, scores[1] + 1)
    assert not integrations.risk_flags.get(kind=RiskKind.MISSING_ECONOMIC_BUYER).is_open


def test_copying_the_stakeholder_map_from_the_sibling_fills_the_second_packet(
    two_unit_gap_deal, sales_team
):
    analytics, integrations = two_unit_gap_deal["analytics"], two_unit_gap_deal["integrations"]
    maya = sales_team["maya"]
    set_person(analytics, "stakeholder_map", "security_reviewer", BUYER, maya)
    target = integrations.fields.get(key="stakeholder_map")

    editing.field_copy_from_sibling(
        packet=integrations,
        key="stakeholder_map",
        source=analytics,
        by=maya,
        expected_version=target.version,
    )

    target.refresh_from_db()
    assert target.data == analytics.fields.get(key="stakeholder_map").data
    assert target.status == "complete"
    assert target.evidence[-1]["quote"] == "Copied from the Analytics packet by Maya Chen"


def test_a_shared_field_cannot_be_copied_between_siblings(two_unit_gap_deal, sales_team):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        editing.field_copy_from_sibling(
            packet=two_unit_gap_deal["integrations"],
            key="commercial_terms",
            source=two_unit_gap_deal["analytics"],
            by=sales_team["maya"],
            expected_version=1,
        )
