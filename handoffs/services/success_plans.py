"""The success plan made from the packet at the kickoff, and kept in step with it.

Outcomes are the buyer's success criteria in their own words; each promise reconciled "into the
success plan" becomes a task; each gate of the segment's template becomes a milestone whose
owner is named from the packet. Dates count business days from the kickoff, so moving the
kickoff moves every date not yet done (a date promised to the customer stays put). Until the
plan is shared the CSM may generate it again from the packet; what they changed is kept.
"""

from datetime import date, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_date

from accounts.errors import Conflict
from accounts.models import User
from handoffs.models import (
    Commitment,
    ItemKind,
    ItemStatus,
    Kickoff,
    KickoffStatus,
    Owner,
    Packet,
    PlanItem,
    PlanOutcome,
    Reconciliation,
    Status,
    SuccessPlan,
)
from handoffs.plan_webhooks import PLAN_CREATED, PLAN_UPDATED, announce
from handoffs.services.plan_templates import template_for
from handoffs.sla import add_business_days

# Where in the packet an item's facts come from (anchors on the packet page).
CRITERIA = {"label": "Success criteria", "anchor": "field-success_criteria"}
KICKOFF = {"label": "Kickoff", "anchor": "kickoff"}
OWNER_SOURCES = {
    Owner.ECONOMIC_BUYER: ("economic_buyer_champion", "economic_buyer", "Economic buyer"),
    Owner.CHAMPION: ("economic_buyer_champion", "champion", "Champion"),
    Owner.TECHNICAL_BUYER: ("stakeholder_map", "technical_buyer", "Stakeholder map"),
    Owner.SECURITY_REVIEWER: ("stakeholder_map", "security_reviewer", "Stakeholder map"),
    Owner.END_USER_LEAD: ("stakeholder_map", "end_user_lead", "Stakeholder map"),
}
PLANNED_AT = frozenset({Status.KICKOFF_BOOKED, Status.KICKOFF_HELD})


def due_on(kickoff_at: datetime, business_days: int) -> date:
    return timezone.localdate(add_business_days(kickoff_at, business_days))


def the_kickoff(packet: Packet) -> Kickoff | None:
    """The kickoff a plan counts from: the one held, else the one booked."""
    latest = packet.kickoffs.order_by("-starts_at", "-id")
    held = latest.filter(status=KickoffStatus.HELD).first()
    return held or latest.filter(status=KickoffStatus.BOOKED).first()


def touch(plan: SuccessPlan) -> None:
    """Every change raises the version the webhooks carry (and dedupe on)."""
    SuccessPlan.objects.filter(pk=plan.pk).update(version=F("version") + 1)
    plan.refresh_from_db(fields=["version", "updated_at"])


@transaction.atomic
def plan_generate(*, packet: Packet, by: User) -> SuccessPlan:
    """The CSM's "generate" (ahead of a booked kickoff, or again before sharing); the kickoff
    being held does the same by itself."""
    if packet.status not in PLANNED_AT:
        raise Conflict("A success plan is made once the kickoff is booked.")
    kickoff = the_kickoff(packet)
    if kickoff is None:
        raise Conflict("There is no kickoff to count the plan's dates from.")
    plan = SuccessPlan.objects.select_for_update().filter(packet=packet).first()
    if plan is None:
        return _create(packet, kickoff, by)
    if plan.is_shared:
        raise Conflict("This plan was shared with the customer; change it item by item.")
    _fill(plan, packet, kickoff_at=kickoff.starts_at)
    plan.regenerated_at = timezone.now()
    plan.save(update_fields=["regenerated_at"])
    touch(plan)
    announce(plan, PLAN_UPDATED)
    return plan


@transaction.atomic
def plan_follow_kickoff(*, packet: Packet, kickoff: Kickoff, by: User | None) -> SuccessPlan | None:
    """Called by the kickoff service: held makes the plan if there is none; a booked or moved
    kickoff moves the dates of a plan made ahead of it."""
    plan = SuccessPlan.objects.select_for_update().filter(packet=packet).first()
    if plan is None:
        return _create(packet, kickoff, by) if kickoff.status == KickoffStatus.HELD else None
    if plan.kickoff_at != kickoff.starts_at:
        _shift(plan, kickoff.starts_at)
        touch(plan)
        announce(plan, PLAN_UPDATED)
    return plan


def _create(packet: Packet, kickoff: Kickoff, by: User | None) -> SuccessPlan:
    template = template_for(packet.handoff.opportunity.segment)
    plan = SuccessPlan.objects.create(
        packet=packet,
        kickoff_at=kickoff.starts_at,
        segment=template.segment,
        first_value_min_days=template.first_value_min_days,
        first_value_max_days=template.first_value_max_days,
        generated_by=by,
    )
    _fill(plan, packet, kickoff_at=kickoff.starts_at)
    announce(plan, PLAN_CREATED)
    return plan


