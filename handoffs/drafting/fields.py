"""One builder per packet field: readable text, structured data for the scorer, evidence."""

from governance.mapping_selectors import Source, SourceMap
from handoffs import field_text
from handoffs.drafting.base import (
    DealContext,
    DraftedField,
    Evidence,
    MinedCommitment,
    MinedRisk,
    crm_evidence,
    transcript_evidence,
)
from handoffs.drafting.dates import resolve_dates
from handoffs.drafting.language import EVALUATED, REEVALUATE, WHY_US
from handoffs.drafting.mapped import candidates, first, mapped_sources, sentence_for
from handoffs.drafting.people import contact_evidence, describe, first_with_role, person


def economic_buyer_champion(context: DealContext) -> DraftedField:
    buyer = first_with_role(context, "economic_buyer")
    champion = first_with_role(context, "champion")
    lines, evidence = [], []
    for label, contact, role in (
        ("Economic buyer", buyer, "economic_buyer"),
        ("Champion", champion, "champion"),
    ):
        if contact is None:
            lines.append(f"{label}: not identified in the CRM.")
            continue
        lines.append(f"{label}: {describe(contact)}.")
        if contact.linkedin_url:
            lines.append(f"LinkedIn: {contact.linkedin_url}")
        evidence.append(contact_evidence(contact, role))
    meddpicc = context.meddpicc
    for letter, attr in (("E", "economic_buyer"), ("C", "champion")):
        said = getattr(meddpicc, attr, "") if meddpicc else ""
        if said:
            lines.append(f"MEDDPICC {letter}: {said}")
            evidence.append({"kind": "meddpicc", "ref": letter, "field": attr, "quote": said})
    return DraftedField(
        text="\n".join(lines),
        data={"economic_buyer": person(buyer), "champion": person(champion)},
        evidence=evidence,
    )


def success_criteria(context: DealContext, sources: list[Source] | None = None) -> DraftedField:
    """Criteria from every source mapped to the criterion's quote, in the mapping's order (the
    published mapping unless given)."""
    if sources is None:
        sources = mapped_sources(None).get(("success_criteria", "quote"), [])
    criteria, evidence = [], []
    for source in sources:
        for found in candidates(context, source):
            dates = resolve_dates(found.text, found.said_on) if found.said_on else []
            criteria.append(
                {
                    "quote": found.text,
                    "speaker": found.speaker or source.label,
                    "source": found.evidence["kind"],
                    "target_date": max(dates).isoformat() if dates else "",
                }
            )
            evidence.append(found.evidence)
    usage = usage_summary(context)
    if usage:
        evidence.append({"kind": "telemetry", "ref": "active_seats", "quote": usage})
    return DraftedField(
        text=success_criteria_text(criteria, usage),
        data={"criteria": criteria},
        evidence=evidence,
    )


def success_criteria_text(criteria: list[dict], usage: str) -> str:
    lines = [
        f"• “{c['quote']}” — {c['speaker']}"
        + (f", target {c['target_date']}" if c["target_date"] else ", no target date given")
        for c in criteria
    ]
    lines += [usage] if usage else []
    return "\n".join(lines) or "No success criteria were stated by the buyer."


def usage_summary(context: DealContext) -> str:
    """What the product data says, kept apart from what the buyer said; empty without data."""
    usage = context.usage
    if usage is None:
        return ""
    seats = usage.active_seats or []
    parts = []
    if len(seats) >= 2:
        parts.append(
            f"active seats grew from {seats[0]['count']} to {seats[-1]['count']} "
            f"between {seats[0]['date']} and {seats[-1]['date']}"
        )
    adoption = ", ".join(f"{f['feature']} {f['adoption_pct']:g}%" for f in usage.feature_adoption)
    if adoption:
        parts.append(f"feature adoption: {adoption}")
    if usage.integrations:
        parts.append("integrations: " + ", ".join(i["name"] for i in usage.integrations))
    return "Usage signals (not buyer-stated criteria): " + "; ".join(parts) + "."


def risk_flags(top: list[MinedRisk]) -> DraftedField:
    data = {
        "flags": [
            {
                "kind": risk.kind,
                "severity": risk.severity,
                "summary": risk.summary,
                "evidence": risk.evidence,
            }
            for risk in top
        ],
        "attested_none": False,
    }
    return DraftedField(
        text=field_text.risk_flags(data),
        data=data,
        evidence=[item for risk in top for item in risk.evidence],
    )


