"""Request guards that hold for every view: deny by default, and no NUL in the address."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse

from accounts.errors import BadInput, answer_for
from accounts.policies import policy_of

logger = logging.getLogger(__name__)

# Third-party views that enforce their own access rules (allauth's login flow, Django's
# admin with its staff check, static files in development).
SELF_GUARDED_MODULES = (
    "allauth.",
    "django.contrib.admin.",
    "django.contrib.staticfiles.",
    "django.views.static",
)


class DenyByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if policy_of(view_func) is not None:
            return None
        module = getattr(view_func, "__module__", "") or ""
        if module.startswith(SELF_GUARDED_MODULES):
            return None
        logger.warning("Refused %s: view %s declares no access policy", request.path, module)
        raise PermissionDenied("This page is not available.")


NUL = "\x00"


class RefuseNulMiddleware:
    """A NUL character in the path or a query parameter is a 400, for every URL at once.

    PostgreSQL cannot store or compare NUL in text, so a `%00` that reached a filter or a
    lookup would be a 500; no valid address contains one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path or any(
            NUL in key or any(NUL in value for value in values)
            for key, values in request.GET.lists()
        ):
            answer = answer_for(BadInput("The address contains a NUL character (%00)."))
            if request.path.startswith("/api/"):
                return JsonResponse(answer.body(), status=answer.status)
            return HttpResponse(answer.message, status=answer.status, content_type="text/plain")
        return self.get_response(request)
