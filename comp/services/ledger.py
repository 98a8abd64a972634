"""The AE holdback ledger: accrue at close, release or forfeit at kickoff, correct by reversal.

Every posting carries an idempotency key, so a signal delivered twice (two "kickoff held"
announcements, a retried task) posts once. The money rules come from the plan of the quarter
the deal closed in.
"""

import logging
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum

from accounts.models import User
from comp.models import (
    CENTS,
    CompPlan,
    EntryKind,
    LedgerEntry,
    MissedWindowPolicy,
    ReleaseWebhook,
)
from handoffs.models import Packet
from handoffs.queue import enqueue_on_commit

logger = logging.getLogger(__name__)
HUNDRED = Decimal(100)


def pct(value: Decimal) -> str:
    """25.00 -> "25", 12.50 -> "12.5": percentages as people write them."""
    return f"{value.normalize():f}"


def money(amount: Decimal) -> Decimal:
    return amount.quantize(CENTS, rounding=ROUND_HALF_UP)


def plan_for(packet: Packet) -> CompPlan | None:
    close = packet.handoff.opportunity.close_date
    return CompPlan.objects.filter(starts_on__lte=close, ends_on__gte=close).first()


def commission_base(packet: Packet) -> Decimal:
    """The packet's share of the deal: its business unit's lines."""
    lines = packet.handoff.opportunity.lines.filter(business_unit=packet.business_unit)
    return lines.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def _post(
    *,
    plan: CompPlan,
    packet: Packet,
    kind: str,
    amount: Decimal,
    reason: str,
    cause: str,
    key: str,
    by: User | None = None,
    reverses: LedgerEntry | None = None,
) -> LedgerEntry:
    """Write one entry once; a second post with the same key returns the first."""
    existing = LedgerEntry.objects.filter(idempotency_key=key).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            entry = LedgerEntry.objects.create(
                plan=plan,
                ae=packet.handoff.ae,
                packet=packet,
                kind=kind,
                amount=money(amount),
                currency=packet.handoff.opportunity.currency,
                reason=reason,
                cause=cause,
                idempotency_key=key,
                created_by=by,
                reverses=reverses,
            )
    except IntegrityError:
        return LedgerEntry.objects.get(idempotency_key=key)
    signalled = kind in (EntryKind.RELEASE, EntryKind.FORFEIT)
    if signalled and ReleaseWebhook.objects.filter(is_active=True).exists():
        enqueue_on_commit("comp.tasks.send_release_signal", entry.pk)
    return entry


def ensure_accrued(packet: Packet) -> list[LedgerEntry]:
    """Accrue the packet's commission and hold part of it back, once, when an AE and a plan
    exist for the deal (an AE mapped later accrues on the next step of the packet)."""
    if packet.handoff.ae_id is None or packet.handoff.opportunity_id is None:
        return []
    plan = plan_for(packet)
    if plan is None:
        logger.warning("No comp plan covers %s; nothing accrued", packet.handoff)
        return []
    commission = money(commission_base(packet) * plan.ae_commission_rate)
    holdback = money(commission * plan.holdback_pct / HUNDRED)
    cause = f"packet:{packet.pk}:opened"
    return [
        _post(
            plan=plan,
            packet=packet,
            kind=EntryKind.ACCRUAL,
            amount=commission,
            cause=cause,
            key=f"accrual:{packet.pk}",
            reason=f"{pct(plan.ae_commission_rate * HUNDRED)} % of "
            f"{packet.handoff.opportunity.currency} {commission_base(packet):,.2f}",
        ),
        _post(
            plan=plan,
            packet=packet,
            kind=EntryKind.HOLDBACK,
            amount=holdback,
            cause=cause,
            key=f"holdback:{packet.pk}",
            reason=f"{pct(plan.holdback_pct)} % held until the kickoff",
        ),
    ]


def held_balance(packet: Packet) -> Decimal:
    totals = dict(
        LedgerEntry.objects.filter(packet=packet).values_list("kind").annotate(s=Sum("amount"))
    )
    return money(
        totals.get(EntryKind.HOLDBACK, Decimal(0))
        - totals.get(EntryKind.RELEASE, 0)
        - totals.get(EntryKind.FORFEIT, Decimal(0))
    )


