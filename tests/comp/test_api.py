"""The comp API and the stickiness CSV import."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from comp.models import CompPlan, LedgerEntry, StickinessSignal
from tests.factories import ApiTokenFactory

pytestmark = pytest.mark.django_db

PLAN = {
    "name": "2027-Q2",
    "starts_on": "2027-04-01",
    "ends_on": "2027-06-30",
    "ae_commission_rate": "0.10",
    "holdback_pct": "25",
    "csm_onboarding_share_pct": "20",
}


@pytest.fixture
def northwind(ingest, example_event, sales_team, plan_2027_q1):
    return ingest(example_event("northwind-closed-won")).handoff


def test_an_admin_creates_a_plan_and_cs_ops_reads_it(client_for, revops_admin, cs_ops):
    created = client_for(revops_admin).post(
        "/api/v1/comp/plans/", PLAN, content_type="application/json"
    )

    assert created.status_code == 201
    assert client_for(cs_ops).get("/api/v1/comp/plans/").json()["results"][0]["name"] == "2027-Q2"


def test_cs_ops_and_aes_cannot_write_plans(client_for, cs_ops, ae):
    assert (
        client_for(cs_ops)
        .post("/api/v1/comp/plans/", PLAN, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        client_for(ae)
        .post("/api/v1/comp/plans/", PLAN, content_type="application/json")
        .status_code
        == 403
    )
    assert client_for(ae).get("/api/v1/comp/plans/").status_code == 403
    assert not CompPlan.objects.exists()


def test_a_plan_out_of_range_or_overlapping_is_a_400(client_for, revops_admin, plan_2027_q1):
    client = client_for(revops_admin)

    high = client.post(
        "/api/v1/comp/plans/", {**PLAN, "holdback_pct": "31"}, content_type="application/json"
    )
    overlap = client.post(
        "/api/v1/comp/plans/", {**PLAN, "starts_on": "2027-03-01"}, content_type="application/json"
    )

    assert high.status_code == 400 and "holdback_pct" in high.json()
    assert overlap.status_code == 400 and "starts_on" in overlap.json()
    assert list(CompPlan.objects.all()) == [plan_2027_q1]


def test_a_closed_quarter_cannot_be_patched(client_for, revops_admin, plan_2027_q1):
    from django.utils import timezone

    CompPlan.objects.filter(pk=plan_2027_q1.pk).update(closed_at=timezone.now())

    response = client_for(revops_admin).patch(
        f"/api/v1/comp/plans/{plan_2027_q1.pk}/",
        {"holdback_pct": "22"},
        content_type="application/json",
    )

    assert response.status_code == 400
    holdback_pct = plan_2027_q1.holdback_pct
    plan_2027_q1.refresh_from_db()
    assert plan_2027_q1.holdback_pct == holdback_pct


def test_the_ledger_is_read_only(client_for, cs_ops, northwind):
    client = client_for(cs_ops)

    entries = LedgerEntry.objects.count()

    listed = client.get("/api/v1/comp/ledger/?kind=holdback").json()["results"]
    posted = client.post("/api/v1/comp/ledger/", {}, content_type="application/json")

    assert {row["kind"] for row in listed} == {"holdback"}
    assert posted.status_code == 405
    assert LedgerEntry.objects.count() == entries


def test_a_statement_per_ae(client_for, revops_admin, northwind, plan_2027_q1):
    body = (
        client_for(revops_admin)
        .get(f"/api/v1/comp/plans/{plan_2027_q1.pk}/statements/maya.chen@seller.example/")
        .json()
    )

    assert body["totals"]["USD"]["accrued"] == "18600.00"
    assert {deal["business_unit"] for deal in body["deals"]} == {"analytics", "integrations"}


def test_stickiness_signals_are_idempotent(client, northwind):
    ApiTokenFactory(raw="hbk_product")
    signal = {
        "opportunity_external_id": "006AX00000Q1ZzY",
        "external_id": "login-1",
        "kind": "login",
        "occurred_at": "2027-04-10T09:00:00Z",
    }
    headers = {"Authorization": "Bearer hbk_product"}

    first = client.post(
        "/api/v1/comp/stickiness-signals/", signal, content_type="application/json", headers=headers
    )
    again = client.post(
        "/api/v1/comp/stickiness-signals/", signal, content_type="application/json", headers=headers
    )

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["duplicate"] is True
    assert StickinessSignal.objects.count() == 1


def test_a_signal_for_an_unknown_deal_is_a_400(client_for, revops_admin, northwind):
    response = client_for(revops_admin).post(
        "/api/v1/comp/stickiness-signals/",
        {
            "opportunity_external_id": "nope",
            "external_id": "x",
            "kind": "login",
            "occurred_at": "2027-04-10T09:00:00Z",
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert not StickinessSignal.objects.exists()


def test_aes_cannot_send_signals(client_for, sales_team, northwind):
    response = client_for(sales_team["maya"]).post(
        "/api/v1/comp/stickiness-signals/", {}, content_type="application/json"
    )

    assert response.status_code == 403
    assert not StickinessSignal.objects.exists()


def test_the_csv_import_loads_good_rows_and_reports_bad_ones(client_for, revops_admin, northwind):
    text = (
        "opportunity_external_id,external_id,kind,milestone,occurred_at\n"
        "006AX00000Q1ZzY,m-1,milestone,first dashboard,2027-04-12T10:00:00Z\n"
        "006AX00000Q1ZzY,m-1,milestone,first dashboard,2027-04-12T10:00:00Z\n"
        "unknown-deal,m-2,login,,2027-04-12T10:00:00Z\n"
        "006AX00000Q1ZzY,m-3,login,,yesterday\n"
    )
    upload = SimpleUploadedFile("signals.csv", text.encode(), content_type="text/csv")

    response = client_for(revops_admin).post(
        reverse("comp:import_signals"), {"file": upload}, follow=True
    )

    page = response.content.decode()
    assert "1 signals added, 1 already known." in page
    assert "Line 4" in page and "Line 5" in page
    assert StickinessSignal.objects.get().occurred_at == dt.datetime(
        2027, 4, 12, 10, 0, tzinfo=dt.UTC
    )


def test_cs_ops_cannot_import(client_for, cs_ops, northwind):
    text = "opportunity_external_id,external_id,kind,milestone,occurred_at\n"
    text += "006AX00000Q1ZzY,m-1,login,,2027-04-12T10:00:00Z\n"
    upload = SimpleUploadedFile("signals.csv", text.encode(), content_type="text/csv")

    response = client_for(cs_ops).post(reverse("comp:import_signals"), {"file": upload})

    assert response.status_code == 403
    assert not StickinessSignal.objects.exists()
