"""Completeness scoring: each field complete, partial or missing, with gaps a person can act on.

The rules read each field's structured `data` and the attributes its `FieldDefinition` requires,
so CS Ops changes what complete means by editing definitions, not code. Scoring never trusts a
drafter's own opinion of completeness.
"""

from collections.abc import Callable
from dataclasses import dataclass

from governance.definition_selectors import published_definitions
from governance.models import DefinitionsVersion, FieldDefinition
from handoffs.models import FieldStatus

PERSON_ATTRIBUTE_LABELS = {
    "title": "no title",
    "role_start_date": "no role start date",
    "linkedin_url": "no LinkedIn URL",
    "email": "no e-mail address",
}
STAKEHOLDER_LABELS = {
    "technical_buyer": "technical buyer",
    "security_reviewer": "security reviewer",
    "end_user_lead": "end-user lead",
    "executive_sponsor": "executive sponsor",
}
COMMERCIAL_LABELS = {
    "acv": "ACV",
    "term_months": "Term",
    "ramp": "Ramp",
    "prepay_terms": "Prepay terms",
    "opt_outs": "Opt-outs",
}
RELATIONSHIP_LABELS = {
    "prior_vendors": "Prior vendors",
    "internal_champions": "Internal champions",
    "board_relationships": "Board exposure",
}
COMPETITIVE_LABELS = {
    "evaluated": "Who they evaluated is not recorded",
    "why_us": "Why they chose us is not recorded",
    "reevaluate_if": "What would make them re-evaluate is not recorded",
}


@dataclass(frozen=True)
class FieldScore:
    status: str
    gaps: list[str]


@dataclass(frozen=True)
class PacketScore:
    fields: dict[str, FieldScore]
    score: int
    of: int
    gate: int
    passed: bool
    blocked_by: list[str]


def _status(gaps: list[str], anything_present: bool) -> str:
    if not gaps:
        return FieldStatus.COMPLETE
    return FieldStatus.PARTIAL if anything_present else FieldStatus.MISSING


def _person_gaps(person: dict | None, label: str, required: list[str]) -> list[str]:
    if not person or not person.get("name"):
        return [f"No {label} named"]
    gaps = [
        f"{label.capitalize()} {person['name']} has "
        + PERSON_ATTRIBUTE_LABELS.get(attr, f"no {attr}")
        for attr in required
        if attr != "name" and not person.get(attr)
    ]
    if person.get("status") == "left_company":
        gaps.append(f"{label.capitalize()} {person['name']} has left the company")
    return gaps


def score_economic_buyer_champion(data: dict, required: list[str]) -> FieldScore:
    buyer, champion = data.get("economic_buyer"), data.get("champion")
    gaps = _person_gaps(buyer, "economic buyer", required)
    gaps += _person_gaps(champion, "champion", required)
    return FieldScore(_status(gaps, bool(buyer or champion)), gaps)


def score_success_criteria(data: dict, required: list[str]) -> FieldScore:
    criteria = data.get("criteria") or []
    if not criteria:
        return FieldScore(FieldStatus.MISSING, ["No success criterion quoted from the buyer"])
    gaps = []
    for criterion in criteria:
        short = _shorten(criterion.get("quote", ""))
        if "quote" in required and not criterion.get("quote"):
            gaps.append("A success criterion has no verbatim quote")
        if "target_date" in required and not criterion.get("target_date"):
            gaps.append(f"Success criterion “{short}” has no target date")
        gaps += _item_gaps(
            f"Success criterion “{short}”", criterion, required, {"quote", "target_date"}
        )
    return FieldScore(_status(gaps, True), gaps)


def _item_gaps(name: str, item: dict, required: list[str], own: set[str]) -> list[str]:
    """Gaps for attributes CS Ops added to a list field's items beyond the field's own rules."""
    return [
        f"{name} has no {attr.replace('_', ' ')}"
        for attr in required
        if attr not in own and item.get(attr) in (None, "", [], {})
    ]


def score_risk_flags(data: dict, required: list[str]) -> FieldScore:
    flags = data.get("flags") or []
    if not flags:
        if data.get("attested_none"):
            return FieldScore(FieldStatus.COMPLETE, [])
        return FieldScore(
            FieldStatus.MISSING,
            ["No risk flags identified: list the top risks or attest that there are none"],
        )
    gaps = []
    for flag in flags:
        name = f"Risk “{_shorten(flag.get('summary', ''))}”"
        if "evidence" in required and not flag.get("evidence"):
            gaps.append(f"{name} has no evidence")
        if not flag.get("resolution"):
            gaps += _item_gaps(name, flag, required, {"evidence"})
    return FieldScore(_status(gaps, True), gaps)


