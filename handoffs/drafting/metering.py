"""What a draft cost and used, carried from the drafter to the `DraftRun` that records it."""

from dataclasses import dataclass, field
from decimal import Decimal

from handoffs.drafting.base import Draft


@dataclass
class DraftMeter:
    requested: str
    prompt_version_id: int | None = None
    model: str = ""
    llm_calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    estimated_cost: Decimal | None = Decimal(0)
    input_chars: int = 0
    input_tokens: int = 0
    turns_sent: int = 0
    turns_total: int = 0
    evidence_dropped: int = 0
    dropped: list[str] = field(default_factory=list)
    sentences_kept: int = 0
    sentences_dropped: int = 0
    sentence_drops: list[dict] = field(default_factory=list)  # [{"reason": …, "count": …}]
    disagreements: list[dict] = field(default_factory=list)  # see handoffs.drafting.floor
    fallback_reason: str = ""
    duration_ms: int = 0


@dataclass
class MeteredDraft(Draft):
    """A draft that says what it cost; drafters that spend nothing return a plain `Draft`."""

    meter: DraftMeter | None = None
