"""Comp pages for each role: my commission, my variable, and RevOps' plans, ledger, payroll."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pgtrigger
import pytest
from django.urls import reverse
from django.utils import timezone

from comp.models import CompPlan, LedgerEntry
from comp.services.ledger import settle_at_kickoff
from handoffs.models import Packet, PacketTransition

pytestmark = pytest.mark.django_db

PAGES = {
    "ae_comp:commission": {"ae"},
    "csm_comp:variable": {"csm"},
    "comp:home": {"cs_ops", "revops_admin"},
    "comp:ledger": {"cs_ops", "revops_admin"},
    "comp:plan_new": {"revops_admin"},
}


PLAN_FORM = {
    "name": "2027-Q2",
    "starts_on": "2027-04-01",
    "ends_on": "2027-06-30",
    "ae_commission_rate": "0.10",
    "holdback_pct": "25",
    "completeness_window_days": 7,
    "missed_window_policy": "forfeit",
    "deferred_release_pct": "50",
    "no_kickoff_policy": "carry",
    "csm_variable_target": "30000",
    "currency": "USD",
    "csm_onboarding_share_pct": "20",
    "stickiness_window_days": 45,
    "sticky_requires_login": "on",
    "sticky_milestones": "[]",
}


@pytest.fixture
def released(ingest, example_event, sales_team, plan_2027_q1):
    """Northwind analytics, gate on day 1, kickoff held: its holdback is released."""
    packet = ingest(example_event("northwind-closed-won")).handoff.packets.get(
        business_unit__slug="analytics"
    )
    Packet.objects.filter(pk=packet.pk).update(
        gate_passed_at=dt.datetime(2027, 3, 13, 12, 0, tzinfo=dt.UTC)
    )
    packet.refresh_from_db()
    settle_at_kickoff(packet)
    return packet


@pytest.mark.parametrize(
    ("url_name", "role"), [(u, r) for u in PAGES for r in ("ae", "csm", "cs_ops", "revops_admin")]
)
def test_each_comp_page_for_each_role(url_name, role, request, client_for):
    response = client_for(request.getfixturevalue(role)).get(reverse(url_name))

    assert response.status_code == (200 if role in PAGES[url_name] else 403)


def test_the_ae_sees_each_deal_held_released_or_forfeited(client_for, sales_team, released):
    url = (
        reverse("ae_comp:commission")
        + f"?plan={released.handoff.opportunity and CompPlan.objects.get().pk}"
    )
    page = client_for(sales_team["maya"]).get(url).content.decode()

    assert "Released" in page and "Held" in page
    assert "USD 3,750.00" in page
    assert "within 7 days" in page


def test_without_a_plan_the_ae_is_told_so(client_for, ae):
    assert "No comp plan yet" in client_for(ae).get(reverse("ae_comp:commission")).content.decode()


def test_an_admin_creates_a_plan_in_range(client_for, revops_admin):
    response = client_for(revops_admin).post(reverse("comp:plan_new"), PLAN_FORM)

    assert response.status_code == 302
    assert CompPlan.objects.get().name == "2027-Q2"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("holdback_pct", "35", "20-30 %"),
        ("csm_onboarding_share_pct", "10", "15-25 %"),
        ("starts_on", "2027-03-15", "Overlaps 2027-Q1"),
    ],
)
def test_a_plan_outside_the_ranges_or_overlapping_is_refused(
    field, value, message, client_for, revops_admin, plan_2027_q1
):
    data = {**PLAN_FORM, field: value}

    response = client_for(revops_admin).post(reverse("comp:plan_new"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert CompPlan.objects.count() == 1


def test_a_closed_quarters_plan_cannot_change(client_for, revops_admin, plan_2027_q1):
    CompPlan.objects.filter(pk=plan_2027_q1.pk).update(closed_at=timezone.now())

    response = client_for(revops_admin).post(
        reverse("comp:plan_edit", args=[plan_2027_q1.pk]),
        {
            **PLAN_FORM,
            "name": "2027-Q1",
            "starts_on": "2027-01-01",
            "ends_on": "2027-03-31",
            "ae_commission_rate": "0.20",
        },
    )

    plan_2027_q1.refresh_from_db()
    assert plan_2027_q1.ae_commission_rate == Decimal("0.1000")
    assert "closed" in response.content.decode()


def test_the_ledger_filters_and_reverses(client_for, revops_admin, released):
    client = client_for(revops_admin)
    release = LedgerEntry.objects.get(kind="release")

    page = client.get(reverse("comp:ledger") + "?kind=release").content.decode()
    client.post(reverse("comp:reverse", args=[release.pk]), {"reason": "Kickoff was a no-show"})

    assert '<td data-label="Kind">Holdback released</td>' in page
    assert '<td data-label="Kind">Commission accrued</td>' not in page
    assert LedgerEntry.objects.get(reverses=release).amount == -release.amount


def test_a_reversal_needs_a_reason(client_for, revops_admin, released):
    release = LedgerEntry.objects.get(kind="release")

    client_for(revops_admin).post(reverse("comp:reverse", args=[release.pk]), {"reason": ""})

    assert not LedgerEntry.objects.filter(reverses=release).exists()


def test_the_payroll_csv_has_a_row_per_deal_share(client_for, revops_admin, released, plan_2027_q1):
    response = client_for(revops_admin).get(reverse("comp:payroll_csv", args=[plan_2027_q1.pk]))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    analytics = next(row for row in rows if row["business_unit"] == "analytics")
    assert response["Content-Type"] == "text/csv"
    assert analytics["released"] == "3750.00"
    assert analytics["status"] == "released"
    assert analytics["payee_email"] == "maya.chen@seller.example"
    assert analytics["deal_quarter"] == "2027-Q1"


def test_a_statement_pdf_per_ae(client_for, revops_admin, released, plan_2027_q1, sales_team):
    response = client_for(revops_admin).get(
        reverse("comp:statement", args=[plan_2027_q1.pk, sales_team["maya"].pk])
    )

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_statements_are_not_for_aes(client_for, sales_team, plan_2027_q1):
    response = client_for(sales_team["maya"]).get(
        reverse("comp:statement", args=[plan_2027_q1.pk, sales_team["maya"].pk])
    )

    assert response.status_code == 403


def test_the_csm_sees_attainment_with_the_accounts_behind_it(client_for, sales_team, released):
    from handoffs.models import Decision, SignOff

    SignOff.objects.create(
        packet=released,
        decision=Decision.ACCEPTED,
        by=sales_team["nina"],
        packet_version=released.version,
        rating=9,
        created_at=dt.datetime(2027, 3, 14, 9, 0, tzinfo=dt.UTC),
    )

    page = client_for(sales_team["nina"]).get(reverse("csm_comp:variable")).content.decode()

    assert "Accepted handoffs" in page
    assert "Northwind Health" in page


def test_the_refusal_rate_counts_gap_lists_once_their_24_hours_are_up(
    client_for, cs_ops, ingest, example_event, sales_team
):
    CompPlan.objects.create(
        name="Now",
        starts_on=timezone.localdate() - dt.timedelta(days=30),
        ends_on=timezone.localdate() + dt.timedelta(days=30),
    )
    received = ingest(example_event("brightpath-closed-won"))
    fresh = client_for(cs_ops).get(reverse("comp:home")).content.decode()
    # Transitions are records the database keeps; only a test may backdate one.
    with pgtrigger.ignore("handoffs.PacketTransition:append_only"):
        PacketTransition.objects.filter(
            packet__handoff=received.handoff, to_status="needs_ae"
        ).update(due_at=timezone.now() - dt.timedelta(hours=1))

    lapsed = client_for(cs_ops).get(reverse("comp:home")).content.decode()

    assert "No gap lists in Now" in fresh
    assert "100.0 %" in lapsed
