"""First value, recorded by the CSM or by a product signal (API or CSV), and time to first value
in business days against the segment's window."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.errors import Conflict
from handoffs.models import SuccessPlan
from handoffs.plan_selectors import first_value
from handoffs.services.first_value import first_value_record, import_csv, record_signal
from handoffs.sla import add_business_days
from tests.factories import ApiTokenFactory, BusinessUnitFactory, PacketFactory

pytestmark = pytest.mark.django_db

SIGNALS = "/api/v1/plans/first-value-signals/"


def on_business_day(plan: SuccessPlan, days: int) -> dt.date:
    return add_business_days(plan.kickoff_at, days).date()


@pytest.mark.parametrize(
    ("days", "verdict", "words"),
    [
        (20, "ahead", "First value in 20 business days: ahead of the 45 to 90"),
        (60, "inside", "First value in 60 business days: inside the 45 to 90"),
        (95, "late", "First value in 95 business days: outside the 45 to 90"),
    ],
)
def test_time_to_first_value_is_read_against_the_window(plan, days, verdict, words):
    plan.first_value_on = on_business_day(plan, days)

    reading = first_value(plan)

    assert (reading.days, reading.verdict) == (days, verdict)
    assert reading.summary.startswith(words)


def test_without_first_value_the_clock_runs_until_the_window_closes(plan):
    assert first_value(plan, today=on_business_day(plan, 30)).verdict == "open"
    assert first_value(plan, today=on_business_day(plan, 91)).verdict == "overdue"
    assert (
        "past the 45 to 90 business-day window"
        in first_value(plan, today=on_business_day(plan, 91)).summary
    )


def test_the_csm_records_first_value(plan, csm):
    first_value_record(plan=plan, on=on_business_day(plan, 50), note="Dashboards live", by=csm)

    plan.refresh_from_db()
    assert plan.first_value_on == on_business_day(plan, 50)
    assert (plan.first_value_source, plan.first_value_by) == ("csm", csm)
    assert first_value(plan).verdict == "inside"


def test_first_value_is_recorded_once(plan, csm):
    first_value_record(plan=plan, on=on_business_day(plan, 50), note="", by=csm)

    with pytest.raises(Conflict, match="already recorded"):
        first_value_record(plan=plan, on=on_business_day(plan, 51), note="", by=csm)


def test_first_value_before_the_kickoff_or_in_the_future_is_refused(plan, csm, client_for):
    client = client_for(csm)
    url = reverse("packets:plan_first_value", args=[plan.packet_id])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    early = client.post(url, {"on": "2026-03-01"})
    future = client.post(url, {"on": tomorrow.isoformat()})
    garbage = client.post(url, {"on": "last tuesday"})

    assert early.status_code == 400
    assert "comes after the kickoff" in early.content.decode()
    assert future.status_code == 400
    assert "cannot be in the future" in future.content.decode()
    assert garbage.status_code == 400
    assert "First value on" in garbage.content.decode()
    plan.refresh_from_db()
    assert plan.first_value_on is None


def signal(client, plan, **changes):
    body = {
        "opportunity_external_id": plan.packet.handoff.opportunity_key,
        "external_id": "fv-1",
        "occurred_at": f"{on_business_day(plan, 50)}T10:00:00Z",
        **changes,
    }
    return client.post(SIGNALS, body, content_type="application/json")


def test_a_product_signal_records_first_value_once(plan, client_for, revops_admin):
    client = client_for(revops_admin)

    first = signal(client, plan)
    repeat = signal(client, plan)
    another = signal(client, plan, external_id="fv-2", occurred_at="2026-06-01T10:00:00Z")

    assert first.status_code == 201
    assert first.json()["first_value_on"] == on_business_day(plan, 50).isoformat()
    assert (repeat.status_code, repeat.json()["duplicate"]) == (200, True)
    assert (another.status_code, another.json()["duplicate"]) == (200, True)
    plan.refresh_from_db()
    assert (plan.first_value_source, plan.first_value_external_id) == ("api", "fv-1")


def test_an_integration_token_may_send_signals(plan, client):
    ApiTokenFactory(raw="hbk_product")

    response = client.post(
        SIGNALS,
        {
            "opportunity_external_id": plan.packet.handoff.opportunity_key,
            "external_id": "fv-1",
            "occurred_at": f"{on_business_day(plan, 50)}T10:00:00Z",
        },
        content_type="application/json",
        headers={"Authorization": "Bearer hbk_product"},
    )

    assert response.status_code == 201


@pytest.mark.parametrize("role", ["ae", "csm"])
def test_aes_and_csms_may_not_send_signals(plan, client_for, users_by_role, role):
    response = signal(client_for(users_by_role[role]), plan)

    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.first_value_on is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"opportunity_external_id": "nope"}, "opportunity_external_id"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"occurred_at": "2026-01-05T10:00:00Z"}, "occurred_at"),
        ({"external_id": ""}, "external_id"),
    ],
)
def test_a_bad_signal_is_400_by_field(plan, client_for, revops_admin, changes, field):
    response = signal(client_for(revops_admin), plan, **changes)

    assert response.status_code == 400
    assert field in str(response.json())


def test_a_deal_with_a_plan_per_unit_must_name_the_unit(plan, client_for, revops_admin, hold):
    sibling = PacketFactory(
        handoff=plan.packet.handoff,
        business_unit=BusinessUnitFactory(slug="integrations"),
        csm=plan.packet.csm,
        status="kickoff_held",
    )
    SuccessPlan.objects.create(
        packet=sibling,
        kickoff_at=plan.kickoff_at,
        segment="enterprise",
        first_value_min_days=45,
        first_value_max_days=90,
    )
    client = client_for(revops_admin)

    unnamed = signal(client, plan)
    named = signal(client, plan, business_unit="integrations")

    assert unnamed.status_code == 400
    assert "business_unit" in unnamed.json()["errors"]
    assert named.status_code == 201
    assert SuccessPlan.objects.get(packet=sibling).first_value_on is not None


def test_a_csv_of_signals_loads_good_rows_and_reports_bad_ones_by_line(plan):
    key = plan.packet.handoff.opportunity_key
    day = on_business_day(plan, 50)
    text = (
        "opportunity_external_id,business_unit,external_id,occurred_at,note\n"
        f"{key},,fv-1,{day}T10:00:00Z,first report\n"
        f"{key},,fv-1,{day}T10:00:00Z,first report\n"
        f"unknown,,fv-2,{day}T10:00:00Z,\n"
        f"{key},,fv-3,2026-02-30T10:00:00Z,\n"
    )

    result = import_csv(text=text)

    assert (result["added"], result["repeated"]) == (1, 1)
    assert result["errors"][0].startswith("Line 4: No success plan")
    assert result["errors"][1].startswith("Line 5: Use ISO 8601")


def test_a_signal_the_service_gets_twice_at_once_is_still_once(plan):
    day = timezone.make_aware(dt.datetime.combine(on_business_day(plan, 50), dt.time(10)))
    key = plan.packet.handoff.opportunity_key

    first = record_signal(opportunity_external_id=key, external_id="fv-9", occurred_at=day)
    second = record_signal(opportunity_external_id=key, external_id="fv-9", occurred_at=day)

    assert (first.duplicate, second.duplicate) == (False, True)
