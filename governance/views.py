"""The RevOps portal, shared by CS Ops and RevOps admins."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.policies import requires
from governance.selectors import team_overview


@require_GET
@requires("portal.revops")
def revops_home(request):
    return render(request, "governance/revops_home.html", team_overview())
