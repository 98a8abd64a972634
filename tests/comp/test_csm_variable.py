"""CSM variable: kickoffs on time by their deadline (the SLA policy), stickiness at day 45."""

import datetime as dt
from decimal import Decimal

import pytest

from comp.models import CompPlan, StickinessSignal
from comp.selectors import csm_variable
from handoffs.models import Decision, Kickoff, SignOff
from handoffs.sla import kickoff_deadline
from tests.factories import PacketFactory

pytestmark = pytest.mark.django_db
UTC = dt.UTC
FRIDAY = dt.datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def plan():
    return CompPlan.objects.create(
        name="2026-Q4",
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 12, 31),
        csm_variable_target=Decimal("40000"),
        csm_onboarding_share_pct=Decimal("20"),
        sticky_milestones=["SSO live"],
    )


def accepted_with_kickoff(csm, kickoff_at, accepted_at=FRIDAY):
    packet = PacketFactory(csm=csm, status="kickoff_held")
    SignOff.objects.create(
        packet=packet,
        decision=Decision.ACCEPTED,
        by=csm,
        packet_version=1,
        rating=8,
        created_at=accepted_at,
    )
    Kickoff.objects.create(
        packet=packet,
        starts_at=kickoff_at,
        deadline=kickoff_deadline(accepted_at),
        status="held",
        booked_by=csm,
    )
    return packet


def test_a_kickoff_five_business_days_after_a_friday_acceptance_is_on_time(csm, plan):
    # Friday Nov 20 + 5 business days, across a weekend and Thanksgiving: Mon 30th.
    on_time = accepted_with_kickoff(csm, dt.datetime(2026, 11, 30, 10, 0, tzinfo=UTC))
    late = accepted_with_kickoff(csm, dt.datetime(2026, 12, 1, 10, 0, tzinfo=UTC))

    variable = csm_variable(csm=csm, plan=plan)

    assert variable.on_time == [on_time]
    assert late in variable.accepted


def test_attainment_and_payout(csm, plan):
    sticky = accepted_with_kickoff(csm, FRIDAY + dt.timedelta(days=1))
    accepted_with_kickoff(csm, FRIDAY + dt.timedelta(days=2))
    for kind, milestone in (("login", ""), ("milestone", "SSO live")):
        StickinessSignal.objects.create(
            handoff=sticky.handoff,
            external_id=f"{kind}-1",
            kind=kind,
            milestone=milestone,
            occurred_at=FRIDAY + dt.timedelta(days=10),
        )
    now = FRIDAY + dt.timedelta(days=60)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: now)
        variable = csm_variable(csm=csm, plan=plan)

    assert variable.on_time_rate == 1
    assert variable.sticky_rate == Decimal("0.5")
    assert variable.attainment == Decimal("0.7500")
    assert variable.payout == Decimal("6000.00")  # 40,000 x 20 % x 0.75


def test_a_csm_with_nothing_accepted_attains_zero(csm, plan):
    variable = csm_variable(csm=csm, plan=plan)

    assert (variable.attainment, variable.payout) == (0, Decimal("0.00"))
