"""Day-45 stickiness from the success plan: a milestone marked done counts like a milestone
signal from the product, under the name the comp plan asks for."""

import datetime as dt

import pytest
from django.urls import reverse

from comp.models import CompPlan, StickinessSignal
from comp.selectors import csm_variable
from handoffs.models import Decision, ItemStatus, Kickoff, SignOff
from handoffs.services.plan_tracking import item_set_status
from handoffs.services.success_plans import plan_follow_kickoff
from tests.factories import PacketFactory

pytestmark = pytest.mark.django_db
ACCEPTED = dt.datetime(2026, 7, 10, 15, tzinfo=dt.UTC)
KICKOFF = dt.datetime(2026, 7, 15, 15, tzinfo=dt.UTC)


@pytest.fixture
def quarter():
    return CompPlan.objects.create(
        name="2026-Q3",
        starts_on=dt.date(2026, 7, 1),
        ends_on=dt.date(2026, 9, 30),
        sticky_milestones=["sso live"],
    )


@pytest.fixture
def onboarded(csm, quarter):
    """A packet Nina accepted in the quarter, its kickoff held, its success plan made."""
    packet = PacketFactory(csm=csm, status="kickoff_held")
    SignOff.objects.create(
        packet=packet,
        decision=Decision.ACCEPTED,
        by=csm,
        packet_version=1,
        rating=8,
        created_at=ACCEPTED,
    )
    kickoff = Kickoff.objects.create(
        packet=packet, starts_at=KICKOFF, deadline=KICKOFF, status="held", booked_by=csm
    )
    plan_follow_kickoff(packet=packet, kickoff=kickoff, by=csm)
    return packet


def done(packet, gate: int, days_after_kickoff: int, django_capture_on_commit_callbacks) -> None:
    item = packet.success_plan.items.get(gate=gate)
    with django_capture_on_commit_callbacks(execute=True):
        item_set_status(
            item=item,
            status=ItemStatus.DONE,
            by=packet.csm,
            at=KICKOFF + dt.timedelta(days=days_after_kickoff),
        )


def login(packet, days_after_kickoff: int) -> None:
    StickinessSignal.objects.create(
        handoff=packet.handoff,
        external_id=f"login-{packet.pk}",
        kind="login",
        occurred_at=KICKOFF + dt.timedelta(days=days_after_kickoff),
    )


def test_a_plan_milestone_done_is_a_milestone_signal_named_as_the_comp_plan_names_it(
    onboarded, django_capture_on_commit_callbacks
):
    done(onboarded, 30, 12, django_capture_on_commit_callbacks)

    signal = StickinessSignal.objects.get()
    assert (signal.kind, signal.milestone, signal.source) == (
        "milestone",
        "sso live",
        "success_plan",
    )
    assert signal.occurred_at == KICKOFF + dt.timedelta(days=12)
    assert signal.handoff == onboarded.handoff


def test_an_account_with_a_login_and_the_plan_milestone_done_in_time_is_sticky(
    onboarded, csm, quarter, django_capture_on_commit_callbacks
):
    login(onboarded, 3)
    done(onboarded, 30, 12, django_capture_on_commit_callbacks)

    variable = csm_variable(csm=csm, plan=quarter)

    assert variable.sticky == [onboarded]


def test_a_plan_milestone_done_after_day_45_does_not_count(
    onboarded, csm, quarter, django_capture_on_commit_callbacks
):
    login(onboarded, 3)
    done(onboarded, 30, 50, django_capture_on_commit_callbacks)

    variable = csm_variable(csm=csm, plan=quarter)

    assert variable.matured == [onboarded]
    assert variable.sticky == []


def test_a_milestone_the_comp_plan_does_not_ask_for_is_recorded_but_is_not_enough(
    onboarded, csm, quarter, django_capture_on_commit_callbacks
):
    login(onboarded, 3)
    done(onboarded, 60, 20, django_capture_on_commit_callbacks)

    assert StickinessSignal.objects.get(kind="milestone").milestone == (
        "First integration in production"
    )
    assert csm_variable(csm=csm, plan=quarter).sticky == []


def test_the_variable_says_why_an_account_is_sticky(
    onboarded, csm, quarter, django_capture_on_commit_callbacks
):
    login(onboarded, 3)
    done(onboarded, 30, 12, django_capture_on_commit_callbacks)

    [account] = csm_variable(csm=csm, plan=quarter).accounts()

    assert account["sticky"] is True
    assert account["why"] == "Logged in Jul 18; sso live done in the success plan Jul 27."


def test_the_variable_says_what_an_account_missed(onboarded, csm, quarter):
    [account] = csm_variable(csm=csm, plan=quarter).accounts()

    assert account["sticky"] is False
    assert account["why"] == "Not by day 45: missing a customer login, sso live."


def test_the_csm_sees_on_my_variable_which_accounts_stuck_and_why(
    onboarded, csm, quarter, client_for, django_capture_on_commit_callbacks
):
    login(onboarded, 3)
    done(onboarded, 30, 12, django_capture_on_commit_callbacks)

    page = client_for(csm).get(reverse("csm_comp:variable"), {"plan": quarter.pk})

    assert page.status_code == 200
    assert "sso live done in the success plan Jul 27" in page.content.decode()
