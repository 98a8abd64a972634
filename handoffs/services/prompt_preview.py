"""Try a prompt version on a real packet without touching it: draft and score in memory."""

import logging
from dataclasses import dataclass, replace

from governance.models import PromptVersion
from governance.selectors import field_definitions
from handoffs.drafting.base import DraftedField
from handoffs.drafting.context import load_deal_context
from handoffs.drafting.llm import LlmDrafter
from handoffs.drafting.llm_client import LlmBudget
from handoffs.drafting.metering import MeteredDraft
from handoffs.models import Packet, PacketField
from handoffs.scoring import FieldScore, PacketScore, score_packet

logger = logging.getLogger(__name__)

# The preview answers inside a web request: stay under gunicorn's default 30 s worker timeout.
PREVIEW_DEADLINE_SECONDS = 25.0


@dataclass(frozen=True)
class ComparedField:
    key: str
    label: str
    live: PacketField | None
    drafted: DraftedField
    score: FieldScore
    kept_from_person: bool


@dataclass(frozen=True)
class Preview:
    packet: Packet
    version: PromptVersion
    draft: MeteredDraft
    score: PacketScore
    fields: list[ComparedField]


def prompt_preview(*, packet: Packet, version: PromptVersion) -> Preview:
    """What a redraft with `version` would give this packet, scored by our rules. A field a
    person edited keeps their value, as a real redraft would; nothing is saved."""
    budget = LlmBudget.from_settings()
    budget = replace(budget, deadline=min(budget.deadline, PREVIEW_DEADLINE_SECONDS))
    draft = LlmDrafter(version, budget).draft(load_deal_context(packet))
    live = {field.key: field for field in packet.fields.all()}
    kept = {key for key, field in live.items() if field.edited_by_a_person}
    data = {
        key: live[key].data if key in kept else drafted.data
        for key, drafted in draft.fields.items()
    }
    score = score_packet(data, {key: field.review_gaps for key, field in live.items()})
    meter = draft.meter
    logger.info(
        "Previewed %s on packet %s: %s tokens in, %s out, cost %s",
        version,
        packet.pk,
        meter.tokens_in,
        meter.tokens_out,
        meter.estimated_cost,
    )
    return Preview(
        packet=packet,
        version=version,
        draft=draft,
        score=score,
        fields=[
            ComparedField(
                key=definition.key,
                label=definition.label,
                live=live.get(definition.key),
                drafted=draft.fields[definition.key],
                score=score.fields[definition.key],
                kept_from_person=definition.key in kept,
            )
            for definition in field_definitions()
            if definition.key in draft.fields
        ],
    )
