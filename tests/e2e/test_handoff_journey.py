"""The whole handoff, as people do it in a browser: gap list, review, kickoff, notifications."""

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from handoffs.queue import tasks_inline
from handoffs.services.intake import receive_event

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def brightpath(sales_team, example_event):
    with tasks_inline():
        return receive_event(payload=example_event("brightpath-closed-won")).handoff.packets.get()


def edit(page, key: str, values: dict[str, str]) -> None:
    card = page.locator(f"#field-{key}")
    card.get_by_role("button", name=re.compile("Edit|Continue editing")).click()
    for label, value in values.items():
        card.get_by_label(label, exact=True).fill(value)
    card.get_by_role("button", name="Save and re-score").click()


def score(page, n: int) -> None:
    expect(page.locator("#score")).to_contain_text(f"{n} of 8 fields complete")


def test_a_handoff_from_gap_list_to_kickoff(page, log_in, brightpath, sales_team, tmp_path):
    # Devon gets BrightPath back with a gap list and completes it in place.
    log_in("devon.price@seller.example")
    page.get_by_role("link", name="BrightPath Learning - Team plan").click()
    expect(page.get_by_role("heading", name=re.compile("Gap list"))).to_be_visible()
    score(page, 3)

    edit(
        page,
        "economic_buyer_champion",
        {
            "Economic buyer: Name": "Dana Whitfield",
            "Economic buyer: Title": "Chief Financial Officer",
            "Economic buyer: E-mail": "dana@brightpath.example",
            "Economic buyer: In role since": "2022-03-01",
            "Economic buyer: LinkedIn URL": "https://www.linkedin.com/in/dana-whitfield",
            "Champion: In role since": "2021-05-01",
            "Champion: LinkedIn URL": "https://www.linkedin.com/in/alicia-moreno",
        },
    )
    score(page, 4)
    edit(page, "success_criteria", {"Criterion 1: target date": "2027-09-01"})
    score(page, 5)
    edit(
        page,
        "competitive_context",
        {
            "Who they evaluated": "Looker and two Sheets add-ons",
            "Why they chose us": "Sheets sync that works on day one",
            "What would make them re-evaluate": "The Education Cloud sync slipping past June",
        },
    )
    score(page, 6)
    edit(
        page,
        "stakeholder_map",
        {
            "Technical buyer: Name": "Rosa Lind",
            "Security reviewer: Name": "Ken Ito",
            "End-user lead: Name": "Alicia Moreno",
        },
    )
    score(page, 7)
    page.locator("#commitments").get_by_label("Reconcile").select_option("success_plan")
    page.locator("#commitments").get_by_role("button", name="Save").click()
    score(page, 8)
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
    expect(page.get_by_text("Book the kickoff within five business days")).to_be_visible()
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
