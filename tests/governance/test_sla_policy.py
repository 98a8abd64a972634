"""The SLA policy: one governed row holding every clock a packet runs on."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from governance.models import SlaPolicy
from handoffs.models import Status
from handoffs.sla import add_business_days
from handoffs.workflow import due_after
from tests.factories import PacketFactory

pytestmark = pytest.mark.django_db

TUESDAY = dt.datetime(2026, 11, 17, 10, 0, tzinfo=dt.UTC)


def test_it_is_one_row_with_the_operating_model_clocks():
    policy = SlaPolicy.current()

    assert SlaPolicy.current().pk == policy.pk == 1
    assert SlaPolicy.objects.count() == 1
    assert str(policy) == (
        "SLAs: AE 24 h · CS review 1 business day · kickoff 5 business days · due soon 4 h"
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ae_turnaround_hours", 0),
        ("ae_turnaround_hours", 169),
        ("csm_review_business_days", 0),
        ("csm_review_business_days", 31),
        ("kickoff_business_days", 0),
        ("kickoff_business_days", 31),
        ("due_soon_hours", 0),
        ("due_soon_hours", 169),
    ],
)
def test_a_clock_outside_its_range_is_refused_by_the_form_and_the_database(field, value):
    policy = SlaPolicy.current()
    setattr(policy, field, value)

    with pytest.raises(ValidationError) as refused:
        policy.full_clean()
    assert field in refused.value.message_dict
    with pytest.raises(IntegrityError):
        SlaPolicy.objects.filter(pk=policy.pk).update(**{field: value})


def test_the_workflow_gives_due_times_from_the_policy():
    SlaPolicy.objects.filter(pk=1).update(
        ae_turnaround_hours=48, csm_review_business_days=2, kickoff_business_days=7
    )
    packet = PacketFactory.build()

    assert due_after(packet, Status.NEEDS_AE, TUESDAY) == TUESDAY + dt.timedelta(hours=48)
    assert due_after(packet, Status.RETURNED, TUESDAY) == TUESDAY + dt.timedelta(hours=48)
    assert due_after(packet, Status.READY_FOR_CS, TUESDAY) == add_business_days(TUESDAY, 2)
    assert due_after(packet, Status.ACCEPTED, TUESDAY) == add_business_days(TUESDAY, 7)
