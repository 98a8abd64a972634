import datetime as dt
from decimal import Decimal

import pytest

from comp.models import CompPlan


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
