"""The metrics page, each metric's CSV and the quarterly report: who may see them, bad input,
filters, and numbers that open the packets behind them."""

import csv
import datetime as dt
import io
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from handoffs.metrics import all_metrics
from handoffs.metrics.scope import Scope
from handoffs.models import Handoff
from handoffs.periods import Bucket, quarter_name
from tests.factories import PacketFactory, PacketTransitionFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("metrics:page")
REPORT = reverse("metrics:report")
KEYS = [metric.key for metric in all_metrics()]
THIS_QUARTER = quarter_name(timezone.localdate())
DEFAULT = Scope(start=timezone.localdate(), end=timezone.localdate(), bucket=Bucket.QUARTER)


def scored(unit, to: str, *, days_ago: int = 0):
    """A packet whose first draft was scored `days_ago` days ago and went to `to`."""
    at = timezone.now() - dt.timedelta(days=days_ago, hours=1)
    packet = PacketFactory(business_unit=unit, status=to)
    Handoff.objects.filter(pk=packet.handoff_id).update(created_at=at - dt.timedelta(minutes=1))
    PacketTransitionFactory(packet=packet, from_status="drafting", to_status=to, created_at=at)
    return packet


def body(response) -> str:
    return b"".join(response.streaming_content).decode() if response.streaming else response.text


def metric_card(page: str, key: str) -> str:
    return page.split(f'id="metric-{key}"', 1)[1].split("</article>", 1)[0]


def headline_value(page: str, key: str) -> str:
    found = re.search(r'class="metric-value" href="[^"]+"[^>]*>([^<]+)</a>', metric_card(page, key))
    return found[1]


@pytest.mark.parametrize(
    ("role", "status"), [("revops_admin", 200), ("cs_ops", 200), ("ae", 403), ("csm", 403)]
)
def test_the_metrics_page_is_for_revops_admins_and_cs_ops(role, status, request, client_for):
    response = client_for(request.getfixturevalue(role)).get(PAGE)

    assert response.status_code == status


def test_signed_out_visitors_are_sent_to_log_in(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_holdbacks_are_pay_data_and_shown_to_revops_admins_alone(client_for, revops_admin, cs_ops):
    admin_page = client_for(revops_admin).get(PAGE).text
    ops_page = client_for(cs_ops).get(PAGE).text

    assert "Holdbacks released and forfeited" in admin_page
    assert "Holdbacks released and forfeited" not in ops_page
    assert 'id="metric-first_pass"' in ops_page


def test_every_metric_shows_its_definition_a_chart_and_its_data(client_for, revops_admin):
    page = client_for(revops_admin).get(PAGE).text

    for metric in all_metrics():
        card = metric_card(page, metric.key)
        assert metric.explain(DEFAULT) in unescape(card)
        assert '<svg class="chart"' in card and 'role="img"' in card and "<desc" in card
        assert "Chart data" in card
    assert "style=" not in page and "<script>" not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("period=banana", "Period: Period is a quarter such as 2027-Q1, between 2000 and 2100."),
        ("period=1999-Q4", "Period: Period is a quarter such as 2027-Q1, between 2000 and 2100."),
        ("by=month", "Trend by: Select a valid choice. month is not one of the available"),
        ("business_unit=nowhere", "Business unit: Select a valid choice. nowhere is not one"),
        ("ae=nobody@seller.example", "AE: Select a valid choice."),
        ("hours_without=50", "Ensure this value is less than or equal to 40."),
        ("hours_without=1&hours_with=2", "Hours with a packet cannot exceed hours without one."),
    ],
)
def test_bad_parameters_answer_400_and_name_what_was_wrong(
    query, message, client_for, revops_admin
):
    response = client_for(revops_admin).get(f"{PAGE}?{query}")

    assert response.status_code == 400
    assert message in unescape(response.text)


def test_filtering_by_unit_and_quarter_changes_the_numbers(
    client_for, revops_admin, analytics, integrations
):
    scored(analytics, "ready_for_cs")
    scored(integrations, "needs_ae")
    scored(integrations, "needs_ae", days_ago=200)
    client = client_for(revops_admin)

    year = client.get(PAGE).text
    analytics_now = client.get(f"{PAGE}?business_unit=analytics&period={THIS_QUARTER}").text
    integrations_now = client.get(f"{PAGE}?business_unit=integrations&period={THIS_QUARTER}").text

    assert headline_value(year, "first_pass") == "33 %"
    assert headline_value(analytics_now, "first_pass") == "100 %"
    assert headline_value(integrations_now, "first_pass") == "0 %"


