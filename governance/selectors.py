"""Reads for the definitions layer."""

from accounts.models import BusinessUnit
from governance.field_defaults import DEFAULT_FIELDS
from governance.models import AssignmentRule, AssignmentStrategy, FieldDefinition


def field_definitions() -> list[FieldDefinition]:
    """The eight field definitions; an empty table gets the operating-model defaults back,
    because scoring against no rules would pass every packet."""
    definitions = list(FieldDefinition.objects.all())
    if definitions:
        return definitions
    for position, field in enumerate(DEFAULT_FIELDS):
        FieldDefinition.objects.get_or_create(
            key=field["key"], defaults={**field, "position": position}
        )
    return list(FieldDefinition.objects.all())


def with_assignment_rules(units: list[BusinessUnit]) -> list[BusinessUnit]:
    """Attach each unit's CSM assignment rule (`strategy`, `strategy_label`); the default is
    round robin."""
    chosen = dict(AssignmentRule.objects.values_list("business_unit_id", "strategy"))
    for unit in units:
        unit.strategy = AssignmentStrategy(chosen.get(unit.pk, AssignmentStrategy.ROUND_ROBIN))
        unit.strategy_label = unit.strategy.label
    return units
