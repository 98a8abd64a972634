"""A BrightPath packet waiting on Devon and a Northwind packet with Nina, from the pipeline."""

import pytest

from accounts.models import Role
from handoffs.models import Packet
from tests.factories import UserFactory


@pytest.fixture
def gap_packet(ingest, example_event, sales_team) -> Packet:
    """BrightPath: fails the gate, needs Devon."""
    return ingest(example_event("brightpath-closed-won")).handoff.packets.get()


@pytest.fixture
def cs_packet(ingest, example_event, sales_team) -> Packet:
    """Northwind analytics: passed the gate, assigned to Nina."""
    received = ingest(example_event("northwind-closed-won"))
    return received.handoff.packets.get(business_unit__slug="analytics")


@pytest.fixture
def other_ae(analytics):
    return UserFactory(role=Role.AE, business_unit=analytics, full_name="Other AE")


@pytest.fixture
def other_csm(analytics):
    return UserFactory(role=Role.CSM, business_unit=analytics, full_name="Lena Fischer")
