"""Writes to the definitions layer."""

from django.core.exceptions import ValidationError

from accounts.models import BusinessUnit
from governance.models import AssignmentRule, AssignmentStrategy


def assignment_rule_set(*, business_unit: BusinessUnit, strategy: str) -> AssignmentRule:
    """Choose how the unit's packets that pass the gate are shared among its CSMs."""
    if strategy not in AssignmentStrategy.values:
        raise ValidationError(f"Unknown assignment rule: {strategy}.")
    rule, _ = AssignmentRule.objects.update_or_create(
        business_unit=business_unit, defaults={"strategy": strategy}
    )
    return rule
