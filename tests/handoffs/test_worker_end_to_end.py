"""The example events through the signed endpoint, drafted by a real qcluster process."""

import json
import time

import pytest
from django.db import connection

from handoffs.models import Packet, Status
from handoffs.webhooks import signed_headers
from tests.factories import SigningSecretFactory
from tests.handoffs.worker import start_qcluster, stop

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker process needs a database it can share (runs on PostgreSQL in CI)",
    ),
]


@pytest.fixture
def worker(tmp_path):
    process = start_qcluster(tmp_path / "qcluster.log")
    yield process
    stop(process)


def wait_for_drafts(handoff_id: int, count: int, timeout: float = 60) -> list[Packet]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        packets = list(Packet.objects.filter(handoff_id=handoff_id).exclude(status=Status.DRAFTING))
        if len(packets) == count:
            return packets
        time.sleep(0.1)
    raise AssertionError(f"handoff {handoff_id} had no {count} drafted packets in {timeout} s")


def post_signed(client, payload: dict, secret: str):
    body = json.dumps(payload).encode()
    headers = signed_headers(secret=secret, msg_id=payload["event_id"], body=body)
    return client.post(
        "/api/v1/intake/events/", data=body, content_type="application/json", headers=headers
    )


def test_the_examples_are_drafted_by_the_worker(client, worker, example_event, sales_team):
    secret = SigningSecretFactory().secret

    accepted = {
        name: post_signed(client, example_event(name), secret)
        for name in ("northwind-closed-won", "brightpath-closed-won", "lumen-plg-trigger")
    }

    assert {response.status_code for response in accepted.values()} == {202}
    northwind = wait_for_drafts(accepted["northwind-closed-won"].json()["handoff_id"], 2)
    brightpath = wait_for_drafts(accepted["brightpath-closed-won"].json()["handoff_id"], 1)
    lumen = wait_for_drafts(accepted["lumen-plg-trigger"].json()["handoff_id"], 1)
    assert {packet.status for packet in northwind} == {Status.READY_FOR_CS}
    assert brightpath[0].status == Status.NEEDS_AE
    assert lumen[0].handoff.opportunity.motion == "plg"
    assert worker.poll() is None
