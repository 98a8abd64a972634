"""Staleness: a banner and a notice when the published prompt or field definitions have not
changed for GOVERNANCE_STALE_MONTHS, and when a finished quarter has no signed-off review."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from governance.models import DefinitionsVersion, ReviewCycle
from governance.review_selectors import previous_quarter, quarter_bounds, quarter_of, staleness
from handoffs.models import Notification, NotificationKind
from handoffs.services.governance_alerts import send_governance_reminders

pytestmark = pytest.mark.django_db

A_YEAR_ON = timezone.now() + dt.timedelta(days=400)


def keys(notices) -> set[str]:
    return {notice.key.split("-")[0] for notice in notices}


def test_nothing_is_stale_on_a_fresh_install():
    assert staleness() == []


def test_a_year_without_a_change_makes_the_prompt_and_the_definitions_stale():
    assert keys(staleness(A_YEAR_ON)) >= {"prompt", "definitions"}


def test_how_long_is_too_long_is_configurable(settings):
    settings.HANDBRIEF = {**settings.HANDBRIEF, "GOVERNANCE_STALE_MONTHS": 24}

    assert not keys(staleness(A_YEAR_ON)) & {"prompt", "definitions"}


def test_a_finished_quarter_without_a_signed_off_review_is_due():
    due = previous_quarter(quarter_of(timezone.localdate(A_YEAR_ON)))

    assert f"review-{due}" in {notice.key for notice in staleness(A_YEAR_ON)}


def test_a_signed_off_review_is_not_due(cs_ops, revops_admin):
    due = previous_quarter(quarter_of(timezone.localdate(A_YEAR_ON)))
    start, end = quarter_bounds(due)
    now = timezone.now()
    ReviewCycle.objects.create(
        quarter=due,
        starts_on=start,
        ends_on=end,
        cs_ops_signed_by=cs_ops,
        cs_ops_signed_at=now,
        revops_signed_by=revops_admin,
        revops_signed_at=now,
    )

    assert f"review-{due}" not in {notice.key for notice in staleness(A_YEAR_ON)}


def test_quarters_before_handbrief_was_in_use_need_no_review():
    assert not any(notice.key.startswith("review-") for notice in staleness())


def test_cs_ops_and_revops_are_told_once_by_the_bell_and_by_e_mail(
    cs_ops, revops_admin, ae, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    with django_capture_on_commit_callbacks(execute=True):
        first = send_governance_reminders(A_YEAR_ON)
        again = send_governance_reminders(A_YEAR_ON)

    assert len(mail.outbox) == 6
    assert {message.to[0] for message in mail.outbox} == {cs_ops.email, revops_admin.email}
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert first == 3 * 2 and again == 0
    assert kinds == {NotificationKind.GOVERNANCE_STALE, NotificationKind.REVIEW_DUE}
    assert not Notification.objects.filter(recipient=ae).exists()


def test_the_revops_overview_and_governance_show_the_banner(client_for, revops_admin):
    DefinitionsVersion.objects.update(published_at=timezone.now() - dt.timedelta(days=400))

    overview = client_for(revops_admin).get(reverse("revops:home")).content.decode()
    governance = client_for(revops_admin).get(reverse("governance:home")).content.decode()

    for page in (overview, governance):
        assert "Governance needs a look." in page
        assert "The published field definitions (v1) have not changed since" in page
