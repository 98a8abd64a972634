"""The AE holdback ledger: accrue at close, release or forfeit at kickoff, correct by reversal.

Every posting carries an idempotency key, so a signal delivered twice (two "kickoff held"
announcements, a retried task) posts once. The money rules come from the plan of the quarter
the deal closed in; a movement after that quarter closed posts in the first open quarter after
it, naming the deal's quarter in `late_for`, so a closed quarter never changes.
"""

import logging
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum

from accounts.errors import Conflict
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
from handoffs.money import format_money
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


def posting_quarter(deal_plan: CompPlan) -> CompPlan | None:
    """Where a movement on a deal of `deal_plan` posts: that quarter while it is open, else the
    first open quarter after it; None when no later quarter is open yet.

    The open quarter is locked for the posting, so a close running at the same moment either
    finishes first (and the movement goes to the next quarter) or waits for it."""
    quarter = CompPlan.objects.get(pk=deal_plan.pk)
    while quarter is not None:
        if not quarter.is_closed:
            quarter = CompPlan.objects.select_for_update().get(pk=quarter.pk)
            if not quarter.is_closed:
                return quarter
        quarter = (
            CompPlan.objects.filter(closed_at__isnull=True, starts_on__gt=quarter.ends_on)
            .order_by("starts_on")
            .first()
        )
    return None


