"""The AE's context on a risk flag has one bound, on the page and over the API alike."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def respond_on_the_page(client, packet, flag, text: str):
    return client.post(
        reverse("packets:risk_respond", args=[packet.pk, flag.pk]), {"response": text}
    )


def respond_over_the_api(client, packet, flag, text: str):
    return client.post(
        f"/api/v1/packets/{packet.pk}/risk-flags/{flag.pk}/respond/",
        {"response": text},
        content_type="application/json",
    )


@pytest.mark.parametrize("respond", [respond_on_the_page, respond_over_the_api])
@pytest.mark.parametrize("length", [2001, 100_000])
def test_a_response_longer_than_2000_characters_is_refused(
    client_for, sales_team, gap_packet, respond, length
):
    flag = gap_packet.risk_flags.first()

    response = respond(client_for(sales_team["devon"]), gap_packet, flag, "x" * length)

    flag.refresh_from_db()
    assert response.status_code == 400
    assert "2000 characters" in response.content.decode()
    assert flag.response == ""


@pytest.mark.parametrize("respond", [respond_on_the_page, respond_over_the_api])
def test_a_response_of_2000_characters_is_kept(client_for, sales_team, gap_packet, respond):
    flag = gap_packet.risk_flags.first()

    respond(client_for(sales_team["devon"]), gap_packet, flag, "x" * 2000)

    flag.refresh_from_db()
    assert flag.response == "x" * 2000
