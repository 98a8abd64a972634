"""The packet page, shared by the AE (gap list) and the CSM (review), and the AE's edits.

Every act on a packet is a `packet_action`: the one place that finds the packet, checks the
policy's rule, and answers a refusal on the page with the status `accounts.errors` gives.
Field forms load and save in place with htmx; a form's own errors answer 422 with the form.
"""

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_GET, require_POST

from accounts.errors import BadInput, Conflict, NotVisible, RoleRefused, answer_for
from accounts.models import Role, User
from accounts.policies import allows, editing_hand, requires
from governance.selectors import field_definitions
from handoffs.field_forms import FieldForm, SoftSignalForm, form_for
from handoffs.models import WAITING_ON_AE, Commitment, FieldDraft, Packet, PacketField, RiskFlag
from handoffs.packet_page import load_packet, packet_context
from handoffs.pdf import render_packet_pdf
from handoffs.selectors import packets_visible_to
from handoffs.services import editing, followup
from handoffs.services.editing import StaleEdit


def _or_404(query):
    try:
        return query()
    except Packet.DoesNotExist:
        raise NotVisible("No such packet, or it is not shared with you.") from None


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
            "can_flag": allows(user, "review.flag", packet),
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


def refused(request, packet, message: str, status: int):
    """Say why the act was refused, on the page (or as an htmx fragment), with its status."""
    if request.htmx:
        return HttpResponse(
            f'<p class="form-error" role="alert">{escape(message)}</p>', status=status
        )
    return render_page(request, loaded_packet(request, packet.pk), status=status, refusal=message)


def packet_action(rule: str, *, denied: str, answer: Callable = refused) -> Callable:
    """The one scaffold of every act on a packet, here and in review.py, kickoff.py and plans.py.

    The packet must be visible to the user (404 otherwise, as if it did not exist) and the
    object-level `rule` of accounts/policies.py must allow the act (403 with `denied`); the view
    is then called as `view(request, packet, **url_kwargs)`. A refusal it raises is answered
    with `answer` (`refused()`: on the packet page) and the status of `answer_for`, so no view
    maps errors of its own.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @requires("packets.list")
        @wraps(view)
        def act(request: HttpRequest, pk: int, **kwargs) -> HttpResponse:
            packet = visible_packet(request, pk)
            if not allows(request.user, rule, packet):
                raise RoleRefused(denied)
            try:
                return view(request, packet, **kwargs)
            except Exception as error:
                mapped = answer_for(error)
                if mapped is None:
                    raise
                return answer(request, packet, mapped.message, mapped.status)

        return act

    return decorator


def posted(request: HttpRequest, form_class: type[forms.Form]) -> dict:
    """The POST read through a small form, so a value that is not what the act takes is a 400
    that names it, never a 500 from a bare int()."""
    form = form_class(request.POST)
    if not form.is_valid():
        raise BadInput(
            " ".join(
                f"{form[name].label}: {error}" if name in form.fields else error
                for name, errors in form.errors.items()
                for error in errors
            ),
            errors={name: list(errors) for name, errors in form.errors.items()},
        )
    return form.cleaned_data


class VersionForm(forms.Form):
    """The version the person loaded; none given reads as 0 (a field never saved)."""

    version = forms.IntegerField(min_value=0, required=False)

    def clean_version(self) -> int:
        return self.cleaned_data["version"] or 0


class RiskResponseForm(forms.Form):
    """The AE's context on a risk flag; the API takes the same bound from here."""

    response = forms.CharField(max_length=2000)


edits_fields = packet_action("packet.edit", denied="Only the deal's AE edits its gap list.")


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


def _form_class(packet: Packet, key: str) -> type[FieldForm]:
    """Only fields with a form (or required attributes) are edited here; the rest follow from
    other answers."""
    form_class = form_for(key, field_definitions(packet.definitions_version))
    if form_class is None:
        raise NotVisible("That field cannot be edited here.")
    return form_class


def _editable(packet: Packet, key: str) -> None:
    _form_class(packet, key)


def _field_form(packet, key: str, field: PacketField | None, data=None, draft=None):
    form_class = _form_class(packet, key)
    if data is not None:
        return form_class(data, data_shape=field.data if field else {})
    if draft is not None:
        return form_class(draft.payload, data_shape=field.data if field else {})
    return form_class(data_shape=field.data if field else {})


