"""Scoring edge cases: what complete means is read from the field definitions, not code."""

import pytest

from governance.models import DefinitionsVersion
from handoffs.scoring import score_packet
from tests.factories import publish_definitions

pytestmark = pytest.mark.django_db

PERSON = {
    "name": "Priya Natarajan",
    "title": "CFO",
    "role_start_date": "2023-06-01",
    "linkedin_url": "https://www.linkedin.com/in/priya",
    "status": "active",
}
COMPLETE = {
    "economic_buyer_champion": {"economic_buyer": PERSON, "champion": {**PERSON, "name": "Luis"}},
    "success_criteria": {"criteria": [{"quote": "Live by June 30", "target_date": "2027-06-30"}]},
    "risk_flags": {"flags": [{"summary": "Open review", "evidence": [{"kind": "crm"}]}]},
    "commercial_terms": {
        "acv": "1000",
        "term_months": 12,
        "ramp": [],
        "prepaid": True,
        "prepay_terms": "Net 30",
        "opt_outs": [],
    },
    "presale_promises": {"commitments": [], "sources_mined": 2},
    "competitive_context": {"evaluated": "Qlik", "why_us": "Epic", "reevaluate_if": "slips"},
    "stakeholder_map": {
        "technical_buyer": PERSON,
        "security_reviewer": PERSON,
        "end_user_lead": PERSON,
    },
    "existing_relationships": {
        "prior_vendors": [],
        "internal_champions": [],
        "board_relationships": [],
    },
}


def with_field(key: str, value: dict) -> dict:
    return {**COMPLETE, key: value}


def test_a_complete_packet_scores_eight_of_eight_and_passes():
    result = score_packet(COMPLETE)

    assert (result.score, result.of, result.gate, result.passed) == (8, 8, 7, True)


def test_seven_of_eight_passes_the_default_gate_and_six_does_not():
    seven = score_packet(with_field("competitive_context", {}))
    six = score_packet({**with_field("competitive_context", {}), "success_criteria": {}})

    assert (seven.score, seven.passed) == (7, True)
    assert (six.score, six.passed) == (6, False)


def test_the_gate_threshold_is_data():
    publish_definitions(gate_threshold=8)

    assert score_packet(with_field("competitive_context", {})).passed is False


def test_a_field_that_blocks_on_its_own_fails_the_gate_whatever_the_score():
    publish_definitions(fields={"risk_flags": {"blocks_gate": True}})

    result = score_packet(with_field("risk_flags", {"flags": []}))

    assert result.score == 7
    assert result.passed is False


def test_an_explicit_none_counts_but_an_unstated_value_does_not():
    stated = score_packet(COMPLETE).fields["existing_relationships"]
    unstated = score_packet(
        with_field(
            "existing_relationships",
            {"prior_vendors": None, "internal_champions": [], "board_relationships": []},
        )
    ).fields["existing_relationships"]

    assert stated.status == "complete"
    assert unstated.status == "partial"
    assert unstated.gaps == ["Prior vendors not stated (say “none” if there are none)"]


def test_a_missing_linkedin_url_makes_the_field_partial_with_a_readable_gap():
    champion = {**PERSON, "name": "Alicia Moreno", "linkedin_url": ""}
    result = score_packet(
        with_field("economic_buyer_champion", {"economic_buyer": PERSON, "champion": champion})
    )

    field = result.fields["economic_buyer_champion"]
    assert field.status == "partial"
    assert field.gaps == ["Champion Alicia Moreno has no LinkedIn URL"]


def test_cs_ops_can_drop_an_attribute_from_what_complete_means():
    publish_definitions(
        fields={"economic_buyer_champion": {"required_attributes": ["name", "title"]}}
    )
    champion = {**PERSON, "linkedin_url": "", "role_start_date": ""}

    result = score_packet(
        with_field("economic_buyer_champion", {"economic_buyer": PERSON, "champion": champion})
    )

    assert result.fields["economic_buyer_champion"].status == "complete"


def test_no_people_at_all_is_missing_not_partial():
    result = score_packet(with_field("economic_buyer_champion", {}))

    assert result.fields["economic_buyer_champion"].status == "missing"


def test_a_departed_stakeholder_is_a_gap():
    gone = {**PERSON, "name": "Tom Becker", "status": "left_company"}
    result = score_packet(
        with_field("stakeholder_map", {**COMPLETE["stakeholder_map"], "technical_buyer": gone})
    )

    assert result.fields["stakeholder_map"].gaps == [
        "Technical buyer Tom Becker has left the company"
    ]


def test_no_risks_found_is_missing_until_someone_attests_there_are_none():
    found_none = score_packet(with_field("risk_flags", {"flags": []})).fields["risk_flags"]
    attested = score_packet(with_field("risk_flags", {"flags": [], "attested_none": True}))

    assert found_none.status == "missing"
    assert attested.fields["risk_flags"].status == "complete"


def test_a_criterion_without_a_target_date_is_partial():
    result = score_packet(
        with_field(
            "success_criteria",
            {
                "criteria": [
                    {"quote": "Weekly report automated by the fall term", "target_date": ""}
                ]
            },
        )
    )

    assert result.fields["success_criteria"].status == "partial"


def test_an_unreconciled_commitment_is_a_gap_until_acknowledged():
    promise = {"quote": "We'll set up Slack", "speaker": "Maya Chen", "reflected_in": []}
    open_promise = score_packet(
        with_field("presale_promises", {"commitments": [promise], "sources_mined": 1})
    )
    acknowledged = score_packet(
        with_field(
            "presale_promises",
            {"commitments": [{**promise, "acknowledged": True}], "sources_mined": 1},
        )
    )

    assert open_promise.fields["presale_promises"].status == "partial"
    assert acknowledged.fields["presale_promises"].status == "complete"


def test_nothing_to_mine_is_missing():
    result = score_packet(with_field("presale_promises", {"commitments": [], "sources_mined": 0}))

    assert result.fields["presale_promises"].status == "missing"


def test_an_empty_rulebook_is_restored_rather_than_passing_everything():
    DefinitionsVersion.objects.all().delete()

    result = score_packet({})

    assert (result.score, result.of, result.passed) == (0, 8, False)


def test_a_deal_that_is_not_prepaid_is_complete_without_prepay_terms():
    terms = {**COMPLETE["commercial_terms"], "prepaid": False, "prepay_terms": ""}

    result = score_packet(with_field("commercial_terms", terms))

    assert result.fields["commercial_terms"].status == "complete"


def test_a_prepaid_deal_needs_its_prepay_terms():
    terms = {**COMPLETE["commercial_terms"], "prepay_terms": ""}

    result = score_packet(with_field("commercial_terms", terms))

    assert result.fields["commercial_terms"].gaps == [
        "Prepay terms are not stated for a prepaid deal"
    ]


def test_a_definition_without_rules_of_its_own_scores_its_required_attributes():
    publish_definitions(
        fields={"implementation_partner": {"required_attributes": ["partner_name"]}}
    )

    result = score_packet({**COMPLETE, "implementation_partner": {"partner_name": ""}})

    assert result.of == 9
    assert result.fields["implementation_partner"].gaps == ["Partner name is not stated"]
