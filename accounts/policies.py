"""Who may see and do what: the one place HTML views, the API and tasks ask.

Every view names the action it performs with `@requires("...")` (or DRF's `access_policy`
attribute); `DenyByDefaultMiddleware` refuses any view that names none, and an action with no
rule here is refused too. Rules are small functions of the user and, for object-level checks,
the object.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from accounts.models import Role, User

PUBLIC = "public"

Rule = Callable[[User, Any], bool]

REVOPS_ROLES = frozenset({Role.CS_OPS, Role.REVOPS_ADMIN})


def _has_role(*roles: Role) -> Rule:
    allowed = frozenset(roles)
    return lambda user, obj=None: user.role in allowed


RULES: dict[str, Rule] = {
    "signed_in": lambda user, obj=None: True,
    "portal.ae": _has_role(Role.AE),
    "portal.csm": _has_role(Role.CSM),
    "portal.revops": _has_role(*REVOPS_ROLES),
    "team.view": _has_role(*REVOPS_ROLES),
    "team.manage": _has_role(Role.REVOPS_ADMIN),
}


def allows(user: Any, action: str, obj: Any = None) -> bool:
    """True when `user` may perform `action` (on `obj`); unknown actions are refused."""
    if action == PUBLIC:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    rule = RULES.get(action)
    return bool(rule and rule(user, obj))


def requires(action: str) -> Callable:
    """Mark a view with the action it performs and enforce it on every request."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if action != PUBLIC and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allows(request.user, action):
                raise PermissionDenied(f"Your role may not use this page ({action}).")
            return view(request, *args, **kwargs)

        wrapped.access_policy = action
        return wrapped

    return decorator


def policy_of(view: Callable) -> str | None:
    """The action a resolved view declared, looking through class-based views too."""
    declared = getattr(view, "access_policy", None)
    if declared is None:
        declared = getattr(getattr(view, "view_class", None), "access_policy", None)
    return declared
