"""The whole handoff, as people do it in a browser: gap list, review, kickoff, notifications."""

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from tests.e2e.journeys import complete_brightpath_gap_list

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_handoff_from_gap_list_to_kickoff(page, log_in, brightpath, sales_team, tmp_path):
    # Devon gets BrightPath back with a gap list and completes it in place.
    log_in("devon.price@seller.example")
    page.get_by_role("link", name="BrightPath Learning - Team plan").click()
    expect(page.get_by_role("heading", name=re.compile("Gap list"))).to_be_visible()
    complete_brightpath_gap_list(page)
    page.get_by_role("button", name="Submit to CS").click()
    expect(page.get_by_text("Submitted to CS")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # Nina reviews, comments, accepts and books the kickoff.
    log_in("nina.patel@seller.example")
    page.get_by_role("link", name="BrightPath Learning - Team plan").click()
    page.get_by_role("button", name="Start review").click()
    page.get_by_label("Comment on Stakeholder map").fill("Who replaces Tom on the data side?")
    page.locator("#field-stakeholder_map").get_by_role("button", name="Comment").click()
    expect(page.get_by_text("Who replaces Tom on the data side?")).to_be_visible()
    page.get_by_label("Handoff quality (1\u201310)").select_option("9")
    page.get_by_role("button", name="Accept").click()
    expect(
        page.get_by_text(re.compile(r"Accepted\. Book the kickoff by \w{3} \w{3} \d+"))
    ).to_be_visible()
    when = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT10:00")
    page.get_by_label("When").fill(when)
    page.get_by_role("button", name="Book kickoff").click()
    expect(page.get_by_text("Kickoff booked; the invite went to")).to_be_visible()

    with page.expect_download() as invite:
        page.get_by_role("link", name="Download invite (.ics)").click()
    event = next(iter(Calendar.from_ical(invite.value.path().read_bytes()).walk("VEVENT")))
    assert "mailto:dana@brightpath.example" in [str(a) for a in event.get("attendee")]
    with page.expect_download() as brief:
        page.get_by_role("link", name="Download PDF").click()
    pdf = tmp_path / "packet.pdf"
    brief.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True
        )
        assert (tmp_path / "page-1.png").exists()
    page.get_by_role("button", name="Log out").click()

    # Devon sees what happened.
    log_in("devon.price@seller.example")
    page.get_by_role("link", name=re.compile(r"Notifications, \d+ unread")).click()
    expect(page.get_by_text(re.compile("accepted BrightPath Learning.*9/10"))).to_be_visible()
    expect(page.get_by_text(re.compile("Kickoff for BrightPath Learning"))).to_be_visible()
    expect(page.get_by_text("Who replaces Tom on the data side?", exact=False)).to_be_visible()
