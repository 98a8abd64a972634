"""One kickoff window, the SLA policy's: the packet's deadline, its late badge and CSM pay move
together when RevOps changes it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from comp.models import CompPlan
from comp.selectors import csm_variable
from governance.models import SlaPolicy
from handoffs.models import Status
from handoffs.services.kickoffs import kickoff_book, kickoff_record
from handoffs.services.review import packet_accept, review_start
from handoffs.sla import add_business_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    """The quarter around today, so today's acceptance counts toward CSM variable."""
    today = timezone.localdate()
    return CompPlan.objects.create(
        name="Current",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=60),
    )


@pytest.fixture
def packet(ingest, example_event, sales_team):
    """Northwind analytics: passed the gate, assigned to Nina."""
    received = ingest(example_event("northwind-closed-won"))
    return received.handoff.packets.get(business_unit__slug="analytics")


@pytest.mark.parametrize(("window", "late"), [(5, True), (7, False)])
def test_the_policys_kickoff_window_sets_the_deadline_the_late_badge_and_pay_together(
    window, late, packet, plan, sales_team, client_for
):
    nina = sales_team["nina"]
    SlaPolicy.objects.filter(pk=1).update(kickoff_business_days=window)
    review_start(packet=packet, by=nina)
    packet.refresh_from_db()
    packet_accept(packet=packet, rating=8, by=nina, expected_version=packet.version)
    accepted_at = packet.transitions.get(to_status=Status.ACCEPTED).created_at
    deadline = add_business_days(accepted_at, window)
    assert packet.due_at == deadline

    starts_at = add_business_days(accepted_at, 6)
    kickoff = kickoff_book(packet=packet, starts_at=starts_at, duration_minutes=45, by=nina)
    page = client_for(nina).get(reverse("packets:detail", args=[packet.pk])).content.decode()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: starts_at + dt.timedelta(hours=1))
        kickoff_record(packet=packet, held=True, notes="", by=nina)

    assert (kickoff.deadline, kickoff.is_late) == (deadline, late)
    assert ("After the deadline" in page) is late
    assert csm_variable(csm=nina, plan=plan).on_time == ([] if late else [packet])
