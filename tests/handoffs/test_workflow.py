"""The packet state machine: allowed moves, refused ones, records, SLAs and announcements."""

import datetime as dt

import pytest

from handoffs.models import Status
from handoffs.signals import kickoff_held, packet_passed_gate
from handoffs.sla import add_business_days
from handoffs.workflow import TransitionRefused, due_after, transition
from tests.factories import PacketFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# The spec, written out here rather than read from `handoffs.workflow.TRANSITIONS` (the table
# under test): every move a packet may make. Every other pair of statuses is refused.
ALLOWED = [
    (Status.DRAFTING, Status.NEEDS_AE),
    (Status.DRAFTING, Status.READY_FOR_CS),
    (Status.DRAFTING, Status.DRAFT_FAILED),
    (Status.DRAFT_FAILED, Status.DRAFTING),
    (Status.NEEDS_AE, Status.READY_FOR_CS),
    (Status.NEEDS_AE, Status.DRAFTING),
    (Status.READY_FOR_CS, Status.IN_REVIEW),
    (Status.READY_FOR_CS, Status.DRAFTING),
    (Status.IN_REVIEW, Status.ACCEPTED),
    (Status.IN_REVIEW, Status.RETURNED),
    (Status.RETURNED, Status.READY_FOR_CS),
    (Status.RETURNED, Status.DRAFTING),
    (Status.ACCEPTED, Status.KICKOFF_BOOKED),
    (Status.KICKOFF_BOOKED, Status.KICKOFF_HELD),
    (Status.KICKOFF_BOOKED, Status.ACCEPTED),
]
REFUSED = [(start, end) for start in Status for end in Status if (start, end) not in ALLOWED]


@pytest.mark.parametrize(("start", "end"), ALLOWED)
def test_each_allowed_move_is_recorded_with_actor_and_reason(start, end, revops_admin):
    packet = PacketFactory(status=start)

    record = transition(packet, end, by=revops_admin, reason="Because the test says so")

    packet.refresh_from_db()
    assert packet.status == end
    assert (record.from_status, record.to_status) == (start, end)
    assert record.actor == revops_admin
    assert record.reason == "Because the test says so"
    assert packet.due_at == record.due_at


@pytest.mark.parametrize(("start", "end"), REFUSED)
def test_moves_the_table_does_not_allow_are_refused(start, end):
    packet = PacketFactory(status=start)

    with pytest.raises(TransitionRefused):
        transition(packet, end)

    packet.refresh_from_db()
    assert packet.status == start
    assert not packet.transitions.exists()


def test_a_move_from_a_stale_copy_is_checked_against_the_database():
    packet = PacketFactory(status=Status.IN_REVIEW)
    stale = type(packet).objects.get(pk=packet.pk)
    transition(packet, Status.ACCEPTED)

    with pytest.raises(TransitionRefused):
        transition(stale, Status.RETURNED)


def test_each_move_bumps_the_packet_version():
    packet = PacketFactory(status=Status.DRAFTING)

    transition(packet, Status.NEEDS_AE)

    assert packet.version == 2


def test_the_ae_has_24_hours_for_a_gap_list():
    at = dt.datetime(2026, 11, 20, 16, 0, tzinfo=UTC)

    assert due_after(PacketFactory.build(), Status.NEEDS_AE, at) == at + dt.timedelta(hours=24)


@pytest.mark.parametrize(
    ("at", "due"),
    [
        # Tuesday -> Wednesday.
        (
            dt.datetime(2026, 11, 17, 10, 0, tzinfo=UTC),
            dt.datetime(2026, 11, 18, 10, 0, tzinfo=UTC),
        ),
        # Friday -> Monday, across the weekend.
        (
            dt.datetime(2026, 11, 20, 10, 0, tzinfo=UTC),
            dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
        ),
        # Saturday -> Monday.
        (
            dt.datetime(2026, 11, 21, 10, 0, tzinfo=UTC),
            dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
        ),
        # Wednesday before Thanksgiving -> Friday, across the holiday.
        (
            dt.datetime(2026, 11, 25, 10, 0, tzinfo=UTC),
            dt.datetime(2026, 11, 27, 10, 0, tzinfo=UTC),
        ),
        # Friday before Labor Day -> Tuesday, across a weekend and a holiday.
        (dt.datetime(2027, 9, 3, 10, 0, tzinfo=UTC), dt.datetime(2027, 9, 7, 10, 0, tzinfo=UTC)),
    ],
)
def test_csm_review_is_due_in_one_business_day(at, due):
    assert due_after(PacketFactory.build(), Status.READY_FOR_CS, at) == due


def test_the_kickoff_is_due_five_business_days_after_acceptance():
    accepted = dt.datetime(2026, 11, 20, 10, 0, tzinfo=UTC)

    due = due_after(PacketFactory.build(), Status.ACCEPTED, accepted)

    # Mon 23, Tue 24, Wed 25, (Thanksgiving 26), Fri 27, Mon 30.
    assert due == dt.datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def test_the_holiday_calendar_follows_the_configured_country(settings):
    settings.HANDBRIEF = {**settings.HANDBRIEF, "HOLIDAY_COUNTRY": "DE"}
    thanksgiving_eve = dt.datetime(2026, 11, 25, 10, 0, tzinfo=UTC)

    assert add_business_days(thanksgiving_eve, 1).date() == dt.date(2026, 11, 26)


def test_review_keeps_the_due_time_it_was_given():
    packet = PacketFactory(status=Status.NEEDS_AE)
    transition(packet, Status.READY_FOR_CS)
    due = packet.due_at

    transition(packet, Status.IN_REVIEW)

    assert packet.due_at == due


def test_reaching_cs_the_first_time_is_announced_once(django_capture_on_commit_callbacks):
    heard = []
    packet_passed_gate.connect(
        lambda **kwargs: heard.append(kwargs["packet"].pk), weak=False, dispatch_uid="test-gate"
    )
    packet = PacketFactory(status=Status.DRAFTING)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            transition(packet, Status.READY_FOR_CS)
            transition(packet, Status.DRAFTING)
            transition(packet, Status.READY_FOR_CS)
    finally:
        packet_passed_gate.disconnect(dispatch_uid="test-gate")

    assert heard == [packet.pk]
    assert packet.gate_passed_at is not None


def test_a_held_kickoff_is_announced_after_commit(django_capture_on_commit_callbacks):
    heard = []
    kickoff_held.connect(
        lambda **kwargs: heard.append(kwargs["packet"].pk), weak=False, dispatch_uid="test-kickoff"
    )
    packet = PacketFactory(status=Status.KICKOFF_BOOKED)
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            transition(packet, Status.KICKOFF_HELD)
            assert heard == []
        for callback in callbacks:
            callback()
    finally:
        kickoff_held.disconnect(dispatch_uid="test-kickoff")

    assert heard == [packet.pk]
