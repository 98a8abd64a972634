"""A holdback outside the kickoff: decided at the quarter close, by RevOps, or corrected when an
event changes the deal's amount. Nothing stays held without a decision."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.errors import BadInput, Conflict
from accounts.models import User
from comp.models import CompPlan, EntryKind, LedgerEntry, NoKickoffPolicy
from comp.services.ledger import (
    commission_and_holdback,
    commission_base,
    held_balance,
    held_of,
    kind_totals,
    money,
    plan_for,
    post_entry,
    settle_at_kickoff,
    window_end,
)
from handoffs.models import KickoffStatus, Packet
from handoffs.money import format_money


def kickoff_was_held(packet: Packet) -> bool:
    return packet.kickoffs.filter(status=KickoffStatus.HELD).exists()


@transaction.atomic
def settle_at_close(*, packet: Packet, closing: CompPlan) -> list[LedgerEntry]:
    """Decide a holdback still held when `closing` closes, so none stays held undecided.

    A held kickoff settles as at the kickoff. A window still open carries the holdback to the
    next quarter; a window that passed without a kickoff gets the closing plan's policy."""
    plan = plan_for(packet)
    held = held_balance(packet) if plan else Decimal(0)
    if plan is None or held <= 0:
        return []
    if kickoff_was_held(packet):
        return settle_at_kickoff(packet)
    ends = window_end(packet, plan)
    post = {
        "plan": plan,
        "packet": packet,
        "amount": held,
        "cause": f"close:{closing.pk}",
        "key": f"close:{closing.pk}:{packet.pk}",
    }
    if timezone.localdate() <= ends:
        return [
            post_entry(
                **post,
                kind=EntryKind.CARRY,
                reason=f"Window open until {ends:%Y-%m-%d} at the close of {closing}: "
                "carried to the next quarter",
            )
        ]
    why = f"No kickoff by the close of {closing}; the window ended {ends:%Y-%m-%d}"
    kind, outcome = {
        NoKickoffPolicy.FORFEIT: (EntryKind.FORFEIT, "forfeited"),
        NoKickoffPolicy.CARRY: (EntryKind.CARRY, "carried to the next quarter"),
        NoKickoffPolicy.ESCALATE: (EntryKind.ESCALATION, "escalated to RevOps to decide"),
    }[NoKickoffPolicy(closing.no_kickoff_policy)]
    return [post_entry(**post, kind=kind, reason=f"{why}: {outcome}")]


DECISIONS = {"release": EntryKind.RELEASE, "forfeit": EntryKind.FORFEIT}


@transaction.atomic
def holdback_decide(*, packet: Packet, decision: str, reason: str, by: User) -> LedgerEntry:
    """RevOps settles a holdback the workflow could not: its kickoff never came, or a close
    escalated it. It posts in the deal's quarter while open, else in the open one."""
    if decision not in DECISIONS:
        raise BadInput(
            "Release or forfeit the holdback.", errors={"decision": ["Choose release or forfeit."]}
        )
    if not reason.strip():
        raise BadInput("Say why.", errors={"reason": ["Say why."]})
    plan = plan_for(packet)
    held = held_balance(packet) if plan else Decimal(0)
    if plan is None or held <= 0:
        raise Conflict("Nothing is held on this deal any more.")
    moves = LedgerEntry.objects.filter(packet=packet).count()
    return post_entry(
        plan=plan,
        packet=packet,
        kind=DECISIONS[decision],
        amount=held,
        reason=f"Decided by {by.full_name}: {reason.strip()}",
        cause=f"decision:{by.pk}",
        key=f"decision:{packet.pk}:{moves}",
        by=by,
    )


def _live(packet: Packet, kind: str) -> list[LedgerEntry]:
    """The packet's entries of `kind` that stand: neither reversed nor reversals."""
    return list(
        LedgerEntry.objects.filter(
            packet=packet, kind=kind, reverses__isnull=True, reversed_by__isnull=True
        ).select_related("plan", "late_for")
    )


@transaction.atomic
def correct_for_amount(*, packet: Packet, event: str) -> list[LedgerEntry]:
    """An event changed the deal's amount: reverse the standing accrual and holdback and post
    them anew, with the event as the reason. If the old holdback was already settled, the
    difference is settled the same way (released and forfeited in the same shares)."""
    plan = plan_for(packet)
    if plan is None or packet.handoff.ae_id is None:
        return []
    base = commission_base(packet)
    commission, holdback = commission_and_holdback(base, plan)
    before = kind_totals(packet)
    settled_before = held_of(before) == 0 and before.get(EntryKind.HOLDBACK)
    cause = f"event:{event}"
    currency = packet.handoff.opportunity.currency
    entries = []
    for kind, amount, label in (
        (EntryKind.ACCRUAL, commission, "commission"),
        (EntryKind.HOLDBACK, holdback, "holdback"),
    ):
        standing = _live(packet, kind)
        if not standing or sum(entry.amount for entry in standing) == amount:
            continue
        for old in standing:
            entries.append(
                post_entry(
                    plan=old.late_for or old.plan,
                    packet=packet,
                    kind=kind,
                    amount=-old.amount,
                    reason=f"Reverses #{old.pk}: event {event} changed the deal's amount",
                    cause=cause,
                    key=f"reversal:{old.pk}",
                    reverses=old,
                )
            )
        entries.append(
            post_entry(
                plan=plan,
                packet=packet,
                kind=kind,
                amount=amount,
                reason=f"After event {event}, the {label} on "
                f"{format_money(base, currency)} is "
                f"{format_money(amount, currency)}",
                cause=cause,
                key=f"{kind}:{packet.pk}:{event}",
            )
        )
    if entries and settled_before:
        entries += _settle_difference(packet, plan, before, cause=cause, event=event)
    return entries


def _settle_difference(
    packet: Packet, plan: CompPlan, before: dict[str, Decimal], *, cause: str, event: str
) -> list[LedgerEntry]:
    held = held_balance(packet)
    released = before.get(EntryKind.RELEASE) or Decimal(0)
    settled = released + (before.get(EntryKind.FORFEIT) or Decimal(0))
    if held == 0 or settled == 0:
        return []
    release = money(held * released / settled)
    reason = f"Event {event} changed the holdback after it was settled: the difference follows"
    post = {"plan": plan, "packet": packet, "cause": cause, "reason": reason}
    return [
        post_entry(**post, kind=kind, amount=amount, key=f"{kind}:{packet.pk}:{event}")
        for kind, amount in ((EntryKind.RELEASE, release), (EntryKind.FORFEIT, held - release))
        if amount
    ]
