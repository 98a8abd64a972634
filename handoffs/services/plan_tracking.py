"""Following a success plan: the CSM's status updates and edits, and the scheduled check that
marks what is at risk or missed by its due date and pings the CSM before each gate.

An item's status moves by `STATUS_MOVES` (handoffs.models.plans).
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.errors import Conflict
from accounts.models import User
from handoffs.models import (
    ItemKind,
    ItemStatus,
    NotificationKind,
    Owner,
    PlanItem,
    PlanOutcome,
    SuccessPlan,
)
from handoffs.models.plans import NEEDS_A_REASON, STATUS_MOVES
from handoffs.plan_webhooks import MILESTONE_STATUS_CHANGED, PLAN_UPDATED, announce
from handoffs.services.notifications import deal_name, notify
from handoffs.services.plan_templates import template_for
from handoffs.services.success_plans import touch
from handoffs.signals import plan_milestone_done
from handoffs.sla import business_days_between

STATUS_FIELDS = ("status", "status_reason", "status_changed_at", "status_changed_by", "done_at")


def _locked(item: PlanItem) -> PlanItem:
    return PlanItem.objects.select_for_update().select_related("plan__packet").get(pk=item.pk)


@transaction.atomic
def item_set_status(
    *, item: PlanItem, status: str, reason: str = "", by: User | None, at: datetime | None = None
) -> PlanItem:
    """Move an item's status (the CSM, or the scheduled check with `by=None`)."""
    if status not in ItemStatus.values:
        raise ValidationError({"status": "Choose not started, on track, at risk, done or missed."})
    current = _locked(item)
    if status == current.status:
        raise ValidationError({"status": f"It is {current.get_status_display().lower()} already."})
    if status not in STATUS_MOVES[current.status]:
        raise Conflict(
            f"{current} is {current.get_status_display().lower()}; it cannot become "
            f"{ItemStatus(status).label.lower()}."
        )
    if status in NEEDS_A_REASON and not reason.strip():
        raise ValidationError({"reason": f"Say why it is {ItemStatus(status).label.lower()}."})
    at = at or timezone.now()
    previous = current.status
    current.status, current.status_reason = status, reason.strip()
    current.status_changed_at, current.status_changed_by = at, by
    current.done_at = at if status == ItemStatus.DONE else None
    current.save(update_fields=[*STATUS_FIELDS])
    plan = current.plan
    touch(plan)
    announce(plan, MILESTONE_STATUS_CHANGED, item=current, previous_status=previous)
    if status == ItemStatus.DONE and current.kind == ItemKind.MILESTONE:
        packet, title = plan.packet, current.title
        transaction.on_commit(
            lambda: plan_milestone_done.send(sender=PlanItem, packet=packet, title=title, at=at)
        )
    return current


@transaction.atomic
def item_edit(
    *,
    item: PlanItem,
    title: str,
    definition_of_done: str,
    owner: str,
    contact_name: str,
    due: date,
    by: User,
) -> PlanItem:
    """The CSM's change to what an item says; regenerating the plan leaves it as they left it.
    A date counted from the kickoff keeps being counted from it, from the new date."""
    current = _locked(item)
    if current.is_done:
        raise Conflict("A done item keeps what it said when it was done.")
    plan = current.plan
    kickoff_day = timezone.localdate(plan.kickoff_at)
    errors = {}
    if not title.strip():
        errors["title"] = ["Give it a title."]
    if owner not in Owner.values:
        errors["owner"] = ["Choose who owns it."]
    if due <= kickoff_day:
        errors["due"] = [f"Pick a date after the kickoff ({kickoff_day:%b %-d, %Y})."]
    if errors:
        raise ValidationError(errors)
    current.title, current.definition_of_done = title.strip(), definition_of_done.strip()
    current.owner = owner
    current.contact_name = contact_name.strip() if current.owner_is_customer else ""
    if current.business_days is not None:
        current.business_days = business_days_between(kickoff_day, due)
    current.due_on, current.edited_by = due, by
    current.save()
    touch(plan)
    announce(plan, PLAN_UPDATED)
    return current


@transaction.atomic
def outcome_add(*, plan: SuccessPlan, quote: str, speaker: str, target: date | None, by: User):
    """An outcome the CSM heard from the buyer (at the kickoff, say): kept on regeneration."""
    if not quote.strip():
        raise ValidationError({"quote": "Write the outcome as the buyer put it."})
    outcome = PlanOutcome.objects.create(
        plan=plan,
        quote=quote.strip(),
        speaker=speaker.strip(),
        target_date=target,
        added_by=by,
        evidence=[{"label": f"Added by {by.full_name}", "anchor": ""}],
        position=plan.outcomes.count() + 100,
    )
    touch(plan)
    announce(plan, PLAN_UPDATED)
    return outcome


def check_plans(*, now: datetime | None = None) -> int:
    """Scheduled hourly: an item past its date is missed; one not started within the segment's
    lead time is at risk; the CSM hears of each gate coming up (once per due date) and of
    each miss. Safe to run twice: each move and each reminder happens once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    leads = {}
    acted = 0
    open_items = PlanItem.objects.exclude(status__in=[ItemStatus.DONE, ItemStatus.MISSED])
    for item in open_items.select_related("plan").order_by("due_on", "id"):
        if item.plan.segment not in leads:
            leads[item.plan.segment] = template_for(item.plan.segment).at_risk_business_days
        lead = leads[item.plan.segment]
        if item.due_on < today:
            _missed(item, now)
            acted += 1
        elif business_days_between(today, item.due_on) <= lead:
            acted += _coming_up(item, now, today)
    return acted


def _missed(item: PlanItem, now: datetime) -> None:
    reason = f"Not done by its due date, {item.due_on:%b %-d, %Y}."
    try:
        item = item_set_status(item=item, status=ItemStatus.MISSED, reason=reason, by=None, at=now)
    except Conflict:  # the CSM moved it in the meantime
        return
    packet = item.plan.packet
    notify(
        recipient=packet.csm,
        kind=NotificationKind.PLAN_GATE_MISSED,
        packet=packet,
        message=f"{_what(item)} of {deal_name(packet)} was missed: it was due "
        f"{item.due_on:%b %-d}. Say why on the success plan.",
    )


def _coming_up(item: PlanItem, now: datetime, today: date) -> int:
    acted = 0
    days = business_days_between(today, item.due_on)
    if item.status == ItemStatus.NOT_STARTED:
        away = f"{days} business day{'s' if days != 1 else ''}"
        reason = f"Due {item.due_on:%b %-d}, {away} away, and not started."
        try:
            item = item_set_status(
                item=item, status=ItemStatus.AT_RISK, reason=reason, by=None, at=now
            )
            acted = 1
        except Conflict:
            return 0
    if item.kind != ItemKind.MILESTONE or item.reminded_for == item.due_on:
        return acted
    if (
        PlanItem.objects.filter(pk=item.pk)
        .exclude(reminded_for=item.due_on)
        .update(reminded_for=item.due_on)
    ):
        packet = item.plan.packet
        notify(
            recipient=packet.csm,
            kind=NotificationKind.PLAN_GATE_SOON,
            packet=packet,
            message=f"{_what(item)} of {deal_name(packet)} is due {item.due_on:%a %b %-d} "
            f"({item.get_status_display().lower()}).",
        )
        acted = 1
    return acted


def _what(item: PlanItem) -> str:
    if item.gate:
        return f"The {item.gate}-day milestone “{item.title}”"
    return f"The task “{item.title[:80]}”"
