"""The RevOps overview: pipeline counts and the things only a person can unblock."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from handoffs.models import InboundEvent, Packet, Status
from handoffs.queue import tasks_inline
from handoffs.services.intake import process_inbound_event, receive_event
from tests.factories import HandoffFactory, PacketFactory, UserFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timedelta(hours=1)


def test_it_lists_handoffs_whose_ae_is_unknown(client_for, revops_admin, ingest, example_event):
    ingest(example_event("brightpath-closed-won"))

    page = client_for(revops_admin).get(reverse("revops:home")).content.decode()

    assert "AE unknown" in page
    assert "devon.price@seller.example" in page


def test_mapping_an_ae_hands_the_gap_list_to_them(
    client_for, cs_ops, ingest, example_event, analytics
):
    received = ingest(example_event("brightpath-closed-won"))
    devon = UserFactory(email="devon.price@seller.example", role=Role.AE, business_unit=analytics)

    response = client_for(cs_ops).post(
        reverse("revops:map_ae", args=[received.handoff.pk]), {"ae": devon.pk}
    )

    received.handoff.refresh_from_db()
    assert response.status_code == 302
    assert received.handoff.ae == devon
    assert client_for(devon).get("/api/v1/packets/").json()["count"] == 1


def test_mapping_to_someone_who_is_not_an_ae_is_refused(client_for, revops_admin, csm):
    handoff = HandoffFactory()

    response = client_for(revops_admin).post(
        reverse("revops:map_ae", args=[handoff.pk]), {"ae": csm.pk}, follow=True
    )

    handoff.refresh_from_db()
    assert handoff.ae is None
    assert "Choose an active account executive." in response.content.decode()


def test_mapping_without_choosing_is_refused(client_for, revops_admin):
    handoff = HandoffFactory()

    response = client_for(revops_admin).post(
        reverse("revops:map_ae", args=[handoff.pk]), {"ae": ""}, follow=True
    )

    handoff.refresh_from_db()
    assert handoff.ae is None
    assert "Choose the AE who owns this deal." in response.content.decode()


@pytest.mark.parametrize("ae", ["abc", "99999999999999999999", "-1"])
def test_an_ae_that_names_nobody_is_refused_with_400(client_for, revops_admin, ae):
    handoff = HandoffFactory()

    response = client_for(revops_admin).post(
        reverse("revops:map_ae", args=[handoff.pk]), {"ae": ae}
    )

    handoff.refresh_from_db()
    assert response.status_code == 400
    assert "Choose the AE who owns this deal." in response.content.decode()
    assert handoff.ae is None


def test_mapping_a_handoff_that_does_not_exist_is_404(client_for, revops_admin, ae):
    response = client_for(revops_admin).post(reverse("revops:map_ae", args=[999999]), {"ae": ae.pk})

    assert response.status_code == 404


@pytest.mark.parametrize("role", ["ae", "csm"])
def test_aes_and_csms_cannot_unblock_the_pipeline(role, request, client_for):
    handoff = HandoffFactory()
    user = request.getfixturevalue(role)

    response = client_for(user).post(reverse("revops:map_ae", args=[handoff.pk]), {"ae": user.pk})

    handoff.refresh_from_db()
    assert response.status_code == 403
    assert handoff.ae is None


def test_a_failed_draft_shows_its_error_and_can_be_retried(
    client_for, revops_admin, django_capture_on_commit_callbacks
):
    packet = PacketFactory(status=Status.DRAFT_FAILED, draft_error="ValueError: broken source")
    client = client_for(revops_admin)

    assert "ValueError: broken source" in client.get(reverse("revops:home")).content.decode()
    with tasks_inline(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("revops:retry_draft", args=[packet.pk]))

    packet.refresh_from_db()
    assert response.status_code == 302
    assert packet.status == Status.NEEDS_AE
    retried, drafted = packet.transitions.order_by("created_at", "id")
    assert (retried.to_status, retried.actor) == (Status.DRAFTING, revops_admin)
    assert (drafted.to_status, drafted.actor) == (Status.NEEDS_AE, None)


def test_retrying_a_packet_that_did_not_fail_is_refused_with_409(client_for, revops_admin):
    packet = PacketFactory(status=Status.NEEDS_AE)

    response = client_for(revops_admin).post(reverse("revops:retry_draft", args=[packet.pk]))

    packet.refresh_from_db()
    assert response.status_code == 409
    assert (
        "Only a draft that failed or is stuck can be retried; this packet is needs ae."
        in response.content.decode()
    )
    assert packet.status == Status.NEEDS_AE
    assert not packet.transitions.filter(to_status=Status.DRAFTING, actor=revops_admin).exists()


def test_retrying_a_packet_that_does_not_exist_is_404(client_for, revops_admin):
    response = client_for(revops_admin).post(reverse("revops:retry_draft", args=[999999]))

    assert response.status_code == 404


@pytest.fixture
def stuck_draft(example_event, sales_team, django_capture_on_commit_callbacks) -> Packet:
    """BrightPath's packet in drafting under the claim of a run that died an hour ago."""
    with django_capture_on_commit_callbacks():
        inbound = receive_event(payload=example_event("brightpath-closed-won")).inbound
    with django_capture_on_commit_callbacks():
        [packet] = process_inbound_event(inbound_id=inbound.pk)
    Packet.objects.filter(pk=packet.pk).update(
        draft_claimed_at=timezone.now() - LONG_AGO, draft_attempts=1
    )
    return packet


