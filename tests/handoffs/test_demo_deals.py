"""The demo quarter: thirty valid intake events with the mix the demo walkthrough relies on."""

from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from handoffs.demo.catalog import PROMISES
from handoffs.demo.deals import demo_events
from handoffs.intake.schema import IntakeEvent

ANCHOR = date(2027, 3, 12)
AES = {
    "maya.chen@seller.example",
    "devon.price@seller.example",
    "sofia.ramirez@seller.example",
    "ethan.walsh@seller.example",
}


@pytest.fixture(scope="module")
def events() -> list[dict]:
    return demo_events(ANCHOR)


def _is_plg(event: dict) -> bool:
    return event["event_type"] == "account.plg_trigger"


def _owner(event: dict) -> str:
    if _is_plg(event):
        return max(event["sales_assist_touches"], key=lambda t: t["occurred_at"])["rep_email"]
    return event["opportunity"]["owner_email"]


def _close(event: dict) -> date:
    if _is_plg(event):
        return datetime.fromisoformat(event["occurred_at"]).date()
    return date.fromisoformat(event["opportunity"]["close_date"])


def _seller_turns(event: dict) -> list[str]:
    return [
        turn["text"]
        for call in event["transcripts"]
        for turn in call["turns"]
        if _sides(call)[turn["speaker"]] == "seller"
    ]


def _sides(call: dict) -> dict[str, str]:
    return {p["name"]: p["side"] for p in call["participants"]}


def _is_thin(event: dict) -> bool:
    def linked(role: str) -> bool:
        return any(role in c["roles"] and c["linkedin_url"] for c in event["contacts"])

    meddpicc = event.get("meddpicc") or {}
    return not (
        linked("economic_buyer")
        and linked("champion")
        and meddpicc.get("metrics")
        and meddpicc.get("competition")
    )


def test_it_generates_thirty_valid_events(events):
    assert len(events) == 30
    for event in events:
        IntakeEvent.model_validate(event)
    assert len({event["account"]["name"] for event in events}) == 30
    assert all(event["account"]["domain"].endswith(".example") for event in events)


def test_it_is_deterministic_for_an_anchor(events):
    assert demo_events(ANCHOR) == events


def test_it_keeps_names_and_record_ids_when_the_anchor_moves(events):
    later = demo_events(ANCHOR + timedelta(days=40))

    def identity(batch: list[dict]) -> list[tuple]:
        return sorted(
            (
                e["account"]["external_id"],
                (e.get("opportunity") or {}).get("external_id"),
                tuple(c["external_id"] for c in e["contacts"]),
                tuple(t["external_id"] for t in e["transcripts"]),
            )
            for e in batch
        )

    assert identity(later) == identity(events)
    assert [_close(e) for e in later] == [_close(e) + timedelta(days=40) for e in events]


def test_every_demo_ae_owns_deals(events):
    owners = Counter(_owner(event) for event in events)
    assert set(owners) == AES
    assert all(6 <= count <= 9 for count in owners.values())


def test_it_mixes_segments_motions_and_multi_bu_deals(events):
    sales_led = [e for e in events if not _is_plg(e)]
    assert 4 <= len(events) - len(sales_led) <= 6
    assert {e["opportunity"]["segment"] for e in sales_led} == {"saas", "platform", "enterprise"}
    assert {e["source"] for e in events} == {"salesforce", "hubspot", "product"}
    multi_bu = [
        e
        for e in sales_led
        if len({line["business_unit"] for line in e["opportunity"]["lines"]}) > 1
    ]
    assert 4 <= len(multi_bu) <= 6
    plg_reps = {
        touch["rep_email"] for e in events if _is_plg(e) for touch in e["sales_assist_touches"]
    }
    assert plg_reps <= AES


def test_deals_close_over_the_ten_weeks_before_the_anchor(events):
    closes = [_close(event) for event in events]
    assert all(ANCHOR - timedelta(days=70) <= close < ANCHOR for close in closes)
    assert sum(close >= ANCHOR - timedelta(days=2) for close in closes) >= 2
    for event in events:
        for call in event["transcripts"]:
            assert datetime.fromisoformat(call["occurred_at"]).date() < _close(event)
        if event.get("contract"):
            assert date.fromisoformat(event["contract"]["start_date"]) > _close(event)


def test_every_sales_call_is_a_conversation_between_both_sides(events):
    for event in events:
        if _is_plg(event):
            assert event["transcripts"] == []
            continue
        assert 1 <= len(event["transcripts"]) <= 3
        for call in event["transcripts"]:
            assert 8 <= len(call["turns"]) <= 24
            assert {_sides(call)[turn["speaker"]] for turn in call["turns"]} == {"seller", "buyer"}


def test_about_a_third_of_deals_are_too_thin_to_pass_the_gate(events):
    assert 8 <= sum(_is_thin(event) for event in events) <= 12


def test_some_promises_reach_the_contract_and_some_become_ghosts(events):
    reflected = ghosts = 0
    for event in events:
        said = " ".join(_seller_turns(event))
        clauses = {clause["text"] for clause in (event.get("contract") or {}).get("clauses", [])}
        for promise in (p for unit in PROMISES.values() for p in unit):
            if promise.thing in said:
                reflected += promise.clause in clauses
                ghosts += promise.clause not in clauses
    assert reflected >= 10
    assert ghosts >= 10


def test_calls_carry_the_signals_the_drafter_must_weigh(events):
    seller = " ".join(text for event in events for text in _seller_turns(event))
    buyer = " ".join(
        turn["text"]
        for event in events
        for call in event["transcripts"]
        for turn in call["turns"]
        if _sides(call)[turn["speaker"]] == "buyer"
    )
    assert "We can't do that" in seller or "we can't commit" in seller
    assert "custom workaround" in seller and "on our roadmap" in seller
    assert "security review is still open" in buyer
    assert "For us, success is" in buyer
    assert "I'm still not comfortable" in buyer or "I'm still not convinced" in buyer
    leaving_but_active = [
        event
        for event in events
        for call in event["transcripts"]
        for turn in call["turns"]
        if "my last day is" in turn["text"]
        and any(c["name"] == turn["speaker"] and c["status"] == "active" for c in event["contacts"])
    ]
    assert leaving_but_active
    assert sum(c["status"] == "left_company" for e in events for c in e["contacts"]) >= 3
