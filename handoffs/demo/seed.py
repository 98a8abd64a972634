"""Build the demo org. Safe to run again: people are upserted, and deals already loaded are left
as they are, with whatever people did to them since."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import BusinessUnit, User
from handoffs.demo.deals import demo_events
from handoffs.demo.people import BUSINESS_UNITS, DEMO_PASSWORD, PEOPLE
from handoffs.intake.sources import opportunity_key
from handoffs.models import Handoff
from handoffs.queue import tasks_inline
from handoffs.services.intake import receive_event, validate_event


@dataclass(frozen=True)
class SeedResult:
    users: int
    deals: int
    new_deals: int


@transaction.atomic
def seed_people() -> None:
    units = {
        slug: BusinessUnit.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in BUSINESS_UNITS.items()
    }
    for person in PEOPLE:
        user, created = User.objects.update_or_create(
            email=person.email,
            defaults={
                "full_name": person.full_name,
                "role": person.role,
                "business_unit": units.get(person.business_unit),
                "is_active": True,
            },
        )
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])


def seed_demo_org(*, before_deals: Callable[[], None] | None = None) -> SeedResult:
    """People first, then each deal through the real intake pipeline, drafted in-process.

    `before_deals` runs between the two, for layers above handoffs (comp's plans) that must
    exist when the deals arrive."""
    seed_people()
    if before_deals is not None:
        before_deals()
    events = demo_events(timezone.localdate())
    keys = [opportunity_key(validate_event(event)) for event in events]
    loaded = set(
        Handoff.objects.filter(opportunity_key__in=keys).values_list("opportunity_key", flat=True)
    )
    fresh = [event for event, key in zip(events, keys, strict=True) if key not in loaded]
    with tasks_inline():
        for event in fresh:
            receive_event(payload=event)
    return SeedResult(users=len(PEOPLE), deals=len(events), new_deals=len(fresh))
