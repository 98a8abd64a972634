"""The CSM's acts on a packet: claim, reassign, start the review, comment, accept or return."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from accounts.models import User
from handoffs.models import FieldComment, Packet
from handoffs.services import review
from handoffs.views.packet import VersionForm, packet_action, posted

reviews = packet_action("packet.review", denied="Only the packet's CSM reviews it.")


def _back(packet: Packet, anchor: str = ""):
    response = redirect("packets:detail", pk=packet.pk)
    response["Location"] += anchor
    return response


@require_POST
@packet_action("packet.claim", denied="Only a CSM of this business unit claims unassigned packets.")
def claim(request, packet: Packet):
    review.packet_claim(packet=packet, by=request.user)
    messages.success(request, "The packet is yours.")
    return _back(packet)


class ReassignForm(forms.Form):
    # Any person here: whether they may take the packet is the service's to say.
    csm = forms.ModelChoiceField(
        queryset=User.objects.all(),
        label="CSM",
        error_messages={
            "required": "Choose the CSM to hand it to.",
            "invalid_choice": "Choose the CSM to hand it to.",
        },
    )
    reason = forms.CharField(required=False)


@require_POST
@packet_action("packet.reassign", denied="Only the assigned CSM or RevOps reassigns a packet.")
def reassign(request, packet: Packet):
    given = posted(request, ReassignForm)
    review.packet_reassign(packet=packet, to=given["csm"], reason=given["reason"], by=request.user)
    messages.success(request, f"Reassigned to {given['csm'].full_name}.")
    return _back(packet)


@require_POST
@reviews
def start_review(request, packet: Packet):
    review.review_start(packet=packet, by=request.user)
    return _back(packet)


class AcceptForm(VersionForm):
    rating = forms.IntegerField()


@require_POST
@reviews
def accept(request, packet: Packet):
    given = posted(request, AcceptForm)
    review.packet_accept(
        packet=packet, rating=given["rating"], by=request.user, expected_version=given["version"]
    )
    deadline = date_format(timezone.localtime(packet.due_at), "D M j, H:i")
    messages.success(request, f"Accepted. Book the kickoff by {deadline}.")
    return _back(packet, "#kickoff")


@require_POST
@reviews
def return_to_ae(request, packet: Packet):
    keys, texts = request.POST.getlist("reason_key"), request.POST.getlist("reason")
    review.packet_return(
        packet=packet,
        reasons=[{"key": key, "reason": text} for key, text in zip(keys, texts, strict=False)],
        by=request.user,
        expected_version=posted(request, VersionForm)["version"],
    )
    messages.success(request, "Returned to the AE with your reasons as gaps.")
    return _back(packet)


class CommentForm(forms.Form):
    key = forms.CharField(required=False)
    body = forms.CharField(required=False)
    # Any comment here: whether a reply may join its thread is the service's to say.
    parent = forms.ModelChoiceField(
        queryset=FieldComment.objects.all(),
        required=False,
        error_messages={"invalid_choice": "Reply to a comment that exists."},
    )


@require_POST
@packet_action("packet.discuss", denied="Only the AE and the CSM comment on a packet.")
def comment(request, packet: Packet):
    given = posted(request, CommentForm)
    review.comment_add(packet=packet, by=request.user, **given)
    return _back(packet, f"#field-{given['key']}")


@require_POST
@packet_action("packet.discuss", denied="Only the AE and the CSM resolve comments.")
def resolve_comment(request, packet: Packet, comment_pk: int):
    thread = get_object_or_404(FieldComment, pk=comment_pk, packet=packet)
    review.comment_resolve(comment=thread, by=request.user)
    return _back(packet, f"#field-{thread.key}")
