"""SIGKILL the whole worker cluster while it drafts and while it processes an event, start it
again, and every event is processed once and every packet drafted and routed once.

The work is held mid-way without touching Handbrief's code: drafts wait on the fake OpenAI
server (answering after a minute), and one event waits on a row lock this test holds on its
handoff, as a slow database would make it. Short task windows keep the test quick.
"""

import time
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from governance.models import DrafterKind, DraftingPolicy
from handoffs.llm_fake import FakeOpenAI
from handoffs.models import Handoff, InboundEvent, Packet, PacketTransition, Status
from tests.factories import ApiTokenFactory
from tests.handoffs.worker import kill_hard, start_qcluster, stop

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker processes need a database they can share (runs on PostgreSQL in CI)",
    ),
]

TOKEN = "hbk_crash-token"
WINDOWS = {"Q_TIMEOUT_SECONDS": "20", "Q_CLAIM_SECONDS": "24", "Q_RETRY_SECONDS": "28"}


@pytest.fixture
def fake_openai():
    fake = FakeOpenAI(delay=60).start()
    yield fake
    fake.stop()


@pytest.fixture
def cluster(tmp_path, fake_openai):
    """Starts qcluster processes drafting with the LLM against the fake; stops what is left."""
    started = []
    log = tmp_path / "qcluster.log"
    env = {
        **WINDOWS,
        "Q_WORKERS": "4",
        "OPENAI_API_KEY": "test",
        "OPENAI_BASE_URL": fake_openai.base_url,
        "HANDBRIEF_LLM_MAX_ATTEMPTS": "1",
        "HANDBRIEF_LLM_TIMEOUT_SECONDS": "8",
        "HANDBRIEF_LLM_DEADLINE_SECONDS": "8",
    }

    def start():
        started.append(start_qcluster(log, **env))
        return started[-1]

    start.log = log
    yield start
    for process in started:
        stop(process)


def wait_until(condition: Callable[[], bool], what: str, log, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} within {timeout} s; worker log:\n{log.read_text()[-4000:]}")


def send(client, payload: dict) -> int:
    response = client.post(
        "/api/v1/intake/events/",
        payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 202, response.content
    return response.json()["handoff_id"]


def test_work_a_killed_cluster_held_is_finished_once_after_a_restart(
    client, cluster, fake_openai, example_event, sales_team
):
    ApiTokenFactory(raw=TOKEN)
    policy = DraftingPolicy.current()
    policy.drafter = DrafterKind.LLM
    policy.save()
    northwind = send(client, example_event("northwind-closed-won"))
    brightpath = send(client, example_event("brightpath-closed-won"))
    held = InboundEvent.objects.get(handoff_id=brightpath)

    with transaction.atomic():
        Handoff.objects.select_for_update().get(pk=brightpath)
        worker = cluster()
        wait_until(
            lambda: (
                len(fake_openai.requests) == 2
                and InboundEvent.objects.filter(pk=held.pk, status="processing").exists()
            ),
            "two drafts waiting on the model and an event mid-way",
            cluster.log,
        )
        kill_hard(worker)

    assert (
        Packet.objects.filter(
            handoff_id=northwind, status=Status.DRAFTING, draft_claimed_at__isnull=False
        ).count()
        == 2
    )
    assert not Packet.objects.filter(handoff_id=brightpath).exists()
    fake_openai.delay = 0
    restarted = cluster()
    wait_until(
        lambda: (
            not InboundEvent.objects.exclude(status="processed").exists()
            and Packet.objects.count() == 3
            and not Packet.objects.filter(status=Status.DRAFTING).exists()
        ),
        "every event processed and every packet drafted after the restart",
        cluster.log,
    )

    held.refresh_from_db()
    assert held.attempts == 2
    for packet in Packet.objects.all():
        assert packet.status in {Status.READY_FOR_CS, Status.NEEDS_AE}
        assert PacketTransition.objects.filter(packet=packet, from_status="").count() == 1
        assert (
            PacketTransition.objects.filter(packet=packet, from_status=Status.DRAFTING).count() == 1
        )
    assert restarted.poll() is None
