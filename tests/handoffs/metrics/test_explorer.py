"""The packet explorer: every packet findable by RevOps and CS Ops, filtered, sorted, paged at
a fixed query cost, exported as CSV, and reached from the overview's tiles."""

import csv
import datetime as dt
import io
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from governance.models import PromptTemplate, PromptVersion
from tests.factories import (
    AccountFactory,
    HandoffFactory,
    OpportunityFactory,
    PacketFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("explorer:list")
EXPORT = reverse("explorer:csv")


def packet(account: str = "Northwind", deal: str = "", ae=None, **fields):
    opportunity = OpportunityFactory(
        account=AccountFactory(name=account),
        name=deal or f"{account} - Platform",
        **{k.removeprefix("opp_"): fields.pop(k) for k in list(fields) if k.startswith("opp_")},
    )
    return PacketFactory(handoff=HandoffFactory(opportunity=opportunity, ae=ae), **fields)


def shown(response) -> set[str]:
    """The deals whose rows the page lists."""
    page = unescape(response.text)
    return {
        name
        for name in ("Northwind", "Lumen", "BrightPath", "Cedar & Vale")
        if f"{name} - " in page or f">{name}<" in page
    }


def rows_of(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("role", "status"), [("revops_admin", 200), ("cs_ops", 200), ("ae", 403), ("csm", 403)]
)
def test_the_explorer_is_for_revops_admins_and_cs_ops(role, status, request, client_for):
    client = client_for(request.getfixturevalue(role))

    assert client.get(LIST).status_code == status
    assert client.get(EXPORT).status_code == status


def test_search_finds_packets_by_account_deal_ae_and_csm(client_for, cs_ops, analytics):
    maya = UserFactory(full_name="Maya Chen", role=Role.AE, business_unit=analytics)
    nina = UserFactory(
        full_name="Nina Patel", email="nina@seller.example", role=Role.CSM, business_unit=analytics
    )
    packet("Northwind", deal="Northwind - Renewal", ae=maya)
    packet("Lumen", csm=nina)
    packet("BrightPath")
    client = client_for(cs_ops)

    assert shown(client.get(LIST, {"q": "northwind"})) == {"Northwind"}
    assert shown(client.get(LIST, {"q": "renewal"})) == {"Northwind"}
    assert shown(client.get(LIST, {"q": "maya"})) == {"Northwind"}
    assert shown(client.get(LIST, {"q": "nina@seller"})) == {"Lumen"}


def test_filters_narrow_the_list(client_for, revops_admin, analytics, integrations):
    now = timezone.now()
    version = PromptVersion.objects.create(
        template=PromptTemplate.objects.get_or_create(key="bench", name="Bench")[0],
        number=99,
        text="Draft.",
        output_schema_version="1",
        change_note="Test",
    )
    northwind = packet(
        "Northwind",
        business_unit=analytics,
        status="needs_ae",
        due_at=now - dt.timedelta(hours=1),
        passed_gate=False,
        drafter="llm",
        opp_segment="saas",
        opp_motion="plg",
        opp_close_date=dt.date(2026, 2, 10),
    )
    northwind.draft_runs.create(requested_drafter="llm", drafter="llm", prompt_version=version)
    packet(
        "Lumen",
        business_unit=integrations,
        status="ready_for_cs",
        due_at=now + dt.timedelta(hours=5),
        passed_gate=True,
        drafter="rules",
        opp_close_date=dt.date(2026, 5, 10),
    )
    client = client_for(revops_admin)

    for query in (
        {"status": "needs_ae"},
        {"business_unit": "analytics"},
        {"segment": "saas"},
        {"motion": "plg"},
        {"overdue": "1"},
        {"gate": "failed"},
        {"drafter": "llm"},
        {"prompt_version": version.pk},
        {"quarter": "2026-Q1"},
    ):
        assert shown(client.get(LIST, query)) == {"Northwind"}, query
    assert shown(client.get(LIST, {"gate": "passed", "quarter": "2026-Q2"})) == {"Lumen"}


def test_sorting_orders_the_rows(client_for, revops_admin):
    packet("Lumen", score=3)
    packet("Northwind", score=8)
    packet("BrightPath", score=5)

    page = client_for(revops_admin).get(LIST, {"sort": "-score"}).text

    assert page.index("Northwind") < page.index("BrightPath") < page.index("Lumen")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"sort": "hack"}, "Sort: Select a valid choice. hack is not one of the available"),
        ({"status": "lost"}, "Status: Select a valid choice."),
        ({"quarter": "2026-Q9"}, "Closed in is a quarter such as 2027-Q1"),
        ({"overdue": "yes"}, "Overdue: Select a valid choice."),
        ({"prompt_version": "x"}, "Prompt version: Select a valid choice."),
        ({"metric": "nope"}, "no such metric number, or not one you may see."),
        ({"metric": "first_pass", "series": "1"}, "no such metric number"),
        ({"metric": "gap_list_time", "part": "hit"}, "no such metric number"),
    ],
)
def test_bad_parameters_answer_400_and_name_what_was_wrong(
    query, message, client_for, revops_admin
):
    client = client_for(revops_admin)

    response, export = client.get(LIST, query), client.get(EXPORT, query)

    assert (response.status_code, export.status_code) == (400, 400)
    assert message in unescape(response.text)


