"""The demo org: people, 30 deals drafted through the pipeline, the months of handoffs and
customer outcomes before them, the same on every run."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import Role, User
from handoffs.models import (
    AccountOutcome,
    Handoff,
    InboundEvent,
    Packet,
    PacketField,
    PacketTransition,
    Status,
)

# Committed for real, as under `make run`: drafting runs on commit, before the walk-through.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seed(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    def run() -> str:
        out = StringIO()
        call_command("seed_demo", stdout=out)
        return out.getvalue()

    return run


def counts() -> dict:
    return {
        "users": User.objects.count(),
        "handoffs": Handoff.objects.count(),
        "packets": Packet.objects.count(),
        "fields": PacketField.objects.count(),
        "events": InboundEvent.objects.count(),
        "transitions": PacketTransition.objects.count(),
        "outcomes": AccountOutcome.objects.count(),
    }


def live(model):
    """Rows of the 30 deals drafted through the pipeline, not of the history before them."""
    path = "opportunity_key" if model is Handoff else "handoff__opportunity_key"
    return model.objects.exclude(**{f"{path}__startswith": "hist-"})


def test_it_builds_the_demo_org_and_prints_the_logins(seed):
    out = seed()

    assert "maya.chen@seller.example" in out and "handbrief-demo" in out
    assert User.objects.filter(role=Role.AE).count() == 4
    assert User.objects.filter(role=Role.CSM).count() == 4
    assert live(Handoff).count() == 30
    assert set(live(Packet).values_list("status", flat=True)) == {
        Status.NEEDS_AE,
        Status.READY_FOR_CS,
        Status.KICKOFF_HELD,
    }
    assert not Handoff.objects.filter(ae__isnull=True).exists()


def test_running_it_again_changes_nothing(seed):
    seed()
    before = counts()

    out = seed()

    assert counts() == before
    assert "already loaded, left as they are" in out
    assert "earlier handoffs" not in out


def test_it_keeps_what_people_changed_since(seed):
    seed()
    User.objects.filter(email="maya.chen@seller.example").update(full_name="Maya Chen-Ortiz")
    packet = live(Packet).filter(status=Status.NEEDS_AE).first()
    Packet.objects.filter(pk=packet.pk).update(status=Status.READY_FOR_CS)

    seed()

    packet.refresh_from_db()
    assert packet.status == Status.READY_FOR_CS


def test_the_demo_quarter_has_released_held_and_forfeited_holdbacks(seed):
    from comp.models import CompPlan, LedgerEntry

    seed()

    kinds = set(LedgerEntry.objects.values_list("kind", flat=True))
    assert {"accrual", "holdback", "release", "forfeit"} <= kinds
    assert CompPlan.objects.filter(closed_at__isnull=True).count() == 1


def test_the_months_before_have_handoffs_through_kickoff_and_customer_outcomes(seed):
    out = seed()

    history = Packet.objects.filter(handoff__opportunity_key__startswith="hist-")
    assert "240 earlier handoffs with their customers' outcomes." in out
    assert history.count() == 240
    assert history.filter(status=Status.KICKOFF_HELD).count() > 200
    assert history.filter(score__lt=7).exists() and history.filter(score__gte=7).exists()
    assert set(AccountOutcome.objects.values_list("kind", flat=True)) == {
        "churned",
        "renewed",
        "expanded",
    }
    assert PacketField.objects.filter(packet__in=history).count() == 240 * 8
