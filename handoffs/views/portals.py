"""Landing pages of the AE and CSM portals: the packets each may see, soonest due first."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.policies import requires
from handoffs.selectors import packet_rows, packets_visible_to

PAGE_SIZE = 25


def _page(request, packets):
    return Paginator(packet_rows(packets), PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
@requires("portal.ae")
def ae_home(request):
    page = _page(request, packets_visible_to(request.user))
    return render(request, "handoffs/ae_home.html", {"page": page})


@require_GET
@requires("portal.csm")
def csm_home(request):
    queue = packets_visible_to(request.user).exclude(status="kickoff_held")
    return render(request, "handoffs/csm_home.html", {"page": _page(request, queue)})
