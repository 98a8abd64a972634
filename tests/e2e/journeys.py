"""Steps people take in the browser, shared by the journeys."""

import re

from playwright.sync_api import Page, expect


def edit(page: Page, key: str, values: dict[str, str]) -> None:
    """Open a field's form in place, fill it by its labels, save and re-score."""
    card = page.locator(f"#field-{key}")
    card.get_by_role("button", name=re.compile("Edit|Continue editing")).click()
    for label, value in values.items():
        card.get_by_label(label, exact=True).fill(value)
    card.get_by_role("button", name="Save and re-score").click()


def score(page: Page, n: int) -> None:
    expect(page.locator("#score")).to_contain_text(f"{n} of 8 fields complete")


def complete_brightpath_gap_list(page: Page) -> None:
    """Devon fills every BrightPath gap (3 of 8 to 8 of 8), the economic buyer and the
    reconciled promise included, watching the score after each save."""
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
