"""Who may see and do what: the one place HTML views, the API and tasks ask.

Every view names the action it performs with `@requires("...")` (or DRF's `access_policy`
attribute); `DenyByDefaultMiddleware` refuses any view that names none, and an action with no
rule here is refused too. Rules are small functions of the user and, for object-level checks,
the object.
"""

from collections.abc import Callable, Collection
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from accounts.models import Role, User

PUBLIC = "public"

Rule = Callable[[User, Any], bool]

REVOPS_ROLES = frozenset({Role.CS_OPS, Role.REVOPS_ADMIN})


def _has_role(*roles: Role) -> Rule:
    allowed = frozenset(roles)
    return lambda user, obj=None: user.role in allowed


INTEGRATION = "integration"


def _is_integration(user, obj=None) -> bool:
    return getattr(user, "role", None) == INTEGRATION


def _integration_or(*roles: Role) -> Rule:
    people = _has_role(*roles)
    return lambda user, obj=None: _is_integration(user) or people(user, obj)


RULES: dict[str, Rule] = {
    "signed_in": lambda user, obj=None: True,
    "portal.ae": _has_role(Role.AE),
    "portal.csm": _has_role(Role.CSM),
    "portal.revops": _has_role(*REVOPS_ROLES),
    "team.view": _has_role(*REVOPS_ROLES),
    "team.manage": _has_role(Role.REVOPS_ADMIN),
    "intake.submit": _is_integration,
    "intake.view": _integration_or(*REVOPS_ROLES),
    "intake.retry": _has_role(Role.REVOPS_ADMIN),
    "packets.list": _has_role(Role.AE, Role.CSM, *REVOPS_ROLES),
    "pipeline.unblock": _has_role(*REVOPS_ROLES),
    "integrations.view": _has_role(*REVOPS_ROLES),
    "integrations.manage": _has_role(Role.REVOPS_ADMIN),
    "routing.manage": _has_role(Role.REVOPS_ADMIN),
    "comp.own": _has_role(Role.AE),
    "comp.variable": _has_role(Role.CSM),
    "comp.view": _has_role(*REVOPS_ROLES),
    "comp.manage": _has_role(Role.REVOPS_ADMIN),
    # Pay itself (statements, payroll, payouts) is RevOps admins' and the rep's own business.
    "comp.pay": _has_role(Role.REVOPS_ADMIN),
    "comp.close": _has_role(Role.REVOPS_ADMIN),
    "comp.signals": _integration_or(*REVOPS_ROLES),
}


def _owning_ae(user, packet) -> bool:
    return user.role == Role.AE and packet is not None and packet.handoff.ae_id == user.pk


def _assigned_csm(user, packet) -> bool:
    return user.role == Role.CSM and packet is not None and packet.csm_id == user.pk


def _unit_csm(user, packet) -> bool:
    return (
        user.role == Role.CSM
        and packet is not None
        and packet.csm_id is None
        and packet.business_unit_id == user.business_unit_id
    )


RULES.update(
    {
        # Object-level: `obj` is the packet. Whether its state allows the act is the workflow's.
        "packet.edit": _owning_ae,
        "packet.review": _assigned_csm,
        "packet.claim": _unit_csm,
        "packet.reassign": lambda user, packet: (
            _assigned_csm(user, packet) or user.role in REVOPS_ROLES
        ),
        "packet.discuss": lambda user, packet: (
            _owning_ae(user, packet) or _assigned_csm(user, packet)
        ),
        # The AE confirms a drafted field as it stands; the CSM validates it during review.
        "packet.vouch": lambda user, packet: (
            _owning_ae(user, packet) or _assigned_csm(user, packet)
        ),
        "notifications.view": lambda user, obj=None: True,
    }
)


# Governed versions: prompts, field definitions and source mappings. Each kind has the roles
# that write it and the roles that may approve (publish) someone else's version of it; CS Ops
# and RevOps review each other's work where both are listed.
WRITERS: dict[str, frozenset] = {
    "prompts": frozenset({Role.CS_OPS}),
    # RevOps admins draft field definitions only to change the gate (see "definitions.gate").
    "definitions": frozenset({Role.CS_OPS, Role.REVOPS_ADMIN}),
    "mappings": frozenset({Role.REVOPS_ADMIN}),
}
APPROVERS: dict[str, frozenset] = {
    "prompts": REVOPS_ROLES,
    "definitions": REVOPS_ROLES,
    "mappings": REVOPS_ROLES,
}


def _author(user, version) -> bool:
    return version is not None and version.author_id is not None and version.author_id == user.pk


