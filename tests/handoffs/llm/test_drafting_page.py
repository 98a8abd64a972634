"""The drafting overview: the drafter per unit, the prompt's versions, what LLM drafts cost."""

import pytest
from django.urls import reverse

from governance.selectors import published_prompt

pytestmark = pytest.mark.django_db

URL = reverse("drafting:home")


def test_it_lists_the_prompt_s_versions(client_for, cs_ops):
    page = client_for(cs_ops).get(URL).content.decode()

    assert "Prompt: Packet draft" in page
    assert reverse("drafting:prompt_version", args=[published_prompt().pk]) in page
    assert "Shipped with Handbrief" in page


def test_it_shows_recent_llm_drafts_with_their_cost(
    llm_drafting, ingest, example_event, sales_team, client_for, revops_admin
):
    [packet] = ingest(example_event("brightpath-closed-won")).handoff.packets.all()
    run = packet.draft_runs.get()

    page = client_for(revops_admin).get(URL).content.decode()

    assert "BrightPath Learning - Team plan" in page
    assert f"{run.tokens_in} / {run.tokens_out}" in page
    assert "LLM draft</span>" in page


def test_without_llm_drafts_it_says_how_to_start(client_for, revops_admin):
    page = client_for(revops_admin).get(URL).content.decode()

    assert "No LLM drafts yet." in page


@pytest.mark.parametrize("role", ["cs_ops", "revops_admin"])
def test_revops_roles_find_it_in_the_navigation(role, request, client_for):
    page = client_for(request.getfixturevalue(role)).get(reverse("revops:home")).content.decode()

    assert f'href="{URL}"' in page


@pytest.mark.parametrize("role", ["ae", "csm"])
def test_aes_and_csms_cannot_open_it(role, request, client_for):
    assert client_for(request.getfixturevalue(role)).get(URL).status_code == 403


def test_it_refuses_post(client_for, revops_admin):
    assert client_for(revops_admin).post(URL).status_code == 405


def test_the_packet_page_shows_the_prompt_model_tokens_and_cost(
    llm_drafting, ingest, example_event, sales_team, client_for
):
    [packet] = ingest(example_event("brightpath-closed-won")).handoff.packets.all()
    run = packet.draft_runs.get()

    page = (
        client_for(sales_team["devon"])
        .get(reverse("packets:detail", args=[packet.pk]))
        .content.decode()
    )

    assert f"v{run.prompt_version.number}" in page
    assert run.model in page
    assert f"{run.tokens_in} in · {run.tokens_out} out" in page
    assert "USD " in page
