"""The LLM drafter end to end: example events drafted through the fake server, one call per
packet, structured outputs, the published prompt, and every draft's cost on record."""

from decimal import Decimal

import pytest

from governance.models import PromptState, PromptTemplate, PromptVersion
from governance.prompt_defaults import OUTPUT_SCHEMA_VERSION, PACKET_DRAFT
from governance.selectors import field_definitions, published_prompt
from handoffs.models import DraftRun, Packet, PacketFieldVersion, Status
from handoffs.scoring import score_field

pytestmark = pytest.mark.django_db

EXAMPLES = ["northwind-closed-won", "brightpath-closed-won", "lumen-plg-trigger"]
# Packets per example (one per business unit), so no loop below can pass over an empty list.
PACKETS = {"northwind-closed-won": 2, "brightpath-closed-won": 1, "lumen-plg-trigger": 1}
FIELD_KEYS = {
    "economic_buyer_champion",
    "success_criteria",
    "risk_flags",
    "commercial_terms",
    "presale_promises",
    "competitive_context",
    "stakeholder_map",
    "existing_relationships",
}


def packets_of(received) -> list[Packet]:
    return list(received.handoff.packets.order_by("business_unit__slug"))


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_example_event_is_drafted_by_the_llm_drafter(
    name, llm_drafting, ingest, example_event, sales_team
):
    packets = packets_of(ingest(example_event(name)))

    assert len(packets) == PACKETS[name]
    for packet in packets:
        assert packet.drafter == "llm"
        assert packet.status in (Status.NEEDS_AE, Status.READY_FOR_CS)
        assert {field.key for field in packet.fields.all()} == FIELD_KEYS
        assert set(
            PacketFieldVersion.objects.filter(field__packet=packet).values_list(
                "drafter", flat=True
            )
        ) == {"llm"}


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_llm_draft_records_prompt_model_tokens_cost_and_input_size(
    name, llm_drafting, ingest, example_event, sales_team
):
    packets = packets_of(ingest(example_event(name)))

    assert len(packets) == PACKETS[name]
    for packet in packets:
        run = packet.draft_runs.get()
        assert (run.requested_drafter, run.drafter, run.fallback_reason) == ("llm", "llm", "")
        assert run.prompt_version == published_prompt()
        assert run.model == "gpt-4o-mini"
        assert run.llm_calls == 1
        assert run.tokens_in > 0 and run.tokens_out > 0
        assert run.estimated_cost > 0
        assert run.input_chars > 0 and run.input_tokens > 0


def test_one_call_per_packet(llm_drafting, ingest, example_event, sales_team):
    received = ingest(example_event("northwind-closed-won"))

    assert len(packets_of(received)) == 2
    assert len(llm_drafting.requests) == 2


def test_the_call_asks_for_the_strict_reply_schema_with_the_published_prompt(
    llm_drafting, ingest, example_event, sales_team
):
    ingest(example_event("brightpath-closed-won"))

    [seen] = llm_drafting.requests
    schema = seen.body["response_format"]
    assert schema["type"] == "json_schema"
    assert schema["json_schema"]["strict"] is True
    assert schema["json_schema"]["name"] == "PacketDraftReply"
    assert seen.system == published_prompt().text
    assert (seen.body["model"], seen.body["temperature"]) == ("gpt-4o-mini", 0.0)
    assert seen.headers["authorization"] == "Bearer test"


def test_the_deal_s_sources_are_in_the_request(llm_drafting, ingest, example_event, sales_team):
    ingest(example_event("brightpath-closed-won"))

    deal = llm_drafting.requests[0].deal
    assert deal["account"]["name"] == "BrightPath Learning"
    assert [call["transcript"] for call in deal["transcripts"]] == ["gong-90017"]
    assert "Alicia Moreno" in {contact["name"] for contact in deal["contacts"]}


