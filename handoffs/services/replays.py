"""Replay before publishing: a draft prompt version (or draft field definitions) over N past
deals, next to the published one, in the background; nothing is saved to the packets.

Each deal is one task (`handoffs.tasks.replay_deal`), so a long replay never meets the worker's
time limit and its progress is the number of deals done. A prompt replay drafts each deal
twice, with the published version and with the candidate, and scores both by the same rules;
a definitions replay scores each deal's current values with both sets.
"""

import logging
from dataclasses import replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.errors import RoleRefused
from accounts.models import User
from accounts.policies import allows
from governance.definition_selectors import definitions_version, published_definitions
from governance.models import DefinitionsVersion, PromptState, PromptVersion
from governance.selectors import llm_configured, published_prompt
from handoffs.drafting.context import load_deal_context
from handoffs.drafting.llm import LlmDrafter
from handoffs.drafting.llm_client import LlmBudget
from handoffs.models import Packet, PacketField, ReplayKind, ReplayResult, ReplayRun, Status
from handoffs.queue import enqueue_on_commit
from handoffs.scoring import PacketScore, score_packet

logger = logging.getLogger(__name__)

REPLAY_TASK = "handoffs.tasks.replay_deal"
MAX_DEALS = 100
# Two drafts per task, each under this, keep a task inside the worker's 60 s time limit.
DRAFT_DEADLINE_SECONDS = 25.0
OPEN_STATES = (PromptState.DRAFT, PromptState.IN_REVIEW)


def past_deals(count: int) -> list[int]:
    """The most recent packets that were drafted, newest first."""
    return list(
        Packet.objects.filter(handoff__opportunity__isnull=False)
        .exclude(status__in=[Status.DRAFTING, Status.DRAFT_FAILED])
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)[:count]
    )


@transaction.atomic
def replay_start(
    *,
    by: User,
    deals: int,
    prompt: PromptVersion | None = None,
    definitions: DefinitionsVersion | None = None,
) -> ReplayRun:
    """Queue one task per deal; the run page shows their progress."""
    if not allows(by, "replay.run"):
        raise RoleRefused("CS Ops and RevOps replay draft versions.")
    candidate = prompt or definitions
    if candidate is None or (prompt and definitions):
        raise ValidationError("Replay one draft prompt version or one draft definitions set.")
    if candidate.state not in OPEN_STATES:
        raise ValidationError(
            f"{candidate} is {candidate.get_state_display().lower()}; replay a draft or a "
            "version in review."
        )
    if not 1 <= deals <= MAX_DEALS:
        raise ValidationError({"deals": f"Replay between 1 and {MAX_DEALS} deals."})
    if prompt is not None and not llm_configured():
        raise ValidationError(
            "A prompt replay drafts with the LLM: set OPENAI_API_KEY, or OPENAI_BASE_URL for an "
            "OpenAI-compatible server."
        )
    packet_ids = past_deals(deals)
    if not packet_ids:
        raise ValidationError("There are no drafted deals to replay yet.")
    run = ReplayRun.objects.create(
        kind=ReplayKind.PROMPT if prompt else ReplayKind.DEFINITIONS,
        candidate_prompt=prompt,
        baseline_prompt=published_prompt() if prompt else None,
        candidate_definitions=definitions,
        baseline_definitions=published_definitions() if definitions else None,
        packet_ids=packet_ids,
        started_by=by,
    )
    for packet_id in packet_ids:
        enqueue_on_commit(REPLAY_TASK, run.pk, packet_id)
    return run


def _scored(score: PacketScore) -> dict:
    return {
        "passed": score.passed,
        "score": score.score,
        "of": score.of,
        "fields": {key: field.status for key, field in score.fields.items()},
    }


def _prompt_side(version: PromptVersion | None, context, review_gaps: dict) -> dict:
    budget = LlmBudget.from_settings()
    budget = replace(budget, deadline=min(budget.deadline, DRAFT_DEADLINE_SECONDS))
    draft = LlmDrafter(version, budget).draft(context)
    meter = draft.meter
    score = score_packet({key: field.data for key, field in draft.fields.items()}, review_gaps)
    return {
        **_scored(score),
        "commitments": sorted(
            f"{c.transcript_ref}#{c.turn}: {c.quote[:120]}" for c in draft.commitments
        ),
        "risks": sorted(f"{risk.kind}: {risk.summary[:120]}" for risk in draft.risks),
        "tokens_in": meter.tokens_in,
        "tokens_out": meter.tokens_out,
        "cost": str(meter.estimated_cost) if meter.estimated_cost is not None else None,
        "fallback": meter.fallback_reason,
    }


def _outcome(run: ReplayRun, packet: Packet) -> dict:
    stored = list(PacketField.objects.filter(packet=packet))
    gaps = {field.key: field.review_gaps for field in stored}
    if run.kind == ReplayKind.PROMPT:
        context = load_deal_context(packet)
        return {
            "baseline": _prompt_side(run.baseline_prompt, context, gaps),
            "candidate": _prompt_side(run.candidate_prompt, context, gaps),
        }
    data = {field.key: field.data for field in stored}
    return {
        side: _scored(score_packet(data, gaps, definitions_version(version_id)))
        for side, version_id in (
            ("baseline", run.baseline_definitions_id),
            ("candidate", run.candidate_definitions_id),
        )
    }


def replay_deal(*, run_id: int, packet_id: int) -> None:
    """One deal of a replay; a second run of the same task does nothing."""
    run = ReplayRun.objects.select_related("baseline_prompt", "candidate_prompt").get(pk=run_id)
    if ReplayResult.objects.filter(run=run, packet_id=packet_id).exists():
        return
    packet = Packet.objects.select_related("handoff", "business_unit").get(pk=packet_id)
    outcome, error = {}, ""
    try:
        outcome = _outcome(run, packet)
    except Exception as failure:
        logger.exception("Replay %s could not run packet %s", run_id, packet_id)
        error = f"{type(failure).__name__}: {failure}"[:2000]
    try:
        ReplayResult.objects.create(run=run, packet=packet, outcome=outcome, error=error)
    except IntegrityError:
        return  # another run of this task recorded it first
    if ReplayResult.objects.filter(run=run).count() >= run.total:
        ReplayRun.objects.filter(pk=run.pk, finished_at__isnull=True).update(
            finished_at=timezone.now()
        )


def cost_of(values: list[str | None]) -> Decimal | None:
    """A sum of estimated costs; None when a model had no list price."""
    if any(value is None for value in values):
        return None
    return sum((Decimal(value) for value in values), Decimal(0))
