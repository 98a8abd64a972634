from django.core.management.base import BaseCommand

from handoffs.demo.people import DEMO_PASSWORD, PEOPLE
from handoffs.demo.seed import seed_demo_org


class Command(BaseCommand):
    help = "Load the demo org (people, business units, 30 deals). Safe to run repeatedly."

    def handle(self, *args, **options) -> None:
        result = seed_demo_org()
        if result.new_deals == result.deals:
            loaded = "all drafted now"
        elif result.new_deals == 0:
            loaded = "already loaded, left as they are"
        else:
            loaded = f"{result.new_deals} drafted now, the rest already loaded"
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo org ready: {result.users} people, {result.deals} deals ({loaded})."
            )
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for person in PEOPLE:
            unit = f" · {person.business_unit}" if person.business_unit else ""
            self.stdout.write(f"  {person.email:<32} {person.role.label}{unit}")
