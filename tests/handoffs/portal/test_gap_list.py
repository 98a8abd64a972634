"""The AE completes a gap list in place: edit, re-score, keep drafts, submit to CS."""

import pytest
from django.urls import reverse

from handoffs.models import FieldDraft, PacketFieldVersion, Status
from handoffs.services import editing

pytestmark = pytest.mark.django_db

COMPETITION = {
    "evaluated": "Looker and Sheets add-ons",
    "why_us": "Sheets sync out of the box",
    "reevaluate_if": "Education Cloud sync slips past June",
}


def save(client, packet, key, data, version=None, htmx=True):
    field = packet.fields.get(key=key)
    payload = {"version": field.version if version is None else version, **data}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("packets:field_save", args=[packet.pk, key]), payload, headers=headers
    )


def test_the_ae_sees_the_gap_list_with_exact_gaps(client_for, sales_team, gap_packet):
    page = client_for(sales_team["devon"]).get(reverse("packets:detail", args=[gap_packet.pk]))

    assert page.status_code == 200
    assert "Gap list" in page.content.decode()
    assert "Champion Alicia Moreno has no LinkedIn URL" in page.content.decode()
    assert "Submit to CS" in page.content.decode()


def test_saving_a_field_rescores_at_once(client_for, sales_team, gap_packet):
    before = gap_packet.score

    response = save(client_for(sales_team["devon"]), gap_packet, "competitive_context", COMPETITION)

    gap_packet.refresh_from_db()
    field = gap_packet.fields.get(key="competitive_context")
    assert response.status_code == 200
    assert gap_packet.score == before + 1
    assert field.status == "complete"
    assert (field.author, field.updated_by) == ("ae", sales_team["devon"])
    assert f"{gap_packet.score} of 8 fields complete" in response.content.decode()
    assert 'hx-swap-oob="true"' in response.content.decode()
    assert PacketFieldVersion.objects.filter(field=field, set_by=sales_team["devon"]).exists()


def test_invalid_input_shows_the_error_and_keeps_what_was_typed(client_for, sales_team, gap_packet):
    response = save(
        client_for(sales_team["devon"]),
        gap_packet,
        "economic_buyer_champion",
        {
            "champion__name": "Alicia Moreno",
            "champion__linkedin_url": "https://example.com/alicia",
            "champion__title": "VP Operations, typed by hand",
        },
    )

    field = gap_packet.fields.get(key="economic_buyer_champion")
    assert response.status_code == 422
    assert "linkedin.com profile URL" in response.content.decode()
    assert "VP Operations, typed by hand" in response.content.decode()
    assert FieldDraft.objects.filter(packet=gap_packet, key="economic_buyer_champion").exists()
    assert (field.version, field.author) == (1, "agent")


def test_a_second_save_from_a_stale_version_is_refused_with_who_changed_it(
    client_for, sales_team, gap_packet
):
    client = client_for(sales_team["devon"])
    version = gap_packet.fields.get(key="competitive_context").version
    save(client, gap_packet, "competitive_context", COMPETITION, version=version)

    response = save(
        client, gap_packet, "competitive_context", {"evaluated": "Tableau"}, version=version
    )

    assert response.status_code == 409
    assert "changed by Devon Price" in response.content.decode()
    assert (
        gap_packet.fields.get(key="competitive_context").data["evaluated"]
        == COMPETITION["evaluated"]
    )


def test_autosave_keeps_typing_and_the_form_restores_it(client_for, sales_team, gap_packet):
    client = client_for(sales_team["devon"])
    autosave = reverse("packets:field_autosave", args=[gap_packet.pk, "competitive_context"])

    assert client.post(autosave, {"version": 1, "evaluated": "Half a thought"}).status_code == 200
    form = client.get(reverse("packets:field_edit", args=[gap_packet.pk, "competitive_context"]))

    assert "Half a thought" in form.content.decode()
    assert "Restored what you typed last time" in form.content.decode()


