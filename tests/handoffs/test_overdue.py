"""Overdue and due soon are defined once (handoffs.sla): the list filter, the RevOps count,
the scheduled check, the reminders and the due label agree on a packet in every state."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone
from django_q.models import Schedule

from governance.models import SlaPolicy
from handoffs.models import Notification, NotificationKind, Packet, Status
from handoffs.selectors import filter_packets, pipeline_counts
from handoffs.services.notifications import remind_about_slas
from handoffs.services.sla_checks import flag_overdue_packets
from handoffs.sla import DueState, due_soon_filter, due_state
from tests.factories import PacketFactory

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


def label(packet: Packet) -> str:
    return Template("{% load handoff_tags %}{% due_label packet %}").render(
        Context({"packet": packet})
    )


@pytest.fixture
def packets(ae, csm):
    """One packet per case; only the first two wait on a person past their due time."""
    now = timezone.now()
    return {
        "late with the AE": PacketFactory(
            status=Status.NEEDS_AE, due_at=now - HOUR, handoff__ae=ae
        ),
        "late with the CSM": PacketFactory(status=Status.IN_REVIEW, due_at=now - HOUR, csm=csm),
        "soon with the AE": PacketFactory(
            status=Status.RETURNED, due_at=now + HOUR, handoff__ae=ae
        ),
        "on time with the CSM": PacketFactory(
            status=Status.READY_FOR_CS, due_at=now + dt.timedelta(days=2), csm=csm
        ),
        "kickoff time passed": PacketFactory(
            status=Status.KICKOFF_BOOKED, due_at=now - HOUR, csm=csm
        ),
        "kickoff held": PacketFactory(status=Status.KICKOFF_HELD, due_at=now - 3 * HOUR),
        "no due time": PacketFactory(status=Status.DRAFTING),
    }


def named(packets: dict, *names: str) -> set[Packet]:
    return {packets[name] for name in names}


def test_the_list_the_revops_count_the_check_and_the_label_agree_on_overdue(packets):
    listed = set(filter_packets(Packet.objects.all(), {"overdue": "1"}))
    newly_flagged = flag_overdue_packets()
    flagged = set(Packet.objects.filter(sla_breached_at__isnull=False))
    labelled = {packet for packet in packets.values() if "Overdue by" in label(packet)}

    overdue = named(packets, "late with the AE", "late with the CSM")
    assert listed == flagged == labelled == overdue
    assert pipeline_counts()["overdue"] == newly_flagged == len(overdue)


def test_the_reminders_warn_exactly_the_packets_the_label_calls_overdue_or_due_soon(packets):
    remind_about_slas()

    warned = {
        kind: set(Packet.objects.filter(pk__in=notices.values("packet")))
        for kind, notices in (
            ("lapsed", Notification.objects.filter(kind=NotificationKind.SLA_LAPSED)),
            ("soon", Notification.objects.filter(kind=NotificationKind.SLA_SOON)),
        )
    }
    assert warned["lapsed"] == named(packets, "late with the AE", "late with the CSM")
    assert warned["soon"] == named(packets, "soon with the AE")
    assert all("due-soon" in label(packet) for packet in warned["soon"])


def test_a_kickoff_whose_time_passed_waits_on_nobody_so_it_is_not_overdue(packets):
    passed = packets["kickoff time passed"]

    assert due_state(passed) is None
    assert "Due 1\xa0hour ago" in label(passed)
    assert "due-overdue" not in label(passed)


def test_due_soon_is_the_policys_window(csm):
    packet = PacketFactory(status=Status.READY_FOR_CS, due_at=timezone.now() + 3 * HOUR, csm=csm)
    soon = Packet.objects.filter(due_soon_filter())
    assert (due_state(packet), list(soon)) == (DueState.SOON, [packet])

    SlaPolicy.objects.filter(pk=1).update(due_soon_hours=2)

    assert due_state(packet) == DueState.ON_TIME
    assert not Packet.objects.filter(due_soon_filter()).exists()
    assert "due-soon" not in label(packet)


def test_it_marks_late_packets_once():
    late = PacketFactory(status=Status.NEEDS_AE, due_at=timezone.now() - HOUR)
    PacketFactory(status=Status.NEEDS_AE, due_at=timezone.now() + HOUR)

    assert flag_overdue_packets() == 1
    assert flag_overdue_packets() == 0
    late.refresh_from_db()
    assert late.sla_breached_at is not None


def test_the_check_is_scheduled_every_ten_minutes():
    schedule = Schedule.objects.get(name="flag-overdue-packets")

    assert schedule.func == "handoffs.tasks.flag_overdue_packets"
    assert schedule.minutes == 10
