"""Draft a packet, keep every version of every field, score it, and route it through the gate.

Fields a person has edited are never overwritten by a redraft: the agent's new value is
skipped for them, and the scorer judges the person's value.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.errors import Conflict
from accounts.models import User
from handoffs.assignment import choose_csm
from handoffs.claims import RUNS_BEFORE_GIVING_UP, stale_before, stopped_reason, stuck_drafts
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

DRAFT = "handoffs.tasks.draft_packet"
# Waits before the next try after the 1st, 2nd, ... run in a row that did not finish.
RETRY_BACKOFF = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
]


@transaction.atomic
def _claim(packet_id: int) -> bool:
    """Take the draft unless a live run holds it or it is drafted. A stale claim is a run that
    died (handoffs/claims.py): it is taken over, or recorded as a failure once runs died on it
    too often. `draft_attempts` counts the runs since the last one that finished."""
    packet = Packet.objects.select_for_update().filter(pk=packet_id, status=Status.DRAFTING).first()
    if packet is None:
        return False
    claimed = packet.draft_claimed_at
    if claimed is not None and claimed >= stale_before():
        return False
    if claimed is not None and packet.draft_attempts >= RUNS_BEFORE_GIVING_UP:
        _record_failure(packet, stopped_reason("Drafting"))
        return False
    last_run_finished = claimed is None and not packet.draft_error
    Packet.objects.filter(pk=packet_id).update(
        draft_claimed_at=timezone.now(),
        draft_attempts=1 if last_run_finished else F("draft_attempts") + 1,
    )
    return True


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
        _record_failure(packet, f"{type(error).__name__}: {error}")
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


def _record_failure(packet: Packet, message: str) -> None:
    """Mark the draft failed and, while runs in a row that did not finish are few, try again
    after the backoff."""
    _mark_failed(packet, message)
    attempt = packet.draft_attempts
    if attempt <= len(RETRY_BACKOFF):
        schedule_redraft(packet, delay=RETRY_BACKOFF[attempt - 1])


@transaction.atomic
def _mark_failed(packet: Packet, message: str) -> None:
    message = message[:2000]
    Packet.objects.filter(pk=packet.pk).update(draft_error=message, draft_claimed_at=None)
    transition(packet, Status.DRAFT_FAILED, reason=f"Drafting failed: {message}")


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
    enqueue_on_commit(DRAFT, packet.pk)


@transaction.atomic
def retry_draft(*, packet: Packet, by: User) -> None:
    """RevOps drafts a failed or stuck packet again at once. A stuck draft is first recorded as
    failed (its run stopped), so its history says what happened and who retried it."""
    locked = Packet.objects.select_for_update().get(pk=packet.pk)
    if stuck_drafts().filter(pk=packet.pk).exists():
        _mark_failed(locked, "The run drafting it stopped without finishing.")
    elif locked.status != Status.DRAFT_FAILED:
        raise Conflict(
            "Only a draft that failed or is stuck can be retried; this packet is "
            f"{Status(locked.status).label.lower()}."
        )
    redraft_packet(packet_id=packet.pk, by=by, reason="Draft retried by RevOps")


def requeue_stuck_drafts(*, queue_idle: bool) -> int:
    """The sweep's part for drafts: those held by a dead run, and (when nothing waits in the
    queue, see `claims.queue_is_idle`) those never taken."""
    stuck = stuck_drafts() if queue_idle else stuck_drafts().filter(draft_claimed_at__isnull=False)
    ids = list(stuck.values_list("pk", flat=True))
    for pk in ids:
        enqueue_on_commit(DRAFT, pk)
    return len(ids)
