"""The demo org's success plans in the states people meet: first value inside its window and
past it, a plan on track, one at risk, one kept up, and gates missed (by the scheduled check,
for plans nobody updated), all through the real services.

Runs once, after the demo's kickoffs are held (which made the plans): plans nobody touched
yet are shaped, and the scheduled check then marks what is overdue, as it would have.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from handoffs.models import ItemStatus, PlanItem, SuccessPlan
from handoffs.services import first_value, plan_tracking
from handoffs.sla import add_business_days, business_days_between


def _day(plan: SuccessPlan, business_days: int) -> date:
    return timezone.localdate(add_business_days(plan.kickoff_at, business_days))


def _elapsed(plan: SuccessPlan) -> int:
    return business_days_between(timezone.localdate(plan.kickoff_at), timezone.localdate())


def _take(plans: list[SuccessPlan], fits) -> SuccessPlan | None:
    """The first plan left that fits, removed from the list so each plan tells one story."""
    chosen = next((plan for plan in plans if fits(plan)), None)
    if chosen is not None:
        plans.remove(chosen)
    return chosen


def _first_gate_ahead(plan: SuccessPlan) -> bool:
    return plan.items.get(gate=30).due_on >= timezone.localdate()


def _mark(plan: SuccessPlan, gate: int, status: str, reason: str = "", at=None) -> None:
    item = plan.items.get(gate=gate)
    plan_tracking.item_set_status(
        item=item, status=status, reason=reason, by=plan.packet.csm, at=at
    )


@transaction.atomic
def shape_demo_plans() -> int:
    """Give the untouched demo plans their states; 0 when they were shaped before."""
    if PlanItem.objects.exclude(status=ItemStatus.NOT_STARTED).exists():
        return 0
    plans = list(
        SuccessPlan.objects.filter(first_value_on__isnull=True)
        .select_related("packet__csm")
        .order_by("kickoff_at", "pk")
    )
    shaped = len(plans)
    late = _take(plans, lambda plan: _elapsed(plan) > plan.first_value_max_days + 3)
    if late is not None:
        first_value.first_value_record(
            plan=late,
            on=_day(late, late.first_value_max_days + 3),
            note="The first weekly report ran after the data migration slipped.",
            by=late.packet.csm,
        )
    inside = _take(plans, lambda plan: _elapsed(plan) >= plan.first_value_min_days)
    if inside is not None:
        when = min(
            _elapsed(inside), (inside.first_value_min_days + inside.first_value_max_days) // 2
        )
        _mark(inside, 30, ItemStatus.DONE, at=inside.kickoff_at + timedelta(days=10))
        _mark(inside, 60, ItemStatus.DONE, at=inside.kickoff_at + timedelta(days=15))
        first_value.first_value_record(
            plan=inside,
            on=_day(inside, when),
            note="Their team shared the first dashboard built on their own data.",
            by=inside.packet.csm,
        )
    newest_first = plans[::-1]
    if (on_track := _take(newest_first, _first_gate_ahead)) is not None:
        _mark(on_track, 30, ItemStatus.ON_TRACK)
        _mark(on_track, 60, ItemStatus.ON_TRACK)
    if (at_risk := _take(newest_first, lambda plan: True)) is not None:
        _mark(
            at_risk, 60, ItemStatus.AT_RISK, "Their IT lead is on leave until the end of the month."
        )
    if (kept_up := _take(newest_first, lambda plan: True)) is not None:
        _mark(kept_up, 30, ItemStatus.DONE, at=kept_up.kickoff_at + timedelta(days=20))
    plan_tracking.check_plans()
    return shaped
