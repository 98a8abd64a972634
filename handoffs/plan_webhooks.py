"""What a success plan tells the CS platform: the plan as one object (after Gainsight's success
plan and ChurnZero's play), sent whole with every event so a receiver can upsert it by id.

README ("Success plans in your CS platform") maps these fields to Gainsight and ChurnZero.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from handoffs.models import PlanItem, SuccessPlan, WebhookEndpoint
from handoffs.plan_selectors import first_value, owner_of
from handoffs.services import outbound

PLAN_CREATED = "success_plan.created"
PLAN_UPDATED = "success_plan.updated"
MILESTONE_STATUS_CHANGED = "success_plan.milestone.status_changed"
EVENT_TYPES = (PLAN_CREATED, PLAN_UPDATED, MILESTONE_STATUS_CHANGED)


def _date(value) -> str | None:
    return value.isoformat() if value else None


def task_payload(item: PlanItem, plan: SuccessPlan) -> dict:
    owner = owner_of(item, plan.packet)
    return {
        "external_id": f"handbrief-plan-item-{item.pk}",
        "type": "milestone" if item.gate else "commitment",
        "gate": item.gate,
        "name": item.title,
        "definition_of_done": item.definition_of_done,
        "owner": {
            "side": "customer" if owner.customer else "vendor",
            "role": owner.role,
            "name": owner.name,
            "email": owner.email,
        },
        "due_date": _date(item.due_on),
        "status": item.status,
        "status_reason": item.status_reason,
        "completed_at": _date(item.done_at),
    }


def plan_payload(plan: SuccessPlan) -> dict:
    packet = plan.packet
    handoff, opportunity = packet.handoff, packet.handoff.opportunity
    account = opportunity.account
    items = list(plan.items.all())
    milestones = [item for item in items if item.gate]
    ttfv = first_value(plan)
    return {
        "external_id": f"handbrief-plan-{plan.pk}",
        "version": plan.version,
        "name": f"{account.name} · {packet.business_unit} onboarding (30/60/90)",
        "type": "onboarding",
        "status": "active",
        "account": {"external_id": account.external_id, "name": account.name},
        "opportunity_external_id": handoff.opportunity_key,
        "business_unit": packet.business_unit.slug,
        "segment": plan.segment,
        "owner": {
            "name": packet.csm.full_name if packet.csm else "",
            "email": packet.csm.email if packet.csm else "",
        },
        "start_date": _date(timezone.localdate(plan.kickoff_at)),
        "due_date": _date(max((m.due_on for m in milestones), default=None)),
        "objectives": [
            {
                "external_id": f"handbrief-plan-outcome-{outcome.pk}",
                "name": outcome.quote,
                "said_by": outcome.speaker,
                "target_date": _date(outcome.target_date),
            }
            for outcome in plan.outcomes.all()
        ],
        "tasks": [task_payload(item, plan) for item in items],
        "time_to_first_value": {
            "window_business_days": [ttfv.low, ttfv.high],
            "first_value_on": _date(ttfv.on),
            "business_days": ttfv.days if ttfv.recorded else None,
            "verdict": ttfv.verdict,
        },
        "handbrief_url": settings.SITE_URL + reverse("packets:plan", args=[packet.pk]),
    }


def announce(plan: SuccessPlan, event_type: str, *, item: PlanItem | None = None, **extra):
    """Queue the event for every endpoint, in the caller's transaction (see services.outbound).
    The plan is read fresh, so the payload is the plan as this change left it."""
    if not WebhookEndpoint.objects.filter(is_active=True).exists():
        return
    fresh = (
        SuccessPlan.objects.select_related(
            "packet__handoff__opportunity__account",
            "packet__handoff__ae",
            "packet__csm",
            "packet__business_unit",
        )
        .prefetch_related("outcomes", "items")
        .get(pk=plan.pk)
    )
    data = {"success_plan": plan_payload(fresh)}
    if item is not None:
        data["task"] = task_payload(item, fresh) | extra
    outbound.publish(
        event_type=event_type,
        event_key=f"{event_type}:{fresh.pk}:v{fresh.version}",
        payload={"type": event_type, "occurred_at": timezone.now().isoformat(), "data": data},
    )
