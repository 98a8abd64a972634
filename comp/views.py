"""Comp pages: the AE's commission, the CSM's variable, and RevOps' plans, ledger and payroll."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role, User
from accounts.policies import allows, requires
from comp.forms import PlanForm, ReversalForm
from comp.models import CompPlan, EntryKind, LedgerEntry
from comp.selectors import (
    ae_refusal_rates,
    commission_by_deal,
    csm_variable,
    csms,
    current_plan,
    ledger_for,
    totals,
)
from comp.services import ledger, plans, stickiness
from comp.services.release_signals import release_payload
from handoffs.pdf import render_html_pdf


def _plan(request) -> CompPlan | None:
    chosen = request.GET.get("plan")
    if chosen and chosen.isdigit():
        return CompPlan.objects.filter(pk=chosen).first()
    return current_plan() or CompPlan.objects.first()


@require_GET
@requires("comp.own")
def my_commission(request):
    plan = _plan(request)
    lines = commission_by_deal(plan=plan, ae=request.user) if plan else []
    return render(
        request,
        "comp/my_commission.html",
        {
            "plan": plan,
            "plans": CompPlan.objects.all(),
            "lines": lines,
            "totals": totals(lines),
        },
    )


@require_GET
@requires("comp.variable")
def my_variable(request):
    plan = _plan(request)
    return render(
        request,
        "comp/my_variable.html",
        {
            "plan": plan,
            "plans": CompPlan.objects.all(),
            "variable": csm_variable(csm=request.user, plan=plan) if plan else None,
        },
    )


@require_GET
@requires("comp.view")
def comp_home(request):
    plan = _plan(request)
    context = {
        "plan": plan,
        "plans": CompPlan.objects.all(),
        "can_manage": allows(request.user, "comp.manage"),
    }
    if plan:
        lines = commission_by_deal(plan=plan)
        context.update(
            {
                "totals": totals(lines),
                "refusals": ae_refusal_rates(plan=plan),
                "variables": [csm_variable(csm=csm, plan=plan) for csm in csms()],
                "aes": User.objects.filter(role=Role.AE, is_active=True),
            }
        )
    return render(request, "comp/comp_home.html", context)


@require_http_methods(["GET", "POST"])
@requires("comp.manage")
def plan_edit(request, pk: int | None = None):
    plan = get_object_or_404(CompPlan, pk=pk) if pk else None
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            saved = plans.plan_save(plan=form.save(commit=False))
        except ValidationError as error:
            problems = (
                error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            )
            for field, messages_ in problems.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            messages.success(request, f"{saved} saved.")
            return redirect(f"{reverse('comp:home')}?plan={saved.pk}")
    return render(request, "comp/plan_form.html", {"form": form, "plan": plan})


@require_POST
@requires("comp.manage")
def plan_close(request, pk: int):
    plan = get_object_or_404(CompPlan, pk=pk)
    try:
        plans.plan_close(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{plan} is closed; its numbers are final.")
    return redirect(f"{reverse('comp:home')}?plan={plan.pk}")


@require_GET
@requires("comp.view")
def ledger_explorer(request):
    plan = _plan(request)
    entries = ledger_for(plan=plan) if plan else LedgerEntry.objects.none()
    if (ae := request.GET.get("ae", "")).isdigit():
        entries = entries.filter(ae_id=ae)
    if (kind := request.GET.get("kind")) in EntryKind.values:
        entries = entries.filter(kind=kind)
    if query := request.GET.get("q", "").strip():
        entries = entries.filter(packet__handoff__opportunity__name__icontains=query)
    page = Paginator(entries.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "comp/ledger.html",
        {
            "plan": plan,
            "plans": CompPlan.objects.all(),
            "page": page,
            "kinds": EntryKind.choices,
            "aes": User.objects.filter(role=Role.AE),
            "filters": request.GET,
            "can_manage": allows(request.user, "comp.manage"),
            "reversal_form": ReversalForm(),
        },
    )


@require_POST
@requires("comp.manage")
def reverse_ledger_entry(request, pk: int):
    entry = get_object_or_404(LedgerEntry, pk=pk)
    form = ReversalForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Say why the entry is reversed.")
        ledger.reverse_entry(entry=entry, reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Entry #{entry.pk} reversed.")
    return redirect(f"{reverse('comp:ledger')}?plan={entry.plan_id}")


PAYROLL_COLUMNS = [
    "plan",
    "ae_email",
    "ae_name",
    "opportunity_external_id",
    "deal",
    "business_unit",
    "currency",
    "accrued",
    "held",
    "released",
    "forfeited",
    "payable",
    "status",
    "last_movement",
]


@require_GET
@requires("comp.view")
def payroll_csv(request, pk: int):
    """The quarter's payroll export, one row per AE and deal share, dated by its last move."""
    plan = get_object_or_404(CompPlan, pk=pk)
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="handbrief-payroll-{plan.name}.csv"'
    writer = csv.writer(response)
    writer.writerow(PAYROLL_COLUMNS)
    for line in commission_by_deal(plan=plan):
        handoff = line.packet.handoff
        writer.writerow(
            [
                plan.name,
                line.last.ae.email,
                line.last.ae.full_name,
                handoff.opportunity_key,
                handoff.opportunity.name,
                line.packet.business_unit.slug,
                line.currency,
                line.accrued,
                line.held,
                line.released,
                line.forfeited,
                line.payable,
                line.state,
                line.last.created_at.date().isoformat(),
            ]
        )
    return response


