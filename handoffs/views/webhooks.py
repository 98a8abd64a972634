"""RevOps configures where success plans are pushed (a CS platform or its middleware), sees
every delivery with its attempts, and replays one that gave up."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.errors import answer_for
from accounts.policies import allows, requires
from handoffs.models import DeliveryStatus, OutboundDelivery, WebhookEndpoint
from handoffs.plan_webhooks import EVENT_TYPES
from handoffs.services import outbound
from handoffs.views.packet import posted

SHOWN_ONCE = "handbrief_webhook_secret"
PER_PAGE = 25


def _page(request, *, status: int = 200, refusal: str = ""):
    deliveries = OutboundDelivery.objects.select_related("endpoint").prefetch_related(
        "attempt_log__by"
    )
    shown = request.GET.get("status", "")
    if shown in DeliveryStatus.values:
        deliveries = deliveries.filter(status=shown)
    page = Paginator(deliveries.order_by("-created_at", "-id"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "handoffs/webhooks.html",
        {
            "endpoints": WebhookEndpoint.objects.all(),
            "page": page,
            "shown": shown,
            "statuses": DeliveryStatus.choices,
            "event_types": EVENT_TYPES,
            "can_manage": allows(request.user, "webhooks.manage"),
            "issued": request.session.pop(SHOWN_ONCE, None),
            "refusal": refusal,
        },
        status=status,
    )


def _acting(view):
    """A manage act: what it did is shown after a redirect, a refusal on the page itself."""

    def act(request, *args, **kwargs):
        try:
            done = view(request, *args, **kwargs)
        except Exception as error:
            answer = answer_for(error)
            if answer is None:
                raise
            return _page(request, status=answer.status, refusal=answer.message)
        messages.success(request, done)
        return redirect("webhooks:list")

    return act


@require_GET
@requires("webhooks.view")
def webhook_list(request):
    return _page(request)


class EndpointForm(forms.Form):
    name = forms.CharField(max_length=100, label="Name")
    url = forms.CharField(max_length=500, label="URL")


@require_POST
@requires("webhooks.manage")
@_acting
def endpoint_create(request) -> str:
    given = posted(request, EndpointForm)
    endpoint = outbound.endpoint_create(name=given["name"], url=given["url"], by=request.user)
    request.session[SHOWN_ONCE] = {"name": endpoint.name, "secret": endpoint.secret}
    return f"{endpoint.name} added. Copy its signing secret now; it is shown once."


class ActiveForm(forms.Form):
    active = forms.TypedChoiceField(choices=[("1", "Resume"), ("0", "Pause")], coerce=int)


@require_POST
@requires("webhooks.manage")
@_acting
def endpoint_set_active(request, pk: int) -> str:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    active = bool(posted(request, ActiveForm)["active"])
    outbound.endpoint_set_active(endpoint=endpoint, active=active)
    return f"{endpoint.name} {'resumed' if active else 'paused'}."


@require_POST
@requires("webhooks.manage")
@_acting
def delivery_replay(request, pk: int) -> str:
    delivery = get_object_or_404(OutboundDelivery.objects.select_related("endpoint"), pk=pk)
    sent = outbound.replay(delivery=delivery, by=request.user)
    if sent:
        return f"Replayed to {delivery.endpoint}: delivered."
    return f"Replayed to {delivery.endpoint}: it failed again; see the attempts below."