def test_people_fields_take_structured_input(client_for, sales_team, gap_packet):
    save(
        client_for(sales_team["devon"]),
        gap_packet,
        "economic_buyer_champion",
        {
            "economic_buyer__name": "Dana Whitfield",
            "economic_buyer__title": "CFO",
            "economic_buyer__role_start_date": "2022-03-01",
            "economic_buyer__linkedin_url": "https://www.linkedin.com/in/dana-whitfield",
            "economic_buyer__email": "dana@brightpath.example",
            "champion__name": "Alicia Moreno",
            "champion__title": "VP Operations",
            "champion__role_start_date": "2021-05-01",
            "champion__linkedin_url": "https://www.linkedin.com/in/alicia-moreno",
        },
    )

    field = gap_packet.fields.get(key="economic_buyer_champion")
    assert field.status == "complete"
    assert field.data["economic_buyer"]["email"] == "dana@brightpath.example"
    assert "Economic buyer: Dana Whitfield, CFO" in field.text


def test_submit_is_refused_until_the_gate_passes(client_for, sales_team, gap_packet):
    response = client_for(sales_team["devon"]).post(reverse("packets:submit", args=[gap_packet.pk]))

    gap_packet.refresh_from_db()
    assert response.status_code == 400
    assert "Not ready for CS yet. Needs 4 more complete fields." in response.content.decode()
    assert gap_packet.status == Status.NEEDS_AE


def test_submit_routes_a_passing_packet_to_cs(client_for, sales_team, gap_packet, ingest):
    for key, data in COMPLETE_DATA.items():
        editing.field_update(
            packet=gap_packet,
            key=key,
            data=data,
            text="",
            by=sales_team["devon"],
            author="ae",
            expected_version=gap_packet.fields.get(key=key).version,
        )

    response = client_for(sales_team["devon"]).post(reverse("packets:submit", args=[gap_packet.pk]))

    gap_packet.refresh_from_db()
    assert response.status_code == 302
    assert gap_packet.status == Status.READY_FOR_CS
    assert gap_packet.csm == sales_team["nina"]


PERSON = {
    "name": "Dana",
    "title": "CFO",
    "role_start_date": "2022-01-01",
    "linkedin_url": "https://www.linkedin.com/in/dana",
    "status": "active",
}
COMPLETE_DATA = {
    "economic_buyer_champion": {"economic_buyer": PERSON, "champion": {**PERSON, "name": "Al"}},
    "success_criteria": {"criteria": [{"quote": "Report automated", "target_date": "2027-09-01"}]},
    "competitive_context": COMPETITION,
    "stakeholder_map": {
        "technical_buyer": PERSON,
        "security_reviewer": PERSON,
        "end_user_lead": PERSON,
    },
}


def test_reconciling_the_ghost_commitment_completes_presale_promises(
    client_for, sales_team, gap_packet
):
    commitment = gap_packet.commitments.get()

    client_for(sales_team["devon"]).post(
        reverse("packets:reconcile", args=[gap_packet.pk, commitment.pk]),
        {"reconciliation": "success_plan", "note": "CSV export goes in the plan"},
    )

    commitment.refresh_from_db()
    assert commitment.reconciliation == "success_plan" and not commitment.is_ghost
    assert gap_packet.fields.get(key="presale_promises").status == "complete"


def test_an_unknown_reconciliation_is_refused(client_for, sales_team, gap_packet):
    commitment = gap_packet.commitments.get()

    response = client_for(sales_team["devon"]).post(
        reverse("packets:reconcile", args=[gap_packet.pk, commitment.pk]),
        {"reconciliation": "forgotten"},
    )

    assert response.status_code == 400
    commitment.refresh_from_db()
    assert commitment.reconciliation == ""


def test_the_ae_answers_a_risk_flag(client_for, sales_team, gap_packet):
    flag = gap_packet.risk_flags.first()

    client_for(sales_team["devon"]).post(
        reverse("packets:risk_respond", args=[gap_packet.pk, flag.pk]),
        {"response": "Tom's replacement starts in June."},
    )

    flag.refresh_from_db()
    assert flag.response == "Tom's replacement starts in June."


