"""RevOps admins manage the systems that send Closed-Won events and their credentials."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.errors import answer_for
from accounts.policies import allows, requires
from handoffs.models import ApiToken, Integration, SigningSecret
from handoffs.services import integrations as service
from handoffs.views.packet import posted

SHOWN_ONCE = "handbrief_issued_credential"


class IntegrationNameForm(forms.Form):
    """The name as typed, within its column (and without NUL); the service says if it is free."""

    name = forms.CharField(
        max_length=Integration._meta.get_field("name").max_length, required=False
    )


@require_http_methods(["GET", "POST"])
@requires("integrations.view")
def integration_list(request):
    error, status = "", 200
    if request.method == "POST":
        if not allows(request.user, "integrations.manage"):
            raise PermissionDenied("Only RevOps admins add integrations.")
        try:
            name = posted(request, IntegrationNameForm)["name"]
            integration = service.integration_create(name=name)
        except Exception as refused:
            answer = answer_for(refused)
            if answer is None:
                raise
            error, status = answer.message, answer.status
        else:
            messages.success(request, f"{integration.name} added. Issue it a secret or a token.")
            return redirect("integrations:detail", pk=integration.pk)
    integrations = Integration.objects.order_by("name")
    return render(
        request,
        "handoffs/integrations.html",
        {
            "integrations": integrations,
            "error": error,
            "name": request.POST.get("name", ""),
            "can_manage": allows(request.user, "integrations.manage"),
        },
        status=status,
    )


@require_GET
@requires("integrations.view")
def integration_detail(request, pk: int):
    integration = get_object_or_404(Integration, pk=pk)
    return render(
        request,
        "handoffs/integration_detail.html",
        {
            "integration": integration,
            "secrets": integration.secrets.all(),
            "tokens": integration.tokens.all(),
            "events": integration.events.order_by("-received_at")[:20],
            "issued": request.session.pop(SHOWN_ONCE, None),
            "can_manage": allows(request.user, "integrations.manage"),
        },
    )


def _issue(request, pk: int, issue, kind: str):
    integration = get_object_or_404(Integration, pk=pk)
    issued = issue(integration=integration)
    request.session[SHOWN_ONCE] = {"kind": kind, "raw": issued.raw}
    return redirect("integrations:detail", pk=pk)


@require_POST
@requires("integrations.manage")
def issue_secret(request, pk: int):
    return _issue(request, pk, service.secret_issue, "signing secret")


@require_POST
@requires("integrations.manage")
def issue_token(request, pk: int):
    return _issue(request, pk, service.token_issue, "API token")


@require_POST
@requires("integrations.manage")
def revoke_secret(request, pk: int, secret_pk: int):
    secret = get_object_or_404(SigningSecret, pk=secret_pk, integration_id=pk)
    service.secret_revoke(secret=secret)
    messages.success(request, f"Secret …{secret.secret[-4:]} revoked.")
    return redirect("integrations:detail", pk=pk)


@require_POST
@requires("integrations.manage")
def revoke_token(request, pk: int, token_pk: int):
    token = get_object_or_404(ApiToken, pk=token_pk, integration_id=pk)
    service.token_revoke(token=token)
    messages.success(request, f"Token {token.prefix}… revoked.")
    return redirect("integrations:detail", pk=pk)


@require_POST
@requires("integrations.manage")
def set_active(request, pk: int):
    integration = get_object_or_404(Integration, pk=pk)
    active = request.POST.get("active") == "1"
    service.integration_set_active(integration=integration, active=active)
    messages.success(request, f"{integration.name} {'enabled' if active else 'disabled'}.")
    return redirect("integrations:detail", pk=pk)
