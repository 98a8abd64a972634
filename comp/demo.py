"""The demo org's quarter: plans, and some deals taken through review and kickoff, so AEs see
released, held and forfeited holdbacks and CSMs see attainment."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from comp.models import CompPlan, SignalKind, StickinessSignal
from handoffs.models import Packet, Status
from handoffs.queue import tasks_inline
from handoffs.services import kickoffs, review

# Days after close on which the demo's walked-through packets passed the gate: 7 or less
# releases the holdback, more forfeits it under the demo plan.
GATE_DAYS = [1, 2, 3, 5, 6, 9, 12]
MILESTONES = ["first dashboard shared", "SSO live"]


def _quarter(day: dt.date) -> tuple[dt.date, dt.date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    end_month = first_month + 2
    end = dt.date(day.year + (end_month == 12), end_month % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def seed_plans() -> None:
    """This quarter's plan and the one before (already closed), if they do not exist yet."""
    today = timezone.localdate()
    this_start, this_end = _quarter(today)
    last_start, last_end = _quarter(this_start - dt.timedelta(days=1))
    for start, end, closed in ((last_start, last_end, True), (this_start, this_end, False)):
        name = f"{start.year}-Q{(start.month - 1) // 3 + 1}"
        if CompPlan.objects.filter(starts_on__lte=end, ends_on__gte=start).exists():
            continue
        CompPlan.objects.create(
            name=name,
            starts_on=start,
            ends_on=end,
            ae_commission_rate=Decimal("0.10"),
            holdback_pct=Decimal("25"),
            sticky_milestones=MILESTONES,
            closed_at=timezone.now() if closed else None,
        )


@transaction.atomic
def walk_through_kickoffs() -> int:
    """Take some packets with CS through review, acceptance and a held kickoff; once only."""
    if Packet.objects.filter(status=Status.KICKOFF_HELD).exists():
        return 0
    ready = list(
        Packet.objects.filter(status=Status.READY_FOR_CS, csm__isnull=False)
        .select_related("handoff__opportunity", "csm")
        .order_by("pk")[: len(GATE_DAYS)]
    )
    with tasks_inline():
        for packet, gate_day in zip(ready, GATE_DAYS, strict=False):
            _hold_kickoff(packet, gate_day)
    return len(ready)


def _hold_kickoff(packet: Packet, gate_day: int) -> None:
    csm, close = packet.csm, packet.handoff.opportunity.close_date
    passed = timezone.make_aware(
        dt.datetime.combine(close + dt.timedelta(days=gate_day), dt.time(15))
    )
    Packet.objects.filter(pk=packet.pk).update(gate_passed_at=passed)
    review.review_start(packet=packet, by=csm)
    packet.refresh_from_db()
    review.packet_accept(
        packet=packet, rating=6 + gate_day % 5, by=csm, expected_version=packet.version
    )
    packet.refresh_from_db()
    kickoff = kickoffs.kickoff_book(
        packet=packet, by=csm, duration_minutes=45, starts_at=timezone.now() + dt.timedelta(hours=2)
    )
    held_at = min(passed + dt.timedelta(days=3), timezone.now() - dt.timedelta(hours=1))
    type(kickoff).objects.filter(pk=kickoff.pk).update(starts_at=held_at)
    packet.refresh_from_db()
    kickoffs.kickoff_record(packet=packet, held=True, notes="Demo: kickoff held.", by=csm)
    StickinessSignal.objects.get_or_create(
        external_id=f"demo-login-{packet.pk}",
        defaults={
            "handoff": packet.handoff,
            "kind": SignalKind.LOGIN,
            "occurred_at": held_at + dt.timedelta(days=1),
            "source": "demo",
        },
    )
