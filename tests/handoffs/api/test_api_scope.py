"""Fields that read related rows answer within the caller's scope, like the queries do."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def northwind(ingest, example_event, sales_team):
    received = ingest(example_event("northwind-closed-won"))
    return {p.business_unit.slug: p for p in received.handoff.packets.all()}


def test_a_csm_s_handoff_list_names_only_the_packets_of_their_unit(
    client_for, sales_team, northwind
):
    rows = client_for(sales_team["nina"]).get(reverse("api:handoff-list")).json()["results"]

    assert [row["packet_ids"] for row in rows] == [[northwind["analytics"].pk]]


def test_a_csm_s_handoff_detail_names_only_the_packets_of_their_unit(
    client_for, sales_team, northwind
):
    handoff = northwind["integrations"].handoff_id

    body = client_for(sales_team["marcus"]).get(reverse("api:handoff-detail", args=[handoff]))

    assert body.json()["packet_ids"] == [northwind["integrations"].pk]


def test_the_owning_ae_s_handoff_names_every_packet_of_the_deal(client_for, sales_team, northwind):
    rows = client_for(sales_team["maya"]).get(reverse("api:handoff-list")).json()["results"]

    assert rows[0]["packet_ids"] == sorted(packet.pk for packet in northwind.values())
