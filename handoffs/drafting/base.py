"""What every drafter takes (a deal's sources) and returns (fields, commitments, risks)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from handoffs.models import (
    Account,
    Contact,
    Contract,
    ContractClause,
    MeddpiccSnapshot,
    Opportunity,
    OpportunityLine,
    SalesAssistTouch,
    Transcript,
    TranscriptTurn,
    UsageSnapshot,
)

Evidence = dict  # {"kind": ..., "ref": ..., "turn"?: int, "field"?: str, "quote": str}


@dataclass
class TranscriptWithTurns:
    transcript: Transcript
    turns: list[TranscriptTurn]

    @property
    def call_date(self) -> date:
        return self.transcript.occurred_at.date()


@dataclass
class DealContext:
    """Everything the drafter may read about one packet's deal, loaded once."""

    opportunity: Opportunity
    account: Account
    business_unit_slug: str
    lines: list[OpportunityLine]
    contacts: list[Contact]
    meddpicc: MeddpiccSnapshot | None
    contract: Contract | None
    clauses: list[ContractClause]
    transcripts: list[TranscriptWithTurns]
    usage: UsageSnapshot | None
    touches: list[SalesAssistTouch]
    success_plan_items: list[str] = field(default_factory=list)
    # Passages taken out of the sources because they speak to the drafter (see `instructions`).
    withheld: list[dict] = field(default_factory=list)

    @property
    def is_plg(self) -> bool:
        return self.opportunity.motion == "plg"

    def contacts_with_role(self, role: str) -> list[Contact]:
        return [contact for contact in self.contacts if role in (contact.roles or [])]


@dataclass
class DraftedField:
    text: str
    data: dict
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class MinedCommitment:
    quote: str
    speaker: str
    transcript_ref: str
    turn: int
    due: date | None
    reflected_in: list[str]
    topic: str = ""

    @property
    def is_ghost(self) -> bool:
        return not self.reflected_in


@dataclass
class MinedRisk:
    kind: str
    severity: str
    summary: str
    evidence: list[Evidence]
    cause: str = ""  # what raised it, in the form the derivation reads (see handoffs.derivation)


@dataclass
class Draft:
    fields: dict[str, DraftedField]
    commitments: list[MinedCommitment]
    risks: list[MinedRisk]
    drafter: str
    notes: list[str] = field(default_factory=list)
    withheld: list[dict] = field(default_factory=list)


class Drafter(Protocol):
    name: str

    def draft(self, context: DealContext) -> Draft: ...


def transcript_evidence(ref: str, turn: int, quote: str) -> Evidence:
    return {"kind": "transcript", "ref": ref, "turn": turn, "quote": quote}


def crm_evidence(ref: str, field_name: str, quote: str) -> Evidence:
    return {"kind": "crm", "ref": ref, "field": field_name, "quote": quote}
