"""Intake: store a Closed-Won event first, then turn it into a handoff with packets.

`receive_event` is what the API and `ingest_event` call: it validates, writes the inbox row and
the handoff shell in one short transaction, and queues processing. `process_inbound_event` is
the background step: load the sources, open one packet per business unit, queue the drafts.
"""

import logging
import traceback
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from pydantic import ValidationError

from accounts.models import Role, User
from handoffs.intake.schema import IntakeEvent
from handoffs.intake.sources import load_sources, opportunity_key
from handoffs.models import (
    Handoff,
    InboundEvent,
    InboundStatus,
    Integration,
    Opportunity,
    Packet,
    Status,
)
from handoffs.queue import enqueue_on_commit
from handoffs.signals import packet_opened
from handoffs.workflow import can_move, record_opened, transition

logger = logging.getLogger(__name__)

STALE_CLAIM = timedelta(minutes=5)


class EventInvalid(Exception):
    """The payload breaks the intake contract; `errors` maps dotted paths to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("The event does not follow the intake contract.")
        self.errors = errors


@dataclass(frozen=True)
class Received:
    inbound: InboundEvent
    handoff: Handoff
    duplicate: bool


def validate_event(payload: object) -> IntakeEvent:
    try:
        return IntakeEvent.model_validate(payload)
    except ValidationError as error:
        errors: dict[str, list[str]] = {}
        for problem in error.errors():
            path = ".".join(str(part) for part in problem["loc"]) or "event"
            errors.setdefault(path, []).append(problem["msg"])
        raise EventInvalid(errors) from error


def receive_event(*, payload: dict, integration: Integration | None = None) -> Received:
    """Store the raw event and its handoff shell; a repeat of an event_id changes nothing."""
    event = validate_event(payload)
    existing = InboundEvent.objects.select_related("handoff").filter(event_id=event.event_id)
    if found := existing.first():
        return Received(inbound=found, handoff=found.handoff, duplicate=True)
    try:
        with transaction.atomic():
            handoff, _ = Handoff.objects.get_or_create(opportunity_key=opportunity_key(event))
            inbound = InboundEvent.objects.create(
                event_id=event.event_id,
                event_type=event.event_type,
                integration=integration,
                handoff=handoff,
                payload=payload,
            )
            enqueue_on_commit("handoffs.tasks.process_inbound_event", inbound.pk)
    except IntegrityError:
        found = existing.get()
        return Received(inbound=found, handoff=found.handoff, duplicate=True)
    return Received(inbound=inbound, handoff=handoff, duplicate=False)


def _claim(inbound_id: int) -> bool:
    """Take the event for processing unless someone is already on it (at-least-once delivery)."""
    now = timezone.now()
    claimable = Q(status__in=[InboundStatus.RECEIVED, InboundStatus.FAILED]) | Q(
        status=InboundStatus.PROCESSING, claimed_at__lt=now - STALE_CLAIM
    )
    return bool(
        InboundEvent.objects.filter(claimable, pk=inbound_id).update(
            status=InboundStatus.PROCESSING, claimed_at=now
        )
    )


def process_inbound_event(*, inbound_id: int) -> list[Packet]:
    if not _claim(inbound_id):
        return []
    inbound = InboundEvent.objects.get(pk=inbound_id)
    try:
        packets = _open_packets(inbound, validate_event(inbound.payload))
    except Exception as error:
        logger.exception("Processing event %s failed", inbound.event_id)
        InboundEvent.objects.filter(pk=inbound_id).update(
            status=InboundStatus.FAILED,
            error=_describe(error),
            attempts=inbound.attempts + 1,
        )
        raise
    return packets


@transaction.atomic
def _open_packets(inbound: InboundEvent, event: IntakeEvent) -> list[Packet]:
    opportunity = load_sources(event)
    handoff = (
        inbound.handoff or Handoff.objects.get_or_create(opportunity_key=opportunity.external_id)[0]
    )
    handoff.opportunity = opportunity
    handoff.ae = ae_for(opportunity)
    handoff.save(update_fields=["opportunity", "ae", "updated_at"])
    packets = []
    for unit in {line.business_unit for line in opportunity.lines.select_related("business_unit")}:
        packet, created = Packet.objects.get_or_create(handoff=handoff, business_unit=unit)
        if created:
            record_opened(packet, reason=f"Opened by event {inbound.event_id}")
            transaction.on_commit(partial(announce_opened, packet))
        elif can_move(packet, Status.DRAFTING):
            transition(
                packet, Status.DRAFTING, reason=f"Sources updated by event {inbound.event_id}"
            )
        if packet.status == Status.DRAFTING:
            enqueue_on_commit("handoffs.tasks.draft_packet", packet.pk)
        packets.append(packet)
    InboundEvent.objects.filter(pk=inbound.pk).update(
        status=InboundStatus.PROCESSED,
        processed_at=timezone.now(),
        error="",
        attempts=inbound.attempts + 1,
        handoff=handoff,
    )
    return sorted(packets, key=lambda packet: packet.pk)


def announce_opened(packet: Packet) -> None:
    packet_opened.send(sender=Packet, packet=packet, at=packet.created_at)


def ae_for(opportunity: Opportunity) -> User | None:
    """The AE who owns the deal in the CRM; None shows the handoff to RevOps as "AE unknown"."""
    if not opportunity.owner_email:
        return None
    return User.objects.filter(
        email__iexact=opportunity.owner_email, role=Role.AE, is_active=True
    ).first()


def retry_inbound_event(*, inbound: InboundEvent) -> InboundEvent:
    """Queue a failed event again; processed events are left alone."""
    if inbound.status != InboundStatus.FAILED:
        raise ValueError("Only failed events can be retried.")
    enqueue_on_commit("handoffs.tasks.process_inbound_event", inbound.pk)
    return inbound


def _describe(error: Exception) -> str:
    last = traceback.format_exception_only(type(error), error)[-1].strip()
    return last[:2000]