def score_commercial_terms(data: dict, required: list[str]) -> FieldScore:
    """Prepay terms are needed only for a prepaid deal; "not prepaid" is a complete answer."""
    gaps = []
    for attr in required:
        value = data.get(attr)
        if attr == "prepay_terms":
            if data.get("prepaid") is None:
                gaps.append("Whether the deal is prepaid is not stated")
            elif data["prepaid"] and not value:
                gaps.append("Prepay terms are not stated for a prepaid deal")
            continue
        if value is None or value == "":
            label = COMMERCIAL_LABELS.get(attr, attr)
            gaps.append(
                f"{label} is not stated"
                + (" (say “none” if there is none)" if attr in ("ramp", "opt_outs") else "")
            )
    present = any(data.get(attr) not in (None, "") for attr in COMMERCIAL_LABELS)
    return FieldScore(_status(gaps, present), gaps)


def score_presale_promises(data: dict, required: list[str]) -> FieldScore:
    if not data.get("sources_mined"):
        return FieldScore(
            FieldStatus.MISSING,
            ["No call transcripts or sales-assist notes to mine for commitments"],
        )
    commitments = data.get("commitments") or []
    gaps = []
    for item in commitments:
        name = f"“{_shorten(item['quote'])}” ({item['speaker']})"
        reconciled = item.get("reflected_in") or item.get("acknowledged")
        if "reconciled" in required and not reconciled:
            gaps.append(f"{name} is not in the contract or success plan and nobody acknowledged it")
        gaps += _item_gaps(name, item, required, {"reconciled"})
    return FieldScore(_status(gaps, True), gaps)


def score_competitive_context(data: dict, required: list[str]) -> FieldScore:
    gaps = [
        COMPETITIVE_LABELS.get(attr, f"{attr} is missing")
        for attr in required
        if not data.get(attr)
    ]
    present = any(data.get(attr) for attr in COMPETITIVE_LABELS)
    return FieldScore(_status(gaps, present), gaps)


def score_stakeholder_map(data: dict, required: list[str]) -> FieldScore:
    gaps = []
    for role in required:
        label = STAKEHOLDER_LABELS.get(role, role.replace("_", " "))
        person = data.get(role)
        if not person or not person.get("name"):
            gaps.append(f"No {label} named")
        elif person.get("status") == "left_company":
            gaps.append(f"{label.capitalize()} {person['name']} has left the company")
    present = any(data.get(role) for role in STAKEHOLDER_LABELS)
    return FieldScore(_status(gaps, present), gaps)


def score_existing_relationships(data: dict, required: list[str]) -> FieldScore:
    gaps = [
        f"{RELATIONSHIP_LABELS.get(attr, attr)} not stated (say “none” if there are none)"
        for attr in required
        if data.get(attr) is None
    ]
    present = any(data.get(attr) is not None for attr in RELATIONSHIP_LABELS)
    return FieldScore(_status(gaps, present), gaps)


SCORERS: dict[str, Callable[[dict, list[str]], FieldScore]] = {
    "economic_buyer_champion": score_economic_buyer_champion,
    "success_criteria": score_success_criteria,
    "risk_flags": score_risk_flags,
    "commercial_terms": score_commercial_terms,
    "presale_promises": score_presale_promises,
    "competitive_context": score_competitive_context,
    "stakeholder_map": score_stakeholder_map,
    "existing_relationships": score_existing_relationships,
}


def score_attributes(data: dict, required: list[str]) -> FieldScore:
    """Any field without rules of its own: each required attribute must have a value."""
    gaps = [
        f"{attr.replace('_', ' ').capitalize()} is not stated"
        for attr in required
        if data.get(attr) in (None, "", [], {})
    ]
    return FieldScore(_status(gaps, any(data.values())), gaps)


def score_field(definition: FieldDefinition, data: dict) -> FieldScore:
    scorer = SCORERS.get(definition.key, score_attributes)
    return scorer(data or {}, list(definition.required_attributes or []))


def score_packet(
    field_data: dict[str, dict],
    review_gaps: dict[str, list[str]] | None = None,
    definitions: DefinitionsVersion | None = None,
) -> PacketScore:
    """Score every field of `definitions` (the published set unless given) and apply its gate
    (threshold plus fields that block alone).

    `review_gaps` are a CSM's reasons for returning a field: until the AE answers them the
    field cannot count as complete, whatever its data says."""
    version = definitions or published_definitions()
    fields = list(version.fields.all())
    scores = {d.key: score_field(d, field_data.get(d.key, {})) for d in fields}
    for key, reasons in (review_gaps or {}).items():
        if reasons and key in scores:
            held = scores[key]
            status = FieldStatus.PARTIAL if held.status == FieldStatus.COMPLETE else held.status
            scores[key] = FieldScore(status, [*held.gaps, *reasons])
    complete = sum(1 for s in scores.values() if s.status == FieldStatus.COMPLETE)
    blocked = [
        d.label for d in fields if d.blocks_gate and scores[d.key].status != FieldStatus.COMPLETE
    ]
    gate = min(version.gate_threshold, len(fields))
    return PacketScore(
        fields=scores,
        score=complete,
        of=len(fields),
        gate=gate,
        passed=complete >= gate and not blocked,
        blocked_by=blocked,
    )


def _shorten(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
