"""The packet page, shared by the AE (gap list) and the CSM (review), and the AE's edits.

Field forms load and save in place with htmx; a refused move answers 409 with the reason.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role, User
from accounts.policies import allows, requires
from handoffs.field_forms import FORMS, SoftSignalForm
from handoffs.models import WAITING_ON_AE, Commitment, FieldDraft, Packet, PacketField, RiskFlag
from handoffs.packet_page import load_packet, packet_context
from handoffs.pdf import render_packet_pdf
from handoffs.selectors import packets_visible_to
from handoffs.services import editing, followup
from handoffs.services.editing import StaleEdit
from handoffs.workflow import TransitionRefused


def _or_404(query):
    try:
        return query()
    except Packet.DoesNotExist:
        raise Http404("No such packet, or it is not shared with you.") from None


def visible_packet(request, pk: int) -> Packet:
    """The packet to act on, if this user may see it; otherwise 404, as if it did not exist."""
    visible = packets_visible_to(request.user).select_related("handoff", "business_unit", "csm")
    return _or_404(lambda: visible.get(pk=pk))


def loaded_packet(request, pk: int) -> Packet:
    """The packet with everything its page and PDF show (see `packet_page.load_packet`)."""
    return _or_404(lambda: load_packet(pk, packets_visible_to(request.user)))


def page_context(request, packet) -> dict:
    user = request.user
    context = packet_context(packet, user)
    context.update(
        {
            "can_edit": allows(user, "packet.edit", packet) and packet.status in WAITING_ON_AE,
            "can_review": allows(user, "packet.review", packet),
            "can_claim": allows(user, "packet.claim", packet),
            "can_reassign": allows(user, "packet.reassign", packet),
            "can_discuss": allows(user, "packet.discuss", packet),
            "signal_form": SoftSignalForm(),
            "unit_csms": User.objects.filter(
                role=Role.CSM, is_active=True, business_unit_id=packet.business_unit_id
            ).exclude(pk=packet.csm_id),
        }
    )
    return context


def render_page(request, packet, status: int = 200, **extra):
    return render(
        request,
        "handoffs/packet_detail.html",
        {**page_context(request, packet), **extra},
        status=status,
    )


def refused(request, packet, message: str, status: int = 409):
    """The act is not possible in the packet's state: say why, on the page, with 409."""
    if request.htmx:
        return HttpResponse(
            f'<p class="form-error" role="alert">{escape(message)}</p>', status=status
        )
    return render_page(
        request,
        load_packet(packet.pk, packets_visible_to(request.user)),
        status=status,
        refusal=message,
    )


@require_GET
@requires("packets.list")
def packet_detail(request, pk: int):
    return render_page(request, loaded_packet(request, pk))


@require_GET
@requires("packets.list")
def packet_pdf(request, pk: int):
    packet = loaded_packet(request, pk)
    pdf = render_packet_pdf(packet, packet_context(packet, request.user))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="handoff-packet-{packet.pk}.pdf"'
    return response


def _editable(request, pk: int, key: str):
    packet = visible_packet(request, pk)
    if key not in FORMS:
        raise Http404("That field cannot be edited here.")
    if not allows(request.user, "packet.edit", packet):
        raise PermissionDenied("Only the deal's AE edits its gap list.")
    return packet


def _field_form(packet, key: str, field: PacketField | None, data=None, draft=None):
    form_class = FORMS[key]
    if data is not None:
        return form_class(data, data_shape=field.data if field else {})
    if draft is not None:
        return form_class(draft.payload, data_shape=field.data if field else {})
    return form_class(data_shape=field.data if field else {})


@require_GET
@requires("packets.list")
def field_edit(request, pk: int, key: str):
    packet = _editable(request, pk, key)
    field = packet.fields.filter(key=key).first()
    draft = FieldDraft.objects.filter(packet=packet, key=key, author=request.user).first()
    return render(
        request,
        "handoffs/_field_form.html",
        {
            "packet": packet,
            "key": key,
            "field": field,
            "form": _field_form(packet, key, field, draft=draft),
            "restored": draft is not None,
            "version": field.version if field else 0,
        },
    )


@require_POST
@requires("packets.list")
def field_save(request, pk: int, key: str):
    packet = _editable(request, pk, key)
    field = packet.fields.filter(key=key).first()
    form = _field_form(packet, key, field, data=request.POST)
    version = int(request.POST.get("version") or 0)
    context = {"packet": packet, "key": key, "field": field, "form": form, "version": version}
    if not form.is_valid():
        editing.field_autosave(
            packet=packet,
            key=key,
            payload=request.POST.dict(),
            by=request.user,
            base_version=version,
        )
        return render(request, "handoffs/_field_form.html", context, status=422)
    data = form.to_data(field.data if field else {})
    try:
        saved = editing.field_update(
            packet=packet,
            key=key,
            data=data,
            text=form.describe(data),
            by=request.user,
            expected_version=version,
        )
    except StaleEdit as stale:
        editing.field_autosave(
            packet=packet,
            key=key,
            payload=request.POST.dict(),
            by=request.user,
            base_version=version,
        )
        return render(
            request, "handoffs/_field_form.html", {**context, "conflict": str(stale)}, status=409
        )
    except TransitionRefused as refusal:
        return refused(request, packet, str(refusal))
    packet.refresh_from_db()
    return render(
        request,
        "handoffs/_field_saved.html",
        {
            **page_context(request, load_packet(packet.pk, packets_visible_to(request.user))),
            "saved_key": key,
            "saved": saved,
        },
    )


