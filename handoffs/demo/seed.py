"""Build the demo org. Safe to run again: every row is upserted on a natural key."""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import BusinessUnit, User
from handoffs.demo.deals import demo_events
from handoffs.demo.people import BUSINESS_UNITS, DEMO_PASSWORD, PEOPLE
from handoffs.intake.schema import IntakeEvent
from handoffs.intake.sources import load_sources


@dataclass(frozen=True)
class SeedResult:
    users: int
    deals: int


@transaction.atomic
def seed_demo_org() -> SeedResult:
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
    events = [IntakeEvent.model_validate(event) for event in demo_events()]
    for event in events:
        load_sources(event)
    return SeedResult(users=len(PEOPLE), deals=len(events))
