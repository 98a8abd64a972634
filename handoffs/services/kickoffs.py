"""The triad kickoff: booked within the SLA policy's business days of acceptance, with an invite.

Rescheduling keeps the event's UID and raises its SEQUENCE, so calendars update the meeting
instead of adding a second one; every change is a `KickoffChange` row. A success plan made
ahead of the kickoff follows it when it moves.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from accounts.models import User
from handoffs.models import Kickoff, KickoffChange, KickoffStatus, Packet, Status
from handoffs.services.notifications import deal_name, notify_kickoff_booked, packet_url
from handoffs.services.success_plans import plan_follow_kickoff
from handoffs.sla import kickoff_deadline
from handoffs.workflow import TransitionRefused, transition


def attendees_for(packet: Packet) -> list[dict]:
    """The AE, the CSM and the economic buyer named in the packet."""
    buyer = (
        packet.fields.filter(key="economic_buyer_champion").values_list("data", flat=True).first()
        or {}
    ).get("economic_buyer") or {}
    people = [
        {"name": packet.handoff.ae.full_name, "email": packet.handoff.ae.email, "role": "AE"}
        if packet.handoff.ae
        else None,
        {"name": packet.csm.full_name, "email": packet.csm.email, "role": "CSM"}
        if packet.csm
        else None,
        {"name": buyer.get("name", ""), "email": buyer.get("email", ""), "role": "Economic buyer"}
        if buyer.get("email")
        else None,
    ]
    return [person for person in people if person]


def _current(packet: Packet) -> Kickoff:
    kickoff = packet.kickoffs.filter(status=KickoffStatus.BOOKED).first()
    if kickoff is None:
        raise TransitionRefused("There is no booked kickoff on this packet.")
    return kickoff


def _check_time(starts_at: datetime) -> None:
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": "Pick a time in the future."})


def _deadline(packet: Packet) -> datetime:
    """The deadline given at acceptance (`workflow.due_after`), kept through cancellations and
    no-shows, so the badge, the reminders and comp judge the kickoff against one time."""
    accepted = packet.transitions.filter(to_status=Status.ACCEPTED).order_by("-created_at").first()
    return accepted.due_at if accepted else kickoff_deadline(timezone.now())


@transaction.atomic
def kickoff_book(
    *, packet: Packet, starts_at: datetime, duration_minutes: int, by: User
) -> Kickoff:
    if packet.status != Status.ACCEPTED:
        raise TransitionRefused("Book the kickoff after the packet is accepted.")
    _check_time(starts_at)
    kickoff = Kickoff.objects.create(
        packet=packet,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        attendees=attendees_for(packet),
        deadline=_deadline(packet),
        booked_by=by,
    )
    KickoffChange.objects.create(
        kickoff=kickoff,
        kind="booked",
        starts_at=starts_at,
        by=by,
        note="Booked after the deadline" if kickoff.is_late else "",
    )
    transition(
        packet,
        Status.KICKOFF_BOOKED,
        by=by,
        due_at=starts_at,
        reason=f"Kickoff booked for {starts_at:%b %-d, %H:%M}"
        + (" (late)" if kickoff.is_late else ""),
    )
    plan_follow_kickoff(packet=packet, kickoff=kickoff, by=by)
    _send_invite(kickoff)
    notify_kickoff_booked(kickoff)
    return kickoff


@transaction.atomic
def kickoff_reschedule(*, packet: Packet, starts_at: datetime, note: str, by: User) -> Kickoff:
    kickoff = _current(packet)
    _check_time(starts_at)
    kickoff.starts_at, kickoff.sequence = starts_at, kickoff.sequence + 1
    kickoff.save(update_fields=["starts_at", "sequence"])
    KickoffChange.objects.create(
        kickoff=kickoff, kind="rescheduled", starts_at=starts_at, by=by, note=note.strip()
    )
    packet.due_at = starts_at
    Packet.objects.filter(pk=packet.pk).update(due_at=starts_at)
    plan_follow_kickoff(packet=packet, kickoff=kickoff, by=by)
    _send_invite(kickoff)
    return kickoff


@transaction.atomic
def kickoff_cancel(*, packet: Packet, note: str, by: User) -> Kickoff:
    kickoff = _current(packet)
    kickoff.status, kickoff.sequence = KickoffStatus.CANCELLED, kickoff.sequence + 1
    kickoff.save(update_fields=["status", "sequence"])
    KickoffChange.objects.create(
        kickoff=kickoff, kind="cancelled", starts_at=kickoff.starts_at, by=by, note=note.strip()
    )
    transition(
        packet,
        Status.ACCEPTED,
        by=by,
        due_at=kickoff.deadline,
        reason="Kickoff cancelled" + (f": {note.strip()}" if note.strip() else ""),
    )
    _send_invite(kickoff)
    return kickoff


@transaction.atomic
def kickoff_record(*, packet: Packet, held: bool, notes: str, by: User) -> Kickoff:
    """Held releases what waits on the kickoff (comp listens) and makes the success plan; a
    no-show reopens booking."""
    kickoff = _current(packet)
    if held and kickoff.starts_at > timezone.now():
        raise ValidationError({"held": "A kickoff can be recorded as held once its time has come."})
    kickoff.status = KickoffStatus.HELD if held else KickoffStatus.NO_SHOW
    kickoff.notes = notes.strip()
    kickoff.save(update_fields=["status", "notes"])
    KickoffChange.objects.create(
        kickoff=kickoff, kind=kickoff.status, starts_at=kickoff.starts_at, by=by, note=notes.strip()
    )
    if held:
        plan_follow_kickoff(packet=packet, kickoff=kickoff, by=by)
        transition(packet, Status.KICKOFF_HELD, by=by, reason="Kickoff held")
    else:
        transition(
            packet,
            Status.ACCEPTED,
            by=by,
            due_at=kickoff.deadline,
            reason="Kickoff was a no-show; book it again",
        )
    return kickoff


def ics_for(kickoff: Kickoff) -> bytes:
    """An iCalendar invite; cancelled kickoffs carry METHOD:CANCEL so calendars remove them."""
    cancelled = kickoff.status == KickoffStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//Handbrief//Kickoff//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", f"{kickoff.uid}@handbrief")
    event.add("sequence", kickoff.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", kickoff.starts_at)
    event.add("dtend", kickoff.starts_at + timedelta(minutes=kickoff.duration_minutes))
    event.add("summary", f"Kickoff: {deal_name(kickoff.packet)}")
    event.add(
        "description",
        f"Triad kickoff (AE, CSM, economic buyer). Handoff packet: {packet_url(kickoff.packet)}",
    )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{kickoff.booked_by.email}")
    organizer.params["cn"] = vText(kickoff.booked_by.full_name)
    event["organizer"] = organizer
    for person in kickoff.attendees:
        attendee = vCalAddress(f"mailto:{person['email']}")
        attendee.params["cn"] = vText(person["name"])
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def _send_invite(kickoff: Kickoff) -> None:
    recipients = [person["email"] for person in kickoff.attendees]
    if not recipients:
        return
    verb = "cancelled" if kickoff.status == KickoffStatus.CANCELLED else "scheduled"
    message = EmailMessage(
        subject=f"Kickoff {verb}: {deal_name(kickoff.packet)}",
        body=f"The kickoff is {verb} for {kickoff.starts_at:%A %B %-d, %H:%M} UTC.\n\n"
        f"{packet_url(kickoff.packet)}\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    message.attach(
        "kickoff.ics",
        ics_for(kickoff),
        "text/calendar; method=" + ("CANCEL" if verb == "cancelled" else "REQUEST"),
    )
    transaction.on_commit(lambda: message.send(fail_silently=True))
