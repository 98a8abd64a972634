"""The success plan page: the CSM works the plan (statuses in place with htmx, edits, first
value, share links); the deal's AE and RevOps read it. Acts go through `packet_action`."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.errors import NotVisible
from accounts.policies import allows
from handoffs.models import ItemStatus, Owner, Packet, PlanItem, PlanShare, SuccessPlan
from handoffs.models.plans import NEEDS_A_REASON
from handoffs.plan_selectors import ItemRow, owner_of, plan_of, plan_view
from handoffs.services import first_value, plan_sharing, plan_tracking, success_plans
from handoffs.services.plan_sharing import MAX_DAYS, share_token
from handoffs.views.packet import packet_action, posted, refused


def _plan(packet: Packet) -> SuccessPlan:
    plan = plan_of(packet)
    if plan is None:
        raise NotVisible("This packet has no success plan yet.")
    return plan


def plan_page(request, packet: Packet, *, status: int = 200, refusal: str = "", **extra):
    plan = plan_of(packet)
    can_manage = allows(request.user, "plan.manage", packet)
    view = plan_view(plan, with_shares=can_manage) if plan else None
    shares = [
        (share, _share_link(request, share) if share.is_open() else "")
        for share in (view.shares if view else [])
    ]
    return render(
        request,
        "handoffs/plan_detail.html",
        {
            "packet": packet,
            "opportunity": packet.handoff.opportunity,
            "view": view,
            "can_manage": can_manage,
            "can_generate": can_manage
            and packet.status in success_plans.PLANNED_AT
            and not (plan and plan.is_shared),
            "shares": shares,
            "owners": Owner.choices,
            "max_share_days": MAX_DAYS,
            "refusal": refusal,
            **extra,
        },
        status=status,
    )


def _share_link(request, share: PlanShare) -> str:
    return request.build_absolute_uri(reverse("shared_plan", args=[share_token(share)]))


def _item(request, packet: Packet, item: PlanItem, *, status: int = 200, **extra):
    """One item again, after a change in place (htmx)."""
    return render(
        request,
        "handoffs/_plan_item.html",
        {
            "row": ItemRow(item, owner_of(item, packet)),
            "packet": packet,
            "can_manage": True,
            "owners": Owner.choices,
            **extra,
        },
        status=status,
    )


def plan_refused(request, packet: Packet, message: str, status: int):
    """On the plan page; for an item changed in place, the item again with why and what was
    chosen (a form's own error answers 422, the status htmx swaps)."""
    item_pk = request.resolver_match.kwargs.get("item_pk")
    item = PlanItem.objects.filter(pk=item_pk, plan__packet=packet).first() if item_pk else None
    if request.htmx and item is not None:
        return _item(
            request,
            packet,
            item,
            status=422 if status == 400 else status,
            error=message,
            chosen=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
        )
    if request.htmx:
        return refused(request, packet, message, status)
    return plan_page(request, packet, status=status, refusal=message)


reads_plan = packet_action(
    "plan.view", denied="Only the deal's AE, its CSM and RevOps see its plan.", answer=plan_refused
)
manages_plan = packet_action(
    "plan.manage", denied="Only the packet's CSM works its success plan.", answer=plan_refused
)


def _back(packet: Packet, anchor: str = ""):
    response = redirect("packets:plan", pk=packet.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@require_GET
@reads_plan
def plan_detail(request, packet: Packet):
    return plan_page(request, packet)


@require_POST
@manages_plan
def plan_generate(request, packet: Packet):
    existed = SuccessPlan.objects.filter(packet=packet).exists()
    success_plans.plan_generate(packet=packet, by=request.user)
    messages.success(
        request,
        "Generated again from the packet; your changes were kept."
        if existed
        else "Success plan generated from the packet.",
    )
    return _back(packet)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ItemStatus.choices, label="Status")
    reason = forms.CharField(required=False, max_length=1000, label="Reason")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("status") in NEEDS_A_REASON and not data.get("reason"):
            raise forms.ValidationError("Say why it is at risk or missed.")
        return data


@require_POST
@manages_plan
def item_status(request, packet: Packet, item_pk: int):
    item = get_object_or_404(PlanItem, pk=item_pk, plan__packet=packet)
    given = posted(request, StatusForm)
    item = plan_tracking.item_set_status(
        item=item, status=given["status"], reason=given["reason"], by=request.user
    )
    if request.htmx:
        return _item(request, packet, item, saved=True)
    messages.success(request, f"{item} is {item.get_status_display().lower()}.")
    return _back(packet, f"item-{item.pk}")


class ItemForm(forms.Form):
    title = forms.CharField(max_length=300, label="Title")
    definition_of_done = forms.CharField(required=False, max_length=2000, label="Done when")
    owner = forms.ChoiceField(choices=Owner.choices, label="Owner")
    contact_name = forms.CharField(required=False, max_length=200, label="Customer contact")
    due = forms.DateField(label="Due")


@require_POST
@manages_plan
def item_edit(request, packet: Packet, item_pk: int):
    item = get_object_or_404(PlanItem, pk=item_pk, plan__packet=packet)
    plan_tracking.item_edit(item=item, by=request.user, **posted(request, ItemForm))
    messages.success(request, "Saved. Generating the plan again keeps your change.")
    return _back(packet, f"item-{item.pk}")


class OutcomeForm(forms.Form):
    quote = forms.CharField(max_length=2000, label="Outcome, in the buyer's words")
    speaker = forms.CharField(required=False, max_length=200, label="Said by")
    target = forms.DateField(required=False, label="Target date")


@require_POST
@manages_plan
def outcome_add(request, packet: Packet):
    plan_tracking.outcome_add(plan=_plan(packet), by=request.user, **posted(request, OutcomeForm))
    messages.success(request, "Outcome added.")
    return _back(packet, "outcomes")


class FirstValueForm(forms.Form):
    on = forms.DateField(label="First value on")
    note = forms.CharField(required=False, max_length=1000, label="What the customer got")


@require_POST
@manages_plan
def first_value_record(request, packet: Packet):
    first_value.first_value_record(
        plan=_plan(packet), by=request.user, **posted(request, FirstValueForm)
    )
    messages.success(request, "First value recorded.")
    return _back(packet, "first-value")


class ShareForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=MAX_DAYS, label="Open for (days)")


@require_POST
@manages_plan
def share_create(request, packet: Packet):
    days = posted(request, ShareForm)["days"]
    plan_sharing.share_create(plan=_plan(packet), days=days, by=request.user)
    messages.success(request, f"Share link created, open for {days} days. Copy it below.")
    return _back(packet, "sharing")


@require_POST
@manages_plan
def share_revoke(request, packet: Packet, share_pk: int):
    share = get_object_or_404(PlanShare, pk=share_pk, plan__packet=packet)
    plan_sharing.share_revoke(share=share, by=request.user)
    messages.success(request, "Link revoked: it no longer opens.")
    return _back(packet, "sharing")
