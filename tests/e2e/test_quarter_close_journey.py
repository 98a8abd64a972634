"""RevOps closes a quarter: previews the close, sees the exceptions, acknowledges the one open,
closes, and downloads a CSM's statement and the payroll."""

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from comp.models import CompPlan
from comp.services.ledger import ensure_accrued, settle_at_kickoff
from handoffs.models import Decision, Kickoff, KickoffStatus, Packet, SignOff
from tests.factories import OpportunityLineFactory, PacketFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
UTC = dt.UTC


def deal(ae, close_date: dt.date, name: str) -> Packet:
    packet = PacketFactory(
        handoff__ae=ae,
        handoff__opportunity__close_date=close_date,
        handoff__opportunity__name=name,
        business_unit=ae.business_unit,
        status="ready_for_cs",
    )
    OpportunityLineFactory(
        opportunity=packet.handoff.opportunity,
        business_unit=packet.business_unit,
        amount=Decimal("100000"),
    )
    ensure_accrued(packet)
    return packet


@pytest.fixture
def ended_quarter(sales_team, revops_admin):
    """2025-Q1 has ended. Maya's Harbor deal was kicked off on time by Nina and released; her
    Quarry deal never had a kickoff, so its holdback hangs past the window."""
    CompPlan.objects.create(
        name="2025-Q1", starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 3, 31)
    )
    CompPlan.objects.create(
        name="2025-Q2", starts_on=dt.date(2025, 4, 1), ends_on=dt.date(2025, 6, 30)
    )
    maya, nina = sales_team["maya"], sales_team["nina"]
    harbor = deal(maya, dt.date(2025, 3, 3), "Harbor Health - Platform")
    Packet.objects.filter(pk=harbor.pk).update(gate_passed_at=dt.datetime(2025, 3, 4, tzinfo=UTC))
    harbor.refresh_from_db()
    SignOff.objects.create(
        packet=harbor,
        decision=Decision.ACCEPTED,
        by=nina,
        packet_version=1,
        rating=9,
        created_at=dt.datetime(2025, 3, 5, 9, 0, tzinfo=UTC),
    )
    Kickoff.objects.create(
        packet=harbor,
        starts_at=dt.datetime(2025, 3, 7, 15, 0, tzinfo=UTC),
        deadline=dt.datetime(2025, 3, 12, 17, 0, tzinfo=UTC),
        status=KickoffStatus.HELD,
        booked_by=nina,
    )
    settle_at_kickoff(harbor)
    return deal(maya, dt.date(2025, 3, 10), "Quarry Labs - Platform")


def test_revops_previews_the_close_acknowledges_closes_and_downloads_the_pay(
    page, log_in, ended_quarter
):
    page.on("dialog", lambda dialog: dialog.accept())
    log_in("riley.adams@seller.example")
    page.get_by_role("link", name="Comp", exact=True).click()
    expect(page.get_by_text("a decision or an acknowledgement before 2025-Q1")).to_be_visible()

    page.get_by_role("link", name="Preview the close of 2025-Q1").click()
    expect(page.get_by_role("heading", name="Close 2025-Q1")).to_be_visible()
    blocker = page.get_by_text("1 exception still needs a decision or an acknowledgement.")
    expect(blocker.first).to_be_visible()
    exception = page.get_by_role("row", name="Quarry Labs - Platform").first
    expect(exception).to_contain_text("no kickoff held")
    expect(exception).to_contain_text("USD 2,500")
    expect(page.get_by_role("button", name="Close 2025-Q1")).to_be_disabled()

    exception.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Acknowledged: it stands as it is.")).to_be_visible()
    expect(page.get_by_text("Ready to close.")).to_be_visible()
    page.get_by_role("button", name="Close 2025-Q1").click()
    expect(page.get_by_text("2025-Q1 is closed")).to_be_visible()

    nina = page.get_by_role("row", name="Nina Patel")
    expect(nina).to_contain_text("USD 3,000")  # 30,000 x 20 % x (on time 1 + sticky 0) / 2
    with page.expect_download() as statement:
        nina.get_by_role("link", name="Statement").click()
    pdf = statement.value
    assert pdf.suggested_filename == "variable-2025-Q1-nina.patel.pdf"
    assert Path(pdf.path()).read_bytes().startswith(b"%PDF")

    with page.expect_download() as payroll:
        page.get_by_role("link", name="Payroll CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(payroll.value.path()).read_text())))
    pay = {(row["payee_email"], row["deal"]): row for row in rows}
    assert pay["maya.chen@seller.example", "Quarry Labs - Platform"]["status"] == "carried"
    assert pay["maya.chen@seller.example", "Harbor Health - Platform"]["payable"] == "10000.00"
    nina_row = next(row for row in rows if row["payee_email"] == "nina.patel@seller.example")
    assert (nina_row["payable"], nina_row["status"]) == ("3000.00", "final")
