"""The quarter close for RevOps admins: the preview, the close, and acting on each exception.

A refusal (a close with exceptions left, a decision on a holdback already settled) answers
with the close preview, the reason and the status `accounts.errors` gives it.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts.errors import answer_for
from accounts.models import Role, User
from accounts.policies import requires
from comp.close_selectors import close_preview, next_to_close
from comp.forms import AcknowledgementForm, DecisionForm
from comp.models import CompPlan
from comp.services import close, holdbacks
from comp.views import home_context
from handoffs.models import Packet
from handoffs.money import format_money
from handoffs.views.packet import posted


def _render_preview(
    request: HttpRequest, plan: CompPlan, status: int = 200, refusal: str = ""
) -> HttpResponse:
    return render(
        request,
        "comp/close_preview.html",
        {
            "preview": close_preview(plan),
            "plan": plan,
            "refusal": refusal,
            "next_url": reverse("comp:close_preview", args=[plan.pk]),
        },
        status=status,
    )


def close_action(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """RevOps admins only; a refusal is shown on the preview of the quarter it concerns (or
    the next to close; the Comp page when none is open) with its status."""

    @requires("comp.close")
    @wraps(view)
    def act(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Exception as error:
            answer = answer_for(error)
            if answer is None:
                raise
            plan = CompPlan.objects.filter(pk=kwargs.get("pk")).first() or next_to_close()
            if plan is None:
                context = {**home_context(request, None), "refusal": answer.message}
                return render(request, "comp/comp_home.html", context, status=answer.status)
            return _render_preview(request, plan, answer.status, answer.message)

    return act


def _back(request: HttpRequest) -> HttpResponse:
    """To the page the action was taken from (the Comp page or a close preview)."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("comp:home")
    return redirect(target)


@require_GET
@requires("comp.close")
def preview(request, pk: int):
    return _render_preview(request, get_object_or_404(CompPlan, pk=pk))


@require_POST
@close_action
def close_quarter(request, pk: int):
    plan = close.quarter_close(plan=get_object_or_404(CompPlan, pk=pk), by=request.user)
    messages.success(
        request, f"{plan} is closed: holdbacks decided, CSM statements frozen, its numbers final."
    )
    return redirect(f"{reverse('comp:home')}?plan={plan.pk}")


@require_POST
@close_action
def acknowledge(request):
    given = posted(request, AcknowledgementForm)
    close.exception_acknowledge(key=given["key"], note=given["note"], by=request.user)
    messages.success(request, "Acknowledged: it stands as it is.")
    return _back(request)


@require_POST
@close_action
def decide_holdback(request, packet_pk: int):
    given = posted(request, DecisionForm)
    entry = holdbacks.holdback_decide(
        packet=get_object_or_404(Packet, pk=packet_pk),
        decision=given["decision"],
        reason=given["reason"],
        by=request.user,
    )
    messages.success(
        request,
        f"{entry.get_kind_display()}: {format_money(entry.amount, entry.currency)} "
        f"in {entry.plan}.",
    )
    return _back(request)


@require_POST
@close_action
def pay_difference(request, pk: int, csm_pk: int):
    adjustment = close.csm_difference_pay(
        plan=get_object_or_404(CompPlan, pk=pk, closed_at__isnull=False),
        csm=get_object_or_404(User, pk=csm_pk, role=Role.CSM),
        by=request.user,
    )
    messages.success(
        request,
        f"{format_money(adjustment.amount, adjustment.currency)} for {adjustment.for_plan} "
        f"paid to {adjustment.csm.full_name} in {adjustment.plan}.",
    )
    return _back(request)
