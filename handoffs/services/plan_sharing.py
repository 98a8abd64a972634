"""The plan as the customer sees it: a signed link that expires, can be revoked at once, and
logs every opening. A link that is wrong, expired or revoked finds nothing, so the page cannot
tell anyone whether a plan exists behind it."""

from datetime import datetime, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from accounts.errors import Conflict
from accounts.models import User
from handoffs.models import PlanShare, PlanShareView, SuccessPlan

SALT = "handbrief.success-plan-share"
MAX_DAYS = 90


def share_token(share: PlanShare) -> str:
    """The link's token: the same for a share every time (its expiry lives in the row)."""
    return signing.Signer(salt=SALT).sign_object({"s": share.pk, "k": share.key})


@transaction.atomic
def share_create(*, plan: SuccessPlan, days: int, by: User) -> PlanShare:
    """A new link, open for `days` days; the plan stops being regenerated from then on."""
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"A link is open for 1 to {MAX_DAYS} days."})
    now = timezone.now()
    share = PlanShare.objects.create(
        plan=plan, expires_at=now + timedelta(days=days), created_by=by, created_at=now
    )
    SuccessPlan.objects.filter(pk=plan.pk, first_shared_at__isnull=True).update(first_shared_at=now)
    return share


@transaction.atomic
def share_revoke(*, share: PlanShare, by: User) -> PlanShare:
    """From this moment the link answers 404."""
    if share.revoked_at is not None:
        raise Conflict("This link was already revoked.")
    share.revoked_at, share.revoked_by = timezone.now(), by
    share.save(update_fields=["revoked_at", "revoked_by"])
    return share


def shared_plan_open(
    *, token: str, user_agent: str = "", now: datetime | None = None
) -> SuccessPlan | None:
    """The plan behind an open link, with the opening logged; None for anything else."""
    try:
        signed = signing.Signer(salt=SALT).unsign_object(token)
        pk, key = int(signed["s"]), str(signed["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    share = PlanShare.objects.filter(pk=pk).first()
    if share is None or not constant_time_compare(share.key, key) or not share.is_open(now):
        return None
    PlanShareView.objects.create(
        share=share, viewed_at=now or timezone.now(), user_agent=user_agent[:300]
    )
    return share.plan
