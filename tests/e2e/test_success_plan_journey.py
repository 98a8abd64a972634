"""After the kickoff: the success plan made from the packet, worked by the CSM, shared with the
customer by a link that shows nothing internal, and closed again by revoking it."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from handoffs.models import Kickoff
from tests.e2e.journeys import complete_brightpath_gap_list

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BUYER_WORDS = (
    "Success for me is the weekly enrolment report running automatically by the start of the "
    "fall term."
)
PROMISE = "We'll have that for you by June."


def test_the_plan_from_kickoff_to_a_shared_link_and_back(
    page, browser, log_in, brightpath, sales_team, base_url
):
    # Devon completes the gap list, reconciling his promise into the success plan.
    log_in("devon.price@seller.example")
    page.get_by_role("link", name="BrightPath Learning - Team plan").click()
    complete_brightpath_gap_list(page)
    page.get_by_role("button", name="Submit to CS").click()
    expect(page.get_by_text("Submitted to CS")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # Nina accepts and books the kickoff; by the time she records it, it took place a month ago.
    log_in("nina.patel@seller.example")
    page.get_by_role("link", name="BrightPath Learning - Team plan").click()
    page.get_by_role("button", name="Start review").click()
    page.get_by_label("Handoff quality (1\u201310)").select_option("8")
    page.get_by_role("button", name="Accept").click()
    when = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT10:00")
    page.get_by_label("When").fill(when)
    page.get_by_role("button", name="Book kickoff").click()
    expect(page.get_by_text("Kickoff booked; the invite went to")).to_be_visible()
    Kickoff.objects.update(starts_at=timezone.now() - dt.timedelta(days=30))
    page.reload()
    page.get_by_role("button", name="Record as held").click()
    expect(page.get_by_text("Kickoff recorded as held.")).to_be_visible()

    # The plan: the buyer's words as the outcome, Devon's promise as a task.
    page.get_by_role("link", name="Open the success plan").click()
    expect(page.get_by_role("heading", name="Success plan")).to_be_visible()
    expect(page.locator("#outcomes")).to_contain_text(BUYER_WORDS)
    expect(page.locator("#tasks")).to_contain_text(PROMISE)
    expect(page.locator("#milestones")).to_contain_text("Rosa Lind")

    # She marks the 30-day milestone done in place and records first value today.
    sso = page.locator(".plan-item", has_text="SSO live")
    sso.get_by_label("Status of SSO live").select_option("done")
    sso.get_by_role("button", name="Update").click()
    expect(page.locator(".plan-item", has_text="SSO live")).to_contain_text("Done")
    page.get_by_label("First value on").fill(timezone.localdate().isoformat())
    page.get_by_label("What the customer got").fill("The weekly report ran on its own.")
    page.get_by_role("button", name="Record first value").click()
    expect(page.locator("#ttfv")).to_contain_text(
        re.compile(r"First value in \d+ business days: inside the 14 to 30 business-day window")
    )

    # She shares the plan; the customer opens it without logging in.
    page.get_by_label("Open for (days)").fill("14")
    page.get_by_role("button", name="Create link").click()
    link = page.get_by_label("Share link").input_value()
    assert link.startswith(f"{base_url}/shared/plans/")
    outside = browser.new_context()
    customer = outside.new_page()
    customer.goto(link)
    expect(customer.get_by_text(BUYER_WORDS)).to_be_visible()
    expect(customer.get_by_role("cell", name="SSO live")).to_be_visible()
    expect(customer.get_by_text("Rosa Lind")).to_be_visible()
    shared = customer.content()
    for internal in (
        PROMISE,
        "Risk",
        "Ghost",
        "First value",
        "Devon Price",
        "Log out",
        "/packets/",
    ):
        assert internal not in shared

    # Revoked, the link finds nothing at once.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("Link revoked: it no longer opens.")).to_be_visible()
    gone = customer.goto(link)
    assert gone.status == 404
    expect(customer.get_by_text(BUYER_WORDS)).to_have_count(0)
    outside.close()
