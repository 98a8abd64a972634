"""The CSM books, moves, cancels and records the triad kickoff; all on the packet get the ICS."""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.policies import allows, requires
from handoffs.models import Kickoff
from handoffs.services import kickoffs
from handoffs.views.packet import refused, visible_packet
from handoffs.workflow import TransitionRefused


def _when(request) -> datetime:
    raw = request.POST.get("starts_at", "")
    try:
        naive = datetime.fromisoformat(raw)
    except ValueError:
        raise ValidationError("Pick a date and time for the kickoff.") from None
    return timezone.make_aware(naive) if timezone.is_naive(naive) else naive


def _act(request, pk: int, act, success: str):
    packet = visible_packet(request, pk)
    if not allows(request.user, "packet.review", packet):
        raise PermissionDenied("Only the packet's CSM manages the kickoff.")
    try:
        act(packet)
    except TransitionRefused as refusal:
        return refused(request, packet, str(refusal))
    except ValidationError as invalid:
        return refused(request, packet, " ".join(invalid.messages), status=422)
    messages.success(request, success)
    response = redirect("packets:detail", pk=pk)
    response["Location"] += "#kickoff"
    return response


@require_POST
@requires("packets.list")
def book(request, pk: int):
    return _act(
        request,
        pk,
        lambda packet: kickoffs.kickoff_book(
            packet=packet,
            starts_at=_when(request),
            duration_minutes=int(request.POST.get("duration") or 45),
            by=request.user,
        ),
        "Kickoff booked; the invite went to the AE, you and the economic buyer.",
    )


@require_POST
@requires("packets.list")
def reschedule(request, pk: int):
    return _act(
        request,
        pk,
        lambda packet: kickoffs.kickoff_reschedule(
            packet=packet,
            starts_at=_when(request),
            note=request.POST.get("note", ""),
            by=request.user,
        ),
        "Kickoff moved; everyone got the updated invite.",
    )


@require_POST
@requires("packets.list")
def cancel(request, pk: int):
    return _act(
        request,
        pk,
        lambda packet: kickoffs.kickoff_cancel(
            packet=packet,
            note=request.POST.get("note", ""),
            by=request.user,
        ),
        "Kickoff cancelled. Book a new time before the deadline.",
    )


@require_POST
@requires("packets.list")
def record(request, pk: int):
    held = request.POST.get("outcome") == "held"
    return _act(
        request,
        pk,
        lambda packet: kickoffs.kickoff_record(
            packet=packet,
            held=held,
            notes=request.POST.get("notes", ""),
            by=request.user,
        ),
        "Kickoff recorded as held." if held else "Recorded as a no-show. Book it again.",
    )


@require_GET
@requires("packets.list")
def ics(request, pk: int, kickoff_pk: int):
    packet = visible_packet(request, pk)
    kickoff = (
        Kickoff.objects.filter(pk=kickoff_pk, packet=packet)
        .select_related("booked_by", "packet__handoff__opportunity", "packet__business_unit")
        .first()
    )
    if kickoff is None:
        raise Http404("No such kickoff on this packet.")
    response = HttpResponse(kickoffs.ics_for(kickoff), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="kickoff-{packet.pk}.ics"'
    return response
