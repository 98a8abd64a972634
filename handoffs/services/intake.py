"""Intake: store a Closed-Won event first, then turn it into a handoff with packets.

`receive_event` is what the API and `ingest_event` call: it validates everything (the contract,
the raw body, the business units), writes the inbox row and the handoff shell in one short
transaction, and queues processing, so what it acknowledges the worker can process.
`process_inbound_event` is the background step: load the sources, open one packet per business
unit, queue the drafts. A run that dies leaves a claim that goes stale (handoffs/claims.py).
"""

import json
import logging
import traceback
from dataclasses import dataclass
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from pydantic import ValidationError

from accounts.errors import BadInput, Conflict
from accounts.models import Role, User
from handoffs.claims import RUNS_BEFORE_GIVING_UP, stale_before, stopped_reason, stuck_events
from handoffs.intake.schema import MAX_DEPTH, IntakeEvent, opportunity_key, raw_problems
from handoffs.intake.sources import load_sources, unknown_units
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
from handoffs.signals import deal_loaded, packet_opened
from handoffs.workflow import can_move, record_opened, transition

logger = logging.getLogger(__name__)

PROCESS = "handoffs.tasks.process_inbound_event"


class EventInvalid(BadInput):
    """The payload breaks the intake contract; `errors` maps dotted paths to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("The event does not follow the intake contract.", errors=errors)


@dataclass(frozen=True)
class Received:
    inbound: InboundEvent
    handoff: Handoff
    duplicate: bool


def parse_event(body: bytes) -> object:
    """The request body as JSON; what JSON allows but no event store holds (NaN, Infinity,
    nesting too deep to parse) is refused like malformed JSON."""
    try:
        return json.loads(body, parse_constant=_refuse_constant)
    except RecursionError:
        raise EventInvalid({"body": [f"Nested deeper than {MAX_DEPTH} levels."]}) from None
    except ValueError as error:  # malformed JSON, bad UTF-8, an integer of 4,300+ digits
        raise EventInvalid({"body": [f"Not valid JSON: {error}"]}) from error


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def validate_event(payload: object) -> IntakeEvent:
    if problems := raw_problems(payload):
        raise EventInvalid(problems)
    try:
        return IntakeEvent.model_validate(payload)
    except ValidationError as error:
        errors: dict[str, list[str]] = {}
        for problem in error.errors():
            path = ".".join(str(part) for part in problem["loc"]) or "event"
            errors.setdefault(path, []).append(problem["msg"])
        raise EventInvalid(errors) from error


def receive_event(
    *, payload: object, integration: Integration | None = None, delivery_id: str = ""
) -> Received:
    """Store the raw event and its handoff shell, once. The same body again is a duplicate;
    a different body under a used event id, or a used delivery id, is refused (Conflict)."""
    event = validate_event(payload)
    if found := _already_received(event, payload, integration, delivery_id):
        return Received(inbound=found, handoff=found.handoff, duplicate=True)
    if unknown := unknown_units(event):
        raise EventInvalid(unknown)
    try:
        with transaction.atomic():
            handoff, _ = Handoff.objects.get_or_create(opportunity_key=opportunity_key(event))
            inbound = InboundEvent.objects.create(
                event_id=event.event_id,
                event_type=event.event_type,
                integration=integration,
                delivery_id=delivery_id,
                handoff=handoff,
                payload=payload,
            )
            enqueue_on_commit(PROCESS, inbound.pk)
    except IntegrityError:
        # A concurrent delivery stored it first: answer as if this one came second.
        if found := _already_received(event, payload, integration, delivery_id):
            return Received(inbound=found, handoff=found.handoff, duplicate=True)
        raise
    return Received(inbound=inbound, handoff=handoff, duplicate=False)


def _already_received(
    event: IntakeEvent, payload: object, integration: Integration | None, delivery_id: str
) -> InboundEvent | None:
    """The stored event this delivery repeats; a changed body is refused and logged, since
    dropping it silently would lose the sender's change."""
    found = InboundEvent.objects.select_related("handoff").filter(event_id=event.event_id).first()
    if found is not None:
        if found.payload != payload:
            logger.warning(
                "Refused event %s from %s: its body differs from the one received at %s",
                event.event_id,
                integration or "a file import",
                found.received_at.isoformat(),
            )
            raise Conflict(
                f"Event {event.event_id} was already received with a different body. "
                "Send a change as a new event with its own event_id."
            )
        return found
    if delivery_id:
        used = InboundEvent.objects.filter(integration=integration, delivery_id=delivery_id)
        if carried := used.first():
            logger.warning(
                "Refused event %s from %s: webhook-id %s already carried event %s",
                event.event_id,
                integration,
                delivery_id,
                carried.event_id,
            )
            raise Conflict(
                f"Delivery {delivery_id} already carried event {carried.event_id}. "
                "Each new event needs a new webhook-id."
            )
    return None


