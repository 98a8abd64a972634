"""Outbound webhooks: queue an event for every active endpoint, send it, retry with backoff,
let RevOps replay what gave up, and mark an endpoint that keeps failing as unhealthy.

`publish` writes the deliveries in the caller's transaction; the sending runs after commit in
the task queue, and a minute's sweep (`send_due`) sends whatever a lost task left behind, so
each delivery is tried until it succeeds or runs out of attempts.
"""

import json
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.errors import Conflict
from accounts.models import User
from handoffs.models import (
    DeliveryAttempt,
    DeliveryStatus,
    OutboundDelivery,
    WebhookEndpoint,
)
from handoffs.models.outbound import UNHEALTHY_AFTER
from handoffs.outbound import DeliveryFailed, post_signed
from handoffs.queue import enqueue_on_commit

# Attempts before a delivery gives up (and waits for a replay): about two hours of backoff.
MAX_ATTEMPTS = 8
BACKOFF_CAP = timedelta(hours=1)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after the attempts so far, capped at an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def publish(*, event_type: str, event_key: str, payload: dict) -> list[OutboundDelivery]:
    """Queue one event for every active endpoint, once per endpoint and `event_key`."""
    queued = []
    for endpoint in WebhookEndpoint.objects.filter(is_active=True):
        try:
            with transaction.atomic():
                delivery = OutboundDelivery.objects.create(
                    endpoint=endpoint, event_type=event_type, event_key=event_key, payload=payload
                )
        except IntegrityError:
            continue
        enqueue_on_commit("handoffs.tasks.send_webhook", delivery.pk)
        queued.append(delivery)
    return queued


def _due(now: datetime) -> Q:
    """Waiting and its time has come, or claimed by a sender that has since vanished."""
    stale = now - timedelta(seconds=settings.TASK_CLAIM_SECONDS)
    return Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, claimed_at__lt=stale
    )


def _claim(delivery_id: int, now: datetime) -> OutboundDelivery | None:
    """Take a delivery that is due (or whose sender vanished mid-send); None if someone else
    has it or it is finished, so a task run twice sends once."""
    claimed = OutboundDelivery.objects.filter(
        _due(now), pk=delivery_id, endpoint__is_active=True
    ).update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return None
    return OutboundDelivery.objects.select_related("endpoint").get(pk=delivery_id)


def send(delivery_id: int, *, now: datetime | None = None, by: User | None = None) -> bool:
    """One attempt, if the delivery is due; True when the receiver took it."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return False
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    try:
        status_code = post_signed(
            url=endpoint.url, secret=endpoint.secret, msg_id=delivery.message_id, body=body
        )
    except DeliveryFailed as failure:
        _failed(delivery, failure, now, by)
        return False
    _delivered(delivery, status_code, now, by)
    return True


@transaction.atomic
def _delivered(delivery: OutboundDelivery, status_code: int, now: datetime, by) -> None:
    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        at=now,
        status_code=status_code,
        replay=by is not None,
        by=by,
    )
    OutboundDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.DELIVERED,
        delivered_at=now,
        last_status_code=status_code,
        last_error="",
        claimed_at=None,
    )
    WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(
        consecutive_failures=0, unhealthy_since=None, last_success_at=now
    )


@transaction.atomic
def _failed(delivery: OutboundDelivery, failure: DeliveryFailed, now: datetime, by) -> None:
    error = str(failure)[:500]
    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        at=now,
        status_code=failure.status_code,
        error=error,
        replay=by is not None,
        by=by,
    )
    gave_up = delivery.attempts >= MAX_ATTEMPTS
    OutboundDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED if gave_up else DeliveryStatus.PENDING,
        next_attempt_at=now + backoff(delivery.attempts),
        last_status_code=failure.status_code,
        last_error=error,
        claimed_at=None,
    )
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    endpoint.consecutive_failures += 1
    endpoint.last_failure_at = now
    if endpoint.consecutive_failures >= UNHEALTHY_AFTER and endpoint.unhealthy_since is None:
        endpoint.unhealthy_since = now
    endpoint.save(update_fields=["consecutive_failures", "last_failure_at", "unhealthy_since"])


def send_due(*, now: datetime | None = None) -> int:
    """The sweep (every minute): attempt each delivery whose retry time has come."""
    now = now or timezone.now()
    due = OutboundDelivery.objects.filter(_due(now), endpoint__is_active=True)
    due = due.order_by("next_attempt_at", "id")
    return sum(send(pk, now=now) for pk in due.values_list("pk", flat=True)[:100])


def replay(*, delivery: OutboundDelivery, by: User) -> bool:
    """Send a delivery that gave up (or a delivered one, again) now, with its own message id,
    so the receiver can tell it is the same event."""
    if delivery.status in (DeliveryStatus.PENDING, DeliveryStatus.SENDING):
        raise Conflict("This delivery is still being tried; it cannot be replayed now.")
    if not delivery.endpoint.is_active:
        raise Conflict(f"{delivery.endpoint} is paused; resume it before replaying.")
    now = timezone.now()
    OutboundDelivery.objects.filter(pk=delivery.pk, status=delivery.status).update(
        status=DeliveryStatus.PENDING, next_attempt_at=now
    )
    return send(delivery.pk, now=now, by=by)


def endpoint_create(*, name: str, url: str, by: User) -> WebhookEndpoint:
    """A new receiver with its own signing secret (shown on the Webhooks page)."""
    errors = {}
    if not name.strip():
        errors["name"] = ["Name the receiver, e.g. Gainsight or ChurnZero."]
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError:
        errors["url"] = ["Enter an http or https address."]
    if errors:
        raise ValidationError(errors)
    return WebhookEndpoint.objects.create(name=name.strip(), url=url.strip(), created_by=by)


def endpoint_set_active(*, endpoint: WebhookEndpoint, active: bool) -> WebhookEndpoint:
    """A paused endpoint gets no new events and no retries until it is resumed."""
    endpoint.is_active = active
    endpoint.save(update_fields=["is_active"])
    return endpoint
