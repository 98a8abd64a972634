"""Record what each drafting attempt used and cost, whatever became of it."""

from handoffs.drafting.base import Draft
from handoffs.drafting.metering import DraftMeter, MeteredDraft
from handoffs.models import DraftRun, Packet


def record_draft_run(
    *,
    packet: Packet,
    requested: str,
    draft: Draft | None = None,
    error: Exception | None = None,
) -> DraftRun:
    """One row per attempt: the drafter used, prompt, model, tokens, cost, any fallback, the
    prose check's counts and what was withheld from the sources. A drafter that spends nothing
    returns a plain `Draft`, recorded with zero tokens."""
    meter = draft.meter if isinstance(draft, MeteredDraft) and draft.meter else None
    meter = meter or DraftMeter(requested=requested)
    return DraftRun.objects.create(
        packet=packet,
        requested_drafter=meter.requested,
        drafter=draft.drafter if draft else "",
        prompt_version_id=meter.prompt_version_id,
        model=meter.model,
        llm_calls=meter.llm_calls,
        tokens_in=meter.tokens_in,
        tokens_out=meter.tokens_out,
        estimated_cost=meter.estimated_cost,
        input_chars=meter.input_chars,
        input_tokens=meter.input_tokens,
        turns_sent=meter.turns_sent,
        turns_total=meter.turns_total,
        evidence_dropped=meter.evidence_dropped,
        dropped=meter.dropped,
        sentences_kept=meter.sentences_kept,
        sentences_dropped=meter.sentences_dropped,
        sentence_drops=meter.sentence_drops,
        disagreements=meter.disagreements,
        passages_withheld=len(draft.withheld) if draft else 0,
        withheld=draft.withheld if draft else [],
        fallback_reason=meter.fallback_reason,
        error=f"{type(error).__name__}: {error}"[:2000] if error else "",
        duration_ms=meter.duration_ms,
    )
