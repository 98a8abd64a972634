"""RevOps over success plans: the list of every plan, first values by CSV, and the segment
templates plans are generated from; and a packet's plan over the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from handoffs.models import PlanTemplate, SuccessPlan
from handoffs.services.outbound import endpoint_create
from handoffs.services.plan_templates import all_templates, template_for
from tests.factories import PacketFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_plans(count: int, csm, kickoff_at) -> None:
    for _ in range(count):
        SuccessPlan.objects.create(
            packet=PacketFactory(csm=csm, status="kickoff_held"),
            kickoff_at=kickoff_at,
            segment="saas",
            first_value_min_days=14,
            first_value_max_days=30,
        )


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_revops_lists_every_plan_in_a_fixed_number_of_queries(client_for, cs_ops, plan, csm):
    client = client_for(cs_ops)
    few = queries_for(client, reverse("plans:list"))
    make_plans(4, csm, plan.kickoff_at)

    assert queries_for(client, reverse("plans:list")) == few
    page = client.get(reverse("plans:list")).content.decode()
    assert "Northwind Health" in page
    assert "0 of 3 done" in page


def test_the_plan_list_pages(client_for, revops_admin, plan, csm):
    make_plans(30, csm, plan.kickoff_at)

    second = client_for(revops_admin).get(reverse("plans:list"), {"page": "2"})

    assert second.status_code == 200
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize("role", [Role.AE, Role.CSM])
def test_the_plan_list_is_revops_only(client_for, users_by_role, role):
    assert client_for(users_by_role[role]).get(reverse("plans:list")).status_code == 403


def test_revops_imports_first_values_from_a_csv(client_for, revops_admin, plan):
    key = plan.packet.handoff.opportunity_key
    upload = SimpleUploadedFile(
        "first-values.csv",
        (
            "opportunity_external_id,business_unit,external_id,occurred_at,note\n"
            f"{key},,fv-1,2026-05-04T10:00:00Z,report live\n"
        ).encode(),
    )

    response = client_for(revops_admin).post(
        reverse("plans:import_first_values"), {"file": upload}, follow=True
    )

    plan.refresh_from_db()
    assert "1 first values recorded, 0 already known." in response.content.decode()
    assert plan.first_value_source == "csv"


def test_a_csv_without_the_columns_says_which_it_needs(client_for, revops_admin):
    upload = SimpleUploadedFile("x.csv", b"account,date\nx,y\n")

    response = client_for(revops_admin).post(
        reverse("plans:import_first_values"), {"file": upload}, follow=True
    )

    assert "The CSV needs the columns opportunity_external_id" in response.content.decode()


@pytest.mark.parametrize("role", [Role.AE, Role.CSM])
def test_aes_and_csms_may_not_import_first_values(client_for, users_by_role, plan, role):
    upload = SimpleUploadedFile("x.csv", b"opportunity_external_id,external_id,occurred_at\n")

    response = client_for(users_by_role[role]).post(
        reverse("plans:import_first_values"), {"file": upload}
    )

    assert response.status_code == 403


def test_every_segment_has_a_template_with_the_operating_models_windows():
    windows = {
        template.segment: (template.first_value_min_days, template.first_value_max_days)
        for template in all_templates()
    }

    assert windows == {"saas": (14, 30), "platform": (45, 90), "enterprise": (45, 90)}
    assert [m.gate for m in template_for("saas").milestones.all()] == [30, 60, 90]


def template_form(template: PlanTemplate, **changes) -> dict:
    data = {
        "first_value_min_days": template.first_value_min_days,
        "first_value_max_days": template.first_value_max_days,
        "at_risk_business_days": template.at_risk_business_days,
    }
    for milestone in template.milestones.all():
        data |= {
            f"title_{milestone.gate}": milestone.title,
            f"done_{milestone.gate}": milestone.definition_of_done,
            f"owner_{milestone.gate}": milestone.owner,
            f"days_{milestone.gate}": milestone.business_days,
        }
    return data | changes


def test_a_revops_admin_edits_a_segments_template(client_for, revops_admin):
    template = template_for("saas")

    response = client_for(revops_admin).post(
        reverse("plans:template_save", args=[template.pk]),
        template_form(template, first_value_max_days=25, title_30="Workspace live", days_30=20),
    )

    template.refresh_from_db()
    assert response.status_code == 302
    assert template.first_value_max_days == 25
    assert template.updated_by == revops_admin
    assert template.milestones.get(gate=30).title == "Workspace live"
    assert template.milestones.get(gate=30).business_days == 20


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"first_value_min_days": 40, "first_value_max_days": 30}, "its start first"),
        ({"first_value_max_days": "soon"}, "First value by"),
        ({"days_60": 10}, "Each gate falls due after the one before it."),
        ({"owner_90": "nobody"}, "90-day owner"),
        ({"title_30": ""}, "30-day title"),
        ({"at_risk_business_days": 45}, "Remind between 1 and 30"),
    ],
)
def test_a_bad_template_is_400_and_changes_nothing(client_for, revops_admin, changes, words):
    template = template_for("saas")

    response = client_for(revops_admin).post(
        reverse("plans:template_save", args=[template.pk]), template_form(template, **changes)
    )

    template.refresh_from_db()
    assert response.status_code == 400
    assert words in response.content.decode()
    assert (template.first_value_min_days, template.first_value_max_days) == (14, 30)


def test_cs_ops_read_the_templates_but_may_not_change_them(client_for, cs_ops):
    template = template_for("saas")
    client = client_for(cs_ops)

    page = client.get(reverse("plans:templates"))
    save = client.post(
        reverse("plans:template_save", args=[template.pk]),
        template_form(template, first_value_max_days=25),
    )

    template.refresh_from_db()
    assert page.status_code == 200
    assert "Save SaaS" not in page.content.decode()
    assert save.status_code == 403
    assert template.first_value_max_days == 30


@pytest.mark.parametrize("role", [Role.AE, Role.CSM])
def test_the_templates_are_revops_only(client_for, users_by_role, role):
    assert client_for(users_by_role[role]).get(reverse("plans:templates")).status_code == 403


def test_a_template_that_does_not_exist_is_404(client_for, revops_admin):
    response = client_for(revops_admin).post(reverse("plans:template_save", args=[999]), {})

    assert response.status_code == 404


def test_the_api_gives_the_plan_as_the_webhooks_send_it(client_for, plan, ae):
    response = client_for(ae).get(f"/api/v1/packets/{plan.packet_id}/plan/")

    body = response.json()
    assert response.status_code == 200
    assert body["external_id"] == f"handbrief-plan-{plan.pk}"
    assert [task["name"] for task in body["tasks"]][:1] == ["SSO live"]


def test_the_api_hides_someone_elses_plan_and_a_missing_one(
    client_for, plan, analytics, revops_admin
):
    stranger = UserFactory(role=Role.AE, business_unit=analytics)

    hidden = client_for(stranger).get(f"/api/v1/packets/{plan.packet_id}/plan/")
    missing = client_for(revops_admin).get(f"/api/v1/packets/{PacketFactory().pk}/plan/")

    assert hidden.status_code == 404
    assert missing.status_code == 404
    assert missing.json() == {"detail": "This packet has no success plan yet."}


def test_staff_see_templates_and_webhooks_in_the_admin_but_change_them_on_the_pages(
    client_for, revops_admin
):
    endpoint = endpoint_create(name="Gainsight", url="https://hooks.example.com", by=revops_admin)
    staff = UserFactory(
        role=Role.REVOPS_ADMIN, business_unit=None, is_staff=True, is_superuser=True
    )
    template_for("saas")
    client = client_for(staff)

    lists = [
        client.get(reverse(f"admin:handoffs_{model}_changelist"))
        for model in ("plantemplate", "webhookendpoint", "outbounddelivery")
    ]
    add = client.get(reverse("admin:handoffs_plantemplate_add"))

    assert [response.status_code for response in lists] == [200, 200, 200]
    assert add.status_code == 403
    assert endpoint.secret not in lists[1].content.decode()