@require_GET
@requires("comp.view")
def statement_pdf(request, pk: int, ae_pk: int):
    plan = get_object_or_404(CompPlan, pk=pk)
    ae = get_object_or_404(User, pk=ae_pk, role=Role.AE)
    lines = commission_by_deal(plan=plan, ae=ae)
    pdf = render_html_pdf(
        "comp/statement_pdf.html", {"plan": plan, "ae": ae, "lines": lines, "totals": totals(lines)}
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="statement-{plan.name}-{ae.email.split("@")[0]}.pdf"'
    )
    return response


@require_POST
@requires("comp.manage")
def import_signals(request):
    """Stickiness signals from a CSV (until onboarding tracking feeds them directly)."""
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choose a CSV file to import.")
        return redirect("comp:home")
    try:
        result = stickiness.import_csv(text=upload.read().decode("utf-8-sig"))
    except (ValidationError, UnicodeDecodeError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("comp:home")
    summary = f"{result['added']} signals added, {result['repeated']} already known."
    if result["errors"]:
        messages.warning(request, summary + " " + " ".join(result["errors"][:5]))
    else:
        messages.success(request, summary)
    return redirect("comp:home")


RELEASE_COLUMNS = [
    "date",
    "type",
    "ae_email",
    "opportunity_external_id",
    "business_unit",
    "amount",
    "currency",
    "close_date",
    "gate_passed_at",
    "kickoff_held_at",
    "reason",
    "entry_id",
]


@require_GET
@requires("comp.view")
def releases_csv(request, pk: int):
    """Release and forfeit signals for a quarter, dated, for commission tools that import CSV."""
    plan = get_object_or_404(CompPlan, pk=pk)
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="handbrief-releases-{plan.name}.csv"'
    writer = csv.writer(response)
    writer.writerow(RELEASE_COLUMNS)
    signals = ledger_for(plan=plan).filter(kind__in=[EntryKind.RELEASE, EntryKind.FORFEIT])
    for entry in signals.order_by("created_at", "id"):
        payload = release_payload(entry)
        writer.writerow(
            [
                entry.created_at.date().isoformat(),
                payload["type"],
                payload["ae_email"],
                payload["opportunity_external_id"],
                payload["business_unit"],
                payload["amount"],
                payload["currency"],
                payload["evidence"]["close_date"],
                payload["evidence"]["gate_passed_at"] or "",
                payload["evidence"]["kickoff_held_at"] or "",
                entry.reason,
                entry.pk,
            ]
        )
    return response
