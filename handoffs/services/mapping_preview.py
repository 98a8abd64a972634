"""Try a draft source mapping on one packet: the rules drafter's fields with the published
mapping and with the draft, side by side and scored; nothing is saved."""

from dataclasses import dataclass

from governance.mapping_selectors import published_mapping
from governance.models import MappingVersion
from governance.selectors import field_definitions
from handoffs.drafting.base import DraftedField
from handoffs.drafting.context import load_deal_context
from handoffs.drafting.rules import RulesDrafter
from handoffs.models import Packet
from handoffs.scoring import FieldScore, PacketScore, score_packet


@dataclass(frozen=True)
class MappedRow:
    key: str
    label: str
    published: DraftedField | None
    draft: DraftedField | None
    published_score: FieldScore
    draft_score: FieldScore

    @property
    def changed(self) -> bool:
        return (self.published and self.published.data) != (self.draft and self.draft.data)


@dataclass(frozen=True)
class MappingPreview:
    packet: Packet
    version: MappingVersion
    published_score: PacketScore
    draft_score: PacketScore
    rows: list[MappedRow]


def mapping_preview(*, packet: Packet, version: MappingVersion) -> MappingPreview:
    context = load_deal_context(packet)
    before = RulesDrafter(published_mapping()).draft(context).fields
    after = RulesDrafter(version).draft(context).fields
    before_score = score_packet({key: field.data for key, field in before.items()})
    after_score = score_packet({key: field.data for key, field in after.items()})
    return MappingPreview(
        packet=packet,
        version=version,
        published_score=before_score,
        draft_score=after_score,
        rows=[
            MappedRow(
                key=definition.key,
                label=definition.label,
                published=before.get(definition.key),
                draft=after.get(definition.key),
                published_score=before_score.fields[definition.key],
                draft_score=after_score.fields[definition.key],
            )
            for definition in field_definitions()
        ],
    )
