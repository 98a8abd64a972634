"""Reading the sources RevOps mapped to a field attribute, in their priority order.

The rules drafter asks here for the attributes it reads through the governed source mapping
(`governance.SourceMapping`), and for every attribute of a field that has no builder of its
own, such as a ninth definition CS Ops added.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from governance.mapping_selectors import (
    Source,
    SourceMap,
    published_mapping,
    sources_by_attribute,
)
from governance.models import FieldDefinition, SourceKind
from governance.source_catalog import KEYWORDS, LOCATORS, keywords
from handoffs.drafting.base import DealContext, DraftedField, Evidence, crm_evidence
from handoffs.drafting.base import transcript_evidence as turn_evidence
from handoffs.drafting.language import EVALUATED, REEVALUATE, SUCCESS, WHY_US, any_match, sentences
from handoffs.models import MeddpiccSnapshot

PATTERNS = {
    "success": SUCCESS,
    "evaluated": EVALUATED,
    "why_us": WHY_US,
    "reevaluate_if": REEVALUATE,
}
# How a CRM list reads where a sentence is wanted (what the drafter always wrote).
CRM_PHRASES = {"account.prior_vendors": "Prior or current tools: {}."}


@dataclass(frozen=True)
class Found:
    """One value a source gave: its text (or list, for CRM lists), its evidence, who said it
    and when (for resolving relative dates)."""

    value: object
    evidence: Evidence
    speaker: str = ""
    said_on: date | None = None
    source: Source | None = None

    @property
    def text(self) -> str:
        if isinstance(self.value, list):
            return "; ".join(str(item) for item in self.value) or "none"
        return str(self.value)


def _crm(context: DealContext, locator: str) -> Iterator[Found]:
    record, _, name = locator.partition(".")
    source = context.account if record == "account" else context.opportunity
    value = getattr(source, name, None)
    if value is None or value == "":
        return
    if not isinstance(value, list):
        value = str(value)
    quote = ("; ".join(value) or "none") if isinstance(value, list) else value
    yield Found(value, crm_evidence(f"{record}:{source.external_id}", name, quote))


def _meddpicc_parts(field: str, text: str) -> list[str]:
    if field == "metrics":
        return [part for part in (piece.strip(" .") for piece in text.split(";")) if part]
    return sentences(text)


def _meddpicc(context: DealContext, field: str, patterns) -> Iterator[Found]:
    text = getattr(context.meddpicc, field, "") if context.meddpicc else ""
    letter = MeddpiccSnapshot.LETTERS.get(field, "")
    for part in _meddpicc_parts(field, text or ""):
        if patterns is None or any_match(patterns, part):
            yield Found(
                part,
                {"kind": "meddpicc", "ref": letter, "field": field, "quote": part},
                speaker=f"MEDDPICC {field.replace('_', ' ')}",
                said_on=context.opportunity.close_date,
            )


def _mentions(words: list[str]) -> list[re.Pattern]:
    return [re.compile(rf"\b{re.escape(word)}", re.I) for word in words]


def _transcripts(context: DealContext, locator: str) -> Iterator[Found]:
    wanted = _mentions(keywords(locator)) if locator.startswith(KEYWORDS) else PATTERNS.get(locator)
    if not wanted:
        return
    for call in context.transcripts:
        for turn in call.turns:
            if turn.side != "buyer":
                continue
            for sentence in sentences(turn.text):
                if any_match(wanted, sentence):
                    yield Found(
                        sentence,
                        turn_evidence(call.transcript.external_id, turn.index, sentence),
                        speaker=turn.speaker,
                        said_on=call.call_date,
                    )


def _contract(context: DealContext, locator: str) -> Iterator[Found]:
    contract = context.contract
    if contract is None:
        return
    if locator.startswith(KEYWORDS):
        wanted = _mentions(keywords(locator))
        for clause in context.clauses:
            if any_match(wanted, clause.text):
                yield Found(
                    clause.text,
                    {"kind": "contract", "ref": f"§{clause.clause_id}", "quote": clause.text},
                )
        return
    value = getattr(contract, locator, None)
    if value not in (None, "", []):
        text = "; ".join(value) if isinstance(value, list) else str(value)
        yield Found(text, {"kind": "contract", "ref": "terms", "field": locator, "quote": text})


def _telemetry(context: DealContext, locator: str) -> Iterator[Found]:
    usage = context.usage
    items = getattr(usage, locator, None) if usage else None
    if not items:
        return
    if locator == "active_seats":
        text = f"{items[-1]['count']} active seats on {items[-1]['date']}"
    elif locator == "feature_adoption":
        text = ", ".join(f"{item['feature']} {item['adoption_pct']:g}%" for item in items)
    else:
        text = ", ".join(item["name"] for item in items)
    yield Found(text, {"kind": "telemetry", "ref": locator, "quote": text})


def mapped_sources(mapping: SourceMap | None) -> SourceMap:
    """`mapping`, or the published one when none is given."""
    return mapping if mapping is not None else sources_by_attribute(published_mapping())


def candidates(context: DealContext, source: Source, patterns=None) -> Iterator[Found]:
    """What one mapped source says, in the source's own order. `patterns` narrows MEDDPICC
    text to the sentences about the attribute (transcripts name their own patterns)."""
    readers = {
        SourceKind.CRM: lambda: _crm(context, source.locator),
        SourceKind.MEDDPICC: lambda: _meddpicc(context, source.locator, patterns),
        SourceKind.TRANSCRIPT: lambda: _transcripts(context, source.locator),
        SourceKind.CONTRACT: lambda: _contract(context, source.locator),
        SourceKind.TELEMETRY: lambda: _telemetry(context, source.locator),
    }
    known = source.locator in LOCATORS.get(source.source, {}) or source.locator.startswith(KEYWORDS)
    if source.source in readers and known:
        for found in readers[source.source]():
            yield replace(found, source=source)


def first(
    context: DealContext, sources: list[Source], patterns=None, *, text: bool = False
) -> Found | None:
    """The first value any source gives, trying them in priority order; with `text`, an
    explicit "none" from a CRM list is passed over (it is no sentence)."""
    for source in sources:
        for found in candidates(context, source, patterns):
            if not (text and found.value == []):
                return found
    return None


def sentence_for(found: Found) -> str:
    """A found value as the sentence a text field holds."""
    locator = found.source.locator if found.source else ""
    if isinstance(found.value, list) and locator in CRM_PHRASES:
        return CRM_PHRASES[locator].format(", ".join(found.value))
    return found.text


def mapped_field(
    context: DealContext, definition: FieldDefinition, mapping: SourceMap
) -> DraftedField:
    """A field with no builder of its own: each required attribute from its mapped sources."""
    data, lines, evidence = {}, [], []
    for attribute in definition.required_attributes:
        label = attribute.replace("_", " ").capitalize()
        sources = mapping.get((definition.key, attribute), [])
        found = first(context, sources, text=True)
        if found is None:
            data[attribute] = ""
            lines.append(
                f"{label}: not found in the mapped sources."
                if sources
                else f"{label}: no source is mapped for it yet."
            )
            continue
        data[attribute] = found.text
        lines.append(f"{label}: {found.text}")
        evidence.append(found.evidence)
    return DraftedField(text="\n".join(lines), data=data, evidence=evidence)
