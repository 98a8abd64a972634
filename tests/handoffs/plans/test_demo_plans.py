"""The demo org's success plans, in the states people meet in them."""

from io import StringIO

import pytest
from django.core.management import call_command

from handoffs.models import PlanItem, SuccessPlan
from handoffs.plan_selectors import first_value

# Committed for real, as under `make run`: the walk-through holds kickoffs after drafting.
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_has_plans_on_track_at_risk_missed_and_first_value_in_and_out_of_window(
    settings,
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    call_command("seed_demo", stdout=StringIO())

    statuses = set(PlanItem.objects.values_list("status", flat=True))
    verdicts = {first_value(plan).verdict for plan in SuccessPlan.objects.all()}
    assert {"done", "on_track", "at_risk", "missed"} <= statuses
    assert {"inside", "late"} <= verdicts


def test_seeding_again_leaves_the_plans_as_people_left_them(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("seed_demo", stdout=StringIO())
    before = list(PlanItem.objects.order_by("pk").values_list("pk", "status", "due_on"))

    call_command("seed_demo", stdout=StringIO())

    assert list(PlanItem.objects.order_by("pk").values_list("pk", "status", "due_on")) == before
