"""Risk flags of every kind, and the look-alikes that must not raise one."""

from handoffs.drafting.commitments import mine_commitments
from handoffs.drafting.risks import detect_risks, top_risks
from handoffs.models import RiskKind
from tests.handoffs.builders import buyer, call, contact, deal, seller


def kinds(context) -> list[str]:
    return [risk.kind for risk in detect_risks(context, mine_commitments(context))]


def test_a_ghost_commitment_is_flagged_with_its_evidence():
    context = deal(calls=[call(seller("We'll have the SIEM export for you by the end of April."))])

    [risk] = [
        r
        for r in detect_risks(context, mine_commitments(context))
        if r.kind == RiskKind.GHOST_COMMITMENT
    ]

    assert risk.severity == "high"
    assert risk.evidence == [
        {
            "kind": "transcript",
            "ref": "gong-1",
            "turn": 0,
            "quote": "We'll have the SIEM export for you by the end of April.",
        }
    ]


def test_a_deal_without_an_economic_buyer_is_flagged():
    context = deal(contacts=[contact("Alicia Moreno", "champion")])

    assert RiskKind.MISSING_ECONOMIC_BUYER in kinds(context)


def test_a_named_economic_buyer_is_not_flagged():
    context = deal(contacts=[contact("Priya Natarajan", "economic_buyer")])

    assert RiskKind.MISSING_ECONOMIC_BUYER not in kinds(context)


def test_a_workaround_promise_is_flagged():
    context = deal(
        contacts=[contact("Priya Natarajan", "economic_buyer")],
        calls=[
            call(
                seller(
                    "Our team can build a custom workaround with a nightly CSV export "
                    "until the native sync ships."
                )
            )
        ],
    )

    assert RiskKind.WORKAROUND_PROMISE in kinds(context)


def test_a_champion_leaving_per_a_call_is_flagged_although_the_crm_says_active():
    luis = contact("Luis Romero", "champion", status="active")
    context = deal(
        contacts=[contact("Priya Natarajan", "economic_buyer"), luis],
        calls=[
            call(
                buyer("Luis is leaving at the end of the month, so Grace takes over.", "Grace Kim")
            )
        ],
    )

    [risk] = [r for r in detect_risks(context, []) if r.kind == RiskKind.CHAMPION_DEPARTED]

    assert risk.severity == "high"
    assert "although the CRM still lists them as active" in risk.summary
    assert risk.evidence[0]["kind"] == "transcript"


def test_a_contact_the_crm_lists_as_gone_is_flagged():
    context = deal(
        contacts=[
            contact("Priya Natarajan", "economic_buyer"),
            contact("Tom Becker", "technical_buyer", status="left_company"),
        ]
    )

    assert RiskKind.CHAMPION_DEPARTED in kinds(context)


def test_an_open_security_review_is_flagged():
    context = deal(
        calls=[
            call(
                buyer(
                    "We have not finished the vendor security questionnaire, "
                    "so our formal security review is still open.",
                    "Omar Haddad",
                )
            )
        ]
    )

    assert RiskKind.SECURITY_REVIEW_DELAYED in kinds(context)


def test_a_finished_security_review_is_not_flagged():
    context = deal(calls=[call(buyer("Our security review passed last week.", "Omar Haddad"))])

    assert RiskKind.SECURITY_REVIEW_DELAYED not in kinds(context)


def test_an_objection_never_resolved_is_flagged():
    context = deal(
        calls=[
            call(
                buyer("My concern is price in year two."),
                seller("The ramp is there so year one carries less risk."),
                buyer(
                    "I am still not comfortable with the year two number, but we will move forward."
                ),
            )
        ]
    )

    risks = [r for r in detect_risks(context, []) if r.kind == RiskKind.UNRESOLVED_OBJECTION]

    assert len(risks) == 1
    assert "My concern is price in year two." in risks[0].summary


def test_an_objection_resolved_later_in_the_call_is_not_flagged():
    context = deal(
        calls=[
            call(
                buyer("The SIEM export is a blocker for me.", "Omar Haddad"),
                seller("We can walk you through how the audit export works today.", "Ben Foster"),
                buyer("Okay, that works for us.", "Omar Haddad"),
            )
        ]
    )

    assert RiskKind.UNRESOLVED_OBJECTION not in kinds(context)


def test_the_top_three_lead_with_one_of_each_kind():
    context = deal(
        calls=[
            call(
                seller("We'll have the export by the end of April."),
                seller("We'll set up a Slack channel by March 1."),
                seller("We'll run a workshop by March 15."),
                buyer("Our security review is still open.", "Omar Haddad"),
            )
        ],
    )

    top = top_risks(detect_risks(context, mine_commitments(context)))

    assert [risk.kind for risk in top] == [
        RiskKind.GHOST_COMMITMENT,
        RiskKind.MISSING_ECONOMIC_BUYER,
        RiskKind.SECURITY_REVIEW_DELAYED,
    ]
