"""Which CSM gets a packet that passed the gate, by each unit's rule."""

from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Role
from governance.models import AssignmentStrategy
from handoffs.assignment import choose_csm
from tests.factories import AssignmentRuleFactory, OpportunityFactory, PacketFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def csms(analytics):
    return [
        UserFactory(full_name=name, role=Role.CSM, business_unit=analytics)
        for name in ("Nina Patel", "Lena Fischer")
    ]


def assign(csm, analytics, status="ready_for_cs", amount="100000", passed=None):
    return PacketFactory(
        csm=csm,
        business_unit=analytics,
        status=status,
        gate_passed_at=passed,
        handoff__opportunity=OpportunityFactory(amount=Decimal(amount)),
    )


def rule(analytics, strategy):
    AssignmentRuleFactory(business_unit=analytics, strategy=strategy)


def test_round_robin_is_the_default_and_picks_who_waited_longest(csms, analytics):
    nina, lena = csms
    assign(nina, analytics, passed=timezone.now())

    assert choose_csm(analytics) == lena


def test_fewest_open_packets_counts_only_open_work(csms, analytics):
    nina, lena = csms
    rule(analytics, AssignmentStrategy.FEWEST_OPEN)
    assign(nina, analytics)
    assign(lena, analytics)
    assign(lena, analytics, status="kickoff_held")
    assign(nina, analytics, status="in_review")

    assert choose_csm(analytics) == lena


def test_least_acv_under_management_picks_the_lighter_book(csms, analytics):
    nina, lena = csms
    rule(analytics, AssignmentStrategy.LEAST_ACV)
    assign(nina, analytics, amount="50000")
    assign(nina, analytics, amount="50000")
    assign(lena, analytics, amount="150000")

    assert choose_csm(analytics) == nina


def test_deactivated_csms_get_nothing(csms, analytics):
    nina, lena = csms
    lena.is_active = False
    lena.save()

    assert choose_csm(analytics) == nina


def test_a_unit_without_csms_gets_nobody(analytics, integrations, csms):
    assert choose_csm(integrations) is None
