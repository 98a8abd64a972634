"""The CSM's acts on a packet: claim, reassign, start the review, comment, accept or return."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from accounts.policies import allows, requires
from handoffs.models import FieldComment
from handoffs.services import review
from handoffs.views.packet import refused, visible_packet
from handoffs.workflow import TransitionRefused


def _reasons(error: Exception) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))


def _back(pk: int, anchor: str = ""):
    response = redirect("packets:detail", pk=pk)
    response["Location"] += anchor
    return response


@require_POST
@requires("packets.list")
def claim(request, pk: int):
    packet = visible_packet(request, pk)
    if not allows(request.user, "packet.claim", packet):
        raise PermissionDenied("Only a CSM of this business unit claims unassigned packets.")
    try:
        review.packet_claim(packet=packet, by=request.user)
    except TransitionRefused as refusal:
        return refused(request, packet, str(refusal))
    messages.success(request, "The packet is yours.")
    return _back(pk)


@require_POST
@requires("packets.list")
def reassign(request, pk: int):
    packet = visible_packet(request, pk)
    if not allows(request.user, "packet.reassign", packet):
        raise PermissionDenied("Only the assigned CSM or RevOps reassigns a packet.")
    to = User.objects.filter(pk=request.POST.get("csm") or None, role=Role.CSM).first()
    try:
        if to is None:
            raise ValidationError("Choose the CSM to hand it to.")
        review.packet_reassign(
            packet=packet, to=to, reason=request.POST.get("reason", ""), by=request.user
        )
    except (TransitionRefused, ValidationError) as refusal:
        return refused(
            request,
            packet,
            _reasons(refusal),
            status=409 if isinstance(refusal, TransitionRefused) else 422,
        )
    messages.success(request, f"Reassigned to {to.full_name}.")
    return _back(pk)


def _reviewable(request, pk: int):
    packet = visible_packet(request, pk)
    if not allows(request.user, "packet.review", packet):
        raise PermissionDenied("Only the packet's CSM reviews it.")
    return packet


@require_POST
@requires("packets.list")
def start_review(request, pk: int):
    packet = _reviewable(request, pk)
    try:
        review.review_start(packet=packet, by=request.user)
    except TransitionRefused as refusal:
        return refused(request, packet, str(refusal))
    return _back(pk)


@require_POST
@requires("packets.list")
def accept(request, pk: int):
    packet = _reviewable(request, pk)
    try:
        review.packet_accept(
            packet=packet,
            rating=int(request.POST.get("rating") or 0),
            by=request.user,
            expected_version=int(request.POST.get("version") or 0),
        )
    except TransitionRefused as refusal:
        return refused(request, packet, str(refusal))
    except (ValidationError, ValueError) as invalid:
        return refused(request, packet, _reasons(invalid), status=422)
    messages.success(request, "Accepted. Book the kickoff within five business days.")
    return _back(pk, "#kickoff")


@require_POST
@requires("packets.list")
def return_to_ae(request, pk: int):
    packet = _reviewable(request, pk)
    keys, texts = request.POST.getlist("reason_key"), request.POST.getlist("reason")
    reasons = [{"key": key, "reason": text} for key, text in zip(keys, texts, strict=False)]
    try:
        review.packet_return(
            packet=packet,
            reasons=reasons,
            by=request.user,
            expected_version=int(request.POST.get("version") or 0),
        )
    except TransitionRefused as refusal:
        return refused(request, packet, str(refusal))
    except ValidationError as invalid:
        return refused(request, packet, _reasons(invalid), status=422)
    messages.success(request, "Returned to the AE with your reasons as gaps.")
    return _back(pk)


@require_POST
@requires("packets.list")
def comment(request, pk: int):
    packet = visible_packet(request, pk)
    if not allows(request.user, "packet.discuss", packet):
        raise PermissionDenied("Only the AE and the CSM comment on a packet.")
    key = request.POST.get("key", "")
    parent = FieldComment.objects.filter(pk=request.POST.get("parent") or None).first()
    try:
        review.comment_add(
            packet=packet,
            key=key,
            body=request.POST.get("body", ""),
            by=request.user,
            parent=parent,
        )
    except ValidationError as invalid:
        return refused(request, packet, _reasons(invalid), status=422)
    return _back(pk, f"#field-{key}")


@require_POST
@requires("packets.list")
def resolve_comment(request, pk: int, comment_pk: int):
    packet = visible_packet(request, pk)
    if not allows(request.user, "packet.discuss", packet):
        raise PermissionDenied("Only the AE and the CSM resolve comments.")
    thread = get_object_or_404(FieldComment, pk=comment_pk, packet=packet)
    review.comment_resolve(comment=thread, by=request.user)
    return _back(pk, f"#field-{thread.key}")
