"""The demo org's quarters: last quarter closed through the close workflow, this one open, and
some deals taken through review and kickoff, so AEs see released, held and forfeited holdbacks,
CSMs see attainment, and RevOps previews this quarter's close with a few exceptions."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from comp.close_selectors import comp_exceptions
from comp.models import CompPlan, NoKickoffPolicy, SignalKind, StickinessSignal
from comp.services.close import exception_acknowledge, quarter_close
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


def _last_and_this_quarter() -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
    this = _quarter(timezone.localdate())
    return _quarter(this[0] - dt.timedelta(days=1)), this


def seed_plans() -> None:
    """This quarter's plan and the one before, if they do not exist yet. Last quarter's close
    escalates a holdback whose kickoff never came, so this quarter's preview shows it."""
    for (start, end), policy in zip(
        _last_and_this_quarter(), (NoKickoffPolicy.ESCALATE, NoKickoffPolicy.CARRY), strict=True
    ):
        if CompPlan.objects.filter(starts_on__lte=end, ends_on__gte=start).exists():
            continue
        CompPlan.objects.create(
            name=f"{start.year}-Q{(start.month - 1) // 3 + 1}",
            starts_on=start,
            ends_on=end,
            ae_commission_rate=Decimal("0.10"),
            holdback_pct=Decimal("25"),
            sticky_milestones=MILESTONES,
            no_kickoff_policy=policy,
        )


@transaction.atomic
def walk_through_kickoffs() -> int:
    """Once only: take some packets with CS through review, acceptance and a held kickoff, and
    close last quarter through the close workflow on the way.

    Of last quarter's deals, the first is kicked off before the close, the second after it (its
    release posts in this quarter, for last quarter) and the rest never are: the close
    escalates their holdbacks to RevOps, where this quarter's close preview shows them."""
    if Packet.objects.filter(status=Status.KICKOFF_HELD).exists():
        return 0
    (_, last_end), _ = _last_and_this_quarter()
    ready = list(
        Packet.objects.filter(status=Status.READY_FOR_CS, csm__isnull=False)
        .select_related("handoff__opportunity", "csm")
        .order_by("pk")
    )
    earlier = [p for p in ready if p.handoff.opportunity.close_date <= last_end]
    later = [p for p in ready if p.handoff.opportunity.close_date > last_end]
    before, after = earlier[:1], earlier[1:2]
    walked = list(zip(before + after + later, GATE_DAYS, strict=False))
    with tasks_inline():
        for packet, gate_day in walked[: len(before)]:
            _hold_kickoff(packet, gate_day)
        close_last_quarter()
        for packet, gate_day in walked[len(before) :]:
            _hold_kickoff(packet, gate_day)
    return len(walked)


def close_last_quarter() -> None:
    """As RevOps would: acknowledge what the preview lists, then close."""
    (start, end), _ = _last_and_this_quarter()
    plan = CompPlan.objects.filter(starts_on=start, ends_on=end, closed_at__isnull=True).first()
    if plan is None:
        return
    riley = User.objects.filter(role=Role.REVOPS_ADMIN, is_active=True).order_by("pk").first()
    for item in comp_exceptions(closing=plan).open:
        exception_acknowledge(key=item.key, note="Demo: reviewed at the close.", by=riley)
    quarter_close(plan=plan, by=riley)


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
