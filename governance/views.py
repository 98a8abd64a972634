"""RevOps pages over the definitions layer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from accounts.models import BusinessUnit
from accounts.policies import requires
from governance.services import assignment_rule_set


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