def _governed_rules(kind: str) -> dict[str, Rule]:
    """`<kind>.write` starts a version; `.edit` and `.submit` are its author's; `.approve` is
    for an approver who is not its author; `.retire` is for its author, or for an approver
    once it is in review. Without a version each asks only whether the role could."""
    writers, approvers = WRITERS[kind], APPROVERS[kind]

    def writes(user, version=None) -> bool:
        return user.role in writers and (version is None or _author(user, version))

    def approves(user, version=None) -> bool:
        return user.role in approvers and not _author(user, version)

    def retires(user, version=None) -> bool:
        if version is None or version.state not in ("draft", "in_review"):
            return user.role in writers | approvers  # the state refuses it, with its reason
        return writes(user, version) or (approves(user, version) and version.state == "in_review")

    return {
        f"{kind}.write": lambda user, obj=None: user.role in writers,
        f"{kind}.edit": writes,
        f"{kind}.submit": writes,
        f"{kind}.approve": approves,
        f"{kind}.retire": retires,
    }


def _draft_author_in(role: Role) -> Rule:
    return lambda user, version=None: (
        user.role == role and (version is None or _author(user, version))
    )


RULES.update(
    {
        "drafting.view": _has_role(*REVOPS_ROLES),
        "drafting.manage": _has_role(Role.REVOPS_ADMIN),
        **_governed_rules("prompts"),
        "prompts.preview": _has_role(*REVOPS_ROLES),
        **_governed_rules("definitions"),
        # In a definitions draft, CS Ops change the fields and the word-count range, RevOps
        # admins the gate threshold: each in a draft of their own.
        "definitions.fields": _draft_author_in(Role.CS_OPS),
        "definitions.gate": _draft_author_in(Role.REVOPS_ADMIN),
        **_governed_rules("mappings"),
        "governance.view": _has_role(*REVOPS_ROLES),
        "sla.manage": _has_role(Role.REVOPS_ADMIN),
        # A draft prompt or definitions set replayed over past deals; nothing is saved.
        "replay.run": _has_role(*REVOPS_ROLES),
        # The quarterly operator review: AEs and CSMs flag what they see on packets they may
        # see; CS Ops triage; CS Ops and RevOps admins each sign the quarter off.
        "review.flag": _has_role(Role.AE, Role.CSM),
        "review.view": _has_role(*REVOPS_ROLES),
        "review.triage": _has_role(Role.CS_OPS),
        "review.sign_off": _has_role(*REVOPS_ROLES),
    }
)

RULES.update(
    {
        # The program's metrics and every packet, for those who run the program; the pay
        # metric (holdbacks released and forfeited) for RevOps admins alone, like all pay.
        "metrics.view": _has_role(*REVOPS_ROLES),
        "metrics.pay": _has_role(Role.REVOPS_ADMIN),
        "explorer.view": _has_role(*REVOPS_ROLES),
        "outcomes.record": _integration_or(*REVOPS_ROLES),
    }
)


RULES.update(
    {
        # Object-level: `obj` is the packet the success plan belongs to. The AE reads it.
        "plan.view": lambda user, packet: (
            _owning_ae(user, packet) or _assigned_csm(user, packet) or user.role in REVOPS_ROLES
        ),
        "plan.manage": _assigned_csm,
        "plans.list": _has_role(*REVOPS_ROLES),
        "plans.signals": _integration_or(*REVOPS_ROLES),
        "plan_templates.view": _has_role(*REVOPS_ROLES),
        "plan_templates.manage": _has_role(Role.REVOPS_ADMIN),
        "webhooks.view": _has_role(*REVOPS_ROLES),
        "webhooks.manage": _has_role(Role.REVOPS_ADMIN),
    }
)


def packet_scope(user: Any, *, claimable: Collection[str]) -> Q:
    """Which packets `user` may see, as a filter on Packet (field paths, so no model import).

    `claimable` is the statuses in which a unit's CSMs may see and claim an unassigned packet;
    handoffs owns that group and passes it in, since accounts never imports handoffs.
    """
    role = getattr(user, "role", None)
    if not allows(user, "signed_in"):
        return Q(pk__in=[])
    if role in REVOPS_ROLES:
        return Q()
    if role == Role.AE:
        return Q(handoff__ae=user)
    if role == Role.CSM:
        return Q(csm=user) | Q(
            csm__isnull=True,
            business_unit_id=user.business_unit_id,
            status__in=claimable,
        )
    return Q(pk__in=[])


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


def editing_hand(user: Any, packet: Any) -> str | None:
    """In whose hand a field change on `packet` is: "ae" for the deal's AE, "csm" for its
    assigned CSM (validating during review), None for anyone else."""
    if allows(user, "packet.edit", packet):
        return "ae"
    if allows(user, "packet.review", packet):
        return "csm"
    return None
