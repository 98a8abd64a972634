"""Deny by default: a view that declares no access policy cannot be reached."""

import logging

from django.core.exceptions import PermissionDenied

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
