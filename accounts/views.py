"""Landing after login, team management, and the error pages in the app's own layout."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import RedirectView

from accounts import services
from accounts.forms import InviteForm
from accounts.models import Role, User
from accounts.policies import PUBLIC, allows, requires
from accounts.selectors import team_members

PORTAL_FOR_ROLE = {
    Role.AE: "ae:home",
    Role.CSM: "csm:home",
    Role.CS_OPS: "revops:home",
    Role.REVOPS_ADMIN: "revops:home",
}


@require_GET
@requires("signed_in")
def home(request):
    """Send each role to its own portal."""
    return redirect(PORTAL_FOR_ROLE[Role(request.user.role)])


@require_GET
@requires("team.view")
def team_list(request):
    page = Paginator(team_members(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/team_list.html",
        {"page": page, "can_manage": allows(request.user, "team.manage")},
    )


@require_http_methods(["GET", "POST"])
@requires("team.manage")
def team_invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_invite(**form.cleaned_data, invited_by=request.user)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field, problems)
        else:
            messages.success(request, f"Invitation sent to {user.email}.")
            return redirect("team:list")
    return render(request, "accounts/team_invite.html", {"form": form})


@require_POST
@requires("team.manage")
def team_set_active(request, pk: int):
    member = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(user=member, active=active, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        state = "reactivated" if active else "deactivated"
        messages.success(request, f"{member.full_name} was {state}.")
    return redirect("team:list")


@require_GET
@requires(PUBLIC)
def health(request):
    """Liveness probe for load balancers; says nothing about the data."""
    return JsonResponse({"status": "ok"})


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


class FaviconRedirect(RedirectView):
    """Browsers ask for /favicon.ico on pages (such as the admin) that do not name an icon."""

    access_policy = PUBLIC
    permanent = True

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("img/favicon.svg")
