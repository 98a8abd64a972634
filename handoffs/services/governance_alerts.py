"""Governance reminders, checked daily: a published prompt or set of field definitions that has
not changed for `GOVERNANCE_STALE_MONTHS`, and a finished quarter whose operator review is not
signed off. CS Ops and RevOps admins get each notice once, in the bell and by e-mail."""

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from accounts.models import Role, User
from governance.review_selectors import staleness
from handoffs.models import Notification, NotificationKind


def _governors() -> list[User]:
    return list(
        User.objects.filter(is_active=True, role__in=[Role.CS_OPS, Role.REVOPS_ADMIN]).order_by(
            "pk"
        )
    )


def notify_once(*, recipient: User, kind: str, message: str, path: str) -> bool:
    """A notice with no packet, sent unless this person already has the same one."""
    message = message[:300]
    if Notification.objects.filter(recipient=recipient, kind=kind, message=message).exists():
        return False
    Notification.objects.create(recipient=recipient, kind=kind, message=message)
    subject = f"[Handbrief] {NotificationKind(kind).label}"
    body = f"{message}\n\nOpen it in Handbrief: {settings.SITE_URL}{path}\n"
    transaction.on_commit(
        lambda: send_mail(subject, body, None, [recipient.email], fail_silently=True)
    )
    return True


@transaction.atomic
def send_governance_reminders(now: datetime | None = None) -> int:
    """Each stale thing to every CS Ops and RevOps admin, once; returns how many went out."""
    sent = 0
    people = _governors()
    for notice in staleness(now):
        review = notice.key.startswith("review-")
        kind = NotificationKind.REVIEW_DUE if review else NotificationKind.GOVERNANCE_STALE
        path = (
            reverse("governed:review", args=[notice.key.removeprefix("review-")])
            if review
            else reverse("governance:home")
        )
        for person in people:
            sent += notify_once(recipient=person, kind=kind, message=notice.message, path=path)
    return sent
