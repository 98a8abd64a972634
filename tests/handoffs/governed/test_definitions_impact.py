"""Before publishing, the impact of a definitions draft over open and last quarter's packets:
how many would change from pass to fail and back, with a list; nothing is saved."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.definition_services import (
    definitions_draft_start,
    definitions_field_save,
    definitions_gate_set,
)
from governance.review_selectors import current_quarter, previous_quarter, quarter_bounds
from handoffs.models import Packet, PacketField
from handoffs.services.definitions_impact import definitions_impact

pytestmark = pytest.mark.django_db


@pytest.fixture
def stricter_gate(revops_admin):
    draft = definitions_draft_start(by=revops_admin)
    definitions_gate_set(version=draft, gate_threshold=8, by=revops_admin)
    return draft


@pytest.fixture
def budget_owner_required(cs_ops):
    draft = definitions_draft_start(by=cs_ops)
    definitions_field_save(
        version=draft,
        key="stakeholder_map",
        label="Stakeholder map",
        guidance="Every stakeholder, and who owns the budget.",
        required_attributes=[
            "technical_buyer",
            "security_reviewer",
            "end_user_lead",
            "budget_owner",
        ],
        blocks_gate=False,
        by=cs_ops,
    )
    return draft


def test_a_stricter_gate_would_fail_the_packets_that_pass_now(northwind, gap_packet, stricter_gate):
    open_packets, _ = definitions_impact(stricter_gate)

    assert open_packets.total == 3
    assert {change.packet.pk for change in open_packets.to_fail} == {
        northwind["analytics"].pk,
        northwind["integrations"].pk,
    }
    assert open_packets.to_pass == []


def test_fields_that_would_move_are_counted(gap_packet, northwind, budget_owner_required):
    complete = PacketField.objects.filter(key="stakeholder_map", status="complete").count()

    open_packets, _ = definitions_impact(budget_owner_required)

    assert complete > 0
    assert open_packets.moves == [("Stakeholder map", complete)]


def test_the_impact_page_names_the_fields_that_would_move(
    gap_packet, northwind, budget_owner_required, client_for, cs_ops
):
    page = client_for(cs_ops).get(
        reverse("governed:definitions_impact", args=[budget_owner_required.pk])
    )

    assert "Stakeholder map (" in page.content.decode()


def test_last_quarter_s_packets_are_previewed_too(northwind, stricter_gate):
    start, _ = quarter_bounds(previous_quarter(current_quarter()))
    Packet.objects.filter(pk=northwind["analytics"].pk).update(
        created_at=timezone.make_aware(dt.datetime.combine(start, dt.time(12)))
    )

    _, last_quarter = definitions_impact(stricter_gate)

    assert [change.packet.pk for change in last_quarter.to_fail] == [northwind["analytics"].pk]


def test_the_preview_saves_nothing(northwind, stricter_gate):
    before = [(p.pk, p.version, p.passed_gate) for p in Packet.objects.order_by("pk")]

    definitions_impact(stricter_gate)

    assert [(p.pk, p.version, p.passed_gate) for p in Packet.objects.order_by("pk")] == before


def test_the_impact_page_lists_each_packet_that_would_flip(
    northwind, stricter_gate, client_for, cs_ops
):
    page = client_for(cs_ops).get(
        reverse("governed:definitions_impact", args=[stricter_gate.pk]),
        headers={"HX-Request": "true"},
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "Pass → fail" in html and "Would fail" in html
    assert "Northwind Health" in html
    assert "<html" not in html  # the fragment htmx swaps in


def test_the_impact_page_reads_packets_in_a_fixed_number_of_queries(
    northwind, gap_packet, stricter_gate, client_for, cs_ops, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        response = client_for(cs_ops).get(
            reverse("governed:definitions_impact", args=[stricter_gate.pk])
        )

    assert response.status_code == 200


@pytest.mark.parametrize("person", ["maya", "nina"])
def test_aes_and_csms_do_not_see_the_impact(person, sales_team, client_for, stricter_gate):
    response = client_for(sales_team[person]).get(
        reverse("governed:definitions_impact", args=[stricter_gate.pk])
    )

    assert response.status_code == 403


def test_the_impact_of_an_unknown_version_is_404(client_for, cs_ops):
    assert (
        client_for(cs_ops).get(reverse("governed:definitions_impact", args=[999])).status_code
        == 404
    )
