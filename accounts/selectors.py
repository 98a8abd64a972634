"""Reads for people and business units."""

from django.db.models import Count, Q, QuerySet

from accounts.models import BusinessUnit, Role, User

ROLE_PLURALS = {
    Role.AE: "Account executives",
    Role.CSM: "Customer success managers",
    Role.CS_OPS: "CS Ops",
    Role.REVOPS_ADMIN: "RevOps admins",
}


def team_members() -> QuerySet[User]:
    return User.objects.select_related("business_unit").order_by("-is_active", "role", "full_name")


def team_overview() -> dict:
    """Headcount by role and the business units with their AEs and CSMs."""
    by_role = dict(User.objects.filter(is_active=True).values_list("role").annotate(n=Count("id")))
    units = BusinessUnit.objects.annotate(
        ae_count=Count("members", filter=_active_with_role(Role.AE)),
        csm_count=Count("members", filter=_active_with_role(Role.CSM)),
    ).order_by("name")
    return {
        "roles": [(ROLE_PLURALS[role], by_role.get(role.value, 0)) for role in Role],
        "business_units": list(units),
    }


def _active_with_role(role: Role) -> Q:
    return Q(members__role=role, members__is_active=True)
