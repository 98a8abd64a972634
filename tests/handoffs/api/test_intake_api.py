"""POST /api/v1/intake/events/: signatures, tokens, bad input, size limits, replays."""

import datetime as dt
import itertools
import json
import logging
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from handoffs.models import Handoff, InboundEvent
from handoffs.webhooks import sign, signed_headers
from tests.factories import ApiTokenFactory, SigningSecretFactory
from tests.handoffs.markers import nul_is_refused_by_postgresql

pytestmark = pytest.mark.django_db

URL = "/api/v1/intake/events/"
# The Standard Webhooks published test vector.
VECTOR = {
    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    "msg_id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
    "timestamp": 1614265330,
    "body": b'{"test": 2432232314}',
    "signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
}


@pytest.fixture
def secret():
    return SigningSecretFactory()


DELIVERIES = itertools.count(1)


def post_signed(client, payload, secret_value: str, **overrides):
    """One signed delivery; each gets a new `webhook-id` unless `msg_id` names one."""
    body = overrides.pop("body", None) or json.dumps(payload).encode()
    headers = signed_headers(
        secret=secret_value,
        msg_id=overrides.pop("msg_id", None) or f"msg_{next(DELIVERIES)}",
        body=body,
        timestamp=overrides.pop("timestamp", None),
    )
    headers.update(overrides)
    return client.post(URL, data=body, content_type="application/json", headers=headers)


def test_the_signature_matches_the_standard_webhooks_test_vector():
    assert (
        sign(
            secret=VECTOR["secret"],
            msg_id=VECTOR["msg_id"],
            timestamp=VECTOR["timestamp"],
            body=VECTOR["body"],
        )
        == VECTOR["signature"]
    )


def test_a_signed_event_is_accepted_with_the_handoff_and_a_status_url(
    client, secret, example_event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        response = post_signed(client, example_event("northwind-closed-won"), secret.secret)

    assert response.status_code == 202
    body = response.json()
    handoff = Handoff.objects.get()
    assert body["handoff_id"] == handoff.pk
    assert body["status_url"] == "/api/v1/intake/events/sfdc-evt-20270312-0001/"
    assert body["duplicate"] is False
    assert InboundEvent.objects.get().integration == secret.integration
    assert len(queued) == 1


def test_the_same_event_again_returns_the_same_handoff(client, secret, example_event):
    payload = example_event("brightpath-closed-won")
    first = post_signed(client, payload, secret.secret).json()

    again = post_signed(client, payload, secret.secret)

    assert again.status_code == 200
    assert again.json()["handoff_id"] == first["handoff_id"]
    assert again.json()["duplicate"] is True
    assert InboundEvent.objects.count() == 1


def test_an_identical_redelivery_under_the_same_webhook_id_is_a_duplicate(
    client, secret, example_event
):
    payload = example_event("brightpath-closed-won")
    post_signed(client, payload, secret.secret, msg_id="msg_retry")

    again = post_signed(client, payload, secret.secret, msg_id="msg_retry")

    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert InboundEvent.objects.get().delivery_id == "msg_retry"


def test_a_webhook_id_resigned_over_a_new_event_is_refused_and_logged(
    client, secret, example_event, caplog, django_capture_on_commit_callbacks
):
    payload = example_event("brightpath-closed-won")
    post_signed(client, payload, secret.secret, msg_id="msg_once")
    payload["event_id"] = "hs-evt-replayed"

    with django_capture_on_commit_callbacks() as queued, caplog.at_level(logging.WARNING):
        response = post_signed(client, payload, secret.secret, msg_id="msg_once")

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Delivery msg_once already carried event hs-evt-7781203. "
        "Each new event needs a new webhook-id."
    )
    assert "webhook-id msg_once already carried event hs-evt-7781203" in caplog.text
    assert not InboundEvent.objects.filter(event_id="hs-evt-replayed").exists()
    assert queued == []


def test_the_same_event_id_with_a_changed_body_is_refused_and_logged(
    client, secret, example_event, caplog
):
    payload = example_event("brightpath-closed-won")
    post_signed(client, payload, secret.secret)
    payload["opportunity"]["amount"] = "1.00"

    with caplog.at_level(logging.WARNING):
        response = post_signed(client, payload, secret.secret)

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Event hs-evt-7781203 was already received with a different body. "
        "Send a change as a new event with its own event_id."
    )
    assert "Refused event hs-evt-7781203" in caplog.text
    assert InboundEvent.objects.get().payload["opportunity"]["amount"] != "1.00"


