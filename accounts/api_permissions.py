"""DRF's side of the access policy: API views name their action like HTML views do."""

from rest_framework.permissions import BasePermission

from accounts.policies import allows


class PolicyPermission(BasePermission):
    """Allow a request only when the view's `access_policy` allows the user (deny if unset)."""

    message = "Your role may not use this endpoint."

    def has_permission(self, request, view) -> bool:
        action = getattr(view, "access_policy", None)
        return action is not None and allows(request.user, action)

    def has_object_permission(self, request, view, obj) -> bool:
        action = getattr(view, "object_policy", None)
        return action is None or allows(request.user, action, obj)
