"""Signed release and forfeit signals for commission tools, by webhook and by CSV."""

import csv
import datetime as dt
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.urls import reverse

from comp.models import ReleaseWebhook, WebhookDelivery
from comp.services.ledger import settle_at_kickoff
from handoffs.models import Packet, SigningSecret
from handoffs.queue import tasks_inline
from handoffs.webhooks import signature_matches

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    """A commission tool on 127.0.0.1 that records what it is sent and answers `status`."""
    received, state = [], {"status": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers, body))
            self.send_response(state["status"])
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {
        "url": f"http://127.0.0.1:{server.server_port}/hook",
        "received": received,
        "state": state,
    }
    server.shutdown()


@pytest.fixture
def on_day(ingest, example_event, sales_team, plan_2027_q1):
    def make(day: int) -> Packet:
        packet = ingest(example_event("northwind-closed-won")).handoff.packets.get(
            business_unit__slug="analytics"
        )
        Packet.objects.filter(pk=packet.pk).update(
            gate_passed_at=dt.datetime(2027, 3, 12, 15, tzinfo=dt.UTC) + dt.timedelta(days=day)
        )
        packet.refresh_from_db()
        return packet

    return make


def test_a_release_is_sent_signed_with_its_evidence(
    receiver, on_day, django_capture_on_commit_callbacks
):
    hook = ReleaseWebhook.objects.create(
        name="QuotaPath", url=receiver["url"], secret=SigningSecret.generate()
    )
    packet = on_day(2)

    with tasks_inline(), django_capture_on_commit_callbacks(execute=True):
        settle_at_kickoff(packet)

    headers, body = receiver["received"][0]
    payload = json.loads(body)
    assert payload["type"] == "holdback.release"
    assert payload["amount"] == "3750.00"
    assert payload["evidence"]["gate_passed_at"].startswith("2027-03-14")
    assert signature_matches(
        secret=hook.secret,
        msg_id=headers["webhook-id"],
        timestamp=int(headers["webhook-timestamp"]),
        body=body,
        header=headers["webhook-signature"],
    )
    assert WebhookDelivery.objects.get().status_code == 200


def test_a_failed_delivery_is_recorded_and_raised_for_retry(receiver, on_day):
    from comp.models import LedgerEntry
    from comp.services.release_signals import send_release_signal

    ReleaseWebhook.objects.create(
        name="Spiff", url=receiver["url"], secret=SigningSecret.generate()
    )
    receiver["state"]["status"] = 503
    settle_at_kickoff(on_day(9))
    entry = LedgerEntry.objects.get(kind="forfeit")

    with pytest.raises(Exception, match="503"):
        send_release_signal(entry_id=entry.pk)

    delivery = WebhookDelivery.objects.get()
    assert delivery.delivered_at is None
    assert delivery.attempts == 1
    assert "503" in delivery.last_error


def test_the_releases_csv_lists_dated_signals(client_for, cs_ops, on_day, plan_2027_q1):
    settle_at_kickoff(on_day(9))

    response = client_for(cs_ops).get(reverse("comp:releases_csv", args=[plan_2027_q1.pk]))

    [row] = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert row["type"] == "holdback.forfeit"
    assert row["amount"] == "3750.00"
    assert row["close_date"] == "2027-03-12"


def test_aes_cannot_download_the_releases_csv(client_for, sales_team, plan_2027_q1):
    response = client_for(sales_team["maya"]).get(
        reverse("comp:releases_csv", args=[plan_2027_q1.pk])
    )

    assert response.status_code == 403
