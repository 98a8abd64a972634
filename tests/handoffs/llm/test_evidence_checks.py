"""What the model cites is checked against the real sources before it reaches a packet:
made-up turns and quotes are dropped and counted; people, terms and reconciliation come from
the records and our rules, not from the model; what the rules found stays whatever the model
cites."""

import pytest

from handoffs.llm_fake import Behaviour, faithful_reply
from handoffs.models import Packet

pytestmark = pytest.mark.django_db


def replying(change):
    """A faithful reply, then `change(reply)` applied to it."""

    def build(deal: dict) -> dict:
        reply = faithful_reply(deal)
        change(reply)
        return reply

    return Behaviour("custom", reply=build)


def transcript_ref(ref: str, turn: int, quote: str) -> dict:
    return {"kind": "transcript", "ref": ref, "turn": turn, "field": None, "quote": quote}


def drafted(ingest, example_event, name: str, unit: str = "analytics") -> Packet:
    received = ingest(example_event(name))
    return received.handoff.packets.get(business_unit__slug=unit)


def test_a_criterion_citing_a_turn_that_does_not_exist_is_dropped_and_counted_and_the_rules_stay(
    llm_drafting, ingest, example_event, sales_team
):
    def cite_turn_99(reply):
        reply["success_criteria"]["criteria"][0]["evidence"]["turn"] = 99

    llm_drafting.will(replying(cite_turn_99))

    packet = drafted(ingest, example_event, "brightpath-closed-won")

    run = packet.draft_runs.get()
    [criterion] = packet.fields.get(key="success_criteria").data["criteria"]
    assert criterion["quote"].startswith("Success for me is the weekly enrolment report")
    assert run.evidence_dropped == 1
    assert run.dropped == ["gong-90017 turn 99: no such turn"]


def test_a_quote_that_is_not_in_the_cited_turn_is_dropped(
    llm_drafting, ingest, example_event, sales_team
):
    def invent_a_promise(reply):
        reply["commitments"].append(
            {
                "quote": "We will waive the first year's fees.",
                "speaker": "Devon Price",
                "transcript": "gong-90017",
                "turn": 3,
                "due": "",
            }
        )

    llm_drafting.will(replying(invent_a_promise))

    packet = drafted(ingest, example_event, "brightpath-closed-won")

    assert not packet.commitments.filter(quote__contains="waive").exists()
    assert packet.commitments.filter(quote__contains="We'll have that for you by June").exists()
    assert packet.draft_runs.get().evidence_dropped == 1


def test_quotes_match_whatever_the_case_spacing_or_quote_marks(
    llm_drafting, ingest, example_event, sales_team
):
    def restyle(reply):
        reply["commitments"][0]["quote"] = "\u201cwe\u2019ll  HAVE that for you by June\u201d"

    llm_drafting.will(replying(restyle))

    packet = drafted(ingest, example_event, "brightpath-closed-won")

    assert packet.draft_runs.get().evidence_dropped == 0
    assert packet.commitments.count() == 1


def test_a_risk_whose_evidence_is_all_made_up_is_dropped(
    llm_drafting, ingest, example_event, sales_team
):
    def invent_a_risk(reply):
        reply["risks"].append(
            {
                "kind": "unresolved_objection",
                "severity": "high",
                "summary": "The buyer hates the logo.",
                "evidence": [transcript_ref("gong-90017", 4, "I hate your logo.")],
            }
        )

    llm_drafting.will(replying(invent_a_risk))

    packet = drafted(ingest, example_event, "brightpath-closed-won")

    assert not packet.risk_flags.filter(summary__contains="logo").exists()
    assert packet.draft_runs.get().evidence_dropped == 2


def test_a_criterion_in_the_seller_s_words_is_not_the_buyer_s(
    llm_drafting, ingest, example_event, sales_team
):
    quote = "We'll have that for you by June."

    def seller_words(reply):
        reply["success_criteria"]["criteria"] = [
            {
                "quote": quote,
                "speaker": "Devon Price",
                "target_date": "",
                "evidence": transcript_ref("gong-90017", 3, quote),
            }
        ]

    llm_drafting.will(replying(seller_words))

    packet = drafted(ingest, example_event, "brightpath-closed-won")

    criteria = packet.fields.get(key="success_criteria").data["criteria"]
    assert [c["speaker"] for c in criteria] == ["Alicia Moreno"]
    assert "success criterion “We'll have that for you by June.” is the seller's" in (
        packet.draft_runs.get().dropped
    )


