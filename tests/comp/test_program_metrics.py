"""The pay metric on the program page: holdbacks released against holdbacks forfeited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from comp.models import EntryKind, LedgerEntry
from comp.program_metrics import settled_holdbacks
from handoffs.metrics import metrics_for
from handoffs.metrics.compute import headline
from handoffs.metrics.scope import Scope
from handoffs.periods import Bucket
from tests.factories import PacketFactory

pytestmark = pytest.mark.django_db


def post(plan, ae, kind: str, amount: str, *, currency: str = "USD", reverses=None, days_ago=5):
    packet = reverses.packet if reverses else PacketFactory()
    return LedgerEntry.objects.create(
        plan=plan,
        ae=ae,
        packet=packet,
        kind=kind,
        amount=Decimal(amount),
        currency=currency,
        reason="Test",
        cause=f"test:{packet.pk}",
        idempotency_key=f"{kind}:{packet.pk}:{amount}:{currency}",
        reverses=reverses,
        created_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def year(**filters) -> Scope:
    today = timezone.localdate()
    return Scope(
        start=today - dt.timedelta(days=365),
        end=today + dt.timedelta(days=1),
        bucket=Bucket.QUARTER,
        **filters,
    )


def test_releases_and_forfeits_add_up_in_the_scopes_currency(plan_2027_q1, ae, revops_admin):
    post(plan_2027_q1, ae, EntryKind.RELEASE, "3750")
    post(plan_2027_q1, ae, EntryKind.RELEASE, "1250")
    post(plan_2027_q1, ae, EntryKind.FORFEIT, "2000")
    post(plan_2027_q1, ae, EntryKind.RELEASE, "900", currency="EUR")
    post(plan_2027_q1, ae, EntryKind.HOLDBACK, "5000")
    reversed_entry = post(plan_2027_q1, ae, EntryKind.FORFEIT, "700")
    post(plan_2027_q1, ae, EntryKind.FORFEIT, "-700", reverses=reversed_entry)  # cancel out
    post(plan_2027_q1, ae, EntryKind.RELEASE, "400", days_ago=400)  # before the period
    metric = next(m for m in metrics_for(revops_admin) if m.key == "holdbacks")

    released, forfeited = headline(metric, year())
    in_euros, _ = headline(metric, year(currency="EUR"))

    assert (released.display, released.counts[0].number) == ("USD 5,000", 2)
    assert (forfeited.display, forfeited.counts[0].number) == ("USD 2,000", 1)
    assert in_euros.display == "EUR 900"
    assert settled_holdbacks(year()).count() == 3


def test_the_holdback_metric_is_for_revops_admins_alone(revops_admin, cs_ops):
    assert "holdbacks" in [m.key for m in metrics_for(revops_admin)]
    assert "holdbacks" not in [m.key for m in metrics_for(cs_ops)]
