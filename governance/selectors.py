"""Reads for the definitions layer."""

from governance.field_defaults import DEFAULT_FIELDS
from governance.models import FieldDefinition


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
