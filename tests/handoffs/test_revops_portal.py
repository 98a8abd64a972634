"""The RevOps overview: pipeline counts and the things only a person can unblock."""

import pytest
from django.urls import reverse

from accounts.models import Role
from handoffs.models import InboundEvent, Packet, Status
from handoffs.queue import tasks_inline
from tests.factories import HandoffFactory, PacketFactory, UserFactory

pytestmark = pytest.mark.django_db


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


def test_retrying_a_packet_that_did_not_fail_is_404(client_for, revops_admin):
    packet = PacketFactory(status=Status.NEEDS_AE)

    response = client_for(revops_admin).post(reverse("revops:retry_draft", args=[packet.pk]))

    packet.refresh_from_db()
    assert response.status_code == 404
    assert packet.status == Status.NEEDS_AE
    assert not packet.transitions.filter(to_status=Status.DRAFTING, actor=revops_admin).exists()


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
        reverse("revops:retry_event", args=[received.inbound.pk]), follow=True
    )

    assert "Only failed events can be retried." in response.content.decode()
    assert InboundEvent.objects.get(pk=received.inbound.pk).status == "processed"


def test_the_overview_counts_packets_by_status(
    client_for, revops_admin, ingest, example_event, sales_team
):
    ingest(example_event("northwind-closed-won"))

    response = client_for(revops_admin).get(reverse("revops:home"))

    assert response.status_code == 200
    assert ("Ready for CS", 2) in response.context["by_status"]
    assert ("Needs AE", 0) in response.context["by_status"]
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
