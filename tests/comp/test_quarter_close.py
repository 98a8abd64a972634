"""The quarter close: holdbacks decided, CSM variable frozen, late movements in the open quarter."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from accounts.errors import Conflict, NotVisible
from comp.close_selectors import close_preview, comp_exceptions
from comp.models import (
    CompPlan,
    CsmAdjustment,
    CsmStatement,
    EntryKind,
    LedgerEntry,
    SignalKind,
    StickinessSignal,
)
from comp.selectors import csm_statements
from comp.services.close import csm_difference_pay, exception_acknowledge, quarter_close
from comp.services.holdbacks import holdback_decide
from comp.services.ledger import held_balance, reverse_entry, settle_at_kickoff
from comp.services.plans import plan_save
from handoffs.models import Account, Kickoff

pytestmark = pytest.mark.django_db


def acknowledge_all(by) -> None:
    for item in comp_exceptions(closing=None).open:
        exception_acknowledge(key=item.key, note="", by=by)


def close(plan: CompPlan, by) -> None:
    acknowledge_all(by)
    quarter_close(plan=plan, by=by)
    plan.refresh_from_db()


def kinds(packet) -> list[tuple[str, str, Decimal]]:
    """(kind, quarter it posted in, amount) of each entry on the packet, oldest first."""
    return [
        (entry.kind, entry.plan.name, entry.amount)
        for entry in LedgerEntry.objects.filter(packet=packet).order_by("id")
    ]


def test_closing_a_quarter_freezes_each_csms_variable(
    nina_kicked_off, q1_2025, sales_team, revops_admin
):
    close(q1_2025, revops_admin)
    Kickoff.objects.update(starts_at=dt.datetime(2025, 3, 28, 15, 0, tzinfo=dt.UTC))

    nina = CsmStatement.objects.get(plan=q1_2025, csm=sales_team["nina"])
    marcus = CsmStatement.objects.get(plan=q1_2025, csm=sales_team["marcus"])
    assert (nina.accepted, nina.on_time, nina.matured, nina.sticky) == (1, 1, 1, 0)
    assert (nina.on_time_rate, nina.sticky_rate) == (Decimal("1.0000"), Decimal("0.0000"))
    assert nina.attainment == Decimal("0.5000")
    assert nina.payout == Decimal("4000.00")  # 40,000 x 20 % x 0.5
    assert nina.accounts == [
        {
            "packet": nina_kicked_off.pk,
            "account": "Northwind Health",
            "deal": nina_kicked_off.handoff.opportunity.name,
            "on_time": True,
            "matured": True,
            "sticky": False,
            "why": "Not by day 45: missing SSO live.",
        }
    ]
    assert (marcus.accepted, marcus.payout) == (0, Decimal("0.00"))
    assert csm_statements(plan=q1_2025, csm=sales_team["nina"]) == [nina]
    assert nina.frozen_by == revops_admin


def test_a_stickiness_signal_after_the_close_changes_nothing_in_that_quarter_and_is_reported(
    nina_kicked_off, q1_2025, sales_team, revops_admin
):
    close(q1_2025, revops_admin)

    StickinessSignal.objects.create(
        handoff=nina_kicked_off.handoff,
        external_id="sso-1",
        kind=SignalKind.MILESTONE,
        milestone="SSO live",
        occurred_at=dt.datetime(2025, 4, 10, 9, 0, tzinfo=dt.UTC),
    )

    frozen = CsmStatement.objects.get(plan=q1_2025, csm=sales_team["nina"])
    [changed] = comp_exceptions(closing=None).csm_changed
    assert (frozen.sticky, frozen.payout) == (0, Decimal("4000.00"))
    assert changed.frozen == frozen
    assert (changed.now.sticky, changed.now.payout) == (1, Decimal("8000.00"))
    assert changed.difference == Decimal("4000.00")
    assert changed.acknowledged is None


def test_a_renamed_account_is_no_change_to_a_closed_quarters_variable(
    nina_kicked_off, q1_2025, revops_admin
):
    close(q1_2025, revops_admin)

    Account.objects.update(name="Northwind Health Systems")

    assert comp_exceptions(closing=None).csm_changed == []


def test_the_difference_is_paid_in_the_open_quarter_and_the_closed_one_stays(
    nina_kicked_off, q1_2025, q2_2025, sales_team, revops_admin
):
    close(q1_2025, revops_admin)
    StickinessSignal.objects.create(
        handoff=nina_kicked_off.handoff,
        external_id="sso-1",
        kind=SignalKind.MILESTONE,
        milestone="SSO live",
        occurred_at=dt.datetime(2025, 4, 10, 9, 0, tzinfo=dt.UTC),
    )

    adjustment = csm_difference_pay(plan=q1_2025, csm=sales_team["nina"], by=revops_admin)

    [changed] = comp_exceptions(closing=None).csm_changed
    [q2_statement] = csm_statements(plan=q2_2025, csm=sales_team["nina"])
    assert (adjustment.plan, adjustment.for_plan) == (q2_2025, q1_2025)
    assert adjustment.amount == Decimal("4000.00")
    assert changed.acknowledged is not None and changed.difference == 0
    assert q2_statement.adjustments == Decimal("4000.00")
    with pytest.raises(Conflict, match="already paid"):
        csm_difference_pay(plan=q1_2025, csm=sales_team["nina"], by=revops_admin)


def test_paying_a_difference_that_is_not_there_is_refused(
    nina_kicked_off, q1_2025, sales_team, revops_admin
):
    close(q1_2025, revops_admin)

    with pytest.raises(NotVisible, match="has not changed"):
        csm_difference_pay(plan=q1_2025, csm=sales_team["nina"], by=revops_admin)
    assert not CsmAdjustment.objects.exists()


@pytest.mark.parametrize(
    ("policy", "kind", "outcome"),
    [
        ("forfeit", EntryKind.FORFEIT, "forfeited"),
        ("carry", EntryKind.CARRY, "carried to the next quarter"),
        ("escalate", EntryKind.ESCALATION, "escalated to RevOps to decide"),
    ],
)
def test_a_holdback_with_no_kickoff_is_settled_at_the_close_by_the_plans_policy(
    policy, kind, outcome, northwind_q1, q1_2025, revops_admin
):
    CompPlan.objects.filter(pk=q1_2025.pk).update(no_kickoff_policy=policy)
    integrations = northwind_q1["integrations"]

    close(q1_2025, revops_admin)

    decision = LedgerEntry.objects.get(packet=integrations, kind=kind)
    assert decision.plan == q1_2025 and decision.amount == Decimal("900.00")
    assert decision.reason == (
        "No kickoff by the close of 2025-Q1; the window ended 2025-03-19: " + outcome
    )
    assert held_balance(integrations) == (0 if policy == "forfeit" else Decimal("900.00"))


def test_a_held_kickoff_still_unsettled_is_settled_at_the_close_as_at_the_kickoff(
    nina_kicked_off, q1_2025, revops_admin
):
    close(q1_2025, revops_admin)

    assert kinds(nina_kicked_off)[-1] == ("release", "2025-Q1", Decimal("3750.00"))


def test_an_escalated_holdback_is_an_exception_until_revops_decides_it(
    northwind_q1, q1_2025, q2_2025, revops_admin
):
    CompPlan.objects.filter(pk=q1_2025.pk).update(no_kickoff_policy="escalate")
    integrations = northwind_q1["integrations"]
    close(q1_2025, revops_admin)

    escalated = {item.holdback.packet: item for item in comp_exceptions(closing=q2_2025).open}
    entry = holdback_decide(
        packet=integrations, decision="forfeit", reason="Customer churned", by=revops_admin
    )

    assert escalated[integrations].holdback.escalated
    assert (entry.kind, entry.plan, entry.late_for) == ("forfeit", q2_2025, q1_2025)
    assert entry.reason == "Decided by Riley Adams: Customer churned"
    assert [item.holdback.packet for item in comp_exceptions(closing=q2_2025).items] == [
        northwind_q1["analytics"]
    ]
    with pytest.raises(Conflict, match="Nothing is held"):
        holdback_decide(packet=integrations, decision="release", reason="x", by=revops_admin)


def test_a_release_after_the_close_posts_in_the_open_quarter(
    nina_kicked_off, northwind_q1, q1_2025, q2_2025, revops_admin
):
    integrations = northwind_q1["integrations"]
    close(q1_2025, revops_admin)  # the plan's default policy carries it
    before = kinds(integrations)

    settle_at_kickoff(integrations)

    release = LedgerEntry.objects.get(packet=integrations, kind=EntryKind.RELEASE)
    assert kinds(integrations)[: len(before)] == before
    assert (release.plan, release.late_for, release.amount) == (q2_2025, q1_2025, Decimal("900"))
    assert not LedgerEntry.objects.filter(plan=q1_2025, created_at__gt=q1_2025.closed_at)


def test_a_correction_after_the_close_posts_in_the_open_quarter(
    northwind_q1, q1_2025, q2_2025, revops_admin
):
    close(q1_2025, revops_admin)
    accrual = LedgerEntry.objects.get(packet=northwind_q1["analytics"], kind=EntryKind.ACCRUAL)

    reversal = reverse_entry(entry=accrual, reason="Wrong rate", by=revops_admin)

    assert (reversal.plan, reversal.late_for, reversal.reverses) == (q2_2025, q1_2025, accrual)


def test_a_late_movement_with_no_open_quarter_is_refused(northwind_q1, q1_2025, revops_admin):
    close(q1_2025, revops_admin)
    CompPlan.objects.filter(name="2025-Q2").delete()

    with pytest.raises(Conflict, match="no later quarter is open"):
        settle_at_kickoff(northwind_q1["integrations"])


def test_an_amount_change_posts_a_correcting_pair(ingest, example_event, northwind_q1):
    analytics = northwind_q1["analytics"]
    old = {e.kind: e for e in LedgerEntry.objects.filter(packet=analytics)}
    payload = example_event("northwind-closed-won")
    payload["event_id"] += "-amended"
    payload["opportunity"]["close_date"] = "2025-03-12"
    payload["opportunity"]["lines"][0]["amount"] = 160000

    ingest(payload)

    moves = list(
        LedgerEntry.objects.filter(packet=analytics, pk__gt=old["holdback"].pk).order_by("id")
    )
    assert [(e.kind, e.amount, e.reverses) for e in moves] == [
        ("accrual", Decimal("-15000.00"), old["accrual"]),
        ("accrual", Decimal("16000.00"), None),
        ("holdback", Decimal("-3750.00"), old["holdback"]),
        ("holdback", Decimal("4000.00"), None),
    ]
    assert {e.cause for e in moves} == {f"event:{payload['event_id']}"}
    assert moves[1].reason == (
        f"After event {payload['event_id']}, the commission on USD 160,000 is USD 16,000"
    )
    assert not LedgerEntry.objects.filter(packet=northwind_q1["integrations"], pk__gt=moves[0].pk)


def test_an_amount_change_after_the_release_releases_the_difference(
    ingest, example_event, northwind_q1
):
    analytics = northwind_q1["analytics"]
    settle_at_kickoff(analytics)
    payload = example_event("northwind-closed-won")
    payload["event_id"] += "-amended"
    payload["opportunity"]["close_date"] = "2025-03-12"
    payload["opportunity"]["lines"][0]["amount"] = 140000

    ingest(payload)

    last = LedgerEntry.objects.filter(packet=analytics).latest("id")
    assert (last.kind, last.amount) == ("release", Decimal("-250.00"))  # 3,500 held, 3,750 paid
    assert held_balance(analytics) == 0


def test_the_same_amount_again_posts_nothing(ingest, example_event, northwind_q1):
    count = LedgerEntry.objects.count()
    payload = example_event("northwind-closed-won")
    payload["event_id"] += "-again"
    payload["opportunity"]["close_date"] = "2025-03-12"

    ingest(payload)

    assert LedgerEntry.objects.count() == count


def test_a_quarter_closes_only_after_it_ends_in_order_and_with_no_open_exception(
    northwind_q1, q1_2025, q2_2025, revops_admin
):
    running = CompPlan.objects.create(
        name="Running", starts_on=dt.date.today(), ends_on=dt.date.today() + dt.timedelta(days=9)
    )

    with pytest.raises(Conflict, match="2 exceptions still need a decision"):
        quarter_close(plan=q1_2025, by=revops_admin)
    with pytest.raises(Conflict, match="Close 2025-Q1 first"):
        quarter_close(plan=q2_2025, by=revops_admin)
    reasons = close_preview(running).blockers
    assert any("it closes after" in reason for reason in reasons)
    close(q1_2025, revops_admin)
    with pytest.raises(Conflict, match="2025-Q1 is closed"):
        quarter_close(plan=q1_2025, by=revops_admin)


def test_an_acknowledgement_holds_until_the_holdback_moves(
    northwind_q1, q1_2025, q2_2025, revops_admin
):
    acknowledge_all(revops_admin)
    assert not comp_exceptions(closing=q1_2025).open

    quarter_close(plan=q1_2025, by=revops_admin)  # both carried: a new entry on each

    carried = comp_exceptions(closing=q2_2025).open
    assert {item.holdback.packet for item in carried} == set(northwind_q1.values())
    assert {item.holdback.last.kind for item in carried} == {EntryKind.CARRY}


def test_a_deal_no_plan_covers_is_an_exception_until_a_plan_covers_it(
    ingest, example_event, sales_team, revops_admin
):
    handoff = ingest(example_event("northwind-closed-won")).handoff
    [no_plan] = comp_exceptions(closing=None).no_plan

    plan_save(
        plan=CompPlan(name="2027-Q1", starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 3, 31))
    )

    assert no_plan.handoff == handoff
    assert "nothing accrued" in no_plan.summary
    assert comp_exceptions(closing=None).no_plan == []
    assert LedgerEntry.objects.filter(packet__handoff=handoff, kind="accrual").count() == 2


def test_acknowledging_an_exception_that_is_gone_is_refused(revops_admin):
    with pytest.raises(NotVisible, match="gone or has changed"):
        exception_acknowledge(key="holdback:1:1", note="", by=revops_admin)


def test_a_statement_is_never_changed_or_deleted(nina_kicked_off, q1_2025, revops_admin):
    close(q1_2025, revops_admin)
    statement = CsmStatement.objects.first()
    statement.payout = Decimal("1")

    with pytest.raises(ValueError, match="never changed"):
        statement.save()
    with pytest.raises(ValueError, match="never deleted"):
        statement.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_change_delete_or_truncate_statements(
    nina_kicked_off, q1_2025, revops_admin
):
    close(q1_2025, revops_admin)
    statement = CsmStatement.objects.get(csm__email="nina.patel@seller.example")

    for sql in (
        "UPDATE comp_csmstatement SET payout = 0 WHERE id = %s",
        "DELETE FROM comp_csmstatement WHERE id = %s",
        "TRUNCATE comp_csmstatement CASCADE",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [statement.pk] if "%s" in sql else [])
    statement.refresh_from_db()
    assert statement.payout == Decimal("4000.00")