def gate_within_window(packet: Packet, plan: CompPlan) -> bool:
    """Did the packet reach CS within the window of calendar days after the close date?"""
    if packet.gate_passed_at is None:
        return False
    deadline = packet.handoff.opportunity.close_date + timedelta(days=plan.completeness_window_days)
    return packet.gate_passed_at.date() <= deadline


@transaction.atomic
def settle_at_kickoff(packet: Packet) -> list[LedgerEntry]:
    """The kickoff was held: release the holdback, or apply the plan's missed-window policy."""
    ensure_accrued(packet)
    plan = plan_for(packet)
    held = held_balance(packet) if plan else Decimal(0)
    if plan is None or held <= 0:
        return []
    cause = f"packet:{packet.pk}:kickoff_held"
    gate = f"{packet.gate_passed_at:%Y-%m-%d}" if packet.gate_passed_at else "never"
    if gate_within_window(packet, plan):
        return [
            _post(
                plan=plan,
                packet=packet,
                kind=EntryKind.RELEASE,
                amount=held,
                cause=cause,
                key=f"release:{packet.pk}",
                reason=f"Kickoff held; gate passed {gate}, within "
                f"{plan.completeness_window_days} days of close",
            )
        ]
    missed = f"gate passed {gate}, after the {plan.completeness_window_days}-day window"
    if plan.missed_window_policy == MissedWindowPolicy.FORFEIT:
        return [
            _post(
                plan=plan,
                packet=packet,
                kind=EntryKind.FORFEIT,
                amount=held,
                cause=cause,
                key=f"forfeit:{packet.pk}",
                reason=f"Kickoff held but {missed}",
            )
        ]
    released = money(held * plan.deferred_release_pct / HUNDRED)
    return [
        _post(
            plan=plan,
            packet=packet,
            kind=EntryKind.RELEASE,
            amount=released,
            cause=cause,
            key=f"release:{packet.pk}",
            reason=f"Kickoff held, {missed}: {pct(plan.deferred_release_pct)} % released",
        ),
        _post(
            plan=plan,
            packet=packet,
            kind=EntryKind.FORFEIT,
            amount=held - released,
            cause=cause,
            key=f"forfeit:{packet.pk}",
            reason=f"Kickoff held, {missed}: the rest forfeited",
        ),
    ]


def _check_open(plan: CompPlan) -> None:
    if plan.is_closed:
        raise ValidationError(f"{plan} is closed; post corrections in an open quarter.")


@transaction.atomic
def reverse_entry(*, entry: LedgerEntry, reason: str, by: User) -> LedgerEntry:
    """Undo an entry with its mirror image; the original stays as it was."""
    _check_open(entry.plan)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the entry is reversed."})
    if entry.reverses_id or hasattr(entry, "reversed_by"):
        raise ValidationError("That entry is already part of a reversal.")
    return _post(
        plan=entry.plan,
        packet=entry.packet,
        kind=entry.kind,
        amount=-entry.amount,
        reason=f"Reverses #{entry.pk}: {reason.strip()}",
        cause=f"reversal:{entry.pk}",
        key=f"reversal:{entry.pk}",
        by=by,
        reverses=entry,
    )


@transaction.atomic
def adjust(*, packet: Packet, amount: Decimal, reason: str, by: User) -> LedgerEntry:
    plan = plan_for(packet)
    if plan is None:
        raise ValidationError("No comp plan covers this deal's close date.")
    _check_open(plan)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the adjustment is made."})
    count = LedgerEntry.objects.filter(packet=packet, kind=EntryKind.ADJUSTMENT).count()
    return _post(
        plan=plan,
        packet=packet,
        kind=EntryKind.ADJUSTMENT,
        amount=amount,
        reason=reason.strip(),
        cause=f"adjustment:{by.pk}",
        by=by,
        key=f"adjustment:{packet.pk}:{count + 1}",
    )
