"""The plan page and its acts, for each role: the CSM works it, the AE and RevOps read it,
anyone else finds nothing; bad input is a 400 that says what was wrong."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Role
from handoffs.models import ItemStatus, PlanItem, PlanOutcome, SuccessPlan
from handoffs.packet_page import load_packet, packet_context
from handoffs.selectors import packets_visible_to
from handoffs.services.plan_tracking import item_set_status
from tests.factories import PacketFactory, UserFactory
from tests.handoffs.plans.conftest import BUYER_WORDS

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def plan_url(plan: SuccessPlan, name: str = "packets:plan", *args) -> str:
    return reverse(name, args=[plan.packet_id, *args])


def sso(plan: SuccessPlan) -> PlanItem:
    return plan.items.get(gate=30)


def test_the_csm_works_the_plan(client_for, plan, csm):
    response = client_for(csm).get(plan_url(plan))

    page = response.content.decode()
    assert response.status_code == 200
    assert BUYER_WORDS in page
    assert "Record first value" in page
    assert "Create link" in page
    assert 'name="status"' in page


@pytest.mark.parametrize("role", [Role.AE, Role.CS_OPS, Role.REVOPS_ADMIN])
def test_the_ae_and_revops_read_the_plan_without_acting_on_it(
    client_for, users_by_role, plan, role
):
    response = client_for(users_by_role[role]).get(plan_url(plan))

    page = response.content.decode()
    assert response.status_code == 200
    assert BUYER_WORDS in page
    assert "Read-only" in page
    assert 'name="status"' not in page
    assert "Create link" not in page
    assert "Record first value" not in page


@pytest.mark.parametrize("role", [Role.AE, Role.CSM])
def test_someone_elses_plan_is_404(client_for, plan, analytics, role):
    stranger = UserFactory(role=role, business_unit=analytics)

    response = client_for(stranger).get(plan_url(plan))

    assert response.status_code == 404


def test_the_plan_page_asks_for_a_login(client, plan):
    response = client.get(plan_url(plan))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_packet_without_a_plan_says_when_it_comes(client_for, booked, csm):
    response = client_for(csm).get(reverse("packets:plan", args=[booked.pk]))

    assert response.status_code == 200
    assert "No success plan yet" in response.content.decode()
    assert "Generate the plan" in response.content.decode()


def test_the_csm_generates_the_plan_ahead_of_the_kickoff(client_for, booked, csm):
    response = client_for(csm).post(reverse("packets:plan_generate", args=[booked.pk]))

    assert response.status_code == 302
    assert SuccessPlan.objects.filter(packet=booked).exists()


@pytest.mark.parametrize("role", [Role.AE, Role.CS_OPS, Role.REVOPS_ADMIN])
def test_only_the_csm_generates_the_plan(client_for, users_by_role, booked, role):
    response = client_for(users_by_role[role]).post(
        reverse("packets:plan_generate", args=[booked.pk])
    )

    assert response.status_code == 403
    assert not SuccessPlan.objects.exists()


def test_a_status_change_in_place_answers_with_the_item(client_for, plan, csm):
    response = client_for(csm).post(
        plan_url(plan, "packets:plan_item_status", sso(plan).pk),
        {"status": "on_track"},
        **HTMX,
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.strip().startswith('<li class="plan-item card" id="item-')
    assert "On track" in page
    assert sso(plan).status == ItemStatus.ON_TRACK


def test_a_status_change_without_a_reason_answers_422_in_place_and_400_on_the_page(
    client_for, plan, csm
):
    client = client_for(csm)
    path = plan_url(plan, "packets:plan_item_status", sso(plan).pk)

    in_place = client.post(path, {"status": "at_risk"}, **HTMX)
    on_page = client.post(path, {"status": "missed", "reason": ""})

    assert in_place.status_code == 422
    assert "Say why it is at risk or missed." in in_place.content.decode()
    assert on_page.status_code == 400
    assert "Say why it is at risk or missed." in on_page.content.decode()
    assert sso(plan).status == ItemStatus.NOT_STARTED


def test_an_unknown_status_is_400(client_for, plan, csm):
    response = client_for(csm).post(
        plan_url(plan, "packets:plan_item_status", sso(plan).pk), {"status": "finished"}
    )

    assert response.status_code == 400
    assert "Status" in response.content.decode()


def test_a_done_milestone_cannot_move_back_409(client_for, plan, csm):
    item_set_status(item=sso(plan), status=ItemStatus.DONE, by=csm)

    response = client_for(csm).post(
        plan_url(plan, "packets:plan_item_status", sso(plan).pk), {"status": "on_track"}, **HTMX
    )

    assert response.status_code == 409
    assert "cannot become on track" in response.content.decode()


@pytest.mark.parametrize("role", [Role.AE, Role.CS_OPS, Role.REVOPS_ADMIN])
def test_a_denied_status_change_changes_nothing(client_for, users_by_role, plan, role):
    response = client_for(users_by_role[role]).post(
        plan_url(plan, "packets:plan_item_status", sso(plan).pk), {"status": "done"}
    )

    assert response.status_code == 403
    assert sso(plan).status == ItemStatus.NOT_STARTED


def test_an_item_of_another_plan_is_404(client_for, plan, csm, analytics):
    other = SuccessPlan.objects.create(
        packet=PacketFactory(business_unit=analytics, csm=csm, status="kickoff_held"),
        kickoff_at=plan.kickoff_at,
        segment="saas",
        first_value_min_days=14,
        first_value_max_days=30,
    )
    item = PlanItem.objects.create(
        plan=other, kind="task", title="Other", owner="csm", due_on=dt.date(2026, 5, 1)
    )

    response = client_for(csm).post(
        plan_url(plan, "packets:plan_item_status", item.pk), {"status": "done"}
    )

    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == ItemStatus.NOT_STARTED


def test_status_changes_are_posted(client_for, plan, csm):
    response = client_for(csm).get(plan_url(plan, "packets:plan_item_status", sso(plan).pk))

    assert response.status_code == 405


def test_the_csm_changes_what_an_item_says(client_for, plan, csm):
    response = client_for(csm).post(
        plan_url(plan, "packets:plan_item_edit", sso(plan).pk),
        {
            "title": "SSO and SCIM live",
            "definition_of_done": "Provisioned by SCIM.",
            "owner": "csm",
            "contact_name": "ignored for our side",
            "due": "2026-04-20",
        },
    )

    item = sso(plan)
    assert response.status_code == 302
    assert (item.title, item.owner, item.contact_name) == ("SSO and SCIM live", "csm", "")
    assert item.due_on == dt.date(2026, 4, 20)
    assert item.edited_by == csm


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"title": ""}, "Title"),
        ({"owner": "the intern"}, "Owner"),
        ({"due": "someday"}, "Due"),
        ({"due": "2026-03-01"}, "Pick a date after the kickoff"),
    ],
)
def test_a_bad_item_change_is_400_and_saves_nothing(client_for, plan, csm, changes, words):
    data = {
        "title": "SSO live",
        "definition_of_done": "",
        "owner": "technical_buyer",
        "contact_name": "Grace Kim",
        "due": "2026-04-20",
        **changes,
    }

    response = client_for(csm).post(plan_url(plan, "packets:plan_item_edit", sso(plan).pk), data)

    assert response.status_code == 400
    assert words in response.content.decode()
    assert sso(plan).edited_by is None


def test_the_csm_adds_an_outcome_and_a_blank_one_is_refused(client_for, plan, csm):
    client = client_for(csm)
    path = plan_url(plan, "packets:plan_outcome_add")

    added = client.post(path, {"quote": "Nurses stop re-keying data.", "target": "2026-09-30"})
    blank = client.post(path, {"quote": "  "})

    assert added.status_code == 302
    assert PlanOutcome.objects.filter(plan=plan, added_by=csm).count() == 1
    assert blank.status_code == 400
    assert "Outcome, in the buyer" in blank.content.decode()


def test_the_packet_page_links_to_its_plan(client_for, plan, ae):
    response = client_for(ae).get(reverse("packets:detail", args=[plan.packet_id]))

    page = response.content.decode()
    assert "Open the success plan" in page
    assert "30-day: not started" in page


def test_the_pdf_carries_the_plan_once_it_exists(plan, csm, client_for):
    packet = load_packet(plan.packet_id, packets_visible_to(csm))
    html = render_to_string("handoffs/packet_pdf.html", packet_context(packet, csm))
    pdf = client_for(csm).get(reverse("packets:pdf", args=[plan.packet_id]))

    assert "Success plan" in html
    assert BUYER_WORDS in html
    assert "SSO live" in html
    assert pdf.content.startswith(b"%PDF")


def test_the_status_picker_offers_only_the_moves_an_item_may_make(client_for, plan, csm):
    item_set_status(item=sso(plan), status=ItemStatus.MISSED, reason="Vendor slipped", by=csm)

    page = client_for(csm).get(plan_url(plan)).content.decode()

    picker = page[page.index(f'id="status-{sso(plan).pk}"') :].split("</select>")[0]
    assert picker.count("<option") == 2
    assert "Missed" in picker and "Done" in picker


def test_a_refused_change_in_place_keeps_what_was_chosen(client_for, plan, csm):
    response = client_for(csm).post(
        plan_url(plan, "packets:plan_item_status", sso(plan).pk),
        {"status": "at_risk", "reason": ""},
        **HTMX,
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert '<option value="at_risk" selected>' in page


def test_choosing_the_status_an_item_already_has_says_so(client_for, plan, csm):
    response = client_for(csm).post(
        plan_url(plan, "packets:plan_item_status", sso(plan).pk),
        {"status": "not_started"},
        **HTMX,
    )

    assert response.status_code == 422
    assert "It is not started already." in response.content.decode()
