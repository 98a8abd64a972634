"""The deterministic floor under every draft: what the rules find stays found.

The rules' commitment mining, ghost reconciliation and risk detection run on every packet,
whichever drafter is chosen. Another drafter may add a commitment or a risk (its evidence
already checked against the sources) but cannot take one away or lower its severity: silence
or a softer opinion from a model changes nothing the rules found. Where the two disagree, the
disagreement is kept, with its sources, so the packet can show both sides.

Each side of a disagreement is worded here, from checked data only: a model's own words never
appear in it.
"""

from dataclasses import replace

from handoffs.drafting.base import Evidence, MinedCommitment, MinedRisk, transcript_evidence
from handoffs.drafting.risks import SEVERITY_ORDER
from handoffs.models import RiskKind

# Kinds the rules raise at most once per deal, so a model's finding of the kind is the same one.
ONCE_PER_DEAL = {RiskKind.MISSING_ECONOMIC_BUYER, RiskKind.SECURITY_REVIEW_DELAYED}
FOUND, NOT_REPORTED, NOT_FOUND = "found it", "did not report it", "did not find it"


def disagreement(about: str, rules: str, model: str, sources: list[Evidence]) -> dict:
    return {"about": about, "rules": rules, "model": model, "sources": sources}


def _promise(commitment: MinedCommitment) -> str:
    return f"Promise by {commitment.speaker} ({commitment.transcript_ref}, turn {commitment.turn})"


def _sources(commitment: MinedCommitment) -> list[Evidence]:
    return [transcript_evidence(commitment.transcript_ref, commitment.turn, commitment.quote)]


def with_commitments(
    floor: list[MinedCommitment], offered: list[MinedCommitment]
) -> tuple[list[MinedCommitment], list[dict]]:
    """The rules' commitments, plus the offered ones at turns the rules found none in."""
    found = {(c.transcript_ref, c.turn) for c in floor}
    told = {(c.transcript_ref, c.turn) for c in offered}
    added = [c for c in offered if (c.transcript_ref, c.turn) not in found]
    disagreements = [
        disagreement(_promise(c), FOUND, NOT_REPORTED, _sources(c))
        for c in floor
        if (c.transcript_ref, c.turn) not in told
    ] + [disagreement(_promise(c), NOT_FOUND, FOUND, _sources(c)) for c in added]
    merged = sorted(floor + added, key=lambda c: (c.transcript_ref, c.turn))
    return merged, disagreements


def _places(risk: MinedRisk) -> set[tuple]:
    return {(item.get("kind"), item.get("ref"), item.get("turn")) for item in risk.evidence}


def same_risk(risk: MinedRisk, offered: MinedRisk) -> bool:
    """The same finding: same kind, and the same place in the sources (or a once-a-deal kind)."""
    return risk.kind == offered.kind and (
        risk.kind in ONCE_PER_DEAL or bool(_places(risk) & _places(offered))
    )


def with_risks(
    floor: list[MinedRisk], offered: list[MinedRisk]
) -> tuple[list[MinedRisk], list[dict]]:
    """The rules' risks at their own severity, with the offered evidence for the same risk
    added; offered risks the rules did not raise are added too."""
    kept = {id(risk): risk for risk in floor}
    matched: set[int] = set()
    added: list[MinedRisk] = []
    disagreements: list[dict] = []
    for risk in offered:
        same = next((r for r in floor if same_risk(r, risk)), None)
        if same is None:
            added.append(risk)
            disagreements.append(disagreement(_label(risk), NOT_FOUND, FOUND, risk.evidence))
            continue
        matched.add(id(same))
        current = kept[id(same)]
        extra = [item for item in risk.evidence if item not in current.evidence]
        kept[id(same)] = replace(current, evidence=current.evidence + extra)
        if risk.severity != same.severity:
            disagreements.append(
                disagreement(
                    _label(same),
                    f"rated it {same.severity}",
                    f"rated it {risk.severity}",
                    same.evidence,
                )
            )
    disagreements = [
        disagreement(_label(risk), FOUND, NOT_REPORTED, risk.evidence)
        for risk in floor
        if id(risk) not in matched
    ] + disagreements
    merged = sorted(
        [kept[id(risk)] for risk in floor] + added, key=lambda r: SEVERITY_ORDER[r.severity]
    )
    return merged, disagreements


def _label(risk: MinedRisk) -> str:
    return RiskKind(risk.kind).label
