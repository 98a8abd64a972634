"""The AE sees their holdback released once the CSM records the kickoff as held."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from comp.models import CompPlan
from handoffs.models import Kickoff
from handoffs.queue import tasks_inline
from handoffs.services import kickoffs, review
from handoffs.services.intake import receive_event

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def booked(sales_team, example_event):
    """Northwind analytics accepted by Nina, its kickoff booked and now past."""
    CompPlan.objects.create(
        name="2027-Q1",
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 3, 31),
        holdback_pct=Decimal("25"),
    )
    with tasks_inline():
        handoff = receive_event(payload=example_event("northwind-closed-won")).handoff
        packet = handoff.packets.get(business_unit__slug="analytics")
        nina = sales_team["nina"]
        review.review_start(packet=packet, by=nina)
        packet.refresh_from_db()
        review.packet_accept(packet=packet, rating=8, by=nina, expected_version=packet.version)
        packet.refresh_from_db()
        kickoffs.kickoff_book(
            packet=packet,
            by=nina,
            duration_minutes=45,
            starts_at=timezone.now() + dt.timedelta(hours=1),
        )
    Kickoff.objects.update(starts_at=timezone.now() - dt.timedelta(hours=1))
    return packet


def test_the_ae_sees_the_holdback_released_after_the_kickoff(page, log_in, booked):
    log_in("maya.chen@seller.example")
    page.get_by_role("link", name="My commission").click()
    row = page.get_by_role("row", name=re.compile("Analytics USD 15,000"))
    expect(row).to_contain_text("Held")
    page.get_by_role("button", name="Log out").click()

    log_in("nina.patel@seller.example")
    page.goto(page.url.split("/csm/")[0] + f"/packets/{booked.pk}/")
    page.get_by_label("Notes").fill("Priya approved the success plan.")
    page.get_by_role("button", name="Record as held").click()
    expect(page.get_by_text("Kickoff recorded as held.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    log_in("maya.chen@seller.example")
    page.get_by_role("link", name="My commission").click()
    row = page.get_by_role("row", name=re.compile("Analytics USD 15,000"))
    expect(row).to_contain_text("Released")
    expect(row).to_contain_text("USD 3,750.00")
    expect(page.get_by_text("Kickoff held; gate passed")).to_be_visible()
