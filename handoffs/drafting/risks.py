"""Risk flags of the six kinds, each with severity and the evidence that raised it."""

from handoffs.drafting.base import (
    DealContext,
    Evidence,
    MinedCommitment,
    MinedRisk,
    TranscriptWithTurns,
    crm_evidence,
    transcript_evidence,
)
from handoffs.drafting.language import (
    DEPARTURE,
    FIRST_PERSON,
    OBJECTION,
    RESOLUTION,
    RESTATED,
    SECURITY_REVIEW,
    STILL_OPEN,
    WORKAROUND,
    any_match,
    sentences,
)
from handoffs.models import RiskKind, Severity

KEY_ROLES = {
    "economic_buyer": "economic buyer",
    "champion": "champion",
    "technical_buyer": "technical buyer",
    "executive_sponsor": "executive sponsor",
}
SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}
TOP_FLAGS = 3


def detect_risks(context: DealContext, commitments: list[MinedCommitment]) -> list[MinedRisk]:
    risks = [
        *ghost_commitment_risks(commitments),
        *_missing_economic_buyer(context),
        *_workaround_promises(context),
        *_departed_contacts(context),
        *_security_reviews_open(context),
        *_unresolved_objections(context),
    ]
    return sorted(risks, key=lambda risk: SEVERITY_ORDER[risk.severity])


def top_risks(risks: list[MinedRisk]) -> list[MinedRisk]:
    """The three to lead with: the worst of each kind first, so one kind cannot crowd out all."""
    ranked = sorted(risks, key=lambda risk: SEVERITY_ORDER[risk.severity])
    leaders, seen = [], set()
    for risk in ranked:
        if risk.kind not in seen:
            leaders.append(risk)
            seen.add(risk.kind)
    rest = [risk for risk in ranked if risk not in leaders]
    return (leaders + rest)[:TOP_FLAGS]


def ghost_commitment_risks(commitments: list[MinedCommitment]) -> list[MinedRisk]:
    """A promise our reconciliation finds in neither the contract nor the success plan."""
    return [
        MinedRisk(
            kind=RiskKind.GHOST_COMMITMENT,
            severity=Severity.HIGH if commitment.due else Severity.MEDIUM,
            summary=(
                f"{commitment.speaker} promised “{commitment.quote}”"
                + (f" (due {commitment.due:%b %-d, %Y})" if commitment.due else "")
                + "; it is not in the contract or the success plan."
            ),
            evidence=[
                transcript_evidence(commitment.transcript_ref, commitment.turn, commitment.quote)
            ],
            cause=f"commitment:{commitment.transcript_ref}:{commitment.turn}",
        )
        for commitment in commitments
        if commitment.is_ghost
    ]


def _missing_economic_buyer(context: DealContext) -> list[MinedRisk]:
    buyers = [c for c in context.contacts_with_role("economic_buyer") if not c.has_left]
    if buyers:
        return []
    evidence: list[Evidence] = [
        crm_evidence(
            f"account:{context.account.external_id}",
            "contacts",
            "No active contact has the economic buyer role.",
        )
    ]
    if context.meddpicc is not None:
        evidence.append(
            {
                "kind": "meddpicc",
                "ref": "E",
                "field": "economic_buyer",
                "quote": context.meddpicc.economic_buyer or "(empty)",
            }
        )
    return [
        MinedRisk(
            kind=RiskKind.MISSING_ECONOMIC_BUYER,
            severity=Severity.HIGH,
            summary="No economic buyer is named: nobody on the customer side owns the budget "
            "or the renewal decision.",
            evidence=evidence,
            cause="role:economic_buyer",
        )
    ]


def _seller_sentences(call: TranscriptWithTurns):
    for turn in call.turns:
        if turn.side == "seller":
            for sentence in sentences(turn.text):
                yield turn, sentence


def _workaround_promises(context: DealContext) -> list[MinedRisk]:
    risks = []
    for call in context.transcripts:
        for turn, sentence in _seller_sentences(call):
            if any_match(WORKAROUND, sentence) and not sentence.endswith("?"):
                risks.append(
                    MinedRisk(
                        kind=RiskKind.WORKAROUND_PROMISE,
                        severity=Severity.HIGH,
                        summary=f"{turn.speaker} offered custom or roadmap work before "
                        f"signature: “{sentence}”",
                        evidence=[
                            transcript_evidence(call.transcript.external_id, turn.index, sentence)
                        ],
                        cause=f"promise:{call.transcript.external_id}:{turn.index}",
                    )
                )
    return risks


