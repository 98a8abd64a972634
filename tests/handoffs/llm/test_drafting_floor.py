"""The rules' findings are the floor of every LLM draft: the model may add what its evidence
shows, never take a finding away or lower it, and where the two disagree the packet shows both
with their sources."""

import pytest
from django.urls import reverse

from handoffs.drafting.llm_prose import UNSUPPORTED
from handoffs.llm_fake import Behaviour, faithful_reply
from handoffs.models import Packet

pytestmark = pytest.mark.django_db

RULES_RISKS = {
    ("ghost_commitment", "high", "commitment:gong-90017:3"),
    ("missing_economic_buyer", "high", "role:economic_buyer"),
    ("workaround_promise", "high", "promise:gong-90017:3"),
    ("champion_departed", "medium", "departed:technical_buyer:Tom Becker"),
    ("champion_departed", "high", "departed:champion:Alicia Moreno"),
}
OBJECTION = (
    "We need the Salesforce Education Cloud sync, and I know that is not in your product today."
)
WALKTHROUGH = "I'll personally walk your ops team through the report setup in the first week."


def replying(change):
    def build(deal: dict) -> dict:
        reply = faithful_reply(deal)
        change(reply)
        return reply

    return Behaviour("custom", reply=build)


def evidence(turn: int, quote: str) -> dict:
    return {"kind": "transcript", "ref": "gong-90017", "turn": turn, "field": None, "quote": quote}


def drafted(ingest, payload: dict) -> Packet:
    return ingest(payload).handoff.packets.get()


def risks(packet: Packet) -> set[tuple]:
    return set(packet.risk_flags.values_list("kind", "severity", "cause"))


def test_a_model_that_reports_nothing_leaves_every_finding_of_the_rules(
    llm_drafting, ingest, example_event, sales_team
):
    def silent(reply):
        reply["commitments"], reply["risks"] = [], []

    llm_drafting.will(replying(silent))

    packet = drafted(ingest, example_event("brightpath-closed-won"))

    assert risks(packet) == RULES_RISKS
    [ghost] = packet.commitments.all()
    assert ghost.is_ghost and ghost.quote.endswith("We'll have that for you by June.")
    not_reported = {
        d["about"]
        for d in packet.draft_runs.get().disagreements
        if d["model"] == "did not report it"
    }
    assert not_reported == {
        "Ghost commitment",
        "Missing economic buyer",
        "Workaround promise",
        "Champion departed",
        "Promise by Devon Price (gong-90017, turn 3)",
    }


def test_a_model_that_rates_a_risk_lower_does_not_downgrade_it_and_the_page_shows_both(
    llm_drafting, ingest, example_event, sales_team, client_for
):
    def softer(reply):
        for risk in reply["risks"]:
            risk["severity"] = "low"

    llm_drafting.will(replying(softer))

    packet = drafted(ingest, example_event("brightpath-closed-won"))

    assert risks(packet) == RULES_RISKS
    disagreement = next(
        d for d in packet.draft_runs.get().disagreements if d["about"] == "Workaround promise"
    )
    assert (disagreement["rules"], disagreement["model"]) == ("rated it high", "rated it low")
    assert disagreement["sources"][0]["turn"] == 3
    page = (
        client_for(sales_team["devon"])
        .get(reverse("packets:detail", args=[packet.pk]))
        .content.decode()
    )
    assert "Where the rules and the LLM drafter disagree" in page
    assert (
        "<strong>Workaround promise</strong>: rules rated it high · LLM drafter rated it low"
        in (page)
    )
    assert "transcript · gong-90017, turn 3: “Our team can build a custom workaround" in page


def test_a_risk_only_the_model_found_is_added_in_words_its_evidence_supports(
    llm_drafting, ingest, example_event, sales_team
):
    def objection(reply):
        reply["risks"].append(
            {
                "kind": "unresolved_objection",
                "severity": "medium",
                "summary": "Jordan Blake from finance threatened to cancel in 30 days.",
                "evidence": [evidence(2, OBJECTION)],
            }
        )

    llm_drafting.will(replying(objection))

    packet = drafted(ingest, example_event("brightpath-closed-won"))

    flag = packet.risk_flags.get(kind="unresolved_objection")
    assert flag.cause == "model:unresolved_objection:gong-90017:2"
    assert flag.summary == (
        f"Unresolved objection (found by the LLM drafter, gong-90017, turn 2): “{OBJECTION}”"
    )
    run = packet.draft_runs.get()
    assert {
        "about": "Unresolved objection",
        "rules": "did not find it",
        "model": "found it",
        "sources": [{"kind": "transcript", "ref": "gong-90017", "turn": 2, "quote": OBJECTION}],
    } in run.disagreements
    assert UNSUPPORTED in {drop["reason"] for drop in run.sentence_drops}


def test_a_ghost_commitment_only_the_model_calls_one_is_not_taken(
    llm_drafting, ingest, example_event, sales_team
):
    question = "Is anything blocking signature on your side?"

    def ghost(reply):
        reply["risks"].append(
            {
                "kind": "ghost_commitment",
                "severity": "high",
                "summary": "A promise is missing from the contract.",
                "evidence": [evidence(1, question)],
            }
        )

    llm_drafting.will(replying(ghost))

    packet = drafted(ingest, example_event("brightpath-closed-won"))

    assert risks(packet) == RULES_RISKS
    assert "ghost commitment: our reconciliation finds no ghost there" in (
        packet.draft_runs.get().dropped
    )


def test_a_promise_only_the_model_heard_is_added_and_reconciled_by_our_rules(
    llm_drafting, ingest, example_event, sales_team
):
    payload = example_event("brightpath-closed-won")
    payload["transcripts"][0]["turns"].append(
        {"speaker": "Devon Price", "start_seconds": 80, "text": f"Great. {WALKTHROUGH}"}
    )

    def heard(reply):
        reply["commitments"].append(
            {
                "quote": WALKTHROUGH,
                "speaker": "Devon Price",
                "transcript": "gong-90017",
                "turn": 5,
                "due": "",
            }
        )

    llm_drafting.will(replying(heard))

    packet = drafted(ingest, payload)

    added = packet.commitments.get(turn=5)
    assert (added.quote, added.is_ghost) == (WALKTHROUGH, True)
    assert packet.risk_flags.filter(kind="ghost_commitment", cause="commitment:gong-90017:5")
    assert risks(packet) >= RULES_RISKS
    assert {
        "about": "Promise by Devon Price (gong-90017, turn 5)",
        "rules": "did not find it",
        "model": "found it",
        "sources": [{"kind": "transcript", "ref": "gong-90017", "turn": 5, "quote": WALKTHROUGH}],
    } in packet.draft_runs.get().disagreements


def test_the_model_cannot_make_a_contact_the_economic_buyer_the_crm_does_not(
    llm_drafting, ingest, example_event, sales_team
):
    def promote(reply):
        reply["economic_buyer_champion"]["economic_buyer"] = {
            "contact_ref": "contact:hs-contact-1",
            "name": "Alicia Moreno",
            "title": "VP Operations",
        }

    llm_drafting.will(replying(promote))

    packet = drafted(ingest, example_event("brightpath-closed-won"))

    field = packet.fields.get(key="economic_buyer_champion")
    assert field.data["economic_buyer"] is None
    assert packet.risk_flags.get(kind="missing_economic_buyer").is_open
    disagreement = next(
        d for d in packet.draft_runs.get().disagreements if d["about"] == "Economic buyer"
    )
    assert disagreement["rules"] == "the CRM names no one"
    assert disagreement["model"] == "named Alicia Moreno, whom the CRM does not give that role"