# Neither sees BrightPath: it is not Maya's deal, and a packet with its AE is in no CSM's queue.
@pytest.mark.parametrize("who", ["nina", "maya"])
def test_nobody_but_the_deals_ae_edits_it(who, client_for, sales_team, gap_packet):
    client = client_for(sales_team[who])
    before = gap_packet.fields.get(key="competitive_context")

    response = save(client, gap_packet, "competitive_context", COMPETITION)

    after = gap_packet.fields.get(key="competitive_context")
    assert response.status_code == 404
    assert (after.version, after.author, after.data) == (before.version, "agent", before.data)


def test_revops_can_read_but_not_edit(client_for, revops_admin, gap_packet):
    client = client_for(revops_admin)

    assert client.get(reverse("packets:detail", args=[gap_packet.pk])).status_code == 200
    assert save(client, gap_packet, "competitive_context", COMPETITION).status_code == 403
    field = gap_packet.fields.get(key="competitive_context")
    assert (field.version, field.author) == (1, "agent")


def test_editing_a_packet_with_cs_is_refused(client_for, sales_team, cs_packet):
    before = cs_packet.fields.get(key="competitive_context")

    response = save(client_for(sales_team["maya"]), cs_packet, "competitive_context", COMPETITION)

    after = cs_packet.fields.get(key="competitive_context")
    assert response.status_code == 409
    assert "cannot be edited now" in response.content.decode()
    assert (after.version, after.author, after.data) == (before.version, before.author, before.data)


def test_an_unknown_field_is_404(client_for, sales_team, gap_packet):
    response = client_for(sales_team["devon"]).get(
        reverse("packets:field_edit", args=[gap_packet.pk, "favourite_colour"])
    )

    assert response.status_code == 404


def test_saving_refuses_get(client_for, sales_team, gap_packet):
    response = client_for(sales_team["devon"]).get(
        reverse("packets:field_save", args=[gap_packet.pk, "competitive_context"])
    )

    assert response.status_code == 405


def test_anonymous_visitors_are_sent_to_login(client, gap_packet):
    response = client.get(reverse("packets:detail", args=[gap_packet.pk]))

    assert response.status_code == 302


def test_the_ae_confirms_a_drafted_field_as_it_stands(client_for, sales_team, gap_packet):
    field = gap_packet.fields.get(key="commercial_terms")

    client_for(sales_team["devon"]).post(
        reverse("packets:field_confirm", args=[gap_packet.pk, "commercial_terms"])
    )

    field.refresh_from_db()
    page = client_for(sales_team["devon"]).get(reverse("packets:detail", args=[gap_packet.pk]))
    assert (field.author, field.version, field.updated_by) == ("ae", 2, sales_team["devon"])
    assert "Confirmed by Devon Price" in page.content.decode()


def test_the_csm_validates_a_field_during_review(client_for, sales_team, cs_packet):
    client = client_for(sales_team["nina"])
    client.post(reverse("packets:start_review", args=[cs_packet.pk]))

    client.post(reverse("packets:field_confirm", args=[cs_packet.pk, "commercial_terms"]))

    field = cs_packet.fields.get(key="commercial_terms")
    assert (field.author, field.updated_by) == ("csm", sales_team["nina"])


def test_vouching_for_a_field_is_refused_out_of_turn(
    client_for, sales_team, cs_packet, revops_admin
):
    nina = client_for(sales_team["nina"]).post(
        reverse("packets:field_confirm", args=[cs_packet.pk, "commercial_terms"])
    )
    revops = client_for(revops_admin).post(
        reverse("packets:field_confirm", args=[cs_packet.pk, "commercial_terms"])
    )

    field = cs_packet.fields.get(key="commercial_terms")
    assert nina.status_code == 409
    assert revops.status_code == 403
    assert (field.version, field.author) == (1, "agent")
