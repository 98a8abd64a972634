"""Draft a packet, keep every version of every field, score it, and route it through the gate.

Fields a person has edited are never overwritten by a redraft: the agent's new value is
skipped for them, and the scorer judges the person's value.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from handoffs.assignment import choose_csm
from handoffs.derivation import FieldInput, hold_shared_value, rederive, rederive_siblings
from handoffs.drafting.base import Draft
from handoffs.drafting.context import load_deal_context
from handoffs.drafting.registry import drafter_for
from handoffs.models import (
    SHARED_FIELD_KEYS,
    Author,
    Commitment,
    HandoffField,
    Packet,
    RiskFlag,
    Status,
)
from handoffs.queue import enqueue_on_commit
from handoffs.scoring import PacketScore
from handoffs.services.draft_runs import record_draft_run
from handoffs.workflow import transition

logger = logging.getLogger(__name__)

STALE_CLAIM = timedelta(minutes=5)
RETRY_BACKOFF = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
]


def _claim(packet_id: int) -> bool:
    now = timezone.now()
    fresh = Q(draft_claimed_at__isnull=True) | Q(draft_claimed_at__lt=now - STALE_CLAIM)
    return bool(
        Packet.objects.filter(fresh, pk=packet_id, status=Status.DRAFTING).update(
            draft_claimed_at=now, draft_attempts=F("draft_attempts") + 1
        )
    )


def draft_packet(*, packet_id: int) -> Packet | None:
    """Draft one packet; a second run while it is claimed or already drafted does nothing."""
    if not _claim(packet_id):
        return None
    packet = Packet.objects.select_related("handoff", "business_unit").get(pk=packet_id)
    drafter = drafter_for(packet)
    try:
        draft = drafter.draft(load_deal_context(packet))
    except Exception as error:
        logger.exception("Drafting packet %s failed", packet_id)
        record_draft_run(packet=packet, requested=drafter.name, error=error)
        _record_failure(packet, error)
        return packet
    record_draft_run(packet=packet, requested=drafter.name, draft=draft)
    return _apply_draft(packet, draft)


@transaction.atomic
def _apply_draft(packet: Packet, draft: Draft) -> Packet:
    """Store the drafter's values (never over a person's), then derive everything from them."""
    shared_changed = _save_shared_fields(packet, draft)
    _save_commitments(packet, draft)
    _save_risks(packet, draft)
    edited = {f.key for f in packet.fields.all() if f.edited_by_a_person}
    result = rederive(
        packet,
        inputs={
            key: FieldInput(
                data=drafted.data,
                evidence=drafted.evidence,
                text=drafted.text,
                author=Author.AGENT,
            )
            for key, drafted in draft.fields.items()
            if key not in SHARED_FIELD_KEYS and key not in edited
        },
        drafter=draft.drafter,
    )
    if shared_changed:
        rederive_siblings(packet, drafter=draft.drafter)
    Packet.objects.filter(pk=packet.pk).update(
        drafter=draft.drafter, draft_error="", draft_claimed_at=None
    )
    packet.refresh_from_db()
    route(packet, result)
    return packet


def _save_shared_fields(packet: Packet, draft: Draft) -> bool:
    """The deal-wide fields go to the handoff, unless a person has set them there."""
    changed = False
    held = {f.key: f for f in HandoffField.objects.filter(handoff_id=packet.handoff_id)}
    for key in SHARED_FIELD_KEYS & draft.fields.keys():
        drafted, current = draft.fields[key], held.get(key)
        if current is not None and (
            current.edited_by_a_person
            or (current.data, current.text, current.evidence)
            == (drafted.data, drafted.text, drafted.evidence)
        ):
            continue
        hold_shared_value(
            packet.handoff_id,
            key,
            FieldInput(
                data=drafted.data,
                text=drafted.text,
                evidence=drafted.evidence,
                author=Author.AGENT,
            ),
        )
        changed = True
    return changed


def route(packet: Packet, result: PacketScore) -> None:
    """Drafting ends at the gate: to CS with a CSM, or back to the AE with the gap list."""
    if packet.status != Status.DRAFTING:
        return
    if result.passed:
        csm = choose_csm(packet.business_unit)
        Packet.objects.filter(pk=packet.pk).update(csm=csm)
        packet.csm = csm
        transition(
            packet,
            Status.READY_FOR_CS,
            reason=f"Passed the gate with {result.score} of {result.of} fields complete.",
        )
        return
    gaps = [gap for field in result.fields.values() for gap in field.gaps]
    transition(
        packet,
        Status.NEEDS_AE,
        reason=f"{result.score} of {result.of} fields complete (gate {result.gate}). Gaps: "
        + "; ".join(gaps[:12])
        + ("…" if len(gaps) > 12 else ""),
    )


def _save_commitments(packet: Packet, draft: Draft) -> None:
    kept = set()
    for mined in draft.commitments:
        commitment, _ = Commitment.objects.update_or_create(
            packet=packet,
            transcript_ref=mined.transcript_ref,
            turn=mined.turn,
            defaults={
                "quote": mined.quote,
                "speaker": mined.speaker,
                "due": mined.due,
                "reflected_in": mined.reflected_in,
            },
        )
        kept.add(commitment.pk)
    packet.commitments.exclude(pk__in=kept).filter(reconciliation="").delete()


def _save_risks(packet: Packet, draft: Draft) -> None:
    """Upsert the drafter's findings by their cause; ones it no longer finds are kept, marked
    as no longer detected (the derivation shows them resolved), never deleted."""
    found = set()
    for risk in draft.risks:
        flag, _ = RiskFlag.objects.update_or_create(
            packet=packet,
            kind=risk.kind,
            cause=risk.cause or f"summary:{risk.summary[:280]}",
            defaults={
                "severity": risk.severity,
                "summary": risk.summary,
                "evidence": risk.evidence,
                "still_detected": True,
            },
        )
        found.add(flag.pk)
    packet.risk_flags.exclude(pk__in=found).update(still_detected=False)


def _record_failure(packet: Packet, error: Exception) -> None:
    message = f"{type(error).__name__}: {error}"[:2000]
    with transaction.atomic():
        Packet.objects.filter(pk=packet.pk).update(draft_error=message, draft_claimed_at=None)
        transition(packet, Status.DRAFT_FAILED, reason=f"Drafting failed: {message}")
    attempt = packet.draft_attempts
    if attempt <= len(RETRY_BACKOFF):
        schedule_redraft(packet, delay=RETRY_BACKOFF[attempt - 1])


def schedule_redraft(packet: Packet, *, delay: timedelta) -> None:
    from django_q.models import Schedule

    Schedule.objects.create(
        func="handoffs.tasks.redraft_packet",
        args=str(packet.pk),
        schedule_type=Schedule.ONCE,
        next_run=timezone.now() + delay,
        name=f"redraft-packet-{packet.pk}-{packet.draft_attempts}",
    )


@transaction.atomic
def redraft_packet(
    *, packet_id: int, by: User | None = None, reason: str = "Retrying the draft"
) -> None:
    """Move a failed packet back to drafting and draft it again: on the backoff schedule, or
    at once when RevOps asks (`by`)."""
    packet = Packet.objects.get(pk=packet_id)
    if packet.status != Status.DRAFT_FAILED:
        return
    transition(packet, Status.DRAFTING, by=by, reason=reason)
    enqueue_on_commit("handoffs.tasks.draft_packet", packet.pk)
