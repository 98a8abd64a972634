"""The packet state machine: the allowed moves, their SLAs, and the one function that moves.

Every move is checked against `TRANSITIONS`, written as a `PacketTransition` (who, when, why,
what is due next) in the same transaction, and announced to other apps after commit.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.errors import Conflict
from accounts.models import User
from governance.models import SlaPolicy
from handoffs.models import WAITING_ON_AE, Packet, PacketTransition, Status
from handoffs.services import notifications
from handoffs.signals import kickoff_held, packet_passed_gate, packet_transitioned
from handoffs.sla import add_business_days, kickoff_deadline

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFTING: frozenset({Status.NEEDS_AE, Status.READY_FOR_CS, Status.DRAFT_FAILED}),
    Status.DRAFT_FAILED: frozenset({Status.DRAFTING}),
    Status.NEEDS_AE: frozenset({Status.READY_FOR_CS, Status.DRAFTING}),
    Status.READY_FOR_CS: frozenset({Status.IN_REVIEW, Status.DRAFTING}),
    Status.IN_REVIEW: frozenset({Status.ACCEPTED, Status.RETURNED}),
    Status.RETURNED: frozenset({Status.READY_FOR_CS, Status.DRAFTING}),
    Status.ACCEPTED: frozenset({Status.KICKOFF_BOOKED}),
    Status.KICKOFF_BOOKED: frozenset({Status.KICKOFF_HELD, Status.ACCEPTED}),
    Status.KICKOFF_HELD: frozenset(),
}


class TransitionRefused(Conflict):
    """The packet is not in a state that allows this move."""


def due_after(packet: Packet, to: str, at: datetime) -> datetime | None:
    """When the step the packet moves into at `at` is due, by the SLA policy in force then.

    Stored on the packet and its transition, so a later policy change moves no due time that
    was already given; None where nobody is on a clock.
    """
    if to in WAITING_ON_AE:
        return at + SlaPolicy.current().ae_turnaround
    if to == Status.READY_FOR_CS:
        return add_business_days(at, SlaPolicy.current().csm_review_business_days)
    if to == Status.IN_REVIEW:
        return packet.due_at
    if to == Status.ACCEPTED:
        return kickoff_deadline(at)
    return None


def record_opened(packet: Packet, *, reason: str) -> PacketTransition:
    """The first entry of a new packet's history: it starts in drafting."""
    return PacketTransition.objects.create(packet=packet, to_status=Status.DRAFTING, reason=reason)


def can_move(packet: Packet, to: str) -> bool:
    return to in TRANSITIONS[Status(packet.status)]


@transaction.atomic
def transition(
    packet: Packet,
    to: str,
    *,
    by: User | None = None,
    reason: str = "",
    due_at: datetime | None = None,
) -> PacketTransition:
    """Move `packet` to `to`, or raise TransitionRefused; `packet` is updated in place."""
    at = timezone.now()
    current = Packet.objects.select_for_update().only("status", "due_at").get(pk=packet.pk)
    if to not in TRANSITIONS[Status(current.status)]:
        raise TransitionRefused(
            f"A packet that is {Status(current.status).label.lower()} cannot move to "
            f"{Status(to).label.lower()}."
        )
    packet.due_at = current.due_at
    due = due_at if due_at is not None else due_after(packet, to, at)
    changes = {"status": to, "due_at": due, "sla_breached_at": None, "version": F("version") + 1}
    first_pass = to == Status.READY_FOR_CS and packet.gate_passed_at is None
    if first_pass:
        changes["gate_passed_at"] = at
    Packet.objects.filter(pk=packet.pk).update(**changes)
    packet.refresh_from_db()
    record = PacketTransition.objects.create(
        packet=packet,
        from_status=current.status,
        to_status=to,
        actor=by,
        reason=reason,
        due_at=due,
        created_at=at,
    )
    transaction.on_commit(lambda: _announce(packet, record, first_pass))
    return record


def _announce(packet: Packet, record: PacketTransition, first_pass: bool) -> None:
    notifications.on_transition(packet, record)
    packet_transitioned.send(sender=Packet, packet=packet, transition=record)
    if first_pass:
        packet_passed_gate.send(sender=Packet, packet=packet, at=record.created_at)
    if record.to_status == Status.KICKOFF_HELD:
        kickoff_held.send(sender=Packet, packet=packet, at=record.created_at)
