"""Packet and handoff endpoints: each role sees exactly what the access policy allows."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def northwind(ingest, example_event, sales_team):
    received = ingest(example_event("northwind-closed-won"))
    return {p.business_unit.slug: p for p in received.handoff.packets.all()}


@pytest.fixture
def brightpath(ingest, example_event, sales_team):
    return ingest(example_event("brightpath-closed-won")).handoff.packets.get()


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_the_packet_reads_in_the_design_format(client_for, sales_team, northwind):
    packet = northwind["analytics"]

    body = client_for(sales_team["maya"]).get(f"/api/v1/packets/{packet.pk}/").json()

    assert body["opportunity_external_id"] == "006AX00000Q1ZzY"
    assert body["business_unit"] == "analytics"
    assert body["status"] == "ready_for_cs"
    assert body["ae"] == "maya.chen@seller.example"
    assert body["csm"] == "nina.patel@seller.example"
    assert body["completeness"] == {
        "score": 7,
        "of": 8,
        "gate": 7,
        "passed": True,
        "blocked_by": [],
        "shortfall": "",
    }
    assert set(body["fields"]) >= {"economic_buyer_champion", "stakeholder_map"}
    evidence = body["fields"]["success_criteria"]["evidence"][0]
    assert evidence == {
        "kind": "transcript",
        "ref": "gong-88455",
        "turn": 1,
        "quote": evidence["quote"],
    }
    siem = next(c for c in body["commitments"] if "SIEM" in c["quote"])
    assert (siem["ghost"], siem["due"], siem["turn"]) == (True, "2027-04-30", 4)
    assert (
        siem["standing"]
        == "not in the contract or the success plan, and nobody has acknowledged it"
    )
    ghost = next(flag for flag in body["risk_flags"] if flag["kind"] == "ghost_commitment")
    assert (ghost["open"], ghost["resolved_by"], ghost["resolution"]) == (True, None, "")


def test_an_ae_lists_only_their_own_deals(client_for, sales_team, northwind, brightpath):
    maya = ids(client_for(sales_team["maya"]).get("/api/v1/packets/"))
    devon = ids(client_for(sales_team["devon"]).get("/api/v1/packets/"))

    assert maya == {northwind["analytics"].pk, northwind["integrations"].pk}
    assert devon == {brightpath.pk}


def test_an_ae_gets_404_for_someone_elses_packet(client_for, sales_team, brightpath):
    response = client_for(sales_team["maya"]).get(f"/api/v1/packets/{brightpath.pk}/")

    assert response.status_code == 404


def test_a_csm_sees_their_assignments_not_other_units(
    client_for, sales_team, northwind, brightpath
):
    nina = ids(client_for(sales_team["nina"]).get("/api/v1/packets/"))

    assert nina == {northwind["analytics"].pk}


def test_a_csm_sees_their_units_unclaimed_queue(client_for, sales_team, northwind, analytics):
    other = UserFactory(role=Role.CSM, business_unit=analytics)
    northwind["analytics"].__class__.objects.filter(pk=northwind["analytics"].pk).update(csm=None)

    assert ids(client_for(other).get("/api/v1/packets/")) == {northwind["analytics"].pk}


def test_a_csm_never_sees_packets_still_with_the_ae(client_for, sales_team, brightpath):
    response = client_for(sales_team["nina"]).get(f"/api/v1/packets/{brightpath.pk}/")

    assert response.status_code == 404


@pytest.mark.parametrize("role", ["cs_ops", "revops_admin"])
def test_revops_sees_everything(role, request, client_for, northwind, brightpath):
    user = request.getfixturevalue(role)

    assert len(ids(client_for(user).get("/api/v1/packets/"))) == 3


def test_anonymous_callers_are_refused(northwind):
    response = Client().get("/api/v1/packets/")

    assert response.status_code == 403


def test_filters_narrow_the_list(client_for, revops_admin, northwind, brightpath):
    client = client_for(revops_admin)

    assert ids(client.get("/api/v1/packets/?status=needs_ae")) == {brightpath.pk}
    assert ids(client.get("/api/v1/packets/?business_unit=integrations")) == {
        northwind["integrations"].pk
    }
    assert ids(client.get("/api/v1/packets/?ae=devon.price@seller.example")) == {brightpath.pk}
    assert ids(client.get("/api/v1/packets/?q=brightpath")) == {brightpath.pk}
    assert ids(client.get("/api/v1/packets/?status=nonsense")) == set()


def test_the_list_costs_the_same_queries_for_more_rows(
    client_for, revops_admin, ingest, example_event, sales_team, django_assert_num_queries
):
    client = client_for(revops_admin)
    ingest(example_event("brightpath-closed-won"))
    client.get("/api/v1/packets/")
    with django_assert_num_queries(4):
        one = client.get("/api/v1/packets/")
    ingest(example_event("northwind-closed-won"))
    ingest(example_event("lumen-plg-trigger"))

    with django_assert_num_queries(4):
        response = client.get("/api/v1/packets/")
    assert one.status_code == 200 and one.json()["count"] == 1
    assert response.status_code == 200
    assert response.json()["count"] == 4


def test_field_history_lists_versions_newest_first(client_for, sales_team, brightpath):
    url = reverse("api:packet-field-history", args=[brightpath.pk, "success_criteria"])

    versions = client_for(sales_team["devon"]).get(url).json()

    assert [v["version"] for v in versions] == [1]
    assert versions[0]["author"] == "agent"
    assert versions[0]["drafter"] == "rules"


def test_an_unknown_field_key_is_404(client_for, sales_team, brightpath):
    url = reverse("api:packet-field-history", args=[brightpath.pk, "favourite_colour"])

    assert client_for(sales_team["devon"]).get(url).status_code == 404


def test_commitments_risks_and_transitions_are_listed(client_for, sales_team, brightpath):
    client = client_for(sales_team["devon"])

    commitments = client.get(reverse("api:packet-commitments", args=[brightpath.pk])).json()
    risks = client.get(reverse("api:packet-risk-flags", args=[brightpath.pk])).json()
    moves = client.get(reverse("api:packet-transitions", args=[brightpath.pk])).json()

    assert commitments[0]["ghost"] is True
    assert "workaround_promise" in {risk["kind"] for risk in risks}
    assert [m["to_status"] for m in moves] == ["drafting", "needs_ae"]


def test_sub_resources_of_an_invisible_packet_are_404(client_for, sales_team, brightpath):
    client = client_for(sales_team["maya"])

    for name in ("api:packet-commitments", "api:packet-risk-flags", "api:packet-transitions"):
        assert client.get(reverse(name, args=[brightpath.pk])).status_code == 404


def test_handoffs_list_only_visible_ones(client_for, sales_team, northwind, brightpath):
    rows = client_for(sales_team["devon"]).get("/api/v1/handoffs/").json()["results"]

    assert [row["opportunity_external_id"] for row in rows] == ["hs-deal-5512093"]
    assert rows[0]["packet_ids"] == [brightpath.pk]


def test_writes_are_not_allowed_on_read_endpoints(client_for, revops_admin, brightpath):
    response = client_for(revops_admin).delete(f"/api/v1/packets/{brightpath.pk}/")

    assert response.status_code == 405
    assert type(brightpath).objects.filter(pk=brightpath.pk).exists()


def test_the_openapi_schema_is_served_to_signed_in_users(client_for, ae, client):
    assert client_for(ae).get("/api/schema/").status_code == 200
    assert client.get("/api/schema/").status_code == 403


def test_swagger_ui_loads_its_start_script_as_a_file(client_for, ae):
    client = client_for(ae)

    page = client.get("/api/docs/")
    script = client.get("/api/docs/?script=")

    assert page.status_code == 200
    assert b"<script>" not in page.content
    assert script["Content-Type"].startswith("application/javascript")
