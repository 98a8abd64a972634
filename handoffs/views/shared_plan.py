"""The success plan as the customer opens it from a shared link: no login, read-only, and only
what is theirs to see (outcomes, milestones, owners). Anything else about the link is a 404."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.policies import PUBLIC, requires
from handoffs.models import SuccessPlan
from handoffs.plan_selectors import plan_view, with_plan_detail
from handoffs.services.plan_sharing import shared_plan_open


@require_GET
@requires(PUBLIC)
def shared_plan(request, token: str):
    plan = shared_plan_open(token=token, user_agent=request.headers.get("User-Agent", ""))
    if plan is None:
        raise Http404()
    view = plan_view(with_plan_detail(SuccessPlan.objects.filter(pk=plan.pk)).get())
    response = render(request, "handoffs/plan_shared.html", {"view": view, "plan": view.plan})
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
