"""The rules drafter reads the governed source mapping, in its priority order; a draft mapping
is tried on a packet side by side with the published one, and nothing is saved."""

import pytest
from django.urls import reverse

from governance.mapping_services import (
    mapping_draft_start,
    mapping_row_add,
    mapping_row_raise,
    mapping_row_remove,
)
from handoffs.drafting.context import load_deal_context
from handoffs.drafting.rules import RulesDrafter
from handoffs.models import Packet, PacketFieldVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def packet(northwind) -> Packet:
    return Packet.objects.select_related("handoff", "business_unit").get(
        pk=northwind["analytics"].pk
    )


def rows(draft, field_key: str, attribute: str):
    return list(draft.rows.filter(field_key=field_key, attribute=attribute).order_by("priority"))


def test_the_published_mapping_drafts_what_the_drafter_always_drafted(packet):
    drafted = RulesDrafter().draft(load_deal_context(packet)).fields

    assert drafted["competitive_context"].data["evaluated"].startswith("Evaluated Tableau")
    assert drafted["existing_relationships"].data["prior_vendors"] == [
        "Tableau",
        "an internal SQL reporting team",
    ]


def test_trying_the_crm_first_changes_who_they_evaluated(packet, revops_admin):
    draft = mapping_draft_start(by=revops_admin)
    crm = rows(draft, "competitive_context", "evaluated")[-1]
    mapping_row_raise(version=draft, row_id=crm.pk, by=revops_admin)
    mapping_row_raise(version=draft, row_id=crm.pk, by=revops_admin)

    drafted = RulesDrafter(draft).draft(load_deal_context(packet)).fields["competitive_context"]

    assert drafted.data["evaluated"] == (
        "Prior or current tools: Tableau, an internal SQL reporting team."
    )
    assert drafted.evidence[0]["kind"] == "crm"


def test_a_source_taken_out_of_the_mapping_is_no_longer_read(packet, revops_admin):
    draft = mapping_draft_start(by=revops_admin)
    for row in rows(draft, "success_criteria", "quote"):
        if row.source == "meddpicc":
            mapping_row_remove(version=draft, row_id=row.pk, by=revops_admin)

    criteria = RulesDrafter(draft).draft(load_deal_context(packet)).fields["success_criteria"]

    assert {criterion["source"] for criterion in criteria.data["criteria"]} == {"transcript"}


def test_keywords_find_a_buyer_sentence_for_an_attribute(packet, revops_admin):
    draft = mapping_draft_start(by=revops_admin)
    for row in rows(draft, "competitive_context", "why_us"):
        mapping_row_remove(version=draft, row_id=row.pk, by=revops_admin)
    mapping_row_add(
        version=draft,
        field_key="competitive_context",
        attribute="why_us",
        source="meddpicc",
        locator="competition",
        by=revops_admin,
    )

    drafted = RulesDrafter(draft).draft(load_deal_context(packet)).fields["competitive_context"]

    assert "Epic connector" in drafted.data["why_us"]


def test_a_draft_mapping_is_tried_on_a_packet_and_nothing_is_saved(
    packet, revops_admin, client_for
):
    draft = mapping_draft_start(by=revops_admin)
    crm = rows(draft, "competitive_context", "evaluated")[-1]
    mapping_row_raise(version=draft, row_id=crm.pk, by=revops_admin)
    mapping_row_raise(version=draft, row_id=crm.pk, by=revops_admin)
    before = (packet.version, PacketFieldVersion.objects.filter(field__packet=packet).count())

    response = client_for(revops_admin).post(
        reverse("governed:mapping_preview", args=[draft.pk]), {"packet": packet.pk}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Prior or current tools: Tableau" in page
    assert "Evaluated Tableau" in page
    packet.refresh_from_db()
    assert (
        packet.version,
        PacketFieldVersion.objects.filter(field__packet=packet).count(),
    ) == before


def test_trying_a_mapping_on_a_packet_that_is_not_listed_is_400(revops_admin, client_for):
    draft = mapping_draft_start(by=revops_admin)

    response = client_for(revops_admin).post(
        reverse("governed:mapping_preview", args=[draft.pk]), {"packet": "abc"}
    )

    assert response.status_code == 400


@pytest.mark.parametrize("person", ["maya", "nina"])
def test_aes_and_csms_cannot_try_a_mapping(person, sales_team, client_for, revops_admin, packet):
    draft = mapping_draft_start(by=revops_admin)

    response = client_for(sales_team[person]).post(
        reverse("governed:mapping_preview", args=[draft.pk]), {"packet": packet.pk}
    )

    assert response.status_code == 403


def test_trying_an_unknown_mapping_is_404(client_for, revops_admin):
    response = client_for(revops_admin).get(reverse("governed:mapping_preview", args=[999]))

    assert response.status_code == 404
