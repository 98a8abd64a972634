"""Claims on background work, and what counts as stuck.

A task claims its row (an event it processes, a packet it drafts) with a timestamp before it
starts. A claim older than `settings.TASK_CLAIM_SECONDS` outlived django-q2's time limit, so
the run that took it is gone (a crash, or the limit itself) and another run may take the work
over. Settings keep the window between the time limit and django-q2's `retry`, so a task
presented again after a crash finds the dead run's claim stale and finishes the work.
Anything stuck (held by a dead run, or never taken at all) is queued again by the scheduled
sweep and shown on the RevOps overview with a retry.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django_q.brokers import get_broker

from handoffs.models import InboundEvent, InboundStatus, Packet, Status

# A run that died this many times is not started again by itself: a person looks first.
RUNS_BEFORE_GIVING_UP = 3


def stale_before() -> datetime:
    """Claims taken before this moment belong to runs that are gone."""
    return timezone.now() - timedelta(seconds=settings.TASK_CLAIM_SECONDS)


def stopped_reason(work: str) -> str:
    """Why work a run kept dying on was marked failed instead of started again."""
    return (
        f"{work} stopped {RUNS_BEFORE_GIVING_UP} times without finishing: the worker crashed "
        f"or the run hit the {settings.Q_CLUSTER['timeout']}-second task time limit."
    )


def stuck_events() -> QuerySet[InboundEvent]:
    """Events no live run holds: processing under a stale claim, or waiting untaken too long."""
    before = stale_before()
    return InboundEvent.objects.filter(
        Q(status=InboundStatus.PROCESSING, claimed_at__lt=before)
        | Q(status=InboundStatus.RECEIVED, queued_at__lt=before)
    )


def stuck_drafts() -> QuerySet[Packet]:
    """Packets in drafting that no live run holds: under a stale claim, or never claimed since
    they entered drafting a claim window ago."""
    before = stale_before()
    return (
        Packet.objects.filter(status=Status.DRAFTING)
        .annotate(
            drafting_since=Max(
                "transitions__created_at", filter=Q(transitions__to_status=Status.DRAFTING)
            )
        )
        .filter(
            Q(draft_claimed_at__lt=before)
            | Q(draft_claimed_at__isnull=True, drafting_since__lt=before)
        )
    )


def queue_is_idle() -> bool:
    """Nothing waits in django-q2's queue. Only then is work nobody claimed surely lost rather
    than waiting its turn, so only then does the sweep queue it again."""
    return get_broker().queue_size() == 0
