"""What the packet says follows what is true: the AE fixes the gaps, the CSM sees it resolved."""

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import complete_brightpath_gap_list

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_resolved_risks_read_as_resolved_on_the_page_and_in_the_pdf(
    page, log_in, brightpath, tmp_path
):
    log_in("devon.price@seller.example")
    page.get_by_role("link", name="BrightPath Learning - Team plan").click()
    risks = page.locator("#risks")
    expect(risks.get_by_label("Open risks")).to_contain_text("No economic buyer is named")
    expect(page.locator("#commitments")).to_contain_text("Ghost commitment")

    complete_brightpath_gap_list(page)
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
