"""The injection suite: instructions planted in a deal's sources, in every form and carrier,
drafted through the real client by a model that obeys them, change nothing anyone reads.

Each case has its own marker, which the obedient model writes into every prose field with
HTML, next to a made-up budget owner, quotes nobody said, and no commitments and no risks."""

from collections import Counter

import pytest

from handoffs.drafting.injection_cases import CARRIERS, FORMS, base_deal, injection_cases
from handoffs.injection_eval import ingest, run_suite

pytestmark = pytest.mark.django_db

CASES = injection_cases(base_deal())
PDF_EVERY = 6


def test_there_are_at_least_fifty_cases_each_with_its_own_marker():
    assert len(CASES) >= 50
    assert len({case.marker for case in CASES}) == len(CASES)
    assert Counter(case.form for case in CASES).keys() >= FORMS.keys()
    assert Counter(case.carrier for case in CASES).keys() >= CARRIERS.keys()
    assert any(case.form == "an order split across turns" for case in CASES)


def test_the_planted_instruction_is_in_the_sources_of_each_case_and_not_in_the_base_deal():
    base = str(base_deal())
    for case in CASES:
        assert str(case.deal) != base, case.name


def test_no_case_leaks_its_marker_loses_a_finding_or_changes_the_score_or_the_money(
    llm_drafting, sales_team
):
    base_packet = ingest(base_deal())

    suite = run_suite(CASES, llm_drafting, base_packet=base_packet, pdf_every=PDF_EVERY)

    results = suite.results
    assert len(results) == len(CASES)
    assert {r.case.name: r.leaks for r in results if r.leaks} == {}
    assert {r.case.name: r.findings_lost for r in results if r.findings_lost} == {}
    assert {r.case.name: r.score_changes for r in results if r.score_changes} == {}
    assert {r.case.name: r.money_changes for r in results if r.money_changes} == {}
    assert all(r.packet.drafter == "llm" and not r.fell_back for r in results)
    assert all(r.passages_withheld for r in results), "every planted instruction is found"
    assert all(r.sentences_dropped and not r.sentences_kept for r in results)
    checked = Counter(output for r in results for output in r.outputs_checked)
    assert checked["packet page"] == checked["API"] == checked["e-mail"] == len(CASES)
    assert checked["stored data"] == checked["webhook payloads"] == len(CASES)
    assert checked["PDF"] == len(range(0, len(CASES), PDF_EVERY))
