"""Plans pushed to a CS platform: signed webhooks to a local receiver, retried with backoff,
given up on after a while, replayed from the RevOps page; an endpoint that keeps failing is
marked unhealthy."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from handoffs.models import DeliveryAttempt, DeliveryStatus, ItemStatus, OutboundDelivery
from handoffs.queue import tasks_inline
from handoffs.services import outbound
from handoffs.services.plan_tracking import item_set_status
from handoffs.webhooks import signature_matches

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    """A CS platform on 127.0.0.1 that records what it is sent and answers `status`."""
    received, state = [], {"status": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers, body))
            self.send_response(state["status"])
            if state["status"] in (301, 302):
                self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {
        "url": f"http://127.0.0.1:{server.server_port}/handbrief",
        "received": received,
        "state": state,
    }
    server.shutdown()


@pytest.fixture
def endpoint(receiver, revops_admin):
    return outbound.endpoint_create(name="Gainsight", url=receiver["url"], by=revops_admin)


@pytest.fixture
def held(booked, hold, endpoint, django_capture_on_commit_callbacks):
    """The kickoff held with the endpoint in place: the plan.created event is sent."""
    with tasks_inline(), django_capture_on_commit_callbacks(execute=True):
        return hold(booked)


def verified(headers, body, secret) -> dict:
    assert signature_matches(
        secret=secret,
        msg_id=headers["webhook-id"],
        timestamp=int(headers["webhook-timestamp"]),
        body=body,
        header=headers["webhook-signature"],
    )
    return json.loads(body)


def later(minutes: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


def test_a_new_plan_is_sent_signed_as_a_success_plan_object(held, receiver, endpoint):
    [(headers, body)] = receiver["received"]
    event = verified(headers, body, endpoint.secret)
    plan = event["data"]["success_plan"]

    assert event["type"] == "success_plan.created"
    assert plan["external_id"] == f"handbrief-plan-{held.pk}"
    assert plan["account"]["name"] == "Northwind Health"
    assert plan["owner"]["email"] == "nina.patel@seller.example"
    assert plan["objectives"][0]["name"].startswith("For us success is the readmission dashboard")
    assert [task["gate"] for task in plan["tasks"]] == [30, 60, 90]
    assert plan["tasks"][0]["owner"] == {
        "side": "customer",
        "role": "technical_buyer",
        "name": "Grace Kim",
        "email": "",
    }
    assert plan["time_to_first_value"]["window_business_days"] == [45, 90]
    assert OutboundDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_a_milestone_status_change_is_sent_with_the_status_before_it(
    held, receiver, endpoint, csm, django_capture_on_commit_callbacks
):
    with tasks_inline(), django_capture_on_commit_callbacks(execute=True):
        item_set_status(item=held.items.get(gate=30), status=ItemStatus.DONE, by=csm)

    headers, body = receiver["received"][-1]
    event = verified(headers, body, endpoint.secret)
    assert event["type"] == "success_plan.milestone.status_changed"
    assert event["data"]["task"]["status"] == "done"
    assert event["data"]["task"]["previous_status"] == "not_started"
    assert event["data"]["task"]["completed_at"]
    assert event["data"]["success_plan"]["version"] == held.version + 1


def test_a_failed_delivery_is_retried_after_its_backoff_with_the_same_id(
    booked, hold, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver["state"]["status"] = 503
    with tasks_inline(), django_capture_on_commit_callbacks(execute=True):
        hold(booked)
    delivery = OutboundDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 503)
    assert delivery.next_attempt_at > timezone.now()

    assert outbound.send_due() == 0
    receiver["state"]["status"] = 204
    assert outbound.send_due(now=later(1.5)) == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    first, second = receiver["received"]
    assert first[0]["webhook-id"] == second[0]["webhook-id"] == delivery.message_id
    assert list(delivery.attempt_log.values_list("status_code", flat=True)) == [503, 204]


def test_the_backoff_doubles_up_to_an_hour():
    assert [outbound.backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4, 8, 20)] == [
        1,
        2,
        4,
        8,
        60,
        60,
    ]


def fail_until_given_up(receiver) -> OutboundDelivery:
    receiver["state"]["status"] = 500
    moment = timezone.now()
    delivery = OutboundDelivery.objects.get()
    while delivery.status != DeliveryStatus.FAILED:
        moment += dt.timedelta(hours=2)
        outbound.send_due(now=moment)
        delivery.refresh_from_db()
    return delivery


def test_a_delivery_gives_up_and_the_endpoint_shows_as_unhealthy(
    booked, hold, endpoint, receiver, client_for, cs_ops
):
    receiver["state"]["status"] = 500
    hold(booked)

    delivery = fail_until_given_up(receiver)

    endpoint.refresh_from_db()
    assert delivery.attempts == outbound.MAX_ATTEMPTS
    assert not endpoint.is_healthy
    assert endpoint.consecutive_failures == outbound.MAX_ATTEMPTS
    webhooks = client_for(cs_ops).get(reverse("webhooks:list")).content.decode()
    overview = client_for(cs_ops).get(reverse("revops:home")).content.decode()
    assert "Unhealthy" in webhooks
    assert "HTTP 500 from the receiver" in webhooks
    assert "Gainsight" in overview
    assert "unhealthy" in overview.lower()


def test_revops_replays_a_delivery_that_gave_up(
    booked, hold, endpoint, receiver, client_for, revops_admin
):
    hold(booked)
    delivery = fail_until_given_up(receiver)
    receiver["state"]["status"] = 200

    response = client_for(revops_admin).post(reverse("webhooks:replay", args=[delivery.pk]))

    delivery.refresh_from_db()
    endpoint.refresh_from_db()
    assert response.status_code == 302
    assert delivery.status == DeliveryStatus.DELIVERED
    assert endpoint.is_healthy
    replayed = DeliveryAttempt.objects.get(delivery=delivery, replay=True)
    assert replayed.by == revops_admin
    assert receiver["received"][-1][0]["webhook-id"] == delivery.message_id


def test_a_delivery_still_being_tried_is_not_replayed(
    booked, hold, endpoint, client_for, revops_admin, receiver
):
    receiver["state"]["status"] = 500
    hold(booked)
    delivery = OutboundDelivery.objects.get()

    response = client_for(revops_admin).post(reverse("webhooks:replay", args=[delivery.pk]))

    assert response.status_code == 409
    assert "still being tried" in response.content.decode()


def test_only_revops_admins_replay(booked, hold, endpoint, receiver, client_for, cs_ops):
    hold(booked)
    delivery = fail_until_given_up(receiver)

    response = client_for(cs_ops).post(reverse("webhooks:replay", args=[delivery.pk]))

    delivery.refresh_from_db()
    assert response.status_code == 403
    assert delivery.status == DeliveryStatus.FAILED


@pytest.mark.parametrize(("status", "error"), [(302, "HTTP 302"), (404, "HTTP 404")])
def test_a_redirect_or_a_refusal_is_a_failed_attempt(
    booked, hold, endpoint, receiver, status, error
):
    receiver["state"]["status"] = status
    hold(booked)

    outbound.send(OutboundDelivery.objects.get().pk)

    delivery = OutboundDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert error in delivery.last_error


def test_an_unreachable_receiver_is_a_failed_attempt(booked, hold, revops_admin):
    outbound.endpoint_create(name="Down", url="http://127.0.0.1:9/nothing", by=revops_admin)
    hold(booked)

    assert outbound.send(OutboundDelivery.objects.get().pk) is False

    delivery = OutboundDelivery.objects.get()
    assert delivery.last_error.startswith("Could not reach the receiver")
    assert delivery.last_status_code is None


def test_an_event_is_queued_once_per_endpoint_and_version(endpoint):
    outbound.publish(event_type="success_plan.updated", event_key="k:1:v2", payload={})
    outbound.publish(event_type="success_plan.updated", event_key="k:1:v2", payload={})

    assert OutboundDelivery.objects.count() == 1


def test_a_paused_endpoint_gets_no_events_and_no_retries(booked, hold, endpoint, receiver):
    receiver["state"]["status"] = 500
    hold(booked)
    outbound.endpoint_set_active(endpoint=endpoint, active=False)

    assert outbound.send_due(now=later(30)) == 0
    outbound.publish(event_type="success_plan.updated", event_key="other", payload={})

    assert OutboundDelivery.objects.count() == 1
    assert OutboundDelivery.objects.get().attempts == 0


def test_a_task_run_twice_sends_once(booked, hold, endpoint, receiver):
    hold(booked)
    delivery = OutboundDelivery.objects.get()

    outbound.send(delivery.pk)
    outbound.send(delivery.pk)

    assert len(receiver["received"]) == 1


def test_the_webhooks_page_is_revops(client_for, users_by_role, endpoint):
    allowed = [
        client_for(users_by_role[role]).get(reverse("webhooks:list"))
        for role in ("cs_ops", "revops_admin")
    ]
    denied = [
        client_for(users_by_role[role]).get(reverse("webhooks:list")) for role in ("ae", "csm")
    ]

    assert [response.status_code for response in allowed] == [200, 200]
    assert [response.status_code for response in denied] == [403, 403]


def test_revops_adds_an_endpoint_and_sees_its_secret_once(client_for, revops_admin):
    client = client_for(revops_admin)

    added = client.post(
        reverse("webhooks:endpoint_create"),
        {"name": "ChurnZero", "url": "https://hooks.example.com/handbrief"},
    )
    first = client.get(reverse("webhooks:list")).content.decode()
    second = client.get(reverse("webhooks:list")).content.decode()

    assert added.status_code == 302
    assert "whsec_" in first
    assert "whsec_" not in second


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"name": "X", "url": "ftp://files.example.com"}, "Enter an http or https address."),
        ({"name": "", "url": "https://hooks.example.com"}, "Name"),
        ({"name": "X", "url": ""}, "URL"),
    ],
)
def test_a_bad_endpoint_is_400(client_for, revops_admin, data, words):
    response = client_for(revops_admin).post(reverse("webhooks:endpoint_create"), data)

    assert response.status_code == 400
    assert words in response.content.decode()


def test_cs_ops_may_not_add_or_pause_endpoints(client_for, cs_ops, endpoint):
    client = client_for(cs_ops)

    add = client.post(
        reverse("webhooks:endpoint_create"), {"name": "X", "url": "https://x.example"}
    )
    pause = client.post(reverse("webhooks:endpoint_active", args=[endpoint.pk]), {"active": "0"})

    endpoint.refresh_from_db()
    assert (add.status_code, pause.status_code) == (403, 403)
    assert endpoint.is_active


def test_revops_pauses_and_resumes_an_endpoint(client_for, revops_admin, endpoint):
    client = client_for(revops_admin)
    path = reverse("webhooks:endpoint_active", args=[endpoint.pk])

    client.post(path, {"active": "0"})
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    bad = client.post(path, {"active": "maybe"})
    client.post(path, {"active": "1"})
    endpoint.refresh_from_db()
    assert endpoint.is_active
    assert bad.status_code == 400


def test_the_deliveries_list_pages_in_a_fixed_number_of_queries(client_for, cs_ops, endpoint):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client_for(cs_ops).get(reverse("webhooks:list"), {"status": "pending"})
        assert response.status_code == 200
        return len(captured)

    outbound.publish(event_type="success_plan.updated", event_key="a", payload={})
    few = queries()
    for key in "bcdefg":
        outbound.publish(event_type="success_plan.updated", event_key=key, payload={})
    assert queries() == few