@require_POST
@requires("packets.list")
def field_confirm(request, pk: int, key: str):
    """AE: "this is right as drafted". CSM during review: "validated"."""
    packet = visible_packet(request, pk)
    if not (
        allows(request.user, "packet.edit", packet) or allows(request.user, "packet.review", packet)
    ):
        raise PermissionDenied("Only the deal's AE or its CSM can vouch for a field.")
    if not packet.fields.filter(key=key).exists():
        raise Http404("That field is not on this packet.")
    try:
        editing.field_confirm(packet=packet, key=key, by=request.user)
    except TransitionRefused as refusal:
        return refused(request, packet, str(refusal))
    return redirect(f"{_url(pk)}#field-{key}")


@require_POST
@requires("packets.list")
def field_autosave(request, pk: int, key: str):
    packet = _editable(request, pk, key)
    editing.field_autosave(
        packet=packet,
        key=key,
        payload=request.POST.dict(),
        by=request.user,
        base_version=int(request.POST.get("version") or 0),
    )
    return render(request, "handoffs/_autosaved.html")


@require_POST
@requires("packets.list")
def submit_to_cs(request, pk: int):
    packet = visible_packet(request, pk)
    if not allows(request.user, "packet.edit", packet):
        raise PermissionDenied("Only the deal's AE submits the gap list.")
    try:
        editing.packet_submit_to_cs(packet=packet, by=request.user)
    except (TransitionRefused, ValidationError) as refusal:
        return refused(request, packet, " ".join(getattr(refusal, "messages", [str(refusal)])))
    messages.success(request, "Submitted to CS. The CSM has one business day to review it.")
    return redirect("packets:detail", pk=pk)


@require_POST
@requires("packets.list")
def commitment_reconcile(request, pk: int, commitment_pk: int):
    packet = visible_packet(request, pk)
    if not allows(request.user, "packet.edit", packet):
        raise PermissionDenied("Only the deal's AE reconciles its commitments.")
    commitment = get_object_or_404(Commitment, pk=commitment_pk, packet=packet)
    try:
        editing.commitment_reconcile(
            commitment=commitment,
            reconciliation=request.POST.get("reconciliation", ""),
            note=request.POST.get("note", ""),
            by=request.user,
        )
    except (TransitionRefused, ValidationError) as refusal:
        return refused(request, packet, " ".join(getattr(refusal, "messages", [str(refusal)])))
    messages.success(request, "Commitment reconciled.")
    return redirect(f"{_url(pk)}#commitments")


@require_POST
@requires("packets.list")
def risk_respond(request, pk: int, flag_pk: int):
    packet = visible_packet(request, pk)
    if not allows(request.user, "packet.edit", packet):
        raise PermissionDenied("Only the deal's AE answers its risk flags.")
    flag = get_object_or_404(RiskFlag, pk=flag_pk, packet=packet)
    editing.risk_respond(flag=flag, response=request.POST.get("response", ""), by=request.user)
    messages.success(request, "Your context is on the risk flag.")
    return redirect(f"{_url(pk)}#risks")


@require_POST
@requires("packets.list")
def warm_call_confirm(request, pk: int):
    packet = visible_packet(request, pk)
    if not allows(request.user, "packet.discuss", packet):
        raise PermissionDenied("Only the AE and the CSM confirm the warm call.")
    try:
        followup.warm_call_confirm(packet=packet, by=request.user)
    except TransitionRefused as refusal:
        return refused(request, packet, str(refusal))
    messages.success(request, "Warm handoff call confirmed.")
    return redirect(f"{_url(pk)}#follow-through")


@require_POST
@requires("packets.list")
def soft_signal_add(request, pk: int):
    packet = visible_packet(request, pk)
    if not allows(request.user, "packet.discuss", packet):
        raise PermissionDenied("Only the AE and the CSM note soft signals.")
    form = SoftSignalForm(request.POST)
    if not form.is_valid():
        return render_page(request, loaded_packet(request, pk), status=422, signal_form=form)
    followup.soft_signal_add(packet=packet, by=request.user, **form.cleaned_data)
    messages.success(request, "Signal noted on the handoff.")
    return redirect(f"{_url(pk)}#follow-through")


def _url(pk: int) -> str:
    return reverse("packets:detail", args=[pk])