def _fill(plan: SuccessPlan, packet: Packet, *, kickoff_at: datetime) -> None:
    """Outcomes, milestones and tasks from the packet as it is now; keeps the CSM's own."""
    plan.kickoff_at = kickoff_at
    fields = {field.key: field for field in packet.fields.all()}
    _fill_outcomes(plan, fields.get("success_criteria"))
    template = template_for(plan.segment)
    gates = {item.gate: item for item in plan.items.filter(kind=ItemKind.MILESTONE)}
    for milestone in template.milestones.all():
        item = gates.get(milestone.gate) or PlanItem(
            plan=plan, kind=ItemKind.MILESTONE, gate=milestone.gate
        )
        if item.edited_by_id is not None:
            continue
        item.title, item.definition_of_done = milestone.title, milestone.definition_of_done
        item.owner, item.business_days = milestone.owner, milestone.business_days
        item.contact_name, source = _contact(fields, milestone.owner)
        item.evidence = [KICKOFF, CRITERIA, *source]
        item.position = milestone.gate
        if not item.is_done:
            item.due_on = due_on(kickoff_at, milestone.business_days)
        item.save()
    first_gate = min((m.business_days for m in template.milestones.all()), default=30)
    for commitment in packet.commitments.filter(reconciliation=Reconciliation.SUCCESS_PLAN):
        _task_for(plan, commitment, first_gate)
    _shift(plan, kickoff_at)


def _fill_outcomes(plan: SuccessPlan, field) -> None:
    """The buyer's criteria, verbatim; outcomes the CSM added stay, the packet's are renewed."""
    plan.outcomes.filter(added_by__isnull=True).delete()
    criteria = (field.data if field else {}).get("criteria") or []
    sources = {item.get("quote"): item for item in (field.evidence if field else [])}
    PlanOutcome.objects.bulk_create(
        PlanOutcome(
            plan=plan,
            quote=criterion["quote"],
            speaker="" if _from_notes(criterion) else criterion.get("speaker", ""),
            target_date=parse_date(criterion.get("target_date") or "") or None,
            evidence=[CRITERIA, *_cited(sources.get(criterion["quote"]))],
            position=index,
        )
        for index, criterion in enumerate(criteria)
        if (criterion.get("quote") or "").strip()
    )


def _from_notes(criterion: dict) -> bool:
    """A criterion from the seller's MEDDPICC notes, not said by anyone the customer knows."""
    return criterion.get("source") == "meddpicc"


def _cited(source: dict | None) -> list[dict]:
    if source and source.get("kind") == "meddpicc":
        return [{"label": "MEDDPICC metrics", "anchor": CRITERIA["anchor"]}]
    if not source or source.get("kind") != "transcript":
        return []
    return [{"label": f"{source['ref']}, turn {source.get('turn')}", "anchor": CRITERIA["anchor"]}]


def _contact(fields: dict, owner: str) -> tuple[str, list[dict]]:
    """The customer contact the packet names for an owner role, and where it names them."""
    if owner not in OWNER_SOURCES:
        return "", []
    key, role, label = OWNER_SOURCES[owner]
    field = fields.get(key)
    person = (field.data if field else {}).get(role) or {}
    return person.get("name", ""), [{"label": label, "anchor": f"field-{key}"}]


def _task_for(plan: SuccessPlan, commitment: Commitment, first_gate: int) -> PlanItem:
    """A promise reconciled into the plan, as a task: due when it was promised, else with the
    first gate; owned by the AE who made it, else the CSM."""
    existing = PlanItem.objects.filter(commitment=commitment).first()
    if existing is not None:
        return existing
    ae = plan.packet.handoff.ae
    promised = commitment.due
    return PlanItem.objects.create(
        plan=plan,
        kind=ItemKind.TASK,
        commitment=commitment,
        title=commitment.quote[:300],
        definition_of_done=f"Delivered as {commitment.speaker} promised before signature, and "
        "the customer confirms it.",
        owner=Owner.AE if ae and ae.full_name == commitment.speaker else Owner.CSM,
        business_days=None if promised else first_gate,
        due_on=promised or due_on(plan.kickoff_at, first_gate),
        evidence=[{"label": "Pre-sale commitment", "anchor": f"commitment-{commitment.pk}"}],
        position=100,
    )


def _shift(plan: SuccessPlan, kickoff_at: datetime) -> None:
    """Re-date what is counted from the kickoff and not done; done items keep their dates."""
    plan.kickoff_at = kickoff_at
    plan.save(update_fields=["kickoff_at"])
    moving = plan.items.exclude(status=ItemStatus.DONE).filter(business_days__isnull=False)
    for item in moving:
        item.due_on = due_on(kickoff_at, item.business_days)
    PlanItem.objects.bulk_update(moving, ["due_on"])


def track_commitment(*, commitment: Commitment) -> PlanItem | None:
    """A promise just reconciled into the plan: a task at once when the plan exists; otherwise
    the plan's generation makes it."""
    plan = SuccessPlan.objects.filter(packet_id=commitment.packet_id).first()
    if plan is None or commitment.reconciliation != Reconciliation.SUCCESS_PLAN:
        return None
    template = template_for(plan.segment)
    first_gate = min((m.business_days for m in template.milestones.all()), default=30)
    task = _task_for(plan, commitment, first_gate)
    touch(plan)
    announce(plan, PLAN_UPDATED)
    return task
