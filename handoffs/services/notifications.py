"""Tell people what needs them: an in-app notification (the bell) and an e-mail, after commit."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from governance.models import SlaPolicy
from handoffs.models import (
    Decision,
    FieldComment,
    Kickoff,
    Notification,
    NotificationKind,
    Packet,
    PacketTransition,
    SignOff,
    Status,
)
from handoffs.sla import DueState, due_soon_filter, due_state, overdue_filter


def packet_url(packet: Packet) -> str:
    return f"{settings.SITE_URL}{reverse('packets:detail', args=[packet.pk])}"


def deal_name(packet: Packet) -> str:
    opportunity = packet.handoff.opportunity
    return (
        f"{opportunity.name if opportunity else packet.handoff.opportunity_key} "
        f"({packet.business_unit})"
    )


def notify(*, recipient: User | None, kind: str, packet: Packet, message: str) -> bool:
    """One notice to one person (False when there is nobody, or it was sent before: SLA
    reminders go out once per due time)."""
    if recipient is None or not recipient.is_active:
        return False
    try:
        with transaction.atomic():
            Notification.objects.create(
                recipient=recipient, kind=kind, packet=packet, message=message[:300]
            )
    except IntegrityError:
        return False
    body = f"{message}\n\nOpen it in Handbrief: {packet_url(packet)}\n"
    subject = f"[Handbrief] {NotificationKind(kind).label}: {deal_name(packet)}"
    transaction.on_commit(
        lambda: send_mail(subject, body, None, [recipient.email], fail_silently=True)
    )
    return True


def unit_csms(packet: Packet) -> QuerySet[User]:
    return User.objects.filter(
        role=Role.CSM, is_active=True, business_unit_id=packet.business_unit_id
    )


def on_transition(packet: Packet, record: PacketTransition) -> None:
    """Map a state change to who must hear about it."""
    if record.from_status == record.to_status:
        return
    name = deal_name(packet)
    if record.to_status == Status.NEEDS_AE:
        notify(
            recipient=packet.handoff.ae,
            kind=NotificationKind.GAP_LIST,
            packet=packet,
            message=f"{name} is not ready for CS yet. {packet.gate_shortfall} "
            f"Due {record.due_at:%b %-d, %H:%M}.",
        )
    elif record.to_status == Status.READY_FOR_CS:
        recipients = [packet.csm] if packet.csm else list(unit_csms(packet))
        for csm in recipients:
            notify(
                recipient=csm,
                kind=NotificationKind.ROUTED_TO_CS,
                packet=packet,
                message=f"{name} passed the gate ({packet.score}/{packet.score_of}) and is "
                f"ready for review, due {record.due_at:%b %-d, %H:%M}.",
            )


def notify_annotation(comment: FieldComment) -> None:
    packet = comment.packet
    for person in (packet.handoff.ae, packet.csm):
        if person and person.pk != comment.author_id:
            notify(
                recipient=person,
                kind=NotificationKind.ANNOTATION,
                packet=packet,
                message=f"{comment.author} commented on {comment.key.replace('_', ' ')} of "
                f"{deal_name(packet)}: “{comment.body[:120]}”",
            )


def notify_decision(sign_off: SignOff) -> None:
    packet = sign_off.packet
    if sign_off.decision == Decision.ACCEPTED:
        message = (
            f"{sign_off.by} accepted {deal_name(packet)} and rated the handoff "
            f"{sign_off.rating}/10."
        )
    else:
        message = f"{sign_off.by} returned {deal_name(packet)}: " + "; ".join(
            r["reason"] for r in sign_off.reasons
        )
    notify(
        recipient=packet.handoff.ae, kind=NotificationKind.DECISION, packet=packet, message=message
    )


def notify_kickoff_booked(kickoff: Kickoff) -> None:
    packet = kickoff.packet
    notify(
        recipient=packet.handoff.ae,
        kind=NotificationKind.KICKOFF_BOOKED,
        packet=packet,
        message=f"Kickoff for {deal_name(packet)} booked for "
        f"{kickoff.starts_at:%a %b %-d, %H:%M} UTC"
        + (" (after the deadline)." if kickoff.is_late else "."),
    )


def remind_about_slas() -> int:
    """Due-soon and overdue notices, once per packet and due time; run every ten minutes."""
    now, policy, sent = timezone.now(), SlaPolicy.current(), 0
    waiting = Packet.objects.filter(
        overdue_filter(now) | due_soon_filter(now, policy)
    ).select_related("handoff__ae", "handoff__opportunity", "csm", "business_unit")
    for packet in waiting:
        person = packet.handoff.ae if packet.waits_on_ae else packet.csm
        lapsed = due_state(packet, now=now, policy=policy) == DueState.OVERDUE
        kind = NotificationKind.SLA_LAPSED if lapsed else NotificationKind.SLA_SOON
        step = packet.get_status_display().lower()
        when = f"{packet.due_at:%b %-d, %H:%M}"
        message = (
            f"{deal_name(packet)} is overdue ({step}, was due {when})."
            if lapsed
            else f"{deal_name(packet)} is due soon ({step}, due {when})."
        )
        sent += notify(recipient=person, kind=kind, packet=packet, message=message)
    return sent


def mark_read(*, user: User, notification_id: int | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
