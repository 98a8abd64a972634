"""Following the plan: status moves, and the scheduled check that marks what is at risk or
missed and pings the CSM before each gate and at each miss."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from accounts.errors import Conflict
from handoffs.models import ItemStatus, Notification, PlanItem
from handoffs.services import plan_tracking
from handoffs.services.plan_tracking import check_plans, item_set_status
from handoffs.signals import plan_milestone_done

pytestmark = pytest.mark.django_db

# The 30-day milestone of the conftest's plan falls due Monday, April 13, 2026; three business
# days before is Wednesday the 8th.
DUE_30 = dt.date(2026, 4, 13)
AHEAD = dt.date(2026, 4, 8)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)


def gate(plan, days: int) -> PlanItem:
    return plan.items.get(gate=days)


def test_the_csm_marks_a_milestone_done(plan, csm):
    item = item_set_status(item=gate(plan, 30), status=ItemStatus.DONE, by=csm)

    assert item.status == ItemStatus.DONE
    assert item.done_at is not None
    assert item.status_changed_by == csm


@pytest.mark.parametrize("status", [ItemStatus.AT_RISK, ItemStatus.MISSED])
def test_at_risk_and_missed_need_a_reason(plan, csm, status):
    with pytest.raises(Exception, match="Say why"):
        item_set_status(item=gate(plan, 30), status=status, reason=" ", by=csm)

    assert gate(plan, 30).status == ItemStatus.NOT_STARTED


def test_a_done_milestone_stays_done(plan, csm):
    item_set_status(item=gate(plan, 30), status=ItemStatus.DONE, by=csm)

    with pytest.raises(Conflict, match="cannot become on track"):
        item_set_status(item=gate(plan, 30), status=ItemStatus.ON_TRACK, by=csm)


def test_a_missed_milestone_can_still_be_done_late(plan, csm):
    item_set_status(
        item=gate(plan, 30), status=ItemStatus.MISSED, reason="SSO vendor slipped", by=csm
    )

    item = item_set_status(item=gate(plan, 30), status=ItemStatus.DONE, by=csm)

    assert item.status == ItemStatus.DONE
    assert item.status_reason == ""


def test_the_check_marks_a_milestone_missed_after_its_due_date_and_tells_the_csm(
    plan, csm, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        check_plans(now=at(DUE_30 + dt.timedelta(days=1)))

    missed = gate(plan, 30)
    assert missed.status == ItemStatus.MISSED
    assert missed.status_reason == "Not done by its due date, Apr 13, 2026."
    assert missed.status_changed_by is None
    notice = Notification.objects.get(kind="plan_gate_missed")
    assert notice.recipient == csm
    assert "The 30-day milestone “SSO live”" in notice.message
    assert mail.outbox[-1].to == [csm.email]
    assert "missed" in mail.outbox[-1].subject.lower()


def test_a_milestone_not_started_near_its_gate_is_at_risk_and_the_csm_is_reminded(plan, csm):
    check_plans(now=at(AHEAD))

    item = gate(plan, 30)
    assert item.status == ItemStatus.AT_RISK
    assert item.status_reason.startswith("Due Apr 13, 3 business days away")
    [notice] = Notification.objects.filter(kind="plan_gate_soon")
    assert notice.recipient == csm
    assert "due Mon Apr 13" in notice.message


def test_a_milestone_on_track_is_reminded_of_but_stays_on_track(plan, csm):
    item_set_status(item=gate(plan, 30), status=ItemStatus.ON_TRACK, by=csm)

    check_plans(now=at(AHEAD))

    assert gate(plan, 30).status == ItemStatus.ON_TRACK
    assert Notification.objects.filter(kind="plan_gate_soon").count() == 1


def test_running_the_check_again_changes_nothing_and_sends_nothing_new(plan):
    check_plans(now=at(AHEAD))
    check_plans(now=at(AHEAD + dt.timedelta(days=1)))
    check_plans(now=at(DUE_30 + dt.timedelta(days=1)))
    check_plans(now=at(DUE_30 + dt.timedelta(days=2)))

    assert Notification.objects.filter(kind="plan_gate_soon").count() == 1
    assert Notification.objects.filter(kind="plan_gate_missed").count() == 1


def test_nothing_is_flagged_while_a_gate_is_far_off(plan):
    assert check_plans(now=at(DUE_30 - dt.timedelta(days=30))) == 0

    assert not plan.items.exclude(status=ItemStatus.NOT_STARTED).exists()
    assert not Notification.objects.exists()


def test_done_items_are_left_alone(plan, csm):
    item_set_status(item=gate(plan, 30), status=ItemStatus.DONE, by=csm)

    check_plans(now=at(DUE_30 + dt.timedelta(days=1)))

    assert gate(plan, 30).status == ItemStatus.DONE


def test_a_reminded_gate_that_moves_is_reminded_of_again(plan, csm):
    check_plans(now=at(AHEAD))
    plan_tracking.item_edit(
        item=gate(plan, 30),
        title="SSO live",
        definition_of_done="",
        owner="technical_buyer",
        contact_name="Grace Kim",
        due=DUE_30 + dt.timedelta(days=1),
        by=csm,
    )

    check_plans(now=at(AHEAD + dt.timedelta(days=1)))

    assert Notification.objects.filter(kind="plan_gate_soon").count() == 2


def test_a_done_milestone_tells_comp(plan, csm, django_capture_on_commit_callbacks):
    heard = []

    def listen(sender, packet, title, at, **kwargs):
        heard.append((packet.pk, title))

    plan_milestone_done.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            item_set_status(item=gate(plan, 30), status=ItemStatus.DONE, by=csm)
    finally:
        plan_milestone_done.disconnect(listen)

    assert heard == [(plan.packet_id, "SSO live")]


def test_a_plan_notice_opens_the_plan(plan, csm, client_for):
    check_plans(now=at(DUE_30 + dt.timedelta(days=1)))

    page = client_for(csm).get(reverse("notifications:list")).content.decode()

    assert reverse("packets:plan", args=[plan.packet_id]) in page
