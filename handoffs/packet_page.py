"""Everything the packet page and the PDF show, loaded in a fixed number of queries."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch

from accounts.models import User
from governance.selectors import field_definitions
from handoffs.drafting.instructions import screen_call
from handoffs.models import (
    COPYABLE_FIELD_KEYS,
    FieldComment,
    FieldDraft,
    FieldStatus,
    Kickoff,
    KickoffStatus,
    Packet,
    PacketField,
    TranscriptTurn,
    WarmCall,
)
from handoffs.plan_selectors import plan_of, plan_view
from handoffs.selectors import packets_visible_to
from handoffs.services.operator_review import sentences_of


@dataclass
class FieldView:
    definition: object
    field: PacketField | None
    comments: list[FieldComment] = field(default_factory=list)
    draft: FieldDraft | None = None
    turns: dict = field(default_factory=dict)
    copy_from: list[Packet] = field(default_factory=list)

    @property
    def evidence(self) -> list[dict]:
        """Evidence with the full transcript turn attached, for 'show me where this came from'."""
        items = []
        for item in self.field.evidence if self.field else []:
            turn = self.turns.get((item.get("ref"), item.get("turn")))
            items.append(
                {
                    **item,
                    "turn_text": turn.text if turn else "",
                    "speaker": turn.speaker if turn else "",
                    "at": turn.start_seconds if turn else None,
                }
            )
        return items

    @property
    def sentences(self) -> list[str]:
        """What a person may flag on this field for the quarterly review."""
        return sentences_of(self.field)

    @property
    def open_comments(self) -> int:
        return sum(1 for comment in self.comments if comment.resolved_at is None)


def load_packet(packet_id: int, visible) -> Packet:
    return (
        visible.select_related(
            "handoff__opportunity__account",
            "handoff__ae",
            "business_unit",
            "csm",
            "definitions_version",
        )
        .prefetch_related(
            "fields__updated_by",
            "commitments__acknowledged_by",
            "risk_flags__resolved_by",
            "sign_offs__by",
            Prefetch("kickoffs", queryset=Kickoff.objects.prefetch_related("changes__by")),
            "transitions__actor",
            "handoff__soft_signals__author",
        )
        .get(pk=packet_id)
    )


def packet_context(packet: Packet, user: User) -> dict:
    fields = {f.key: f for f in packet.fields.all()}
    comments = FieldComment.objects.filter(packet=packet).select_related("author", "resolved_by")
    by_key: dict[str, list] = {}
    for comment in comments:
        by_key.setdefault(comment.key, []).append(comment)
    drafts = {d.key: d for d in FieldDraft.objects.filter(packet=packet, author=user)}
    turns = _cited_turns(packet, fields.values())
    siblings = list(
        packets_visible_to(user)
        .filter(handoff_id=packet.handoff_id)
        .exclude(pk=packet.pk)
        .select_related("business_unit")
        .order_by("business_unit__name")
    )
    copy_sources = _copy_sources(siblings, fields)
    views = [
        FieldView(
            definition=d,
            field=fields.get(d.key),
            comments=by_key.get(d.key, []),
            draft=drafts.get(d.key),
            turns=turns,
            copy_from=copy_sources.get(d.key, []),
        )
        for d in field_definitions(packet.definitions_version)
    ]
    flags = list(packet.risk_flags.all())
    kickoffs = list(packet.kickoffs.all())
    return {
        "packet": packet,
        "handoff": packet.handoff,
        "opportunity": packet.handoff.opportunity,
        "field_views": views,
        "gaps": [(v, gap) for v in views if v.field for gap in v.field.gaps],
        "commitments": list(packet.commitments.all()),
        "open_risks": [flag for flag in flags if flag.is_open],
        "resolved_risks": [flag for flag in flags if not flag.is_open],
        "siblings": siblings,
        "sign_offs": list(packet.sign_offs.all()),
        "kickoff": next((k for k in kickoffs if k.status == KickoffStatus.BOOKED), None),
        "past_kickoffs": [k for k in kickoffs if k.status != KickoffStatus.BOOKED],
        "transitions": list(packet.transitions.all()),
        "soft_signals": list(packet.handoff.soft_signals.all()),
        "warm_call": WarmCall.objects.filter(packet=packet).first(),
        "draft_run": packet.draft_runs.select_related("prompt_version__template").first(),
        "plan": plan_view(plan) if (plan := plan_of(packet)) else None,
    }


def _copy_sources(siblings: list[Packet], fields: dict[str, PacketField]) -> dict[str, list]:
    """Per copyable field, the sibling packets holding a value that differs from this one's."""
    sources: dict[str, list] = {}
    by_pk = {sibling.pk: sibling for sibling in siblings}
    rows = PacketField.objects.filter(packet__in=siblings, key__in=COPYABLE_FIELD_KEYS).exclude(
        status=FieldStatus.MISSING
    )
    for packet_id, key, data in rows.values_list("packet_id", "key", "data"):
        own = fields.get(key)
        if own is None or own.data != data:
            sources.setdefault(key, []).append(by_pk[packet_id])
    return sources


def _cited_turns(packet: Packet, fields) -> dict:
    """The turns the evidence cites, in full but without what spoke to the drafter (which the
    draft never saw either)."""
    wanted = {
        (item.get("ref"), item.get("turn"))
        for f in fields
        for item in f.evidence
        if item.get("kind") == "transcript"
    }
    if not wanted or packet.handoff.opportunity_id is None:
        return {}
    turns = list(
        TranscriptTurn.objects.filter(
            transcript__opportunity_id=packet.handoff.opportunity_id,
            transcript__external_id__in={ref for ref, _ in wanted},
        )
        .select_related("transcript")
        .order_by("transcript_id", "index")
    )
    for _, call in groupby(turns, key=lambda turn: turn.transcript_id):
        screen_call(list(call), "")
    return {
        (t.transcript.external_id, t.index): t
        for t in turns
        if (t.transcript.external_id, t.index) in wanted
    }