@require_GET
@edits_fields
def field_edit(request, packet: Packet, key: str):
    _editable(packet, key)
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
@edits_fields
def field_save(request, packet: Packet, key: str):
    _editable(packet, key)
    field = packet.fields.filter(key=key).first()
    form = _field_form(packet, key, field, data=request.POST)
    version = posted(request, VersionForm)["version"]
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
            author=editing_hand(request.user, packet),
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
            request,
            "handoffs/_field_form.html",
            {**context, "conflict": str(stale)},
            status=Conflict.status,
        )
    packet.refresh_from_db()
    return render(
        request,
        "handoffs/_field_saved.html",
        {
            **page_context(request, loaded_packet(request, packet.pk)),
            "saved_key": key,
            "saved": saved,
        },
    )


@require_POST
@packet_action("packet.vouch", denied="Only the deal's AE or its CSM can vouch for a field.")
def field_confirm(request, packet: Packet, key: str):
    """AE: "this is right as drafted". CSM during review: "validated"."""
    if not packet.fields.filter(key=key).exists():
        raise NotVisible("That field is not on this packet.")
    editing.field_confirm(
        packet=packet, key=key, by=request.user, author=editing_hand(request.user, packet)
    )
    return redirect(f"{_url(packet.pk)}#field-{key}")


@require_POST
@edits_fields
def field_autosave(request, packet: Packet, key: str):
    _editable(packet, key)
    editing.field_autosave(
        packet=packet,
        key=key,
        payload=request.POST.dict(),
        by=request.user,
        base_version=posted(request, VersionForm)["version"],
    )
    return render(request, "handoffs/_autosaved.html")


class CopyForm(VersionForm):
    source = forms.IntegerField(min_value=1, label="Sibling packet")


@require_POST
@edits_fields
def field_copy(request, packet: Packet, key: str):
    """Fill a unit-specific field from a sibling packet of the same deal in one click."""
    _editable(packet, key)
    given = posted(request, CopyForm)
    source = visible_packet(request, given["source"])
    editing.field_copy_from_sibling(
        packet=packet, key=key, source=source, by=request.user, expected_version=given["version"]
    )
    messages.success(request, f"Copied from the {source.business_unit} packet.")
    return redirect(f"{_url(packet.pk)}#field-{key}")


@require_POST
@packet_action("packet.edit", denied="Only the deal's AE submits the gap list.")
def submit_to_cs(request, packet: Packet):
    editing.packet_submit_to_cs(packet=packet, by=request.user)
    messages.success(request, "Submitted to CS. The CSM has one business day to review it.")
    return redirect("packets:detail", pk=packet.pk)


@require_POST
@packet_action("packet.edit", denied="Only the deal's AE reconciles its commitments.")
def commitment_reconcile(request, packet: Packet, commitment_pk: int):
    commitment = get_object_or_404(Commitment, pk=commitment_pk, packet=packet)
    editing.commitment_reconcile(
        commitment=commitment,
        reconciliation=request.POST.get("reconciliation", ""),
        note=request.POST.get("note", ""),
        by=request.user,
    )
    messages.success(request, "Commitment reconciled.")
    return redirect(f"{_url(packet.pk)}#commitments")


@require_POST
@packet_action("packet.edit", denied="Only the deal's AE answers its risk flags.")
def risk_respond(request, packet: Packet, flag_pk: int):
    flag = get_object_or_404(RiskFlag, pk=flag_pk, packet=packet)
    response = posted(request, RiskResponseForm)["response"]
    editing.risk_respond(flag=flag, response=response, by=request.user)
    messages.success(request, "Your context is on the risk flag.")
    return redirect(f"{_url(packet.pk)}#risks")


@require_POST
@packet_action("packet.discuss", denied="Only the AE and the CSM confirm the warm call.")
def warm_call_confirm(request, packet: Packet):
    followup.warm_call_confirm(packet=packet, by=request.user)
    messages.success(request, "Warm handoff call confirmed.")
    return redirect(f"{_url(packet.pk)}#follow-through")


@require_POST
@packet_action("packet.discuss", denied="Only the AE and the CSM note soft signals.")
def soft_signal_add(request, packet: Packet):
    form = SoftSignalForm(request.POST)
    if not form.is_valid():
        return render_page(
            request, loaded_packet(request, packet.pk), status=BadInput.status, signal_form=form
        )
    followup.soft_signal_add(packet=packet, by=request.user, **form.cleaned_data)
    messages.success(request, "Signal noted on the handoff.")
    return redirect(f"{_url(packet.pk)}#follow-through")


def _url(pk: int) -> str:
    return reverse("packets:detail", args=[pk])
