"""Comp pages: the AE's commission, the CSM's variable, and RevOps' plans, ledger and payroll."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.errors import DomainError
from accounts.models import Role, User
from accounts.policies import allows, requires
from comp.close_selectors import comp_exceptions, next_to_close
from comp.forms import PlanForm, ReversalForm
from comp.models import CompPlan, EntryKind, LedgerEntry
from comp.selectors import (
    PAYROLL_COLUMNS,
    ae_refusal_rates,
    commission_by_deal,
    csm_statements,
    current_plan,
    ledger_for,
    payroll_rows,
    totals,
)
from comp.services import close, ledger, plans, stickiness
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
    """The CSM's own variable: frozen once the quarter closed, provisional before."""
    plan = _plan(request)
    statements = csm_statements(plan=plan, csm=request.user) if plan else []
    return render(
        request,
        "comp/my_variable.html",
        {"plan": plan, "plans": CompPlan.objects.all(), "statement": next(iter(statements), None)},
    )


def home_context(request: HttpRequest, plan: CompPlan | None) -> dict:
    """The Comp page: the exceptions before the next close for everyone on it; money only for
    those who may see pay."""
    closing = next_to_close()
    context = {
        "plan": plan,
        "plans": CompPlan.objects.all(),
        "closing": closing,
        "exceptions": comp_exceptions(closing=closing),
        "can_manage": allows(request.user, "comp.manage"),
        "can_see_pay": allows(request.user, "comp.pay"),
        "can_close": allows(request.user, "comp.close"),
        "next_url": f"{reverse('comp:home')}?plan={plan.pk}" if plan else reverse("comp:home"),
    }
    if plan:
        context.update(
            {
                "refusals": ae_refusal_rates(plan=plan),
                "statements": csm_statements(plan=plan),
                "aes": User.objects.filter(role=Role.AE, is_active=True),
            }
        )
        if context["can_see_pay"]:
            context["totals"] = totals(commission_by_deal(plan=plan))
    return context


@require_GET
@requires("comp.view")
def comp_home(request):
    return render(request, "comp/comp_home.html", home_context(request, _plan(request)))


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
    except (ValidationError, DomainError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, f"Entry #{entry.pk} reversed.")
    return redirect(f"{reverse('comp:ledger')}?plan={entry.plan_id}")


@require_GET
@requires("comp.pay")
def payroll_csv(request, pk: int):
    """The quarter's payroll export: AE commission per deal share and CSM variable, final once
    the quarter closed. Each download is noted for the next close preview."""
    plan = get_object_or_404(CompPlan, pk=pk)
    rows = payroll_rows(plan)
    close.payroll_export_record(plan=plan, by=request.user, rows=len(rows))
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="handbrief-payroll-{plan.name}.csv"'
    writer = csv.DictWriter(response, fieldnames=PAYROLL_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return response


def _pdf(template: str, context: dict, filename: str) -> HttpResponse:
    response = HttpResponse(render_html_pdf(template, context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@requires("comp.pay")
def statement_pdf(request, pk: int, ae_pk: int):
    plan = get_object_or_404(CompPlan, pk=pk)
    ae = get_object_or_404(User, pk=ae_pk, role=Role.AE)
    lines = commission_by_deal(plan=plan, ae=ae)
    return _pdf(
        "comp/statement_pdf.html",
        {"plan": plan, "ae": ae, "lines": lines, "totals": totals(lines)},
        f"statement-{plan.name}-{ae.email.split('@')[0]}.pdf",
    )


@require_GET
@requires("comp.pay")
def csm_statement_pdf(request, pk: int, csm_pk: int):
    """A CSM's variable statement: frozen at the close, provisional before it."""
    plan = get_object_or_404(CompPlan, pk=pk)
    csm = get_object_or_404(User, pk=csm_pk)
    statement = next(iter(csm_statements(plan=plan, csm=csm)), None)
    if statement is None:
        raise Http404(f"No statement was frozen for {csm.full_name} in {plan}.")
    return _pdf(
        "comp/csm_statement_pdf.html",
        {
            "plan": plan,
            "statement": statement,
            "paid_late": plan.csm_adjustments.filter(csm=csm).select_related("for_plan"),
        },
        f"variable-{plan.name}-{csm.email.split('@')[0]}.pdf",
    )


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