@pytest.mark.parametrize("msg_id", ["m" * 201, "msg\tone", "msg-é"])
def test_a_webhook_id_that_cannot_be_stored_is_refused(client, secret, example_event, msg_id):
    response = post_signed(
        client, example_event("brightpath-closed-won"), secret.secret, msg_id=msg_id
    )

    assert response.status_code == 400
    assert "webhook-id must be at most 200 printable ASCII characters" in response.json()["detail"]
    assert not InboundEvent.objects.exists()


def test_a_wrong_signature_is_refused_and_nothing_is_stored(client, secret, example_event):
    other = SigningSecretFactory.build().secret

    response = post_signed(client, example_event("brightpath-closed-won"), other)

    assert response.status_code == 401
    assert "matches no active integration secret" in response.json()["detail"]
    assert not InboundEvent.objects.exists()
    assert not Handoff.objects.exists()


def test_a_tampered_body_is_refused(client, secret, example_event):
    body = json.dumps(example_event("brightpath-closed-won")).encode()
    headers = signed_headers(secret=secret.secret, msg_id="msg_1", body=body)

    response = client.post(
        URL, data=body.replace(b"42000", b"1"), content_type="application/json", headers=headers
    )

    assert response.status_code == 401
    assert not InboundEvent.objects.exists()


@pytest.mark.parametrize("skew", [-301, 301])
def test_a_timestamp_more_than_five_minutes_off_is_refused(client, secret, example_event, skew):
    response = post_signed(
        client,
        example_event("brightpath-closed-won"),
        secret.secret,
        timestamp=int(time.time()) + skew,
    )

    assert response.status_code == 401
    assert "more than 5 minutes" in response.json()["detail"]
    assert not InboundEvent.objects.exists()


def test_missing_signature_headers_are_named(client, secret, example_event):
    response = post_signed(
        client, example_event("brightpath-closed-won"), secret.secret, **{"webhook-timestamp": ""}
    )

    assert response.status_code == 401
    assert "webhook-timestamp" in response.json()["detail"]
    assert not InboundEvent.objects.exists()


def test_a_rotated_secret_still_works_until_it_is_revoked(client, secret, example_event):
    newer = SigningSecretFactory(integration=secret.integration)
    payload = example_event("brightpath-closed-won")

    assert post_signed(client, payload, secret.secret).status_code == 202
    secret.revoked_at = timezone.now()
    secret.save()
    payload["event_id"] = "hs-evt-rotated"
    assert post_signed(client, payload, secret.secret).status_code == 401
    assert not InboundEvent.objects.filter(event_id="hs-evt-rotated").exists()
    assert post_signed(client, payload, newer.secret).status_code == 202


def test_an_inactive_integration_is_refused(client, secret, example_event):
    secret.integration.is_active = False
    secret.integration.save()

    response = post_signed(client, example_event("brightpath-closed-won"), secret.secret)

    assert response.status_code == 401
    assert not InboundEvent.objects.exists()


def test_an_api_token_is_accepted(client, example_event):
    ApiTokenFactory(raw="hbk_test-token-123")

    response = client.post(
        URL,
        data=example_event("lumen-plg-trigger"),
        content_type="application/json",
        headers={"Authorization": "Bearer hbk_test-token-123"},
    )

    assert response.status_code == 202


def test_an_unknown_token_is_refused(client, example_event):
    response = client.post(
        URL,
        data=example_event("lumen-plg-trigger"),
        content_type="application/json",
        headers={"Authorization": "Bearer hbk_nope"},
    )

    assert response.status_code == 401
    assert response.json()["detail"] == "Unknown or revoked API token."
    assert not InboundEvent.objects.exists()


def test_no_credentials_at_all_is_refused(client, example_event):
    response = client.post(
        URL, data=example_event("lumen-plg-trigger"), content_type="application/json"
    )

    assert response.status_code == 401
    assert not InboundEvent.objects.exists()


def test_a_signed_in_person_cannot_post_events(client_for, revops_admin, example_event):
    response = client_for(revops_admin).post(
        URL, data=example_event("lumen-plg-trigger"), content_type="application/json"
    )

    # The intake endpoint takes no session: a signed-in person is as anonymous as anyone.
    assert response.status_code == 401
    assert not InboundEvent.objects.exists()


