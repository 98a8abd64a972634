"""Long deals do not blow the context: calls are cut to their relevant passages under the
token budget, and the packet records how much it sent."""

import copy

import pytest

from governance.selectors import published_prompt
from handoffs.drafting.context import load_deal_context
from handoffs.drafting.llm_context import build_request, estimate_tokens
from handoffs.llm_fake import deal_data
from handoffs.models import Packet

pytestmark = pytest.mark.django_db

FILLER = {"speaker": "Devon Price", "text": "Let me share my screen and walk through the agenda."}


@pytest.fixture
def long_brightpath(example_event):
    """BrightPath with 300 turns of small talk around the five that matter."""
    payload = example_event("brightpath-closed-won")
    call = payload["transcripts"][0]
    turns = [copy.deepcopy(FILLER) for _ in range(150)]
    turns += call["turns"] + [copy.deepcopy(FILLER) for _ in range(150)]
    for second, turn in enumerate(turns):
        turn["start_seconds"] = second * 10
    call["turns"] = turns
    return payload


def context_of(ingest, payload):
    [packet] = ingest(payload).handoff.packets.all()
    return load_deal_context(
        Packet.objects.select_related("handoff", "business_unit").get(pk=packet.pk)
    )


def sent_turns(request) -> list[int]:
    return [
        turn["turn"]
        for turn in deal_data(request.messages[1]["content"])["transcripts"][0]["turns"]
    ]


def test_whole_calls_are_sent_when_they_fit(ingest, example_event, sales_team):
    context = context_of(ingest, example_event("brightpath-closed-won"))

    request = build_request(context, system_prompt="Draft.", token_budget=12000)

    assert (request.turns_sent, request.turns_total) == (5, 5)
    assert sent_turns(request) == [0, 1, 2, 3, 4]


def test_a_long_call_is_cut_to_its_relevant_passages_under_the_budget(
    ingest, long_brightpath, sales_team
):
    context = context_of(ingest, long_brightpath)
    prompt = published_prompt().text

    request = build_request(context, system_prompt=prompt, token_budget=4000)

    kept = sent_turns(request)
    assert request.turns_total == 305
    assert request.input_tokens <= 4000
    assert {150, 152, 153, 154} <= set(kept)
    assert len(kept) < 20


def test_with_room_for_one_passage_it_is_a_departure_not_small_talk(
    ingest, long_brightpath, sales_team
):
    context = context_of(ingest, long_brightpath)
    prompt = published_prompt().text
    fixed = build_request(context, system_prompt=prompt, token_budget=0).input_tokens

    request = build_request(context, system_prompt=prompt, token_budget=fixed + 120)

    assert sent_turns(request) == [149, 150, 151]


def test_the_call_metadata_says_how_many_turns_were_left_out(ingest, long_brightpath, sales_team):
    context = context_of(ingest, long_brightpath)

    request = build_request(context, system_prompt="Draft.", token_budget=4000)

    call = deal_data(request.messages[1]["content"])["transcripts"][0]
    assert call["turns_left_out"] == 305 - len(call["turns"])


def test_input_tokens_are_estimated_at_four_characters_each():
    assert (estimate_tokens(0), estimate_tokens(1), estimate_tokens(400)) == (0, 1, 100)


def test_the_packet_records_what_was_sent(
    llm_drafting, settings, ingest, long_brightpath, sales_team
):
    settings.HANDBRIEF = {**settings.HANDBRIEF, "LLM_INPUT_TOKEN_BUDGET": 4000}

    [packet] = ingest(long_brightpath).handoff.packets.all()

    run = packet.draft_runs.get()
    [seen] = llm_drafting.requests
    assert run.turns_total == 305
    assert 4 <= run.turns_sent < 20
    assert run.input_tokens <= 4000
    assert run.input_chars == len(seen.system) + len(seen.user)
    assert packet.drafter == "llm"