def commercial_terms(context: DealContext) -> DraftedField:
    """The whole deal's terms (a shared field): every unit's lines, not only this packet's."""
    contract, opportunity = context.contract, context.opportunity
    lines = [
        {
            "business_unit": line.business_unit.name,
            "product": line.product,
            "amount": str(line.amount),
        }
        for line in context.lines
    ]
    if contract is None:
        detail = (opportunity.trigger or {}).get("detail")
        data = {
            "acv": str(opportunity.amount),
            "currency": opportunity.currency,
            "term_months": None,
            "start_date": "",
            "ramp": None,
            "prepaid": None,
            "prepay_terms": "",
            "opt_outs": None,
            "lines": lines,
            "note": "No contract on file" + (f"; {detail}" if detail else ""),
        }
        evidence = [
            crm_evidence(
                f"opportunity:{opportunity.external_id}", "amount", str(opportunity.amount)
            )
        ]
        return DraftedField(text=field_text.commercial_terms(data), data=data, evidence=evidence)
    data = {
        "acv": str(contract.acv),
        "currency": contract.currency,
        "term_months": contract.term_months,
        "start_date": contract.start_date.isoformat() if contract.start_date else "",
        "ramp": [{"period": s["period"], "amount": str(s["amount"])} for s in contract.ramp],
        "prepaid": contract.prepaid,
        "prepay_terms": contract.prepay_terms,
        "opt_outs": [item.rstrip(".") for item in contract.opt_outs],
        "lines": lines,
    }
    text = field_text.commercial_terms(data)
    return DraftedField(
        text=text, data=data, evidence=[{"kind": "contract", "ref": "terms", "quote": text}]
    )


def promise_item(commitment: MinedCommitment) -> dict:
    """One promise as the presale field holds it (a mined or a stored commitment alike)."""
    return {
        "quote": commitment.quote,
        "speaker": commitment.speaker,
        "transcript": commitment.transcript_ref,
        "turn": commitment.turn,
        "due": commitment.due.isoformat() if commitment.due else "",
        "reflected_in": commitment.reflected_in,
        "acknowledged": False,
    }


def presale_promises(context: DealContext, commitments: list[MinedCommitment]) -> DraftedField:
    """Mined promises as drafted; the derivation adds where each stands once people answer."""
    data = {
        "commitments": [promise_item(c) for c in commitments],
        "sources_mined": len(context.transcripts) + len(context.touches),
    }
    return DraftedField(
        text=field_text.presale_promises(data),
        data=data,
        evidence=[transcript_evidence(c.transcript_ref, c.turn, c.quote) for c in commitments],
    )


COMPETITIVE_PARTS = (("evaluated", EVALUATED), ("why_us", WHY_US), ("reevaluate_if", REEVALUATE))


def competitive_context(context: DealContext, mapping: SourceMap | None = None) -> DraftedField:
    """Each part from the first of its mapped sources that speaks to it."""
    mapping = mapped_sources(mapping)
    found: dict[str, str] = {}
    evidence: list[Evidence] = []
    for key, patterns in COMPETITIVE_PARTS:
        said = first(context, mapping.get(("competitive_context", key), []), patterns, text=True)
        if said is not None:
            found[key] = sentence_for(said)
            evidence.append(said.evidence)
    data = {key: found.get(key, "") for key, _ in COMPETITIVE_LABELS}
    return DraftedField(text=competitive_text(data), data=data, evidence=evidence)


COMPETITIVE_LABELS = (
    ("evaluated", "Evaluated"),
    ("why_us", "Why us"),
    ("reevaluate_if", "Would re-evaluate if"),
)


def competitive_text(data: dict) -> str:
    return "\n".join(
        f"{label}: {data.get(key) or 'not recorded'}" for key, label in COMPETITIVE_LABELS
    )


def stakeholder_map(context: DealContext) -> DraftedField:
    roles = (
        ("technical_buyer", "Technical buyer"),
        ("security_reviewer", "Security reviewer"),
        ("end_user_lead", "End-user lead"),
        ("executive_sponsor", "Executive sponsor"),
    )
    data, lines, evidence = {}, [], []
    for role, label in roles:
        contact = first_with_role(context, role)
        data[role] = person(contact)
        if contact is None:
            if role != "executive_sponsor":
                lines.append(f"{label}: not identified.")
            continue
        lines.append(f"{label}: {describe(contact)}.")
        evidence.append(contact_evidence(contact, role))
    others = [c for c in context.contacts if {"legal", "procurement"} & set(c.roles or [])]
    data["others"] = [person(c) for c in others]
    lines += [f"{', '.join(r.replace('_', ' ') for r in c.roles)}: {describe(c)}." for c in others]
    return DraftedField(text="\n".join(lines), data=data, evidence=evidence)


def existing_relationships(context: DealContext, mapping: SourceMap | None = None) -> DraftedField:
    """Each part from the first of its mapped sources (a CRM list; other sources' text)."""
    mapping = mapped_sources(mapping)
    labels = (
        ("prior_vendors", "Prior vendors"),
        ("internal_champions", "Internal champions"),
        ("board_relationships", "Board exposure"),
    )
    data, lines, evidence = {}, [], []
    for key, label in labels:
        said = first(context, mapping.get(("existing_relationships", key), []))
        if said is None:
            data[key] = None
            lines.append(f"{label}: not stated.")
            continue
        data[key] = said.value if isinstance(said.value, list) else [said.text]
        lines.append(f"{label}: {'; '.join(data[key]) or 'none'}.")
        evidence.append(said.evidence)
    return DraftedField(text="\n".join(lines), data=data, evidence=evidence)
