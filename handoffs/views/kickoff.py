"""The CSM books, moves, cancels and records the triad kickoff; all on the packet get the ICS."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from accounts.policies import requires
from handoffs.models import Kickoff, Packet
from handoffs.services import kickoffs
from handoffs.views.packet import packet_action, posted, visible_packet

manages_kickoff = packet_action(
    "packet.review", denied="Only the packet's CSM manages the kickoff."
)


def _done(request, packet: Packet, success: str):
    messages.success(request, success)
    response = redirect("packets:detail", pk=packet.pk)
    response["Location"] += "#kickoff"
    return response


class WhenForm(forms.Form):
    # A datetime-local value is naive: it is read in the current time zone.
    starts_at = forms.DateTimeField(
        error_messages={
            "required": "Pick a date and time for the kickoff.",
            "invalid": "Pick a date and time for the kickoff.",
        },
        label="When",
    )
    note = forms.CharField(required=False)


class BookForm(WhenForm):
    duration = forms.IntegerField(required=False, label="Length in minutes")


@require_POST
@manages_kickoff
def book(request, packet: Packet):
    given = posted(request, BookForm)
    kickoffs.kickoff_book(
        packet=packet,
        starts_at=given["starts_at"],
        duration_minutes=given["duration"] or 45,
        by=request.user,
    )
    return _done(
        request, packet, "Kickoff booked; the invite went to the AE, you and the economic buyer."
    )


@require_POST
@manages_kickoff
def reschedule(request, packet: Packet):
    given = posted(request, WhenForm)
    kickoffs.kickoff_reschedule(
        packet=packet, starts_at=given["starts_at"], note=given["note"], by=request.user
    )
    return _done(request, packet, "Kickoff moved; everyone got the updated invite.")


@require_POST
@manages_kickoff
def cancel(request, packet: Packet):
    kickoffs.kickoff_cancel(packet=packet, note=request.POST.get("note", ""), by=request.user)
    return _done(request, packet, "Kickoff cancelled. Book a new time before the deadline.")


class RecordForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("held", "Held"), ("no_show", "No-show")])
    notes = forms.CharField(required=False)


@require_POST
@manages_kickoff
def record(request, packet: Packet):
    given = posted(request, RecordForm)
    held = given["outcome"] == "held"
    kickoffs.kickoff_record(packet=packet, held=held, notes=given["notes"], by=request.user)
    return _done(
        request,
        packet,
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
