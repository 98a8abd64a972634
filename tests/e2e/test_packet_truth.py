"""What the packet says follows what is true: the AE fixes the gaps, the CSM sees it resolved."""

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from handoffs.queue import tasks_inline
from handoffs.services.intake import receive_event
from tests.e2e.test_handoff_journey import edit, score

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def brightpath(sales_team, example_event):
    with tasks_inline():
        return receive_event(payload=example_event("brightpath-closed-won")).handoff.packets.get()


def test_resolved_risks_read_as_resolved_on_the_page_and_in_the_pdf(
    page, log_in, brightpath, tmp_path
):
    log_in("devon.price@seller.example")
    page.get_by_role("link", name="BrightPath Learning - Team plan").click()
    risks = page.locator("#risks")
    expect(risks.get_by_label("Open risks")).to_contain_text("No economic buyer is named")
    expect(page.locator("#commitments")).to_contain_text("Ghost commitment")

    edit(
        page,
        "economic_buyer_champion",
        {
            "Economic buyer: Name": "Dana Whitfield",
            "Economic buyer: Title": "Chief Financial Officer",
            "Economic buyer: In role since": "2022-03-01",
            "Economic buyer: LinkedIn URL": "https://www.linkedin.com/in/dana-whitfield",
            "Champion: In role since": "2021-05-01",
            "Champion: LinkedIn URL": "https://www.linkedin.com/in/alicia-moreno",
        },
    )
    score(page, 4)
    edit(page, "success_criteria", {"Criterion 1: target date": "2027-09-01"})
    edit(
        page,
        "competitive_context",
        {
            "Who they evaluated": "Looker",
            "Why they chose us": "Sheets sync on day one",
            "What would make them re-evaluate": "The sync slipping past June",
        },
    )
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

    log_in("nina.patel@seller.example")
    page.get_by_role("link", name="BrightPath Learning - Team plan").click()
    open_risks = page.locator("#risks").get_by_label("Open risks")
    resolved = page.locator("#risks").get_by_label("Resolved risks")
    expect(open_risks).not_to_contain_text("No economic buyer")
    expect(open_risks).not_to_contain_text("We'll have that for you by June")
    expect(resolved).to_contain_text("No economic buyer is named")
    expect(resolved).to_contain_text("Resolved by Devon Price")
    expect(resolved).to_contain_text("economic buyer named: Dana Whitfield.")
    expect(resolved).to_contain_text("the promise is added to the success plan.")
    expect(page.locator("#commitments")).to_contain_text("Added to the success plan")
    expect(page.locator("main")).not_to_contain_text("GHOST")
    expect(page.locator("#commitments")).not_to_contain_text("Ghost commitment")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    pdf = tmp_path / "packet.pdf"
    download.value.save_as(pdf)
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout.split()
    )
    assert "Resolved by Devon Price: economic buyer named: Dana Whitfield." in text
    assert "Added to the success plan" in text
    assert "GHOST" not in text and "Ghost commitment:" not in text