def test_a_target_date_is_the_one_the_quote_names_not_the_model_s(
    llm_drafting, ingest, example_event, sales_team
):
    def later_date(reply):
        for criterion in reply["success_criteria"]["criteria"]:
            criterion["target_date"] = "2030-01-01"

    llm_drafting.will(replying(later_date), replying(later_date))

    packet = drafted(ingest, example_event, "northwind-closed-won")

    criteria = packet.fields.get(key="success_criteria").data["criteria"]
    dashboard = next(c for c in criteria if "readmission dashboard" in c["quote"])
    assert dashboard["target_date"] == "2027-09-30"
    assert all(c["target_date"] != "2030-01-01" for c in criteria)


def test_people_s_details_come_from_the_crm_not_the_model(
    llm_drafting, ingest, example_event, sales_team
):
    def flatter(reply):
        reply["economic_buyer_champion"]["champion"]["title"] = "Chief Everything Officer"

    llm_drafting.will(replying(flatter), replying(flatter))

    packet = drafted(ingest, example_event, "northwind-closed-won")

    champion = packet.fields.get(key="economic_buyer_champion").data["champion"]
    assert champion["title"] == "Director of Clinical Informatics"
    assert champion["linkedin_url"] == "https://www.linkedin.com/in/luisromero-informatics"


def test_a_person_in_no_source_is_dropped(llm_drafting, ingest, example_event, sales_team):
    def invent_a_buyer(reply):
        reply["economic_buyer_champion"]["economic_buyer"] = {
            "contact_ref": None,
            "name": "Jordan Phantom",
            "title": "CFO",
        }

    llm_drafting.will(replying(invent_a_buyer))

    packet = drafted(ingest, example_event, "brightpath-closed-won")

    field = packet.fields.get(key="economic_buyer_champion")
    assert field.data["economic_buyer"] is None
    assert "No economic buyer named" in field.gaps
    run = packet.draft_runs.get()
    assert "economic buyer: the person named is in no source" in run.dropped
    assert "Phantom" not in str(run.dropped)
    assert {
        "about": "Economic buyer",
        "rules": "the CRM names no one",
        "model": "named someone no source mentions",
        "sources": [],
    } in run.disagreements


def test_someone_named_on_a_call_but_not_in_the_crm_keeps_only_their_name(
    llm_drafting, ingest, example_event, sales_team
):
    def name_ben(reply):
        reply["stakeholder_map"]["security_reviewer"] = {
            "contact_ref": None,
            "name": "Devon Price",
            "title": "Account executive",
        }

    llm_drafting.will(replying(name_ben))

    packet = drafted(ingest, example_event, "brightpath-closed-won")

    reviewer = packet.fields.get(key="stakeholder_map").data["security_reviewer"]
    assert (reviewer["name"], reviewer["linkedin_url"], reviewer["contact_ref"]) == (
        "Devon Price",
        "",
        "",
    )


def test_commercial_terms_come_from_the_contract(llm_drafting, ingest, example_event, sales_team):
    packet = drafted(ingest, example_event, "northwind-closed-won")

    terms = packet.fields.get(key="commercial_terms")
    assert (terms.data["acv"], terms.data["term_months"]) == ("186000.00", 36)
    assert terms.text.startswith("ACV USD 186,000 over 36 months starting Apr 1, 2027.")
    assert "Terms as the contract states them." not in terms.text


def test_whether_a_promise_is_on_paper_is_our_reconciliation_not_the_model_s(
    llm_drafting, ingest, example_event, sales_team
):
    packet = drafted(ingest, example_event, "northwind-closed-won")

    siem = packet.commitments.get(quote__contains="SIEM export")
    assert siem.is_ghost
    assert (siem.transcript_ref, siem.turn, str(siem.due)) == ("gong-88121", 4, "2027-04-30")
