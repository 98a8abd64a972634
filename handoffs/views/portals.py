"""Landing pages of the AE and CSM portals."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.policies import requires
from handoffs.selectors import opportunities_owned_by


@require_GET
@requires("portal.ae")
def ae_home(request):
    page = Paginator(opportunities_owned_by(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "handoffs/ae_home.html", {"page": page})


@require_GET
@requires("portal.csm")
def csm_home(request):
    return render(request, "handoffs/csm_home.html", {"queue": []})
