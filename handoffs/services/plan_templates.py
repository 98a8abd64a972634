"""The segment templates plans are generated from: read (made from the defaults when a segment
has none yet, like `SlaPolicy.current()`) and edited by RevOps."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from handoffs.models import GATES, MilestoneTemplate, Owner, PlanTemplate, Segment
from handoffs.plan_defaults import DEFAULT_TEMPLATES

MAX_BUSINESS_DAYS = 250


def template_for(segment: str) -> PlanTemplate:
    """The segment's template with its three milestones, created from the defaults if new."""
    template = PlanTemplate.objects.filter(segment=segment).first()
    if template is None:
        template = _create_default(Segment(segment))
    return template


def all_templates() -> list[PlanTemplate]:
    """Every segment's template, in the segments' order, milestones prefetched."""
    for segment in Segment:
        template_for(segment)
    order = {segment.value: index for index, segment in enumerate(Segment)}
    templates = PlanTemplate.objects.prefetch_related("milestones")
    return sorted(templates, key=lambda template: order.get(template.segment, len(order)))


def _create_default(segment: Segment) -> PlanTemplate:
    low, high, milestones = DEFAULT_TEMPLATES[segment]
    try:
        with transaction.atomic():
            template = PlanTemplate.objects.create(
                segment=segment, first_value_min_days=low, first_value_max_days=high
            )
            MilestoneTemplate.objects.bulk_create(
                MilestoneTemplate(
                    template=template,
                    gate=gate,
                    title=title,
                    definition_of_done=done,
                    owner=owner,
                    business_days=gate,
                )
                for gate, title, done, owner in milestones
            )
    except IntegrityError:  # another request made it first
        template = PlanTemplate.objects.get(segment=segment)
    return template


@dataclass(frozen=True)
class MilestoneInput:
    gate: int
    title: str
    definition_of_done: str
    owner: str
    business_days: int


@transaction.atomic
def template_update(
    *,
    template: PlanTemplate,
    first_value_min_days: int,
    first_value_max_days: int,
    at_risk_business_days: int,
    milestones: list[MilestoneInput],
    by: User,
) -> PlanTemplate:
    """RevOps' edit of a segment: the window, the reminder lead, and each gate's milestone.
    Plans generated before keep what they were given."""
    errors: dict[str, list[str]] = {}
    if not 1 <= first_value_min_days <= first_value_max_days <= MAX_BUSINESS_DAYS:
        errors["first_value_max_days"] = [
            f"The window runs from 1 to {MAX_BUSINESS_DAYS} business days, its start first."
        ]
    if not 1 <= at_risk_business_days <= 30:
        errors["at_risk_business_days"] = ["Remind between 1 and 30 business days before."]
    if sorted(m.gate for m in milestones) != list(GATES):
        errors["milestones"] = ["Give one milestone for each of the 30, 60 and 90-day gates."]
    for milestone in milestones:
        prefix = f"milestone_{milestone.gate}"
        if not milestone.title.strip() or not milestone.definition_of_done.strip():
            errors[prefix] = [f"The {milestone.gate}-day milestone needs a title and a done."]
        if milestone.owner not in Owner.values:
            errors[prefix] = [f"Choose who owns the {milestone.gate}-day milestone."]
        if not 1 <= milestone.business_days <= MAX_BUSINESS_DAYS:
            errors[prefix] = [f"Due 1 to {MAX_BUSINESS_DAYS} business days after the kickoff."]
    days = [m.business_days for m in sorted(milestones, key=lambda m: m.gate)]
    if days != sorted(days):
        errors["milestones"] = ["Each gate falls due after the one before it."]
    if errors:
        raise ValidationError(errors)
    template.first_value_min_days = first_value_min_days
    template.first_value_max_days = first_value_max_days
    template.at_risk_business_days = at_risk_business_days
    template.updated_by = by
    template.save()
    for milestone in milestones:
        MilestoneTemplate.objects.update_or_create(
            template=template,
            gate=milestone.gate,
            defaults={
                "title": milestone.title.strip(),
                "definition_of_done": milestone.definition_of_done.strip(),
                "owner": milestone.owner,
                "business_days": milestone.business_days,
            },
        )
    return template
