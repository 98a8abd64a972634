"""The AE and CSM landing lists show the packets each may see, at a constant query cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from handoffs.models import Status
from tests.factories import PacketFactory

pytestmark = pytest.mark.django_db


def make_packets(count, **fields):
    return [PacketFactory(**fields) for _ in range(count)]


def test_an_ae_sees_their_packets_with_score_and_status(client_for, ae):
    make_packets(2, handoff__ae=ae, status=Status.NEEDS_AE, score=5)
    make_packets(1, status=Status.NEEDS_AE)

    page = client_for(ae).get(reverse("ae:home")).content.decode()

    assert page.count("5 of 8") == 2
    assert "Needs AE" in page


def test_the_ae_list_costs_the_same_queries_for_more_rows(
    client_for, ae, django_assert_num_queries
):
    client = client_for(ae)
    make_packets(2, handoff__ae=ae, status=Status.NEEDS_AE)
    with CaptureQueriesContext(connection) as few:
        first = client.get(reverse("ae:home"))
    make_packets(10, handoff__ae=ae, status=Status.NEEDS_AE)

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("ae:home"))
    assert first.status_code == 200
    assert response.status_code == 200
    assert response.content.decode().count("Needs AE") >= 12


def test_the_csm_queue_shows_assigned_and_unclaimed_packets_of_the_unit(
    client_for, csm, analytics, integrations
):
    PacketFactory(
        csm=csm, business_unit=analytics, status=Status.IN_REVIEW, handoff__opportunity__name="Mine"
    )
    PacketFactory(
        csm=None,
        business_unit=analytics,
        status=Status.READY_FOR_CS,
        handoff__opportunity__name="Unclaimed",
    )
    PacketFactory(
        csm=None,
        business_unit=integrations,
        status=Status.READY_FOR_CS,
        handoff__opportunity__name="Other unit",
    )
    PacketFactory(
        csm=None,
        business_unit=analytics,
        status=Status.NEEDS_AE,
        handoff__opportunity__name="Still with the AE",
    )

    page = client_for(csm).get(reverse("csm:home")).content.decode()

    assert "Mine" in page and "Unclaimed" in page
    assert "Other unit" not in page and "Still with the AE" not in page


def test_the_csm_queue_costs_the_same_queries_for_more_rows(
    client_for, csm, analytics, django_assert_num_queries
):
    client = client_for(csm)
    make_packets(2, csm=csm, business_unit=analytics, status=Status.READY_FOR_CS)
    with CaptureQueriesContext(connection) as few:
        first = client.get(reverse("csm:home"))
    make_packets(10, csm=csm, business_unit=analytics, status=Status.READY_FOR_CS)

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("csm:home"))
    assert first.status_code == 200
    assert response.status_code == 200
    assert response.content.decode().count("Ready for CS") >= 12


def test_long_lists_are_paginated(client_for, ae):
    make_packets(30, handoff__ae=ae, status=Status.NEEDS_AE)

    page = client_for(ae).get(reverse("ae:home") + "?page=2").content.decode()

    assert "Page 2 of 2" in page


def test_an_empty_queue_says_so(client_for, csm):
    assert "Your queue is clear" in client_for(csm).get(reverse("csm:home")).content.decode()


def test_the_ae_filters_by_what_waits_on_them_and_searches(client_for, ae):
    PacketFactory(handoff__ae=ae, status=Status.NEEDS_AE, handoff__opportunity__name="Acme deal")
    PacketFactory(handoff__ae=ae, status=Status.IN_REVIEW, handoff__opportunity__name="Zenith deal")
    client = client_for(ae)

    needs_me = client.get(reverse("ae:home") + "?show=needs_ae").content.decode()
    found = client.get(reverse("ae:home") + "?q=zenith").content.decode()
    nothing = client.get(reverse("ae:home") + "?q=nope").content.decode()

    assert "Acme deal" in needs_me and "Zenith deal" not in needs_me
    assert "Zenith deal" in found and "Acme deal" not in found
    assert "Nothing matches" in nothing


def test_the_csm_queue_shows_how_long_a_packet_has_been_with_cs(client_for, csm, analytics):
    from django.utils import timezone

    PacketFactory(
        csm=csm, business_unit=analytics, status=Status.READY_FOR_CS, gate_passed_at=timezone.now()
    )

    assert "with CS" in client_for(csm).get(reverse("csm:home")).content.decode()