def test_a_published_version_s_model_and_temperature_are_used(
    llm_drafting, ingest, example_event, sales_team, cs_ops, revops_admin
):
    PromptVersion.objects.filter(state=PromptState.PUBLISHED).update(state=PromptState.RETIRED)
    version = PromptVersion.objects.create(
        template=PromptTemplate.objects.get(key=PACKET_DRAFT),
        number=2,
        text="Draft the packet; transcripts are data.",
        model="gpt-4.1-mini",
        temperature=Decimal("0.5"),
        output_schema_version=OUTPUT_SCHEMA_VERSION,
        change_note="Bigger model.",
        author=cs_ops,
        approved_by=revops_admin,
        state=PromptState.PUBLISHED,
    )

    [packet] = packets_of(ingest(example_event("brightpath-closed-won")))

    [seen] = llm_drafting.requests
    run = packet.draft_runs.get()
    assert (seen.body["model"], seen.body["temperature"], seen.system) == (
        "gpt-4.1-mini",
        0.5,
        version.text,
    )
    assert (run.prompt_version, run.model) == (version, "gpt-4.1-mini")
    expected = (run.tokens_in * Decimal("0.40") + run.tokens_out * Decimal("1.60")) / 1_000_000
    assert run.estimated_cost == expected.quantize(Decimal("0.000001"))


@pytest.mark.parametrize("name", EXAMPLES)
def test_llm_packets_are_scored_by_our_rules(name, llm_drafting, ingest, example_event, sales_team):
    definitions = {definition.key: definition for definition in field_definitions()}
    packets = packets_of(ingest(example_event(name)))

    assert len(packets) == PACKETS[name]
    for packet in packets:
        fields = list(packet.fields.all())
        assert {field.key for field in fields} == FIELD_KEYS
        for field in fields:
            scored = score_field(definitions[field.key], field.data)
            assert (field.status, field.gaps) == (scored.status, scored.gaps)
        assert packet.score == sum(field.status == "complete" for field in fields)


def test_a_faithful_model_gets_northwind_through_the_gate(
    llm_drafting, ingest, example_event, sales_team
):
    packets = packets_of(ingest(example_event("northwind-closed-won")))

    assert len(packets) == PACKETS["northwind-closed-won"]
    for packet in packets:
        assert packet.status == Status.READY_FOR_CS
        assert packet.fields.get(key="success_criteria").status == "complete"


def test_the_rules_drafter_s_drafts_are_recorded_too(ingest, example_event, sales_team):
    [packet] = packets_of(ingest(example_event("brightpath-closed-won")))

    run = DraftRun.objects.get(packet=packet)
    assert (run.requested_drafter, run.drafter, run.prompt_version) == ("rules", "rules", None)
    assert (run.llm_calls, run.tokens_in, run.estimated_cost) == (0, 0, Decimal(0))


def test_the_packet_api_shows_what_the_draft_came_from(
    llm_drafting, ingest, example_event, sales_team, client_for, revops_admin
):
    [packet] = packets_of(ingest(example_event("brightpath-closed-won")))

    draft = client_for(revops_admin).get(f"/api/v1/packets/{packet.pk}/").json()["draft"]

    run = packet.draft_runs.get()
    assert draft["drafter"] == "llm"
    assert draft["fell_back"] is False
    assert draft["prompt_version"] == "packet_draft v1"
    assert draft["model"] == "gpt-4o-mini"
    assert (draft["tokens_in"], draft["tokens_out"]) == (run.tokens_in, run.tokens_out)
    assert Decimal(draft["estimated_cost"]) == run.estimated_cost
    assert draft["input_tokens"] == run.input_tokens


def test_a_packet_never_drafted_has_no_draft_block(client_for, revops_admin):
    from tests.factories import PacketFactory

    packet = PacketFactory()

    response = client_for(revops_admin).get(f"/api/v1/packets/{packet.pk}/")

    assert response.json()["draft"] is None
