"""The RevOps overview: the pipeline at a glance and what needs a person to unblock it.

Each unblocking act is an `unblocking` view: it returns what it did, shown after a redirect; a
refusal it raises is shown on the overview with the status `accounts.errors` gives.
"""

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.errors import answer_for
from accounts.models import User
from accounts.policies import allows, requires
from accounts.selectors import team_overview
from governance.models import AssignmentStrategy
from governance.review_selectors import staleness
from governance.selectors import with_assignment_rules
from handoffs.models import Handoff, InboundEvent, Packet
from handoffs.plan_selectors import unhealthy_endpoints
from handoffs.selectors import active_aes, needing_attention, pipeline_counts
from handoffs.services import revops
from handoffs.services.drafting import retry_draft as draft_again
from handoffs.services.intake import retry_inbound_event
from handoffs.views.packet import posted


def _overview(request: HttpRequest, *, status: int = 200, refusal: str = "") -> HttpResponse:
    team = team_overview()
    team["business_units"] = with_assignment_rules(team["business_units"])
    return render(
        request,
        "handoffs/revops_home.html",
        {
            **team,
            **pipeline_counts(),
            **needing_attention(),
            "aes": list(active_aes()),
            "can_retry_events": allows(request.user, "intake.retry"),
            "can_route": allows(request.user, "routing.manage"),
            "strategies": AssignmentStrategy.choices,
            "unhealthy_endpoints": list(unhealthy_endpoints()),
            "stale": staleness(),
            "refusal": refusal,
        },
        status=status,
    )


@require_GET
@requires("portal.revops")
def revops_home(request):
    return _overview(request)


def unblocking(view: Callable[..., str]) -> Callable[..., HttpResponse]:
    """Run an act on the overview: what it did is shown after a redirect; a refusal (bad
    input 400, not found 404, wrong state 409) is shown on the overview with its status."""

    @wraps(view)
    def act(request: HttpRequest, pk: int) -> HttpResponse:
        try:
            done = view(request, pk)
        except Exception as error:
            answer = answer_for(error)
            if answer is None:
                raise
            return _overview(request, status=answer.status, refusal=answer.message)
        messages.success(request, done)
        return redirect("revops:home")

    return act


class AeChoiceForm(forms.Form):
    """The AE picked for a deal, by id; whether they may own it is the service's rule."""

    ae = forms.ModelChoiceField(
        queryset=User.objects.all(),
        label="Account executive",
        error_messages={
            "required": "Choose the AE who owns this deal.",
            "invalid_choice": "Choose the AE who owns this deal.",
        },
    )


@require_POST
@requires("pipeline.unblock")
@unblocking
def map_ae(request, pk: int) -> str:
    handoff = get_object_or_404(Handoff.objects.select_related("opportunity"), pk=pk)
    ae = posted(request, AeChoiceForm)["ae"]
    revops.handoff_assign_ae(handoff=handoff, ae=ae, by=request.user)
    return f"{handoff.opportunity} now belongs to {ae.full_name}."


@require_POST
@requires("pipeline.unblock")
@unblocking
def retry_draft(request, pk: int) -> str:
    draft_again(packet=get_object_or_404(Packet, pk=pk), by=request.user)
    return "The packet is being drafted again."


@require_POST
@requires("intake.retry")
@unblocking
def retry_event(request, pk: int) -> str:
    inbound = retry_inbound_event(inbound=get_object_or_404(InboundEvent, pk=pk), by=request.user)
    return f"Event {inbound.event_id} queued again."
