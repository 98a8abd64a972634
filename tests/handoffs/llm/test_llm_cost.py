"""Estimated cost from the tokens the server reports, at list price, in exact decimals."""

from decimal import Decimal

import pytest

from handoffs.drafting.llm_cost import estimate_cost


def test_a_million_tokens_each_way_costs_the_list_price():
    assert estimate_cost("gpt-4o-mini", 1_000_000, 1_000_000) == Decimal("0.750000")


def test_a_dated_model_is_priced_as_its_family():
    assert estimate_cost("gpt-4o-mini-2024-07-18", 2000, 1000) == Decimal("0.000900")


def test_the_mini_model_is_not_priced_as_the_big_one():
    assert estimate_cost("gpt-4o", 1_000_000, 0) == Decimal("2.500000")
    assert estimate_cost("gpt-4o-mini", 1_000_000, 0) == Decimal("0.150000")


@pytest.mark.parametrize("model", ["llama3.1:8b", "gpt-4o-minis", ""])
def test_an_unknown_model_has_no_estimate_rather_than_a_wrong_one(model):
    assert estimate_cost(model, 1000, 1000) is None


@pytest.mark.django_db
def test_a_draft_with_an_unpriced_model_records_no_cost(
    llm_drafting, settings, ingest, example_event, sales_team, client_for, revops_admin
):
    settings.HANDBRIEF = {**settings.HANDBRIEF, "LLM_MODEL": "llama3.1:8b"}

    [packet] = ingest(example_event("brightpath-closed-won")).handoff.packets.all()

    run = packet.draft_runs.get()
    assert (run.model, run.estimated_cost) == ("llama3.1:8b", None)
    assert run.tokens_in > 0
    assert (
        client_for(revops_admin)
        .get(f"/api/v1/packets/{packet.pk}/")
        .json()["draft"]["estimated_cost"]
        is None
    )
