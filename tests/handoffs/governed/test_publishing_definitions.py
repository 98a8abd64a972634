"""Publishing field definitions re-derives open packets, which record the version that scored
them; accepted packets keep the version they were signed off on; a ninth definition with a new
attribute is drafted from its mapped source, scored, shown, edited and exported."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from governance.mapping_services import (
    mapping_draft_start,
    mapping_publish,
    mapping_row_add,
    mapping_submit,
)
from handoffs.models import Packet, PacketFieldVersion, Status
from handoffs.packet_page import load_packet, packet_context
from handoffs.pdf import render_packet_pdf
from handoffs.selectors import packets_visible_to
from tests.factories import UserFactory, publish_definitions

pytestmark = pytest.mark.django_db

PARTNER = {
    "implementation_partner": {
        "label": "Implementation partner",
        "guidance": "Who implements it for the customer, from the MEDDPICC decision process.",
        "required_attributes": ["partner_name"],
    }
}


def test_a_drafted_packet_records_the_definitions_that_scored_it(gap_packet):
    assert gap_packet.definitions_version.number == 1


def test_publishing_re_scores_open_packets_with_the_new_version(gap_packet, northwind):
    before = gap_packet.fields.get(key="competitive_context").gaps

    published = publish_definitions(
        fields={"competitive_context": {"required_attributes": ["evaluated"]}},
    )

    gap_packet.refresh_from_db()
    northwind["analytics"].refresh_from_db()
    assert gap_packet.definitions_version == published
    assert northwind["analytics"].definitions_version == published
    after = gap_packet.fields.get(key="competitive_context").gaps
    assert after == ["Who they evaluated is not recorded"] and len(before) > len(after)


def test_an_accepted_packet_keeps_the_version_it_was_signed_off_on(accepted_packet):
    before = (accepted_packet.score, accepted_packet.version)

    publish_definitions(gate_threshold=8)
    accepted_packet.refresh_from_db()

    assert accepted_packet.definitions_version.number == 1
    assert (accepted_packet.score, accepted_packet.version) == before
    assert accepted_packet.gate == 7


def test_a_stricter_gate_fails_open_packets_but_moves_none_of_them(northwind):
    publish_definitions(gate_threshold=8)

    packet = northwind["analytics"]
    packet.refresh_from_db()
    assert (packet.gate, packet.passed_gate, packet.status) == (8, False, Status.READY_FOR_CS)
    assert packet.gate_shortfall == "Needs 1 more complete field."


def _map_partner_to_the_decision_process() -> None:
    revops = UserFactory(role="revops_admin", business_unit=None)
    draft = mapping_draft_start(by=revops)
    mapping_row_add(
        version=draft,
        field_key="implementation_partner",
        attribute="partner_name",
        source="meddpicc",
        locator="decision_process",
        by=revops,
    )
    draft.change_note = "Where the partner comes from."
    draft.save(update_fields=["change_note"])
    mapping_submit(version=draft, by=revops)
    mapping_publish(version=draft, by=UserFactory(role="cs_ops", business_unit=None))


@pytest.fixture
def ninth(sales_team):
    _map_partner_to_the_decision_process()
    return publish_definitions(fields=PARTNER)


def test_a_ninth_definition_is_drafted_from_its_mapped_source_and_scored(
    ninth, ingest, example_event
):
    packet = ingest(example_event("northwind-closed-won")).handoff.packets.get(
        business_unit__slug="analytics"
    )

    field = packet.fields.get(key="implementation_partner")
    assert packet.score_of == 9
    assert field.status == "complete"
    assert field.data["partner_name"]
    assert field.evidence[0]["kind"] == "meddpicc"


def test_a_ninth_definition_with_nothing_mapped_shows_as_a_gap(gap_packet):
    publish_definitions(fields=PARTNER)

    gap_packet.refresh_from_db()
    field = gap_packet.fields.get(key="implementation_partner")
    assert (gap_packet.score_of, field.status) == (9, "missing")
    assert field.gaps == ["Partner name is not stated"]
    assert PacketFieldVersion.objects.filter(field=field).count() == 1


def test_the_ninth_field_is_shown_and_edited_on_the_page(gap_packet, client_for, sales_team):
    publish_definitions(fields=PARTNER)
    devon = client_for(sales_team["devon"])

    page = devon.get(reverse("packets:detail", args=[gap_packet.pk])).content.decode()
    form = devon.get(reverse("packets:field_edit", args=[gap_packet.pk, "implementation_partner"]))
    saved = devon.post(
        reverse("packets:field_save", args=[gap_packet.pk, "implementation_partner"]),
        {"partner_name": "Cobalt Consulting", "version": 1},
    )

    assert "Implementation partner" in page and "The nine fields" in page
    assert "Scored against field definitions v2" in page
    assert 'name="partner_name"' in form.content.decode()
    assert saved.status_code == 200
    field = gap_packet.fields.get(key="implementation_partner")
    assert (field.status, field.text) == ("complete", "Partner name: Cobalt Consulting")


def test_the_ninth_field_is_in_the_api_and_the_pdf(ninth, ingest, example_event, client_for):
    handoff = ingest(example_event("northwind-closed-won")).handoff
    packet = Packet.objects.get(handoff=handoff, business_unit__slug="analytics")
    maya = packet.handoff.ae

    body = client_for(maya).get(f"/api/v1/packets/{packet.pk}/").json()
    pdf = render_packet_pdf(
        packet, packet_context(load_packet(packet.pk, packets_visible_to(maya)), maya)
    )

    assert body["definitions_version"] == ninth.number
    assert body["completeness"]["of"] == 9
    assert body["fields"]["implementation_partner"]["status"] == "complete"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "Implementation partner" in text
        assert "field definitions v" in text


def test_a_new_attribute_on_a_built_in_field_is_scored_not_a_crash(gap_packet):
    publish_definitions(
        fields={"risk_flags": {"required_attributes": ["evidence", "response"]}},
    )

    gap_packet.refresh_from_db()
    gaps = gap_packet.fields.get(key="risk_flags").gaps
    assert gaps and all(gap.endswith("has no response") for gap in gaps)
