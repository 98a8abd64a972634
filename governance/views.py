"""RevOps pages over the definitions layer: the governance overview (what is in force, what
waits for review, what has gone stale), the SLA policy, and CSM assignment rules."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.errors import BadInput
from accounts.models import BusinessUnit
from accounts.policies import allows, requires
from governance.definition_selectors import open_definitions, published_definitions
from governance.forms import SlaForm
from governance.mapping_selectors import open_mappings, published_mapping
from governance.models import SlaPolicy
from governance.review_selectors import current_quarter, review_cycle, review_due, staleness
from governance.selectors import published_prompt
from governance.services import assignment_rule_set, sla_policy_set


def _overview(request, sla_form: SlaForm | None = None, status: int = 200):
    quarter = current_quarter()
    return render(
        request,
        "governance/home.html",
        {
            "stale": staleness(),
            "definitions": published_definitions(),
            "definition_drafts": open_definitions(),
            "mapping": published_mapping(),
            "mapping_drafts": open_mappings(),
            "prompt": published_prompt(),
            "quarter": quarter,
            "cycle": review_cycle(quarter),
            "review_due": review_due(),
            "sla": SlaPolicy.current(),
            "sla_form": sla_form or SlaForm(instance=SlaPolicy.current()),
            "can_sla": allows(request.user, "sla.manage"),
        },
        status=status,
    )


@require_GET
@requires("governance.view")
def governance_home(request):
    return _overview(request)


@require_POST
@requires("sla.manage")
def sla_update(request):
    form = SlaForm(request.POST, instance=SlaPolicy.current())
    if not form.is_valid():
        return _overview(request, sla_form=form, status=BadInput.status)
    policy = sla_policy_set(by=request.user, **form.cleaned_data)
    messages.success(request, f"SLA policy saved. {policy}.")
    return redirect("governance:home")


@require_POST
@requires("routing.manage")
def set_assignment_rule(request, slug: str):
    unit = get_object_or_404(BusinessUnit, slug=slug)
    try:
        rule = assignment_rule_set(business_unit=unit, strategy=request.POST.get("strategy", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{unit}: packets now go to CSMs by {rule.get_strategy_display().lower()}."
        )
    return redirect("revops:home")
