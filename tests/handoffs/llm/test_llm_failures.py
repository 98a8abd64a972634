"""Every way the model can fail ends in a usable packet: retried within the budget, then the
rules drafter's draft, with the reason on the packet and on the drafting page."""

import json

import pytest
from django.urls import reverse

from governance.models import DrafterKind, DraftingPolicy, PromptState, PromptVersion
from handoffs.llm_fake import Behaviour
from handoffs.models import Packet, PacketFieldVersion, Status

pytestmark = pytest.mark.django_db

FAILURES = {
    "schema_violation": "reply broke the schema",
    "invalid_json": "reply was not valid JSON",
    "refusal": "the model refused: I can't help with that request.",
    "truncated": "reply cut off at the token limit (finish_reason: length)",
    "server_error": "server error (500)",
    "rate_limited": "rate limited (429)",
    "slow": "timed out",
}


def draft_brightpath(ingest, example_event) -> Packet:
    [packet] = ingest(example_event("brightpath-closed-won")).handoff.packets.all()
    return packet


@pytest.fixture
def short_timeout(settings):
    settings.HANDBRIEF = {**settings.HANDBRIEF, "LLM_TIMEOUT_SECONDS": 0.3}


@pytest.mark.parametrize("kind", FAILURES)
def test_a_failure_on_every_attempt_falls_back_to_the_rules_drafter(
    kind, llm_drafting, short_timeout, ingest, example_event, sales_team
):
    llm_drafting.will(*[Behaviour(kind, seconds=0.6 if kind == "slow" else 0)] * 3)

    packet = draft_brightpath(ingest, example_event)

    run = packet.draft_runs.get()
    assert packet.status == Status.NEEDS_AE
    assert packet.drafter == "rules"
    assert (run.requested_drafter, run.drafter, run.llm_calls) == ("llm", "rules", 3)
    assert FAILURES[kind] in run.fallback_reason
    assert run.fallback_reason.startswith("The LLM draft failed after 3 calls:")
    assert len(llm_drafting.requests) == 3


def test_the_fallback_packet_is_the_rules_drafter_s_field_for_field(
    llm_drafting, ingest, example_event, sales_team
):
    llm_drafting.will("server_error", "server_error", "server_error")

    packet = draft_brightpath(ingest, example_event)

    drafters = PacketFieldVersion.objects.filter(field__packet=packet).values_list(
        "drafter", flat=True
    )
    assert set(drafters) == {"rules"}
    assert packet.fields.count() == 8


def test_the_packet_api_says_it_fell_back_and_why(
    llm_drafting, ingest, example_event, sales_team, client_for, revops_admin
):
    llm_drafting.will("refusal", "refusal", "refusal")
    packet = draft_brightpath(ingest, example_event)

    draft = client_for(revops_admin).get(f"/api/v1/packets/{packet.pk}/").json()["draft"]

    assert (draft["requested_drafter"], draft["drafter"], draft["fell_back"]) == (
        "llm",
        "rules",
        True,
    )
    assert "the model refused" in draft["fallback_reason"]


def test_the_drafting_page_lists_the_fallback_with_its_reason(
    llm_drafting, ingest, example_event, sales_team, client_for, cs_ops
):
    llm_drafting.will("truncated", "truncated", "truncated")
    draft_brightpath(ingest, example_event)

    page = client_for(cs_ops).get(reverse("drafting:home")).content.decode()

    assert "Rules drafter instead" in page
    assert "reply cut off at the token limit (finish_reason: length), 3 times" in page


@pytest.mark.parametrize("kind", ["schema_violation", "rate_limited", "server_error", "slow"])
def test_one_failure_then_a_good_reply_is_an_llm_draft(
    kind, llm_drafting, short_timeout, ingest, example_event, sales_team
):
    llm_drafting.will(Behaviour(kind, seconds=0.6 if kind == "slow" else 0), "good")

    packet = draft_brightpath(ingest, example_event)

    run = packet.draft_runs.get()
    assert (packet.drafter, run.llm_calls, run.fallback_reason) == ("llm", 2, "")


def test_tokens_of_a_failed_reply_are_still_counted(
    llm_drafting, ingest, example_event, sales_team
):
    llm_drafting.will("truncated", "good")

    packet = draft_brightpath(ingest, example_event)

    reported = [len(json.dumps(seen.body["messages"])) // 4 for seen in llm_drafting.requests]
    assert len(reported) == 2
    assert packet.draft_runs.get().tokens_in == sum(reported)


def test_a_rate_limit_waits_as_long_as_the_server_asks(
    llm_drafting, ingest, example_event, sales_team
):
    llm_drafting.will(Behaviour("rate_limited", seconds=0.4), "good")

    packet = draft_brightpath(ingest, example_event)

    first, second = llm_drafting.requests
    assert second.received_at - first.received_at >= 0.4
    assert packet.drafter == "llm"


def test_a_retry_after_beyond_the_deadline_falls_back_at_once(
    llm_drafting, ingest, example_event, sales_team
):
    llm_drafting.will(Behaviour("rate_limited", seconds=60))

    packet = draft_brightpath(ingest, example_event)

    run = packet.draft_runs.get()
    assert len(llm_drafting.requests) == 1
    assert packet.drafter == "rules"
    assert "past the deadline" in run.fallback_reason


def test_a_rejected_api_key_is_not_retried(llm_drafting, ingest, example_event, sales_team):
    llm_drafting.will("unauthorized")

    packet = draft_brightpath(ingest, example_event)

    run = packet.draft_runs.get()
    assert len(llm_drafting.requests) == 1
    assert "request refused (401)" in run.fallback_reason


def test_the_deadline_stops_retries_early(
    llm_drafting, settings, ingest, example_event, sales_team
):
    settings.HANDBRIEF = {
        **settings.HANDBRIEF,
        "LLM_TIMEOUT_SECONDS": 0.3,
        "LLM_DEADLINE_SECONDS": 0.5,
        "LLM_MAX_ATTEMPTS": 5,
    }
    llm_drafting.will(*[Behaviour("slow", seconds=0.6)] * 5)

    packet = draft_brightpath(ingest, example_event)

    run = packet.draft_runs.get()
    assert run.llm_calls == 2
    assert packet.drafter == "rules"


def test_without_a_published_prompt_it_falls_back_without_calling(
    llm_drafting, ingest, example_event, sales_team
):
    PromptVersion.objects.update(state=PromptState.RETIRED)

    packet = draft_brightpath(ingest, example_event)

    run = packet.draft_runs.get()
    assert llm_drafting.requests == []
    assert run.fallback_reason == "No prompt version is published for the LLM drafter."


def test_an_llm_choice_without_a_key_falls_back_and_says_so(
    no_llm_configured, ingest, example_event, sales_team
):
    DraftingPolicy.objects.update_or_create(pk=1, defaults={"drafter": DrafterKind.LLM})

    packet = draft_brightpath(ingest, example_event)

    run = packet.draft_runs.get()
    assert packet.status == Status.NEEDS_AE
    assert "No OPENAI_API_KEY or OPENAI_BASE_URL is set" in run.fallback_reason
