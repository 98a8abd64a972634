"""Reads for people and business units."""

from django.db.models import QuerySet

from accounts.models import User


def team_members() -> QuerySet[User]:
    return User.objects.select_related("business_unit").order_by("-is_active", "role", "full_name")