def test_a_number_opens_the_explorer_on_the_packets_behind_it(
    client_for, revops_admin, analytics, integrations
):
    passed = scored(analytics, "ready_for_cs")
    failed = scored(analytics, "needs_ae")
    client = client_for(revops_admin)
    card = metric_card(client.get(f"{PAGE}?business_unit=analytics").text, "first_pass")
    hits = unescape(re.search(r'<a href="([^"]+)">1 passed first time</a>', card)[1])

    explorer = client.get(hits)

    assert explorer.status_code == 200
    assert reverse("packets:detail", args=[passed.pk]) in explorer.text
    assert reverse("packets:detail", args=[failed.pk]) not in explorer.text
    assert "The packets behind <strong>First-pass gate rate</strong>" in explorer.text


@pytest.mark.parametrize("key", KEYS)
def test_each_metrics_rows_download_as_csv(key, client_for, revops_admin, analytics):
    scored(analytics, "ready_for_cs")
    metric = next(m for m in all_metrics() if m.key == key)

    response = client_for(revops_admin).get(reverse("metrics:csv", args=[key]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(body(response))))
    assert rows[0] == [column.header for column in metric.columns]


def test_a_metric_csv_holds_one_row_per_counted_thing(client_for, revops_admin, analytics):
    packet = scored(analytics, "ready_for_cs")
    scored(analytics, "needs_ae", days_ago=400)

    response = client_for(revops_admin).get(reverse("metrics:csv", args=["first_pass"]))

    header, *rows = csv.reader(io.StringIO(body(response)))
    assert [row[header.index("packet_id")] for row in rows] == [str(packet.pk)]
    assert rows[0][header.index("to")] == "ready_for_cs"


@pytest.mark.parametrize(
    ("role", "key", "status"),
    [
        ("cs_ops", "holdbacks", 404),
        ("revops_admin", "no_such_metric", 404),
        ("ae", "first_pass", 403),
        ("csm", "first_pass", 403),
    ],
)
def test_a_metric_csv_is_refused_to_whoever_may_not_read_it(role, key, status, request, client_for):
    response = client_for(request.getfixturevalue(role)).get(reverse("metrics:csv", args=[key]))

    assert response.status_code == status


def test_a_metric_csv_with_bad_parameters_is_a_400(client_for, revops_admin):
    response = client_for(revops_admin).get(
        reverse("metrics:csv", args=["first_pass"]) + "?period=2027-Q5"
    )

    assert response.status_code == 400
    assert "Period is a quarter such as 2027-Q1" in response.text


def test_the_quarterly_report_is_a_pdf(client_for, cs_ops, analytics):
    scored(analytics, "ready_for_cs")

    response = client_for(cs_ops).get(f"{REPORT}?period={THIS_QUARTER}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"handoff-program-{THIS_QUARTER}.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize(("role", "status"), [("ae", 403), ("csm", 403)])
def test_the_report_is_refused_to_aes_and_csms(role, status, request, client_for):
    response = client_for(request.getfixturevalue(role)).get(REPORT)

    assert response.status_code == status


def test_the_report_refuses_a_quarter_that_does_not_parse(client_for, revops_admin):
    response = client_for(revops_admin).get(f"{REPORT}?period=last-year")

    assert response.status_code == 400
    assert "Period is a quarter" in response.text


def test_the_page_reads_in_the_same_number_of_queries_however_many_packets(
    client_for, revops_admin, analytics, django_assert_num_queries
):
    client = client_for(revops_admin)
    scored(analytics, "ready_for_cs")
    with CaptureQueriesContext(connection) as few:
        first = client.get(PAGE)
    for n in range(12):
        scored(analytics, "needs_ae" if n % 2 else "ready_for_cs", days_ago=n * 20)

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(PAGE)
    assert first.status_code == 200
    assert response.status_code == 200
