"""The RevOps overview: the pipeline at a glance and what needs a person to unblock it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from accounts.policies import allows, requires
from accounts.selectors import team_overview
from governance.models import AssignmentStrategy
from governance.selectors import with_assignment_rules
from handoffs.models import Handoff, InboundEvent, Packet, Status
from handoffs.selectors import active_aes, needing_attention, pipeline_counts
from handoffs.services import revops
from handoffs.services.drafting import redraft_packet
from handoffs.services.intake import retry_inbound_event


@require_GET
@requires("portal.revops")
def revops_home(request):
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
        },
    )


def _done(request, message: str):
    messages.success(request, message)
    return redirect("revops:home")


def _refused(request, error: ValidationError):
    messages.error(request, " ".join(error.messages))
    return redirect("revops:home")


@require_POST
@requires("pipeline.unblock")
def map_ae(request, pk: int):
    handoff = get_object_or_404(Handoff.objects.select_related("opportunity"), pk=pk)
    ae = User.objects.filter(pk=request.POST.get("ae") or None).first()
    if ae is None:
        return _refused(request, ValidationError("Choose the AE who owns this deal."))
    try:
        revops.handoff_assign_ae(handoff=handoff, ae=ae, by=request.user)
    except ValidationError as error:
        return _refused(request, error)
    return _done(request, f"{handoff.opportunity} now belongs to {ae.full_name}.")


@require_POST
@requires("pipeline.unblock")
def retry_draft(request, pk: int):
    packet = get_object_or_404(Packet, pk=pk, status=Status.DRAFT_FAILED)
    redraft_packet(packet_id=packet.pk, by=request.user, reason="Draft retried by RevOps")
    return _done(request, "The packet is being drafted again.")


@require_POST
@requires("intake.retry")
def retry_event(request, pk: int):
    inbound = get_object_or_404(InboundEvent, pk=pk)
    try:
        retry_inbound_event(inbound=inbound)
    except ValueError as refused:
        messages.error(request, str(refused))
        return redirect("revops:home")
    return _done(request, f"Event {inbound.event_id} queued again.")
