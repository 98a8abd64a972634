"""Copy a unit-specific field from a sibling packet of the same deal, on the page and the API."""

import pytest
from django.urls import reverse

from handoffs.models import Packet
from handoffs.queue import tasks_inline
from handoffs.services.intake import receive_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def siblings(example_event, sales_team, django_capture_on_commit_callbacks) -> dict:
    """Northwind without a security reviewer: both unit packets wait on Maya."""
    event = example_event("northwind-closed-won")
    event["contacts"] = [c for c in event["contacts"] if "security_reviewer" not in c["roles"]]
    event["contacts"] = [c for c in event["contacts"] if "economic_buyer" not in c["roles"]]
    with tasks_inline(), django_capture_on_commit_callbacks(execute=True):
        handoff = receive_event(payload=event, integration=None).handoff
    analytics = handoff.packets.get(business_unit__slug="analytics")
    analytics.fields.filter(key="competitive_context").update(
        data={"evaluated": "Qlik", "why_us": "Epic", "reevaluate_if": "Price"}, status="complete"
    )
    return {p.business_unit.slug: p for p in handoff.packets.all()}


def copy_url(packet: Packet, key: str = "competitive_context") -> str:
    return reverse("packets:field_copy", args=[packet.pk, key])


def version(packet: Packet, key: str = "competitive_context") -> int:
    return packet.fields.get(key=key).version


def test_the_ae_copies_a_field_from_the_sibling_packet(siblings, sales_team, client_for):
    target, source = siblings["integrations"], siblings["analytics"]

    response = client_for(sales_team["maya"]).post(
        copy_url(target), {"source": source.pk, "version": version(target)}
    )

    assert response.status_code == 302
    copied = target.fields.get(key="competitive_context")
    assert copied.data == {"evaluated": "Qlik", "why_us": "Epic", "reevaluate_if": "Price"}
    assert (copied.status, copied.author, copied.updated_by) == (
        "complete",
        "ae",
        sales_team["maya"],
    )


def test_the_page_offers_the_copy_only_where_the_sibling_has_a_value(
    siblings, sales_team, client_for
):
    target = siblings["integrations"]

    response = client_for(sales_team["maya"]).get(reverse("packets:detail", args=[target.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Copy from Analytics") == 1  # competitive context differs
    assert "Other units on this deal:" in page
    assert "Shared by the whole deal" in page


def test_the_api_copies_too(siblings, sales_team, client_for):
    target, source = siblings["integrations"], siblings["analytics"]

    response = client_for(sales_team["maya"]).post(
        f"/api/v1/packets/{target.pk}/fields/competitive_context/copy/",
        {"source": source.pk, "version": version(target)},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["fields"]["competitive_context"]["status"] == "complete"


@pytest.mark.parametrize(
    ("key", "source", "says"),
    [
        ("competitive_context", "abc", "Sibling packet: Enter a whole number."),
        ("competitive_context", "self", "Copy only from another unit"),
        ("commercial_terms", "sibling", "shared by the whole deal already"),
        ("success_criteria", "sibling", "has no value here"),
    ],
)
def test_a_copy_that_cannot_be_made_is_a_400_that_says_why(
    key, source, says, siblings, sales_team, client_for
):
    target, sibling = siblings["integrations"], siblings["analytics"]
    sibling.fields.filter(key="success_criteria").update(data={})
    given = {"self": target.pk, "sibling": sibling.pk}.get(source, source)
    before = version(target, key)

    response = client_for(sales_team["maya"]).post(
        copy_url(target, key), {"source": given, "version": before}
    )

    assert response.status_code == 400
    assert says in response.content.decode()
    assert version(target, key) == before


def test_a_stale_copy_is_a_409(siblings, sales_team, client_for):
    target, source = siblings["integrations"], siblings["analytics"]

    response = client_for(sales_team["maya"]).post(
        copy_url(target), {"source": source.pk, "version": version(target) + 5}
    )

    assert response.status_code == 409
    assert (
        target.fields.get(key="competitive_context").data
        != source.fields.get(key="competitive_context").data
    )


def test_a_packet_of_another_deal_is_not_a_source(siblings, gap_packet, sales_team, client_for):
    target = siblings["integrations"]

    response = client_for(sales_team["maya"]).post(
        copy_url(target), {"source": gap_packet.pk, "version": version(target)}
    )

    assert response.status_code == 404
