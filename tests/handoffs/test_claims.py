"""Work a dead run held is finished by the next run, or marked failed with why; the sweep queues
stuck work again. (tests/handoffs/test_worker_crash.py does the same with a real worker.)"""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.models import OrmQ, Schedule
from django_q.tasks import async_task

from handoffs.models import InboundEvent, Packet, PacketTransition, Status
from handoffs.queue import tasks_inline
from handoffs.services.drafting import draft_packet
from handoffs.services.intake import process_inbound_event, receive_event
from handoffs.tasks import requeue_stuck_work

pytestmark = pytest.mark.django_db

LONG_AGO = timedelta(hours=1)
JUST_NOW = timedelta(seconds=5)


@pytest.fixture
def received(example_event, sales_team, django_capture_on_commit_callbacks):
    """BrightPath stored, with its processing task queued but never run."""
    with django_capture_on_commit_callbacks():
        return receive_event(payload=example_event("brightpath-closed-won")).inbound


@pytest.fixture
def drafting(received, django_capture_on_commit_callbacks) -> Packet:
    """BrightPath's packet opened, with its drafting task queued but never run."""
    with django_capture_on_commit_callbacks():
        [packet] = process_inbound_event(inbound_id=received.pk)
    return packet


def run_died(inbound: InboundEvent, *, ago: timedelta = LONG_AGO, runs: int = 1) -> None:
    InboundEvent.objects.filter(pk=inbound.pk).update(
        status="processing", claimed_at=timezone.now() - ago, attempts=runs
    )


def draft_died(packet: Packet, *, ago: timedelta = LONG_AGO, runs: int = 1) -> None:
    Packet.objects.filter(pk=packet.pk).update(
        draft_claimed_at=timezone.now() - ago, draft_attempts=runs
    )


def left_drafting(packet: Packet) -> list[str]:
    return list(
        PacketTransition.objects.filter(packet=packet, from_status=Status.DRAFTING).values_list(
            "to_status", flat=True
        )
    )


def test_an_event_whose_run_died_is_finished_by_the_next_run(
    received, django_capture_on_commit_callbacks
):
    run_died(received)

    with django_capture_on_commit_callbacks():
        packets = process_inbound_event(inbound_id=received.pk)

    received.refresh_from_db()
    assert (received.status, received.attempts) == ("processed", 2)
    assert len(packets) == 1


def test_an_event_a_live_run_holds_is_left_to_it(received):
    run_died(received, ago=JUST_NOW)

    assert process_inbound_event(inbound_id=received.pk) == []
    received.refresh_from_db()
    assert received.status == "processing"
    assert not Packet.objects.exists()


def test_an_event_whose_runs_died_three_times_is_marked_failed_with_why(received):
    run_died(received, runs=3)

    assert process_inbound_event(inbound_id=received.pk) == []
    received.refresh_from_db()
    assert received.status == "failed"
    assert received.error == (
        "Processing stopped 3 times without finishing: the worker crashed or the run hit the "
        "60-second task time limit."
    )
    assert not Packet.objects.exists()


def test_a_second_delivery_of_the_task_of_a_failed_event_does_nothing(received):
    InboundEvent.objects.filter(pk=received.pk).update(status="failed", error="Boom")

    assert process_inbound_event(inbound_id=received.pk) == []
    received.refresh_from_db()
    assert (received.status, received.error, received.attempts) == ("failed", "Boom", 0)


def test_a_draft_whose_run_died_is_finished_by_the_next_run(drafting):
    draft_died(drafting)

    draft_packet(packet_id=drafting.pk)

    assert left_drafting(drafting) == [Status.NEEDS_AE]


def test_a_draft_a_live_run_holds_is_left_to_it(drafting):
    draft_died(drafting, ago=JUST_NOW)

    assert draft_packet(packet_id=drafting.pk) is None
    drafting.refresh_from_db()
    assert drafting.status == Status.DRAFTING
    assert left_drafting(drafting) == []


def test_a_draft_whose_runs_died_three_times_is_failed_with_why_and_tried_later(drafting):
    draft_died(drafting, runs=3)

    assert draft_packet(packet_id=drafting.pk) is None

    drafting.refresh_from_db()
    assert drafting.status == Status.DRAFT_FAILED
    assert drafting.draft_claimed_at is None
    assert drafting.draft_error.startswith("Drafting stopped 3 times without finishing")
    assert Schedule.objects.filter(func="handoffs.tasks.redraft_packet", args=str(drafting.pk))


def test_runs_are_counted_afresh_after_a_draft_that_finished(drafting):
    Packet.objects.filter(pk=drafting.pk).update(draft_attempts=5)

    draft_packet(packet_id=drafting.pk)

    drafting.refresh_from_db()
    assert drafting.draft_attempts == 1


def test_the_sweep_finishes_a_stuck_event_and_a_stuck_draft(
    drafting, example_event, sales_team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        stuck_event = receive_event(payload=example_event("northwind-closed-won")).inbound
    run_died(stuck_event)
    draft_died(drafting)

    with tasks_inline(), django_capture_on_commit_callbacks(execute=True):
        assert requeue_stuck_work() == 2

    stuck_event.refresh_from_db()
    assert stuck_event.status == "processed"
    assert not Packet.objects.filter(status=Status.DRAFTING).exists()


def test_the_sweep_leaves_work_live_runs_hold(drafting, django_capture_on_commit_callbacks):
    draft_died(drafting, ago=JUST_NOW)

    with django_capture_on_commit_callbacks() as queued:
        assert requeue_stuck_work() == 0

    assert queued == []


def test_the_sweep_queues_untaken_work_only_once_no_task_waits_before_it(
    received, django_capture_on_commit_callbacks
):
    InboundEvent.objects.filter(pk=received.pk).update(queued_at=timezone.now() - LONG_AGO)
    async_task("handoffs.tasks.remind_about_slas")

    with django_capture_on_commit_callbacks() as waiting:
        assert requeue_stuck_work() == 0
    OrmQ.objects.all().delete()
    with django_capture_on_commit_callbacks() as idle:
        assert requeue_stuck_work() == 1

    assert (len(waiting), len(idle)) == (0, 1)
    received.refresh_from_db()
    assert received.queued_at > timezone.now() - JUST_NOW


def test_a_draft_never_picked_up_is_queued_again_by_the_sweep(
    drafting, settings, django_capture_on_commit_callbacks
):
    settings.TASK_CLAIM_SECONDS = 0  # it has waited longer than a claim window

    with tasks_inline(), django_capture_on_commit_callbacks(execute=True):
        assert requeue_stuck_work() == 1

    assert left_drafting(drafting) == [Status.NEEDS_AE]


def test_the_sweep_runs_every_minute():
    schedule = Schedule.objects.get(name="requeue-stuck-work")

    assert (schedule.func, schedule.minutes) == ("handoffs.tasks.requeue_stuck_work", 1)
