"""Checking a model's references against the deal's real sources.

A reference survives only if its source exists (the transcript and turn, the CRM record, the
MEDDPICC field, the contract clause) and its quote is in that source, compared ignoring case,
spacing and typographic quotes. Everything dropped is noted with the reason, so a RevOps
reviewer can see how often a prompt makes things up. A note names only what exists in the
sources, never the model's own words: those may be what a planted instruction told it to write.
"""

import json

from handoffs.drafting.base import DealContext, Evidence, TranscriptWithTurns
from handoffs.drafting.llm_schema import EvidenceRef
from handoffs.models import Contact, TranscriptTurn

TYPOGRAPHIC = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
DROPPED_NOTES_KEPT = 50


def normal(text: str) -> str:
    return " ".join(str(text).translate(TYPOGRAPHIC).split()).casefold()


def clean_quote(quote: str) -> str:
    return quote.strip().strip("\"'\u201c\u201d\u2018\u2019").strip()


def contains(source: str, quote: str) -> bool:
    wanted = normal(clean_quote(quote)).rstrip(".!?,;:")
    return bool(wanted) and wanted in normal(source)


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _joined(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


class SourceIndex:
    """The deal's sources by the references a model may cite."""

    def __init__(self, context: DealContext) -> None:
        self.context = context
        self.dropped: list[str] = []
        self.turns: dict[tuple[str, int], tuple[TranscriptWithTurns, TranscriptTurn]] = {
            (call.transcript.external_id, turn.index): (call, turn)
            for call in context.transcripts
            for turn in call.turns
        }
        self.contacts: dict[str, Contact] = {
            f"contact:{contact.external_id}": contact for contact in context.contacts
        }
        self.records = self._records(context)
        meddpicc = context.meddpicc
        self.meddpicc = (
            {attr: getattr(meddpicc, attr) for attr in meddpicc.LETTERS} if meddpicc else {}
        )
        self.clauses = {clause.clause_id: clause.text for clause in context.clauses}
        self.spoken = normal(
            " ".join(
                [turn.speaker + " " + turn.text for _, turn in self.turns.values()]
                + [_joined(call.transcript.participants) for call in context.transcripts]
                + list(self.meddpicc.values())
                + [touch.summary for touch in context.touches]
            )
        )

    def drop(self, reason: str) -> None:
        self.dropped.append(reason)

    def notes(self) -> list[str]:
        return self.dropped[:DROPPED_NOTES_KEPT]

    def mentioned(self, name: str) -> bool:
        return bool(name.strip()) and normal(name) in self.spoken

    def contact(self, ref: str | None, name: str = "") -> Contact | None:
        """By reference, or by exact name when the model got the reference wrong."""
        if ref and ref.strip() in self.contacts:
            return self.contacts[ref.strip()]
        return next(
            (c for c in self.contacts.values() if name and normal(c.name) == normal(name)), None
        )

    def check(self, ref: EvidenceRef, quote: str | None = None) -> Evidence | None:
        """The reference as packet evidence, or None (noted) when the source does not say it.
        `quote` checks an item's own quote against the source its reference names."""
        quote = clean_quote(ref.quote if quote is None else quote)
        checker = getattr(self, f"_check_{ref.kind}")
        evidence = checker(ref, quote)
        if evidence is None:
            return None
        return {key: value for key, value in evidence.items() if value is not None}

    def _check_transcript(self, ref: EvidenceRef, quote: str) -> Evidence | None:
        found = self.turns.get((ref.ref, ref.turn)) if ref.turn is not None else None
        if found is None:
            known = any(call == ref.ref for call, _ in self.turns)
            self.drop(
                f"{ref.ref} turn {ref.turn}: no such turn"
                if known
                else "a transcript that does not exist"
            )
            return None
        if not contains(found[1].text, quote):
            self.drop(f"{ref.ref} turn {ref.turn}: the quote is not in that turn")
            return None
        return {"kind": "transcript", "ref": ref.ref, "turn": ref.turn, "quote": quote}

    def _check_crm(self, ref: EvidenceRef, quote: str) -> Evidence | None:
        record = self.records.get(ref.ref)
        if record is None:
            self.drop("a CRM record that does not exist")
            return None
        return self._in_fields(ref, quote, record, kind="crm", label=ref.ref)

    def _check_meddpicc(self, ref: EvidenceRef, quote: str) -> Evidence | None:
        evidence = self._in_fields(ref, quote, self.meddpicc, kind="meddpicc", label="MEDDPICC")
        if evidence is not None:
            evidence["ref"] = self.context.meddpicc.LETTERS[evidence["field"]]
        return evidence

    def _check_contract(self, ref: EvidenceRef, quote: str) -> Evidence | None:
        contract = self.context.contract
        if contract is None:
            self.drop("contract: the deal has no contract")
            return None
        if ref.ref == "terms":
            source = " ".join(
                _joined(value)
                for value in (
                    contract.acv,
                    contract.term_months,
                    contract.ramp,
                    contract.prepay_terms,
                    contract.opt_outs,
                )
            )
        elif ref.ref in self.clauses:
            source = self.clauses[ref.ref]
        else:
            self.drop("a contract clause that does not exist")
            return None
        if not contains(source, quote):
            self.drop(f"contract {ref.ref}: the quote is not in it")
            return None
        return {"kind": "contract", "ref": ref.ref, "quote": quote}

    def _check_telemetry(self, ref: EvidenceRef, quote: str) -> Evidence | None:
        usage = self.context.usage
        source = _joined(getattr(usage, ref.ref, None)) if usage else ""
        if not contains(source, quote):
            where = f"usage {ref.ref}" if source else "usage data that does not exist"
            self.drop(f"{where}: the quote is not in the product data")
            return None
        return {"kind": "telemetry", "ref": ref.ref, "quote": quote}

    def _in_fields(self, ref, quote, fields: dict, *, kind: str, label: str) -> Evidence | None:
        candidates = [ref.field] if ref.field in fields else list(fields)
        field = next((name for name in candidates if contains(_joined(fields[name]), quote)), None)
        if field is None:
            where = f"{label} {ref.field}" if ref.field in fields else label
            self.drop(f"{where}: the quote is not in it")
            return None
        return {"kind": kind, "ref": ref.ref, "field": field, "quote": quote}

    @staticmethod
    def _records(context: DealContext) -> dict[str, dict]:
        opportunity, account = context.opportunity, context.account
        records = {
            f"opportunity:{opportunity.external_id}": {
                "name": opportunity.name,
                "amount": opportunity.amount,
                "close_date": opportunity.close_date,
                "segment": opportunity.segment,
                "motion": opportunity.motion,
                "trigger": opportunity.trigger,
            },
            f"account:{account.external_id}": {
                "name": account.name,
                "industry": account.industry,
                "prior_vendors": account.prior_vendors,
                "internal_champions": account.internal_champions,
                "board_relationships": account.board_relationships,
            },
        }
        for contact in context.contacts:
            records[f"contact:{contact.external_id}"] = {
                "name": contact.name,
                "title": contact.title,
                "email": contact.email,
                "linkedin_url": contact.linkedin_url,
                "role_start_date": contact.role_start_date,
                "roles": contact.roles,
                "status": contact.status,
            }
        return records
