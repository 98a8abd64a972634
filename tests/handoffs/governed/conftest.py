"""Packets from the pipeline, for governance pages that read packets: one waiting on the AE,
one with CS, one a CSM accepted, or the demo org's deals; and a worker's pass over the queue."""

import time

import pytest
from django.db import OperationalError
from django.utils.module_loading import import_string
from django_q.brokers import get_broker
from django_q.signing import SignedPackage

from handoffs.demo.seed import seed_demo_org
from handoffs.llm_fake import FakeOpenAI
from handoffs.models import Packet
from handoffs.services.review import packet_accept, review_start


@pytest.fixture
def gap_packet(ingest, example_event, sales_team) -> Packet:
    """BrightPath: 3 of 8, waiting on Devon."""
    return ingest(example_event("brightpath-closed-won")).handoff.packets.get()


@pytest.fixture
def northwind(ingest, example_event, sales_team) -> dict[str, Packet]:
    """Northwind: both units passed the gate (7 of 8) and went to CS."""
    handoff = ingest(example_event("northwind-closed-won")).handoff
    return {packet.business_unit.slug: packet for packet in handoff.packets.all()}


@pytest.fixture
def accepted_packet(northwind, sales_team) -> Packet:
    """Northwind integrations, accepted by its CSM."""
    packet = northwind["integrations"]
    review_start(packet=packet, by=packet.csm)
    packet.refresh_from_db()
    packet_accept(packet=packet, rating=8, by=packet.csm, expected_version=packet.version)
    packet.refresh_from_db()
    return packet


@pytest.fixture
def demo_deals(db, django_capture_on_commit_callbacks) -> list[Packet]:
    """The demo org's 30 deals, drafted through the real pipeline."""
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo_org()
    return list(Packet.objects.all())


def run_queued_tasks(limit: int = 500) -> int:
    """Do what a worker does: take each queued task from the broker, run it, acknowledge it."""
    broker, done = get_broker(), 0
    while done < limit and broker.queue_size():
        for ack_id, payload in broker.dequeue() or []:
            task = SignedPackage.loads(payload)
            _run_again_while_locked(import_string(task["func"]), task)
            broker.acknowledge(ack_id)
            done += 1
    return done


def _run_again_while_locked(func, task: dict, attempts: int = 20) -> None:
    """On SQLite's shared in-memory test database a write can meet a page's poll reading the
    same table ("database table is locked"); tasks are safe to run twice, so it runs again,
    as a worker's retry would."""
    for attempt in range(attempts):
        try:
            func(*task["args"], **task["kwargs"])
            return
        except OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.05)


@pytest.fixture
def fake_model(settings):
    """The fake OpenAI-compatible server (handoffs.llm_fake) with Handbrief pointed at it, as in
    the LLM drafter's tests; it answers every call with a faithful draft."""
    fake = FakeOpenAI().start()
    settings.HANDBRIEF = {
        **settings.HANDBRIEF,
        "OPENAI_API_KEY": "test",
        "OPENAI_BASE_URL": fake.base_url,
        "LLM_MODEL": "gpt-4o-mini",
        "LLM_TIMEOUT_SECONDS": 5.0,
        "LLM_DEADLINE_SECONDS": 10.0,
        "LLM_RETRY_BACKOFF_SECONDS": 0.0,
    }
    yield fake
    fake.stop()