def _departed_contacts(context: DealContext) -> list[MinedRisk]:
    """Key contacts who left per the CRM, or who a call says are leaving."""
    risks = []
    for contact in context.contacts:
        held = [role for role in contact.roles or [] if role in KEY_ROLES]
        roles = [KEY_ROLES[role] for role in held]
        if not roles:
            continue
        evidence: list[Evidence] = []
        if contact.has_left:
            evidence.append(
                crm_evidence(
                    f"contact:{contact.external_id}", "status", f"{contact.name}: left_company"
                )
            )
        evidence += _departure_mentions(context, contact.name)
        if not evidence:
            continue
        role_text = " and ".join(roles)
        mentioned = len(evidence) > (1 if contact.has_left else 0)
        if contact.has_left:
            summary = f"{contact.name} ({role_text}) has left the company" + (
                "; a call mentions it too." if mentioned else "."
            )
        else:
            summary = (
                f"{contact.name} ({role_text}) is leaving according to a call, although "
                "the CRM still lists them as active."
            )
        vital = {"champion", "economic buyer"} & set(roles)
        risks.append(
            MinedRisk(
                kind=RiskKind.CHAMPION_DEPARTED,
                severity=Severity.HIGH if vital else Severity.MEDIUM,
                summary=summary,
                evidence=evidence,
                cause=f"departed:{','.join(held)}:{contact.name}",
            )
        )
    return risks


def _departure_mentions(context: DealContext, name: str) -> list[Evidence]:
    """Calls where someone says this person is leaving, or they say so themselves."""
    first_name = name.split()[0]
    found = []
    for call in context.transcripts:
        for turn in call.turns:
            for sentence in sentences(turn.text):
                about_them = (
                    any_match(FIRST_PERSON, sentence)
                    if turn.speaker == name
                    else first_name in sentence
                )
                if about_them and any_match(DEPARTURE, sentence):
                    found.append(
                        transcript_evidence(call.transcript.external_id, turn.index, sentence)
                    )
    return found


def _security_reviews_open(context: DealContext) -> list[MinedRisk]:
    for call in context.transcripts:
        for turn in call.turns:
            if turn.side != "buyer":
                continue
            for sentence in sentences(turn.text):
                if any_match(SECURITY_REVIEW, sentence) and any_match(STILL_OPEN, sentence):
                    return [
                        MinedRisk(
                            kind=RiskKind.SECURITY_REVIEW_DELAYED,
                            severity=Severity.HIGH
                            if context.opportunity.segment == "enterprise"
                            else Severity.MEDIUM,
                            summary=f"{turn.speaker}: the security review is still open at "
                            "close; onboarding may stall on it.",
                            evidence=[
                                transcript_evidence(
                                    call.transcript.external_id, turn.index, sentence
                                )
                            ],
                            cause=f"security:{call.transcript.external_id}:{turn.index}",
                        )
                    ]
    return []


def _unresolved_objections(context: DealContext) -> list[MinedRisk]:
    """A buyer objection stands unless that buyer's next turn accepts the answer."""
    risks = []
    for call in context.transcripts:
        turns = call.turns
        for position, turn in enumerate(turns):
            if turn.side != "buyer":
                continue
            objection = next((s for s in sentences(turn.text) if any_match(OBJECTION, s)), None)
            if objection is None or _restates_earlier(turns[:position], turn.speaker):
                continue
            if _is_resolved(turns[position + 1 :], turn.speaker):
                continue
            risks.append(
                MinedRisk(
                    kind=RiskKind.UNRESOLVED_OBJECTION,
                    severity=Severity.HIGH
                    if "blocker" in objection.lower() or "breaker" in objection.lower()
                    else Severity.MEDIUM,
                    summary=f"{turn.speaker} objected and the call never resolved it: "
                    f"“{objection}”",
                    evidence=[
                        transcript_evidence(call.transcript.external_id, turn.index, objection)
                    ],
                    cause=f"objection:{call.transcript.external_id}:{turn.index}",
                )
            )
    return risks


def _restates_earlier(earlier, speaker: str) -> bool:
    """A restatement belongs to the objection it repeats; flag the first one only."""
    previous = [turn for turn in earlier if turn.speaker == speaker]
    return bool(previous) and any_match(OBJECTION, previous[-1].text)


def _is_resolved(later, speaker: str) -> bool:
    for turn in later:
        if turn.speaker != speaker:
            continue
        if any_match(OBJECTION, turn.text):
            if any_match(RESTATED, turn.text):
                return False
            continue
        return any_match(RESOLUTION, turn.text)
    return False
