"""The scheduled check marks packets whose current step passed its due time, once."""

import datetime as dt

import pytest
from django.utils import timezone
from django_q.models import Schedule

from handoffs.models import Status
from handoffs.services.drafting import flag_overdue_packets
from tests.factories import PacketFactory

pytestmark = pytest.mark.django_db


def test_it_marks_late_packets_once():
    late = PacketFactory(status=Status.NEEDS_AE, due_at=timezone.now() - dt.timedelta(hours=1))
    PacketFactory(status=Status.NEEDS_AE, due_at=timezone.now() + dt.timedelta(hours=1))
    PacketFactory(status=Status.KICKOFF_HELD, due_at=timezone.now() - dt.timedelta(days=3))

    assert flag_overdue_packets() == 1
    assert flag_overdue_packets() == 0
    late.refresh_from_db()
    assert late.sla_breached_at is not None
    assert late.is_overdue


def test_the_check_is_scheduled_every_ten_minutes():
    schedule = Schedule.objects.get(name="flag-overdue-packets")

    assert schedule.func == "handoffs.tasks.flag_overdue_packets"
    assert schedule.minutes == 10
