"""One gate: the page, the API, the Submit button and the AE's notice read the same verdict."""

import pytest
from django.urls import reverse

from handoffs.models import Notification, Status
from tests.factories import publish_definitions

pytestmark = pytest.mark.django_db


@pytest.fixture
def blocked_packet(ingest, example_event, sales_team):
    """Northwind analytics scores 7 of 8 (the gate), but its incomplete field blocks alone."""
    publish_definitions(fields={"presale_promises": {"blocks_gate": True}})
    handoff = ingest(example_event("northwind-closed-won")).handoff
    return handoff.packets.get(business_unit__slug="analytics")


def test_a_blocking_field_fails_the_gate_whatever_the_score(blocked_packet):
    assert (blocked_packet.score, blocked_packet.gate) == (7, 7)
    assert blocked_packet.passed_gate is False
    assert blocked_packet.status == Status.NEEDS_AE


def test_the_api_reports_the_same_verdict(blocked_packet, client_for, sales_team):
    response = client_for(sales_team["maya"]).get(f"/api/v1/packets/{blocked_packet.pk}/")

    assert response.status_code == 200
    assert response.json()["completeness"] == {
        "score": 7,
        "of": 8,
        "gate": 7,
        "passed": False,
        "blocked_by": ["Pre-sale promises"],
        "shortfall": "Needs Pre-sale promises complete (blocks the gate alone).",
    }


def test_the_page_disables_submit_and_says_why(blocked_packet, client_for, sales_team):
    response = client_for(sales_team["maya"]).get(
        reverse("packets:detail", args=[blocked_packet.pk])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'disabled aria-disabled="true" title="Needs Pre-sale promises complete' in page
    assert "meter-warn" in page and "meter-ok" not in page


def test_the_ae_notice_names_the_blocking_field(blocked_packet, sales_team):
    notice = Notification.objects.get(recipient=sales_team["maya"], packet=blocked_packet)

    assert "Needs Pre-sale promises complete (blocks the gate alone)." in notice.message


def test_submitting_is_refused_with_the_same_reason(blocked_packet, client_for, sales_team):
    response = client_for(sales_team["maya"]).post(
        reverse("packets:submit", args=[blocked_packet.pk])
    )

    blocked_packet.refresh_from_db()
    assert response.status_code == 400
    assert "Needs Pre-sale promises complete (blocks the gate alone)." in response.content.decode()
    assert blocked_packet.status == Status.NEEDS_AE
