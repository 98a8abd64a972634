"""The LLM drafter: one structured-output call per packet, checked against the sources and
laid over the rules drafter's draft, which it may add to but never take from (see `floor`).

Whenever the call cannot give a usable draft (not configured, no published prompt, or every
attempt failed) the packet gets the rules drafter's draft instead, and the meter says why.
Either way the packet is scored by `handoffs.scoring`, exactly like a rules draft.
"""

import logging
import time

from django.conf import settings

from governance.models import PromptVersion
from governance.selectors import llm_configured
from handoffs.drafting.base import DealContext
from handoffs.drafting.llm_client import LlmBudget, request_reply
from handoffs.drafting.llm_context import build_request
from handoffs.drafting.llm_cost import estimate_cost
from handoffs.drafting.llm_grounding import grounded
from handoffs.drafting.llm_schema import SCHEMA_VERSION
from handoffs.drafting.llm_sources import SourceIndex
from handoffs.drafting.metering import DraftMeter, MeteredDraft
from handoffs.drafting.rules import RulesDrafter

logger = logging.getLogger(__name__)


class LlmDrafter:
    name = "llm"

    def __init__(self, prompt: PromptVersion | None, budget: LlmBudget | None = None) -> None:
        self.prompt = prompt
        self.budget = budget or LlmBudget.from_settings()

    @property
    def model(self) -> str:
        return (self.prompt.model if self.prompt else "") or settings.HANDBRIEF["LLM_MODEL"]

    def unavailable_reason(self) -> str:
        if not llm_configured():
            return "No OPENAI_API_KEY or OPENAI_BASE_URL is set, so the LLM drafter cannot run."
        if self.prompt is None:
            return "No prompt version is published for the LLM drafter."
        if self.prompt.output_schema_version != SCHEMA_VERSION:
            return (
                f"{self.prompt} was written for output schema "
                f"{self.prompt.output_schema_version}; this Handbrief reads {SCHEMA_VERSION}."
            )
        return ""

    def draft(self, context: DealContext) -> MeteredDraft:
        started = time.perf_counter()
        meter = DraftMeter(
            requested=self.name,
            prompt_version_id=self.prompt.pk if self.prompt else None,
            model=self.model,
            estimated_cost=estimate_cost(self.model, 0, 0),
        )
        draft = self._draft(context, meter)
        meter.duration_ms = round((time.perf_counter() - started) * 1000)
        return draft

    def _draft(self, context: DealContext, meter: DraftMeter) -> MeteredDraft:
        unavailable = self.unavailable_reason()
        if unavailable:
            return _rules_instead(context, meter, unavailable)
        request = build_request(
            context, system_prompt=self.prompt.text, token_budget=self.budget.input_tokens
        )
        meter.input_chars, meter.input_tokens = request.input_chars, request.input_tokens
        meter.turns_sent, meter.turns_total = request.turns_sent, request.turns_total
        result = request_reply(
            messages=request.messages,
            model=self.model,
            temperature=self.prompt.temperature,
            budget=self.budget,
        )
        meter.llm_calls, meter.tokens_in, meter.tokens_out = (
            result.calls,
            result.tokens_in,
            result.tokens_out,
        )
        meter.estimated_cost = estimate_cost(self.model, result.tokens_in, result.tokens_out)
        if result.reply is None:
            return _rules_instead(
                context,
                meter,
                f"The LLM draft failed after {result.calls} "
                f"call{'s' if result.calls != 1 else ''}: {result.failure_summary()}.",
            )
        sources = SourceIndex(context)
        draft = grounded(result.reply, context, sources, floor=RulesDrafter().draft(context))
        meter.evidence_dropped, meter.dropped = len(sources.dropped), sources.notes()
        meter.sentences_kept = draft.prose.kept
        meter.sentences_dropped = sum(draft.prose.dropped.values())
        meter.sentence_drops = draft.prose.summary()
        meter.disagreements = draft.disagreements
        return MeteredDraft(
            fields=draft.fields,
            commitments=draft.commitments,
            risks=draft.risks,
            drafter=self.name,
            withheld=context.withheld,
            meter=meter,
        )


def _rules_instead(context: DealContext, meter: DraftMeter, reason: str) -> MeteredDraft:
    logger.warning("Falling back to the rules drafter: %s", reason)
    meter.fallback_reason = reason
    rules = RulesDrafter().draft(context)
    return MeteredDraft(
        fields=rules.fields,
        commitments=rules.commitments,
        risks=rules.risks,
        drafter=rules.drafter,
        notes=rules.notes,
        withheld=rules.withheld,
        meter=meter,
    )
