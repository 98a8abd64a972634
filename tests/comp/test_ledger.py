"""The holdback ledger: accrual at close, release or forfeit at kickoff, reversal, immutability."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from accounts.errors import Conflict
from accounts.models import Role
from comp.models import CompPlan, EntryKind, LedgerEntry
from comp.services.ledger import (
    adjust,
    ensure_accrued,
    held_balance,
    reverse_entry,
    settle_at_kickoff,
)
from handoffs.models import Packet
from handoffs.services.revops import handoff_assign_ae
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
UTC = dt.UTC


@pytest.fixture
def northwind(ingest, example_event, sales_team, plan_2027_q1):
    received = ingest(example_event("northwind-closed-won"))
    return {p.business_unit.slug: p for p in received.handoff.packets.all()}


def amounts(packet) -> dict[str, Decimal]:
    return {
        kind: sum(
            (e.amount for e in LedgerEntry.objects.filter(packet=packet, kind=kind)), Decimal(0)
        )
        for kind in EntryKind.values
    }


def gate_on(packet, day: int) -> Packet:
    """Pretend the packet passed the gate `day` calendar days after the deal closed."""
    passed = dt.datetime(2027, 3, 12, 15, 0, tzinfo=UTC) + dt.timedelta(days=day)
    Packet.objects.filter(pk=packet.pk).update(gate_passed_at=passed)
    packet.refresh_from_db()
    return packet


def test_closing_a_deal_accrues_commission_per_business_unit_and_holds_a_quarter(northwind):
    analytics, integrations = northwind["analytics"], northwind["integrations"]

    assert amounts(analytics)["accrual"] == Decimal("15000.00")
    assert amounts(analytics)["holdback"] == Decimal("3750.00")
    assert amounts(integrations)["accrual"] == Decimal("3600.00")
    assert amounts(integrations)["holdback"] == Decimal("900.00")
    assert LedgerEntry.objects.filter(kind="accrual").first().currency == "USD"


def test_rounding_is_half_up_to_cents(ingest, example_event, sales_team, plan_2027_q1):
    plan_2027_q1.ae_commission_rate = Decimal("0.0333")
    plan_2027_q1.save()
    payload = example_event("northwind-closed-won")
    payload["opportunity"]["lines"] = [
        {"product": "Platform", "business_unit": "analytics", "amount": 1005}
    ]

    packet = ingest(payload).handoff.packets.get()

    assert amounts(packet)["accrual"] == Decimal("33.47")  # 33.4665
    assert amounts(packet)["holdback"] == Decimal("8.37")  # 8.3675


def test_a_gate_on_day_seven_releases_the_holdback(northwind):
    packet = gate_on(northwind["analytics"], 7)

    settle_at_kickoff(packet)

    assert amounts(packet)["release"] == Decimal("3750.00")
    assert held_balance(packet) == 0
    assert "within 7 days" in LedgerEntry.objects.get(kind="release").reason


def test_a_gate_on_day_eight_forfeits_it_under_the_forfeit_policy(northwind):
    packet = gate_on(northwind["analytics"], 8)

    settle_at_kickoff(packet)

    assert amounts(packet)["forfeit"] == Decimal("3750.00")
    assert amounts(packet)["release"] == 0


def test_the_defer_policy_releases_a_reduced_share(northwind, plan_2027_q1):
    plan_2027_q1.missed_window_policy = "defer_reduced"
    plan_2027_q1.deferred_release_pct = Decimal("40")
    plan_2027_q1.save()
    packet = gate_on(northwind["analytics"], 8)

    settle_at_kickoff(packet)

    assert amounts(packet)["release"] == Decimal("1500.00")
    assert amounts(packet)["forfeit"] == Decimal("2250.00")


def test_a_second_kickoff_held_posts_once(northwind):
    packet = gate_on(northwind["analytics"], 1)

    settle_at_kickoff(packet)
    settle_at_kickoff(packet)

    assert LedgerEntry.objects.filter(packet=packet, kind="release").count() == 1


def test_an_entry_is_corrected_by_a_reversing_entry(northwind, revops_admin):
    original = LedgerEntry.objects.get(packet=northwind["analytics"], kind="accrual")

    reversal = reverse_entry(entry=original, reason="Wrong commission rate", by=revops_admin)

    assert reversal.amount == -original.amount
    assert reversal.reverses == original
    assert amounts(northwind["analytics"])["accrual"] == 0
    with pytest.raises(ValidationError, match="already part of a reversal"):
        reverse_entry(entry=original, reason="Again", by=revops_admin)


def test_a_closed_quarter_with_no_open_quarter_after_it_refuses_corrections(
    northwind, plan_2027_q1, revops_admin
):
    CompPlan.objects.filter(pk=plan_2027_q1.pk).update(closed_at=timezone.now())
    entry = LedgerEntry.objects.filter(kind="accrual").first()

    with pytest.raises(Conflict, match="no later quarter is open"):
        reverse_entry(entry=entry, reason="Late fix", by=revops_admin)
    with pytest.raises(Conflict, match="no later quarter is open"):
        adjust(packet=entry.packet, amount=Decimal("10"), reason="Spiff", by=revops_admin)
    assert LedgerEntry.objects.count() == 4


def test_the_model_refuses_to_change_or_delete_an_entry(northwind):
    entry = LedgerEntry.objects.first()
    entry.amount = Decimal("1")

    with pytest.raises(ValueError, match="never changed"):
        entry.save()
    with pytest.raises(ValueError, match="never deleted"):
        entry.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_update_and_delete(northwind):
    entry = LedgerEntry.objects.first()

    for statement in (
        "UPDATE comp_ledgerentry SET amount = 0 WHERE id = %s",
        "DELETE FROM comp_ledgerentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])
    entry.refresh_from_db()
    assert entry.amount != 0


def test_no_plan_means_nothing_accrues(ingest, example_event, sales_team):
    ingest(example_event("northwind-closed-won"))

    assert not LedgerEntry.objects.exists()


def test_an_unknown_ae_accrues_once_they_are_mapped(ingest, example_event, plan_2027_q1, analytics):
    received = ingest(example_event("northwind-closed-won"))
    received.handoff.refresh_from_db()
    assert not LedgerEntry.objects.exists()
    maya = UserFactory(email="maya.chen@seller.example", role=Role.AE, business_unit=analytics)
    handoff_assign_ae(handoff=received.handoff, ae=maya, by=maya)

    ensure_accrued(received.handoff.packets.get(business_unit__slug="analytics"))

    assert LedgerEntry.objects.filter(ae=maya, kind="accrual").exists()
