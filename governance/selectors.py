"""Reads for the definitions layer and the RevOps overview."""

from django.db.models import Count, Q

from accounts.models import BusinessUnit, Role, User
from governance.field_defaults import DEFAULT_FIELDS
from governance.models import FieldDefinition


def team_overview() -> dict:
    """Headcount by role and the business units with their AEs and CSMs."""
    by_role = dict(User.objects.filter(is_active=True).values_list("role").annotate(n=Count("id")))
    units = BusinessUnit.objects.annotate(
        ae_count=Count("members", filter=_active_with_role(Role.AE)),
        csm_count=Count("members", filter=_active_with_role(Role.CSM)),
    ).order_by("name")
    return {
        "roles": [(role.label, by_role.get(role.value, 0)) for role in Role],
        "business_units": list(units),
    }


def _active_with_role(role: Role) -> Q:
    return Q(members__role=role, members__is_active=True)


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