@pytest.mark.parametrize("role", ["revops_admin", "cs_ops"])
def test_a_stuck_draft_is_listed_and_retried_with_its_history(
    role, request, client_for, stuck_draft, django_capture_on_commit_callbacks
):
    user = request.getfixturevalue(role)
    client = client_for(user)

    page = client.get(reverse("revops:home")).content.decode()
    with tasks_inline(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("revops:retry_draft", args=[stuck_draft.pk]))

    assert "Drafts that stopped" in page
    assert "run 1 stopped" in page
    assert response.status_code == 302
    history = list(
        stuck_draft.transitions.order_by("created_at", "id").values_list(
            "from_status", "to_status", "actor"
        )
    )
    assert history[-3:] == [
        (Status.DRAFTING, Status.DRAFT_FAILED, None),
        (Status.DRAFT_FAILED, Status.DRAFTING, user.pk),
        (Status.DRAFTING, Status.NEEDS_AE, None),
    ]


@pytest.mark.parametrize("who", ["devon", "nina"])
def test_aes_and_csms_cannot_retry_a_stuck_draft(who, client_for, sales_team, stuck_draft):
    response = client_for(sales_team[who]).post(
        reverse("revops:retry_draft", args=[stuck_draft.pk])
    )

    stuck_draft.refresh_from_db()
    assert response.status_code == 403
    assert stuck_draft.status == Status.DRAFTING


@pytest.fixture
def stuck_event(example_event, sales_team, django_capture_on_commit_callbacks) -> InboundEvent:
    """BrightPath's event in processing under the claim of a run that died an hour ago."""
    with django_capture_on_commit_callbacks():
        inbound = receive_event(payload=example_event("brightpath-closed-won")).inbound
    InboundEvent.objects.filter(pk=inbound.pk).update(
        status="processing", claimed_at=timezone.now() - LONG_AGO, attempts=1
    )
    return inbound


def test_a_stuck_event_is_listed_and_an_admin_retries_it(
    client_for, revops_admin, stuck_event, django_capture_on_commit_callbacks
):
    client = client_for(revops_admin)

    page = client.get(reverse("revops:home")).content.decode()
    with tasks_inline(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("revops:retry_event", args=[stuck_event.pk]))

    stuck_event.refresh_from_db()
    assert "Events that stopped" in page
    assert stuck_event.event_id in page
    assert "run 1 stopped" in page
    assert response.status_code == 302
    assert stuck_event.status == "processed"
    assert stuck_event.handoff.packets.get().status == Status.NEEDS_AE


@pytest.mark.parametrize("who", ["cs_ops", "devon", "nina"])
def test_only_admins_retry_a_stuck_event(who, request, client_for, sales_team, stuck_event):
    user = request.getfixturevalue(who) if who == "cs_ops" else sales_team[who]

    response = client_for(user).post(reverse("revops:retry_event", args=[stuck_event.pk]))

    stuck_event.refresh_from_db()
    assert response.status_code == 403
    assert stuck_event.status == "processing"


def test_retrying_an_event_that_does_not_exist_is_404(client_for, revops_admin):
    response = client_for(revops_admin).post(reverse("revops:retry_event", args=[999999]))

    assert response.status_code == 404


def test_failed_events_are_listed_and_only_admins_retry_them(
    client_for, revops_admin, cs_ops, ingest, example_event
):
    received = ingest(example_event("brightpath-closed-won"))
    InboundEvent.objects.filter(pk=received.inbound.pk).update(status="failed", error="Boom")
    url = reverse("revops:retry_event", args=[received.inbound.pk])

    assert "Boom" in client_for(cs_ops).get(reverse("revops:home")).content.decode()
    assert client_for(cs_ops).post(url).status_code == 403
    assert InboundEvent.objects.get(pk=received.inbound.pk).status == "failed"
    assert client_for(revops_admin).post(url).status_code == 302


def test_retrying_an_event_that_did_not_fail_explains_why(
    client_for, revops_admin, ingest, example_event
):
    received = ingest(example_event("brightpath-closed-won"))

    response = client_for(revops_admin).post(
        reverse("revops:retry_event", args=[received.inbound.pk])
    )

    assert response.status_code == 409
    assert (
        "Event hs-evt-7781203 is processed; only an event that failed or is stuck can be retried."
        in response.content.decode()
    )
    assert InboundEvent.objects.get(pk=received.inbound.pk).status == "processed"


def test_the_overview_counts_packets_by_status(
    client_for, revops_admin, ingest, example_event, sales_team
):
    ingest(example_event("northwind-closed-won"))

    response = client_for(revops_admin).get(reverse("revops:home"))

    assert response.status_code == 200
    assert ("ready_for_cs", "Ready for CS", 2) in response.context["by_status"]
    assert ("needs_ae", "Needs AE", 0) in response.context["by_status"]
    assert "Ready for CS" in response.content.decode()
    assert Packet.objects.filter(status=Status.READY_FOR_CS).count() == 2


def test_an_empty_pipeline_says_nothing_is_stuck(client_for, revops_admin):
    page = client_for(revops_admin).get(reverse("revops:home")).content.decode()

    assert "Nothing is stuck." in page


def test_unblocking_actions_refuse_get(client_for, revops_admin):
    handoff = HandoffFactory()

    response = client_for(revops_admin).get(reverse("revops:map_ae", args=[handoff.pk]))

    assert response.status_code == 405
    handoff.refresh_from_db()
    assert handoff.ae is None
