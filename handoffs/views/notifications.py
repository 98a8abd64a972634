"""The bell: what needs me, newest first; reading marks nothing until I say so."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts.policies import requires
from handoffs.models import Notification
from handoffs.services.notifications import mark_read


@require_GET
@requires("notifications.view")
def notification_list(request):
    notices = Notification.objects.filter(recipient=request.user).select_related(
        "packet__handoff__opportunity"
    )
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    return render(request, "handoffs/notifications.html", {"page": page})


@require_POST
@requires("notifications.view")
def notification_read(request):
    mark_read(
        user=request.user,
        notification_id=int(request.POST["id"]) if request.POST.get("id", "").isdigit() else None,
    )
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if target and safe else "notifications:list")