def test_malformed_json_is_a_400(client, secret):
    response = post_signed(client, None, secret.secret, body=b"{not json")

    assert response.status_code == 400
    assert "Not valid JSON" in response.json()["errors"]["body"][0]
    assert not InboundEvent.objects.exists()


def test_a_payload_that_breaks_the_contract_gets_field_level_errors(client, secret, example_event):
    payload = example_event("northwind-closed-won")
    payload["opportunity"]["segment"] = "galactic"
    del payload["account"]["name"]

    response = post_signed(client, payload, secret.secret)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "opportunity.segment" in errors
    assert "account.name" in errors
    assert not InboundEvent.objects.exists()
    assert not Handoff.objects.exists()


def test_an_oversized_body_is_refused_with_413(client, secret, settings, example_event):
    settings.HANDBRIEF = {**settings.HANDBRIEF, "MAX_INTAKE_BYTES": 1000}

    response = post_signed(client, example_event("northwind-closed-won"), secret.secret)

    assert response.status_code == 413
    assert not InboundEvent.objects.exists()
    assert not Handoff.objects.exists()


def test_get_is_not_allowed_on_the_intake_endpoint(client, secret):
    ApiTokenFactory(raw="hbk_get-token")

    response = client.get(URL, headers={"Authorization": "Bearer hbk_get-token"})

    assert response.status_code == 405


def test_the_status_url_shows_processing(client, ingest, example_event, sales_team):
    token = ApiTokenFactory(raw="hbk_status-token")
    ingest(example_event("northwind-closed-won"), integration=token.integration)

    response = client.get(
        reverse("api:intake-event", args=["sfdc-evt-20270312-0001"]),
        headers={"Authorization": "Bearer hbk_status-token"},
    )

    assert response.status_code == 200
    assert response.json()["status"] == "processed"
    assert len(response.json()["packet_ids"]) == 2


def test_an_integration_cannot_see_another_integrations_events(client, ingest, example_event):
    ApiTokenFactory(raw="hbk_other", integration__name="HubSpot")
    ingest(example_event("northwind-closed-won"))

    response = client.get(
        reverse("api:intake-event", args=["sfdc-evt-20270312-0001"]),
        headers={"Authorization": "Bearer hbk_other"},
    )

    assert response.status_code == 404


@nul_is_refused_by_postgresql
def test_a_nul_in_the_status_url_is_a_400(client):
    ApiTokenFactory(raw="hbk_nul-token")

    response = client.get(
        "/api/v1/intake/events/a%00b/", headers={"Authorization": "Bearer hbk_nul-token"}
    )

    assert response.status_code == 400
    assert "NUL character" in response.json()["errors"][0]


def test_revops_admins_retry_failed_events_and_others_may_not(
    client_for, revops_admin, csm, ingest, example_event, django_capture_on_commit_callbacks
):
    received = ingest(example_event("brightpath-closed-won"))
    url = reverse("api:intake-event-retry", args=[received.inbound.event_id])

    with django_capture_on_commit_callbacks() as queued:
        refused = client_for(revops_admin).post(url)
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "Event hs-evt-7781203 is processed; only an event that failed or is stuck can be retried."
    )
    assert InboundEvent.objects.get(pk=received.inbound.pk).status == "processed"
    assert queued == []
    InboundEvent.objects.filter(pk=received.inbound.pk).update(status="failed")
    with django_capture_on_commit_callbacks() as queued:
        assert client_for(csm).post(url).status_code == 403
    assert InboundEvent.objects.get(pk=received.inbound.pk).status == "failed"
    assert queued == []
    with django_capture_on_commit_callbacks() as queued:
        assert client_for(revops_admin).post(url).status_code == 202
    assert len(queued) == 1


def test_an_event_stuck_in_processing_is_retried_through_the_api(
    client_for, revops_admin, ingest, example_event, django_capture_on_commit_callbacks
):
    received = ingest(example_event("brightpath-closed-won"))
    InboundEvent.objects.filter(pk=received.inbound.pk).update(
        status="processing", claimed_at=timezone.now() - dt.timedelta(hours=1)
    )
    url = reverse("api:intake-event-retry", args=[received.inbound.event_id])

    with django_capture_on_commit_callbacks() as queued:
        response = client_for(revops_admin).post(url)

    assert response.status_code == 202
    assert response.json()["status"] == "received"
    assert len(queued) == 1
