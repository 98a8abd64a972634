"""Landing pages of the AE and CSM portals: the packets each may see, soonest due first."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.policies import requires
from handoffs.models import DONE, WAITING_ON_AE, WITH_CS
from handoffs.selectors import filter_packets, packet_rows, packets_visible_to

PAGE_SIZE = 25


def _page(request, packets):
    return Paginator(packet_rows(packets), PAGE_SIZE).get_page(request.GET.get("page"))


AE_FILTERS = (
    ("", "All"),
    ("needs_ae", "Needs me"),
    ("with_cs", "With CS"),
    ("done", "Kickoff held"),
)
AE_FILTER_STATUSES = {"needs_ae": WAITING_ON_AE, "with_cs": WITH_CS, "done": DONE}


@require_GET
@requires("portal.ae")
def ae_home(request):
    """My deals, filterable by what they wait on and searchable by account or deal name."""
    shown = request.GET.get("show", "")
    packets = filter_packets(packets_visible_to(request.user), {"q": request.GET.get("q", "")})
    if shown in AE_FILTER_STATUSES:
        packets = packets.filter(status__in=AE_FILTER_STATUSES[shown])
    return render(
        request,
        "handoffs/ae_home.html",
        {
            "page": _page(request, packets),
            "filters": AE_FILTERS,
            "shown": shown,
            "query": request.GET.get("q", ""),
        },
    )


@require_GET
@requires("portal.csm")
def csm_home(request):
    queue = packets_visible_to(request.user).exclude(status__in=DONE)
    return render(request, "handoffs/csm_home.html", {"page": _page(request, queue)})
