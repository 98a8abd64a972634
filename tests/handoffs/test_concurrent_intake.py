"""The same event delivered by several workers at once still yields one handoff."""

import threading

import pytest
from django.db import connection, connections

from handoffs.models import Handoff, InboundEvent
from handoffs.services.intake import receive_event

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a server database with real concurrent connections (runs in CI)",
    ),
]

DELIVERIES = 6


def test_concurrent_deliveries_of_one_event_create_one_handoff(example_event):
    payload = example_event("northwind-closed-won")
    start = threading.Barrier(DELIVERIES)
    results, errors = [], []

    def deliver() -> None:
        try:
            start.wait()
            results.append(receive_event(payload=payload).handoff.pk)
        except Exception as error:  # a failure here must fail the test, not vanish in a thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(DELIVERIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(set(results)) == 1
    assert Handoff.objects.count() == 1
    assert InboundEvent.objects.count() == 1


def test_concurrent_events_for_one_opportunity_share_the_handoff(example_event):
    start = threading.Barrier(DELIVERIES)
    results, errors = [], []

    def deliver(n: int) -> None:
        payload = example_event("northwind-closed-won")
        payload["event_id"] = f"sfdc-evt-concurrent-{n}"
        try:
            start.wait()
            results.append(receive_event(payload=payload).handoff.pk)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver, args=(n,)) for n in range(DELIVERIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(set(results)) == 1
    assert InboundEvent.objects.count() == DELIVERIES
