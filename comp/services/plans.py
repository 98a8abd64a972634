"""Comp plans: one per quarter, inside the operating ranges, locked at the quarter close
(`comp.services.close`)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from comp.models import CompPlan
from comp.services.ledger import ensure_accrued
from handoffs.models import Packet

RANGES = {
    "holdback_pct": (20, 30, "AE holdback must be 20-30 % of the commission."),
    "csm_onboarding_share_pct": (15, 25, "The CSM onboarding share must be 15-25 %."),
    "deferred_release_pct": (0, 100, "The deferred release must be 0-100 %."),
}


def _validate(plan: CompPlan) -> None:
    errors: dict[str, str] = {}
    for field, (low, high, message) in RANGES.items():
        value = getattr(plan, field)
        if value is None or not low <= value <= high:
            errors[field] = message
    if not 0 < plan.ae_commission_rate <= 1:
        errors["ae_commission_rate"] = "The commission rate is a share between 0 and 1."
    if plan.ends_on <= plan.starts_on:
        errors["ends_on"] = "The quarter must end after it starts."
    if not 1 <= plan.completeness_window_days <= 30:
        errors["completeness_window_days"] = "The completeness window is 1-30 days."
    overlapping = CompPlan.objects.filter(starts_on__lte=plan.ends_on, ends_on__gte=plan.starts_on)
    if plan.pk:
        overlapping = overlapping.exclude(pk=plan.pk)
    if clash := overlapping.first():
        errors["starts_on"] = f"Overlaps {clash} ({clash.starts_on} to {clash.ends_on})."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_save(*, plan: CompPlan) -> CompPlan:
    """Create or change a plan; a closed quarter cannot change."""
    if plan.pk and CompPlan.objects.filter(pk=plan.pk, closed_at__isnull=False).exists():
        raise ValidationError("This quarter is closed; its plan can no longer change.")
    _validate(plan)
    plan.save()
    _accrue_deals_it_covers(plan)
    return plan


def _accrue_deals_it_covers(plan: CompPlan) -> None:
    """Deals that closed while no plan covered their date accrue once one does."""
    waiting = Packet.objects.filter(
        handoff__ae__isnull=False,
        handoff__opportunity__close_date__range=(plan.starts_on, plan.ends_on),
        ledger_entries__isnull=True,
    ).select_related("handoff__opportunity", "business_unit")
    for packet in waiting:
        ensure_accrued(packet)
