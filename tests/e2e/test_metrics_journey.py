"""RevOps runs the program on its metrics: filter, open the packets behind a number, export."""

import csv
import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from handoffs.models import Handoff
from handoffs.periods import quarter_name
from tests.factories import (
    AccountFactory,
    BusinessUnitFactory,
    HandoffFactory,
    OpportunityFactory,
    PacketFactory,
    PacketTransitionFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def scored(account: str, unit: str, to: str, days_ago: int = 0):
    """A packet of `account` whose first draft was scored `days_ago` days ago and went to `to`."""
    at = timezone.now() - dt.timedelta(days=days_ago, hours=2)
    opportunity = OpportunityFactory(account=AccountFactory(name=account), name=f"{account} deal")
    packet = PacketFactory(
        handoff=HandoffFactory(opportunity=opportunity),
        business_unit=BusinessUnitFactory(slug=unit),
        status=to,
    )
    Handoff.objects.filter(pk=packet.handoff_id).update(created_at=at - dt.timedelta(minutes=2))
    PacketTransitionFactory(packet=packet, from_status="drafting", to_status=to, created_at=at)
    return packet


@pytest.fixture
def program(revops_admin, analytics, integrations):
    scored("Northwind", "analytics", "ready_for_cs")
    scored("Lumen", "integrations", "needs_ae")
    scored("BrightPath", "analytics", "needs_ae", days_ago=200)


def test_revops_filters_the_metrics_opens_the_packets_behind_a_number_and_exports_them(
    page, log_in, program, tmp_path
):
    log_in("riley.adams@seller.example")
    page.get_by_role("link", name="Metrics").click()
    first_pass = page.locator("#metric-first_pass")
    expect(first_pass.locator(".metric-value")).to_have_text("33 %")
    chart_before = first_pass.locator("desc").text_content()

    page.get_by_label("Business unit").select_option("analytics")
    page.get_by_label("Period").select_option(quarter_name(timezone.localdate()))
    page.get_by_role("button", name="Apply filters").click()

    expect(first_pass.locator(".metric-value")).to_have_text("100 %")
    assert first_pass.locator("desc").text_content() != chart_before
    assert "100 %" in first_pass.locator("desc").text_content()

    first_pass.get_by_role("link", name=re.compile(r"^First-pass gate rate: 100 %")).click()

    expect(page).to_have_url(re.compile(r"/revops/packets/\?.*metric=first_pass"))
    expect(page.get_by_text("The packets behind")).to_contain_text("First-pass gate rate")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Northwind deal")

    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    saved = tmp_path / "packets.csv"
    download.value.save_as(saved)
    exported = list(csv.DictReader(saved.open()))
    assert [row["account"] for row in exported] == ["Northwind"]
    assert exported[0]["business_unit"] == "analytics"
