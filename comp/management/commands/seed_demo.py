from django.core.management.base import BaseCommand

from comp.demo import seed_plans, walk_through_kickoffs
from handoffs.demo.history_rows import seed_history
from handoffs.demo.people import DEMO_PASSWORD, PEOPLE
from handoffs.demo.plans import shape_demo_plans
from handoffs.demo.seed import seed_demo_org


class Command(BaseCommand):
    help = (
        "Load the demo org: people, this quarter's comp plan and last quarter's (closed through "
        "the close workflow), 30 deals drafted through the pipeline, a few kickoffs held, and "
        "the months of handoffs and customer outcomes before them. Safe to run repeatedly."
    )

    def handle(self, *args, **options) -> None:
        result = seed_demo_org(before_deals=seed_plans)
        walked = walk_through_kickoffs()
        shape_demo_plans()
        # After the kickoffs: the history's held kickoffs would read as "already walked".
        history = seed_history()
        if result.new_deals == result.deals:
            loaded = "all drafted now"
        elif result.new_deals == 0:
            loaded = "already loaded, left as they are"
        else:
            loaded = f"{result.new_deals} drafted now, the rest already loaded"
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo org ready: {result.users} people, {result.deals} deals ({loaded})"
                + (f", {walked} kickoffs held." if walked else ".")
                + (
                    f" {history} earlier handoffs with their customers' outcomes."
                    if history
                    else ""
                )
            )
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for person in PEOPLE:
            unit = f" · {person.business_unit}" if person.business_unit else ""
            self.stdout.write(f"  {person.email:<32} {person.role.label}{unit}")
