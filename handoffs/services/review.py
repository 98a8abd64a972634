"""What the CSM does with a packet: claim it, review it, comment, and decide."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Role, User
from handoffs.derivation import rederive
from handoffs.models import (
    WITH_CS,
    Decision,
    FieldComment,
    Packet,
    PacketField,
    SignOff,
    Status,
    WarmCall,
)
from handoffs.services.notifications import notify_annotation, notify_decision
from handoffs.workflow import TransitionRefused, transition


def _note(packet: Packet, by: User, reason: str) -> None:
    """Record an assignment change in the packet's history without moving its state."""
    packet.transitions.create(
        from_status=packet.status,
        to_status=packet.status,
        actor=by,
        reason=reason,
        due_at=packet.due_at,
    )


@transaction.atomic
def packet_claim(*, packet: Packet, by: User) -> Packet:
    """A CSM takes an unassigned packet; the first to claim it wins (who may: `packet.claim`)."""
    if packet.status not in WITH_CS:
        raise TransitionRefused("The packet has not reached CS yet.")
    if not Packet.objects.filter(pk=packet.pk, csm__isnull=True).update(csm=by):
        raise TransitionRefused("Someone else claimed this packet first.")
    packet.refresh_from_db()
    _note(packet, by, f"Claimed by {by.full_name}")
    return packet


@transaction.atomic
def packet_reassign(*, packet: Packet, to: User, reason: str, by: User) -> Packet:
    """Hand a packet to another CSM of the unit, saying why."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the packet changes hands."})
    if to.role != Role.CSM or not to.is_active or to.business_unit_id != packet.business_unit_id:
        raise ValidationError({"csm": f"Choose an active CSM in {packet.business_unit}."})
    if packet.status not in WITH_CS:
        raise TransitionRefused("Only packets with CS can be reassigned.")
    Packet.objects.filter(pk=packet.pk).update(csm=to, version=F("version") + 1)
    packet.refresh_from_db()
    _note(packet, by, f"Reassigned to {to.full_name}: {reason.strip()}")
    return packet


def review_start(*, packet: Packet, by: User) -> Packet:
    transition(packet, Status.IN_REVIEW, by=by, reason="Review started")
    return packet


@transaction.atomic
def comment_add(
    *, packet: Packet, key: str, body: str, by: User, parent: FieldComment | None = None
) -> FieldComment:
    if not body.strip():
        raise ValidationError({"body": "Write something first."})
    if not packet.fields.filter(key=key).exists():
        raise ValidationError({"key": "That field is not on this packet."})
    if parent is not None and (parent.packet_id != packet.pk or parent.key != key):
        raise ValidationError({"parent": "Reply within the same field's thread."})
    comment = FieldComment.objects.create(
        packet=packet, key=key, body=body.strip(), author=by, parent=parent
    )
    notify_annotation(comment)
    return comment


def comment_resolve(*, comment: FieldComment, by: User) -> FieldComment:
    if comment.resolved_at is None:
        comment.resolved_at, comment.resolved_by = timezone.now(), by
        comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


def _decide(packet: Packet, expected_version: int) -> Packet:
    current = Packet.objects.select_for_update().get(pk=packet.pk)
    if current.status != Status.IN_REVIEW:
        raise TransitionRefused(
            f"The packet is {current.get_status_display().lower()}; start the review first."
        )
    if current.version != expected_version:
        raise TransitionRefused("The packet changed since you opened it. Reload and review again.")
    return current


@transaction.atomic
def packet_accept(*, packet: Packet, rating: int, by: User, expected_version: int) -> SignOff:
    """Accept with a handoff-quality rating; the kickoff clock (the SLA policy's window) starts."""
    if not 1 <= rating <= 10:
        raise ValidationError({"rating": "Rate the handoff from 1 to 10."})
    current = _decide(packet, expected_version)
    sign_off = SignOff.objects.create(
        packet=current,
        decision=Decision.ACCEPTED,
        by=by,
        packet_version=current.version,
        rating=rating,
    )
    transition(current, Status.ACCEPTED, by=by, reason=f"Accepted, rated {rating}/10")
    WarmCall.objects.get_or_create(packet=current)
    notify_decision(sign_off)
    packet.refresh_from_db()
    return sign_off


@transaction.atomic
def packet_return(
    *, packet: Packet, reasons: list[dict], by: User, expected_version: int
) -> SignOff:
    """Send the packet back to the AE; each reason becomes a gap on its field."""
    reasons = [r for r in reasons if (r.get("reason") or "").strip()]
    if not reasons:
        raise ValidationError({"reasons": "Give at least one reason, on the field it concerns."})
    current = _decide(packet, expected_version)
    fields = {field.key: field for field in current.fields.all()}
    for reason in reasons:
        field = fields.get(reason.get("key"))
        if field is None:
            raise ValidationError({"reasons": f"Unknown field: {reason.get('key')}."})
        field.review_gaps = [*field.review_gaps, f"CSM: {reason['reason'].strip()}"]
        PacketField.objects.filter(pk=field.pk).update(review_gaps=field.review_gaps)
    sign_off = SignOff.objects.create(
        packet=current,
        decision=Decision.RETURNED,
        by=by,
        packet_version=current.version,
        reasons=[{"key": r["key"], "reason": r["reason"].strip()} for r in reasons],
    )
    rederive(current, by=by)
    transition(
        current,
        Status.RETURNED,
        by=by,
        reason="Returned to the AE: " + "; ".join(r["reason"].strip() for r in reasons),
    )
    notify_decision(sign_off)
    packet.refresh_from_db()
    return sign_off