def _claim(inbound_id: int) -> bool:
    """Take the event unless a live run holds it or it is done. A run whose claim went stale
    died, so its event is taken over, or marked failed once runs died on it too often."""
    dead_run = Q(status=InboundStatus.PROCESSING, claimed_at__lt=stale_before())
    event = InboundEvent.objects.filter(pk=inbound_id)
    if event.filter(dead_run, attempts__gte=RUNS_BEFORE_GIVING_UP).update(
        status=InboundStatus.FAILED, error=stopped_reason("Processing")
    ):
        logger.error("Event %s: %s", inbound_id, stopped_reason("Processing"))
        return False
    return bool(
        event.filter(dead_run | Q(status=InboundStatus.RECEIVED)).update(
            status=InboundStatus.PROCESSING,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def process_inbound_event(*, inbound_id: int) -> list[Packet]:
    """Open the event's packets. A second delivery of the task while a live run holds the event,
    or after it was processed or failed, does nothing (django-q2 delivers at least once)."""
    if not _claim(inbound_id):
        return []
    inbound = InboundEvent.objects.get(pk=inbound_id)
    try:
        packets = _open_packets(inbound, validate_event(inbound.payload))
    except Exception as error:
        logger.exception("Processing event %s failed", inbound.event_id)
        InboundEvent.objects.filter(pk=inbound_id).update(
            status=InboundStatus.FAILED, error=_describe(error)
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
    transaction.on_commit(partial(deal_loaded.send, Handoff, handoff=handoff, event=event.event_id))
    InboundEvent.objects.filter(pk=inbound.pk).update(
        status=InboundStatus.PROCESSED,
        processed_at=timezone.now(),
        error="",
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


def retry_inbound_event(*, inbound: InboundEvent, by: User | None = None) -> InboundEvent:
    """Queue a failed or stuck event again at once, for one more run; an event a live run
    holds, or one that was processed, is refused."""
    retriable = stuck_events() | InboundEvent.objects.filter(status=InboundStatus.FAILED)
    if not retriable.filter(pk=inbound.pk).update(
        status=InboundStatus.RECEIVED, queued_at=timezone.now()
    ):
        inbound.refresh_from_db(fields=["status"])
        raise Conflict(
            f"Event {inbound.event_id} is {InboundStatus(inbound.status).label.lower()}; only "
            "an event that failed or is stuck can be retried."
        )
    logger.info("Event %s queued again by %s", inbound.event_id, by or "an admin action")
    enqueue_on_commit(PROCESS, inbound.pk)
    inbound.refresh_from_db()
    return inbound


def requeue_stuck_events(*, queue_idle: bool) -> int:
    """The sweep's part for events: those held by a dead run, and (when nothing waits in the
    queue, see `claims.queue_is_idle`) those never taken."""
    stuck = stuck_events() if queue_idle else stuck_events().filter(status=InboundStatus.PROCESSING)
    ids = list(stuck.values_list("pk", flat=True))
    InboundEvent.objects.filter(pk__in=ids).update(queued_at=timezone.now())
    for pk in ids:
        enqueue_on_commit(PROCESS, pk)
    return len(ids)


def _describe(error: Exception) -> str:
    last = traceback.format_exception_only(type(error), error)[-1].strip()
    return last[:2000]