def post_entry(
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
    """Write one entry once, for a deal of quarter `plan`, in the quarter it posts in; a second
    post with the same key returns the first."""
    existing = LedgerEntry.objects.filter(idempotency_key=key).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            quarter = posting_quarter(plan)
            if quarter is None:
                raise Conflict(
                    f"{plan} is closed and no later quarter is open: create the next quarter's "
                    "plan to post this."
                )
            entry = LedgerEntry.objects.create(
                plan=quarter,
                late_for=None if quarter == plan else plan,
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


def commission_and_holdback(base: Decimal, plan: CompPlan) -> tuple[Decimal, Decimal]:
    """The commission on a packet's share of the deal, and the part of it held back."""
    commission = money(base * plan.ae_commission_rate)
    return commission, money(commission * plan.holdback_pct / HUNDRED)


def ensure_accrued(packet: Packet) -> list[LedgerEntry]:
    """Accrue the packet's commission and hold part of it back, once, when an AE and a plan
    exist for the deal (an AE mapped later accrues on the next step of the packet)."""
    if packet.handoff.ae_id is None or packet.handoff.opportunity_id is None:
        return []
    plan = plan_for(packet)
    if plan is None:
        logger.warning("No comp plan covers %s; nothing accrued", packet.handoff)
        return []
    base = commission_base(packet)
    commission, holdback = commission_and_holdback(base, plan)
    opportunity = packet.handoff.opportunity
    cause = f"packet:{packet.pk}:opened"
    return [
        post_entry(
            plan=plan,
            packet=packet,
            kind=EntryKind.ACCRUAL,
            amount=commission,
            cause=cause,
            key=f"accrual:{packet.pk}",
            reason=f"{pct(plan.ae_commission_rate * HUNDRED)} % of "
            f"{format_money(base, opportunity.currency)}",
        ),
        post_entry(
            plan=plan,
            packet=packet,
            kind=EntryKind.HOLDBACK,
            amount=holdback,
            cause=cause,
            key=f"holdback:{packet.pk}",
            reason=f"{pct(plan.holdback_pct)} % held until the kickoff",
        ),
    ]


def kind_totals(packet: Packet) -> dict[str, Decimal]:
    return dict(
        LedgerEntry.objects.filter(packet=packet).values_list("kind").annotate(s=Sum("amount"))
    )


def held_of(totals: dict[str, Decimal]) -> Decimal:
    """What is held, from a packet's totals per kind: held back, less released and forfeited."""
    return money(
        totals.get(EntryKind.HOLDBACK, Decimal(0))
        - totals.get(EntryKind.RELEASE, Decimal(0))
        - totals.get(EntryKind.FORFEIT, Decimal(0))
    )


def held_balance(packet: Packet) -> Decimal:
    """What is still held on the packet, over every quarter its entries posted in."""
    return held_of(kind_totals(packet))


def window_end(packet: Packet, plan: CompPlan) -> date:
    """The last day the packet could pass the gate and keep its whole holdback."""
    return packet.handoff.opportunity.close_date + timedelta(days=plan.completeness_window_days)


def gate_within_window(packet: Packet, plan: CompPlan) -> bool:
    """Did the packet reach CS within the window of calendar days after the close date?"""
    if packet.gate_passed_at is None:
        return False
    return packet.gate_passed_at.date() <= window_end(packet, plan)


def _settle(
    *, plan: CompPlan, packet: Packet, held: Decimal, cause: str, key: str, what: str
) -> list[LedgerEntry]:
    """Release `held` if the packet passed the gate within the window, else apply the plan's
    missed-window policy; `what` happened opens each reason."""
    gate = f"{packet.gate_passed_at:%Y-%m-%d}" if packet.gate_passed_at else "never"
    days = plan.completeness_window_days
    post = {"plan": plan, "packet": packet, "cause": cause}
    if gate_within_window(packet, plan):
        return [
            post_entry(
                **post,
                kind=EntryKind.RELEASE,
                amount=held,
                key=f"release:{key}",
                reason=f"{what}; gate passed {gate}, within {days} days of close",
            )
        ]
    missed = f"gate passed {gate}, after the {days}-day window"
    if plan.missed_window_policy == MissedWindowPolicy.FORFEIT:
        return [
            post_entry(
                **post,
                kind=EntryKind.FORFEIT,
                amount=held,
                key=f"forfeit:{key}",
                reason=f"{what} but {missed}",
            )
        ]
    released = money(held * plan.deferred_release_pct / HUNDRED)
    return [
        post_entry(
            **post,
            kind=EntryKind.RELEASE,
            amount=released,
            key=f"release:{key}",
            reason=f"{what}, {missed}: {pct(plan.deferred_release_pct)} % released",
        ),
        post_entry(
            **post,
            kind=EntryKind.FORFEIT,
            amount=held - released,
            key=f"forfeit:{key}",
            reason=f"{what}, {missed}: the rest forfeited",
        ),
    ]


@transaction.atomic
def settle_at_kickoff(packet: Packet) -> list[LedgerEntry]:
    """The kickoff was held: release the holdback, or apply the plan's missed-window policy."""
    ensure_accrued(packet)
    plan = plan_for(packet)
    held = held_balance(packet) if plan else Decimal(0)
    if plan is None or held <= 0:
        return []
    return _settle(
        plan=plan,
        packet=packet,
        held=held,
        cause=f"packet:{packet.pk}:kickoff_held",
        key=str(packet.pk),
        what="Kickoff held",
    )


@transaction.atomic
def reverse_entry(*, entry: LedgerEntry, reason: str, by: User) -> LedgerEntry:
    """Undo an entry with its mirror image; the original stays as it was. An entry of a closed
    quarter is reversed in the open one."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the entry is reversed."})
    if entry.reverses_id or hasattr(entry, "reversed_by"):
        raise ValidationError("That entry is already part of a reversal.")
    return post_entry(
        plan=entry.late_for or entry.plan,
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
    if not reason.strip():
        raise ValidationError({"reason": "Say why the adjustment is made."})
    count = LedgerEntry.objects.filter(packet=packet, kind=EntryKind.ADJUSTMENT).count()
    return post_entry(
        plan=plan,
        packet=packet,
        kind=EntryKind.ADJUSTMENT,
        amount=amount,
        reason=reason.strip(),
        cause=f"adjustment:{by.pk}",
        by=by,
        key=f"adjustment:{packet.pk}:{count + 1}",
    )
