"""Every act on a plan and every RevOps plan page, for the roles it refuses: 403 for a role that
sees the plan but may not act, and nothing changes; 405 for a GET on what only takes a POST."""

import pytest
from django.urls import reverse

from accounts.models import Role
from handoffs.models import PlanOutcome, PlanTemplate, SuccessPlan, WebhookEndpoint
from handoffs.services.plan_templates import template_for

pytestmark = pytest.mark.django_db

ITEM = {"title": "Changed", "owner": "csm", "due": "2026-05-04", "definition_of_done": ""}


def acts(plan: SuccessPlan) -> dict[str, tuple[str, dict]]:
    packet, item = plan.packet_id, plan.items.get(gate=30).pk
    return {
        "generate": (reverse("packets:plan_generate", args=[packet]), {}),
        "edit": (reverse("packets:plan_item_edit", args=[packet, item]), ITEM),
        "status": (reverse("packets:plan_item_status", args=[packet, item]), {"status": "done"}),
        "outcome": (reverse("packets:plan_outcome_add", args=[packet]), {"quote": "More."}),
        "first_value": (reverse("packets:plan_first_value", args=[packet]), {"on": "2026-04-01"}),
        "share": (reverse("packets:plan_share", args=[packet]), {"days": "7"}),
    }


def snapshot(plan: SuccessPlan) -> tuple:
    plan.refresh_from_db()
    return (
        plan.version,
        plan.first_value_on,
        PlanOutcome.objects.filter(plan=plan).count(),
        list(plan.items.values_list("title", "status", "due_on")),
        plan.shares.count(),
    )


@pytest.mark.parametrize("act", ["generate", "edit", "status", "outcome", "first_value", "share"])
@pytest.mark.parametrize("role", [Role.AE, Role.CS_OPS, Role.REVOPS_ADMIN])
def test_only_the_csm_acts_on_the_plan(client_for, users_by_role, plan, act, role):
    path, data = acts(plan)[act]
    before = snapshot(plan)

    response = client_for(users_by_role[role]).post(path, data)

    assert response.status_code == 403
    assert snapshot(plan) == before


@pytest.mark.parametrize("act", ["generate", "edit", "status", "outcome", "first_value", "share"])
def test_acts_on_the_plan_are_posted(client_for, csm, plan, act):
    path, _ = acts(plan)[act]

    assert client_for(csm).get(path).status_code == 405


def test_the_csm_records_first_value_on_the_page(client_for, csm, plan):
    response = client_for(csm).post(
        reverse("packets:plan_first_value", args=[plan.packet_id]),
        {"on": "2026-05-20", "note": "Dashboards live"},
    )

    plan.refresh_from_db()
    assert response.status_code == 302
    assert (str(plan.first_value_on), plan.first_value_note) == ("2026-05-20", "Dashboards live")


def revops_acts() -> dict[str, tuple[str, dict]]:
    template = template_for("saas")
    endpoint = WebhookEndpoint.objects.create(name="Gainsight", url="https://hooks.example.com")
    return {
        "template": (reverse("plans:template_save", args=[template.pk]), {}),
        "endpoint": (reverse("webhooks:endpoint_create"), {"name": "X", "url": "https://x.io"}),
        "pause": (reverse("webhooks:endpoint_active", args=[endpoint.pk]), {"active": "0"}),
        "import": (reverse("plans:import_first_values"), {}),
    }


@pytest.mark.parametrize("act", ["template", "endpoint", "pause", "import"])
@pytest.mark.parametrize("role", [Role.AE, Role.CSM])
def test_aes_and_csms_change_nothing_of_revops(client_for, users_by_role, act, role):
    path, data = revops_acts()[act]

    response = client_for(users_by_role[role]).post(path, data)

    assert response.status_code == 403
    assert WebhookEndpoint.objects.filter(is_active=True).count() == 1
    assert PlanTemplate.objects.get(segment="saas").updated_by is None


@pytest.mark.parametrize("act", ["template", "endpoint", "pause", "import"])
def test_revops_acts_are_posted(client_for, revops_admin, act):
    path, _ = revops_acts()[act]

    assert client_for(revops_admin).get(path).status_code == 405


@pytest.mark.parametrize("name", ["plans:list", "plans:templates", "webhooks:list"])
def test_revops_pages_ask_for_a_login(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