def test_cs_ops_may_not_open_the_packets_behind_a_pay_metric(client_for, cs_ops, revops_admin):
    query = {"metric": "holdbacks", "series": "0"}

    assert client_for(cs_ops).get(LIST, query).status_code == 400
    assert client_for(revops_admin).get(LIST, query).status_code == 200


def test_pages_cost_the_same_queries_for_more_packets(
    client_for, revops_admin, django_assert_num_queries
):
    client = client_for(revops_admin)
    for _ in range(3):
        packet("Northwind")
    with CaptureQueriesContext(connection) as few:
        first = client.get(LIST)
    for _ in range(60):
        packet("Lumen", status="needs_ae")

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIST, {"page": 2})
    assert first.status_code == 200
    assert response.status_code == 200
    assert "63 packets, page 2 of 2." in response.text


def test_the_csv_holds_every_packet_the_filters_select(client_for, revops_admin, analytics):
    for n in range(55):
        packet("Northwind", business_unit=analytics, opp_amount=Decimal(1000 + n))
    packet("Lumen")

    response = client_for(revops_admin).get(EXPORT, {"q": "northwind", "sort": "-amount"})

    rows = rows_of(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(rows) == 55
    assert rows[0]["amount"] == "1054.00"
    assert rows[0]["url"] == reverse("packets:detail", args=[rows[0]["packet_id"]])
    assert {row["account"] for row in rows} == {"Northwind"}


def test_csv_cells_that_a_spreadsheet_would_run_are_kept_as_text(client_for, revops_admin):
    packet("=HYPERLINK(evil)")

    (row,) = rows_of(client_for(revops_admin).get(EXPORT))

    assert row["account"] == "'=HYPERLINK(evil)"


def test_names_people_typed_are_escaped(client_for, revops_admin):
    packet("<b>Cedar & Vale</b>")

    page = client_for(revops_admin).get(LIST).text

    assert "&lt;b&gt;Cedar &amp; Vale&lt;/b&gt;" in page
    assert "<b>Cedar" not in page


def test_the_overview_tiles_open_the_explorer_filtered(client_for, revops_admin):
    packet("Northwind", status="ready_for_cs")
    packet("Lumen", status="needs_ae", due_at=timezone.now() - dt.timedelta(hours=2))

    overview = client_for(revops_admin).get(reverse("revops:home")).text

    assert f'href="{LIST}?status=ready_for_cs"' in overview
    assert f'href="{LIST}?overdue=1"' in overview
    assert f'href="{LIST}"' in overview
    assert shown(client_for(revops_admin).get(LIST, {"overdue": "1"})) == {"Lumen"}
