"""A packet whose kickoff (Monday, March 2, 2026) is booked and past, ready to be held."""

import datetime as dt

import pytest

from handoffs.models import Kickoff, Packet, SuccessPlan
from handoffs.services import kickoffs
from tests.factories import HandoffFactory, PacketFactory, PacketFieldFactory

KICKOFF = dt.datetime(2026, 3, 2, 15, tzinfo=dt.UTC)
BUYER_WORDS = "For us success is the readmission dashboard live for all six hospitals by June 30."


@pytest.fixture
def booked(ae, csm, analytics) -> Packet:
    """Northwind (enterprise), accepted by Nina; criteria, stakeholder map and buyer drafted."""
    handoff = HandoffFactory(
        ae=ae,
        opportunity__segment="enterprise",
        opportunity__name="Northwind Health - Platform",
        opportunity__account__name="Northwind Health",
    )
    packet = PacketFactory(
        handoff=handoff, business_unit=analytics, csm=csm, status="kickoff_booked"
    )
    PacketFieldFactory(
        packet=packet,
        key="success_criteria",
        data={
            "criteria": [
                {
                    "quote": BUYER_WORDS,
                    "speaker": "Luis Romero",
                    "source": "transcript",
                    "target_date": "2026-06-30",
                }
            ]
        },
        evidence=[{"kind": "transcript", "ref": "gong-88121", "turn": 4, "quote": BUYER_WORDS}],
    )
    PacketFieldFactory(
        packet=packet,
        key="stakeholder_map",
        data={
            "technical_buyer": {"name": "Grace Kim"},
            "security_reviewer": {"name": "Omar Haddad"},
            "end_user_lead": {"name": "Luis Romero"},
        },
    )
    PacketFieldFactory(
        packet=packet,
        key="economic_buyer_champion",
        data={"economic_buyer": {"name": "Priya Natarajan"}, "champion": {"name": "Luis Romero"}},
    )
    Kickoff.objects.create(packet=packet, starts_at=KICKOFF, deadline=KICKOFF, booked_by=csm)
    return packet


@pytest.fixture
def hold():
    """Record a booked packet's kickoff as held, as its CSM does; returns the plan it made."""

    def record(packet: Packet) -> SuccessPlan:
        kickoffs.kickoff_record(packet=packet, held=True, notes="", by=packet.csm)
        return SuccessPlan.objects.get(packet=packet)

    return record


@pytest.fixture
def plan(booked, hold) -> SuccessPlan:
    return hold(booked)
