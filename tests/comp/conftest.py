import datetime as dt
from decimal import Decimal

import pytest

from comp.models import CompPlan, SignalKind, StickinessSignal
from handoffs.models import Decision, Kickoff, KickoffStatus, Packet, SignOff


@pytest.fixture
def plan_2027_q1():
    """Covers Northwind's close (2027-03-12): 10 % commission, 25 % held, 7-day window."""
    return CompPlan.objects.create(
        name="2027-Q1",
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 3, 31),
        ae_commission_rate=Decimal("0.10"),
        holdback_pct=Decimal("25"),
    )


@pytest.fixture
def q1_2025():
    """A quarter that has ended: 40,000 target, sticky means a login and "SSO live"."""
    return CompPlan.objects.create(
        name="2025-Q1",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 3, 31),
        csm_variable_target=Decimal("40000"),
        sticky_milestones=["SSO live"],
    )


@pytest.fixture
def q2_2025(q1_2025):
    """The quarter after it, still open: where movements go once 2025-Q1 closed."""
    return CompPlan.objects.create(
        name="2025-Q2", starts_on=dt.date(2025, 4, 1), ends_on=dt.date(2025, 6, 30)
    )


@pytest.fixture
def northwind_q1(ingest, example_event, sales_team, q2_2025):
    """Northwind closed on 2025-03-12: analytics (USD 150,000) and integrations (USD 36,000)
    accrued in 2025-Q1, both holdbacks held, the gate passed on day 1."""
    payload = example_event("northwind-closed-won")
    payload["opportunity"]["close_date"] = "2025-03-12"
    handoff = ingest(payload).handoff
    Packet.objects.filter(handoff=handoff).update(
        gate_passed_at=dt.datetime(2025, 3, 13, 12, 0, tzinfo=dt.UTC)
    )
    packets = Packet.objects.filter(handoff=handoff).select_related("handoff__opportunity")
    return {packet.business_unit.slug: packet for packet in packets}


@pytest.fixture
def nina_kicked_off(northwind_q1, sales_team):
    """Nina accepted Northwind analytics on Mar 14 and held its kickoff on time on Mar 18; the
    customer logged in on Mar 20 but "SSO live" never came: on time 1/1, sticky 0/1."""
    packet, nina = northwind_q1["analytics"], sales_team["nina"]
    SignOff.objects.create(
        packet=packet,
        decision=Decision.ACCEPTED,
        by=nina,
        packet_version=packet.version,
        rating=8,
        created_at=dt.datetime(2025, 3, 14, 9, 0, tzinfo=dt.UTC),
    )
    Kickoff.objects.create(
        packet=packet,
        starts_at=dt.datetime(2025, 3, 18, 15, 0, tzinfo=dt.UTC),
        deadline=dt.datetime(2025, 3, 21, 17, 0, tzinfo=dt.UTC),
        status=KickoffStatus.HELD,
        booked_by=nina,
    )
    StickinessSignal.objects.create(
        handoff=packet.handoff,
        external_id="login-1",
        kind=SignalKind.LOGIN,
        occurred_at=dt.datetime(2025, 3, 20, 9, 0, tzinfo=dt.UTC),
    )
    return packet
