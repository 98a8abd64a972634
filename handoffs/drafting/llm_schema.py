"""The reply the LLM drafter asks for, as pydantic models sent as an OpenAI structured output.

Strict structured outputs need every key required and no extra keys, so "nothing found" is
`null` or an empty list, never a missing key. The shape carries no opinion on completeness:
the model reports what the sources say, with references, and Handbrief scores it.
Change the shape only together with a new `OUTPUT_SCHEMA_VERSION`.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from governance.prompt_defaults import OUTPUT_SCHEMA_VERSION

SCHEMA_VERSION = OUTPUT_SCHEMA_VERSION

RiskKindName = Literal[
    "ghost_commitment",
    "missing_economic_buyer",
    "workaround_promise",
    "champion_departed",
    "security_review_delayed",
    "unresolved_objection",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvidenceRef(Strict):
    kind: Literal["transcript", "crm", "meddpicc", "contract", "telemetry"]
    ref: str = Field(
        description="Transcript id; contact:…, account:… or opportunity:… for CRM records; "
        "the MEDDPICC letter; a contract clause id, or 'terms'; a usage metric name."
    )
    turn: int | None = Field(description="The transcript turn number; null for other kinds.")
    field: str | None = Field(description="The CRM or MEDDPICC field quoted; null if none.")
    quote: str = Field(description="Copied exactly from the cited source.")


class PersonRef(Strict):
    contact_ref: str | None = Field(description="contact:… from deal_data; null if not a contact.")
    name: str
    title: str


class Statement(Strict):
    quote: str = Field(description="A sentence copied exactly from the cited source.")
    evidence: EvidenceRef


class Criterion(Strict):
    quote: str = Field(description="The buyer's words, copied exactly.")
    speaker: str
    target_date: str = Field(description="YYYY-MM-DD, or empty when no date was given.")
    evidence: EvidenceRef


class Commitment(Strict):
    quote: str = Field(description="The seller's promise, copied exactly from one turn.")
    speaker: str
    transcript: str
    turn: int
    due: str = Field(description="YYYY-MM-DD, or empty when no date was given.")


class Risk(Strict):
    kind: RiskKindName
    severity: Literal["high", "medium", "low"]
    summary: str
    evidence: list[EvidenceRef]


class Prose(Strict):
    text: str = Field(description="Short, plain sentences for the CSM.")
    evidence: list[EvidenceRef]


class BuyerAndChampion(Prose):
    economic_buyer: PersonRef | None
    champion: PersonRef | None


class SuccessCriteria(Strict):
    text: str
    criteria: list[Criterion]


class CompetitiveContext(Strict):
    text: str
    evaluated: Statement | None
    why_us: Statement | None
    reevaluate_if: Statement | None


class StakeholderMap(Strict):
    text: str
    technical_buyer: PersonRef | None
    security_reviewer: PersonRef | None
    end_user_lead: PersonRef | None
    executive_sponsor: PersonRef | None


class PacketDraftReply(Strict):
    """One packet: the eight fields, every pre-sale commitment and every risk found."""

    economic_buyer_champion: BuyerAndChampion
    success_criteria: SuccessCriteria
    risk_flags: Prose
    commercial_terms: Prose
    presale_promises: Prose
    competitive_context: CompetitiveContext
    stakeholder_map: StakeholderMap
    existing_relationships: Prose
    commitments: list[Commitment]
    risks: list[Risk]
