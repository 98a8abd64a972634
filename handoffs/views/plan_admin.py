"""RevOps over success plans: every plan at a glance (with first-value signals by CSV), and the
segment templates plans are generated from."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.errors import answer_for
from accounts.policies import allows, requires
from handoffs.models import GATES, Owner, PlanTemplate, SuccessPlan
from handoffs.plan_selectors import first_value, plan_rows
from handoffs.services import first_value as first_value_service
from handoffs.services.plan_templates import MilestoneInput, all_templates, template_update
from handoffs.views.packet import posted

PER_PAGE = 25


@require_GET
@requires("plans.list")
def plan_list(request):
    """Every plan, newest kickoff first, with its milestones' state and time to first value."""
    page = Paginator(plan_rows(SuccessPlan.objects.all()), PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(plan, first_value(plan)) for plan in page]
    return render(
        request,
        "handoffs/plan_list.html",
        {"page": page, "rows": rows, "can_import": allows(request.user, "plans.signals")},
    )


@require_POST
@requires("plans.signals")
def import_first_values(request):
    """First-value signals from a CSV, like the API's body per row."""
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choose a CSV file to import.")
        return redirect("plans:list")
    try:
        result = first_value_service.import_csv(text=upload.read().decode("utf-8-sig"))
    except (ValidationError, UnicodeDecodeError) as error:
        messages.error(request, " ".join(getattr(error, "messages", ["The file is not UTF-8."])))
        return redirect("plans:list")
    summary = f"{result['added']} first values recorded, {result['repeated']} already known."
    if result["errors"]:
        messages.warning(request, summary + " " + " ".join(result["errors"][:5]))
    else:
        messages.success(request, summary)
    return redirect("plans:list")


class TemplateForm(forms.Form):
    """A segment's window and its three gates' milestones."""

    first_value_min_days = forms.IntegerField(min_value=1, label="First value from (business days)")
    first_value_max_days = forms.IntegerField(min_value=1, label="First value by (business days)")
    at_risk_business_days = forms.IntegerField(
        min_value=1, label="Remind and flag at risk (business days before a gate)"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for gate in GATES:
            self.fields[f"title_{gate}"] = forms.CharField(
                max_length=200, label=f"{gate}-day title"
            )
            self.fields[f"done_{gate}"] = forms.CharField(
                max_length=2000, label=f"{gate}-day done when"
            )
            self.fields[f"owner_{gate}"] = forms.ChoiceField(
                choices=Owner.choices, label=f"{gate}-day owner"
            )
            self.fields[f"days_{gate}"] = forms.IntegerField(
                min_value=1, label=f"{gate}-day due (business days after the kickoff)"
            )


def _templates_page(request, *, status: int = 200, refusal: str = ""):
    return render(
        request,
        "handoffs/plan_templates.html",
        {
            "templates": all_templates(),
            "owners": Owner.choices,
            "can_manage": allows(request.user, "plan_templates.manage"),
            "refusal": refusal,
        },
        status=status,
    )


@require_GET
@requires("plan_templates.view")
def plan_templates(request):
    return _templates_page(request)


@require_POST
@requires("plan_templates.manage")
def plan_template_save(request, pk: int):
    template = get_object_or_404(PlanTemplate, pk=pk)
    try:
        given = posted(request, TemplateForm)
        template_update(
            template=template,
            first_value_min_days=given["first_value_min_days"],
            first_value_max_days=given["first_value_max_days"],
            at_risk_business_days=given["at_risk_business_days"],
            milestones=[
                MilestoneInput(
                    gate=gate,
                    title=given[f"title_{gate}"],
                    definition_of_done=given[f"done_{gate}"],
                    owner=given[f"owner_{gate}"],
                    business_days=given[f"days_{gate}"],
                )
                for gate in GATES
            ],
            by=request.user,
        )
    except Exception as error:
        answer = answer_for(error)
        if answer is None:
            raise
        return _templates_page(request, status=answer.status, refusal=answer.message)
    messages.success(
        request,
        f"{template.get_segment_display()} saved. Plans made from now on use it; plans made "
        "before keep their dates.",
    )
    return redirect("plans:templates")
