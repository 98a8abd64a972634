"""PDF and notifications: what leaves Handbrief and what reaches people."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from handoffs.models import Notification, Packet, Status
from handoffs.pdf import OfflineOnly, static_only_fetcher
from handoffs.services.notifications import remind_about_slas

pytestmark = pytest.mark.django_db


def test_the_pdf_downloads_for_anyone_who_may_see_the_packet(
    client_for, sales_team, cs_packet, revops_admin
):
    for user in (sales_team["maya"], sales_team["nina"], revops_admin):
        response = client_for(user).get(reverse("packets:pdf", args=[cs_packet.pk]))
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")


def test_the_pdf_is_404_for_others(client_for, sales_team, cs_packet):
    response = client_for(sales_team["devon"]).get(reverse("packets:pdf", args=[cs_packet.pk]))

    assert response.status_code == 404


def test_the_pdf_renderer_refuses_the_network():
    with pytest.raises(OfflineOnly):
        static_only_fetcher("https://example.com/tracker.png")
    with pytest.raises(OfflineOnly):
        static_only_fetcher("file:///etc/passwd")


def test_the_pdf_renderer_serves_our_static_files():
    assert static_only_fetcher("static:/img/logo.svg")["mime_type"] == "image/svg+xml"


def test_the_gap_list_notifies_the_ae(gap_packet, sales_team):
    notice = Notification.objects.get(recipient=sales_team["devon"])

    assert notice.kind == "gap_list"
    assert "BrightPath" in notice.message


def test_routing_to_cs_notifies_the_csm(cs_packet, sales_team):
    assert Notification.objects.filter(recipient=sales_team["nina"], kind="routed_to_cs").exists()


def test_the_bell_counts_unread_and_marking_read_clears_it(client_for, sales_team, gap_packet):
    client = client_for(sales_team["devon"])

    page = client.get(reverse("notifications:list")).content.decode()
    assert "Notifications, 1 unread" in page
    client.post(reverse("notifications:read"))

    assert "Notifications, 0 unread" in client.get(reverse("ae:home")).content.decode()


def test_mark_read_never_redirects_off_site(client_for, sales_team, gap_packet):
    response = client_for(sales_team["devon"]).post(
        reverse("notifications:read"), {"next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("notifications:list")


def test_people_see_only_their_own_notifications(client_for, sales_team, gap_packet):
    page = client_for(sales_team["maya"]).get(reverse("notifications:list")).content.decode()

    assert "BrightPath" not in page
    assert "Nothing new" in page


def test_sla_reminders_go_out_once_per_due_time(gap_packet, sales_team):
    Packet.objects.filter(pk=gap_packet.pk).update(due_at=timezone.now() + dt.timedelta(hours=1))

    assert remind_about_slas() == 1
    assert remind_about_slas() == 0
    Packet.objects.filter(pk=gap_packet.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    assert remind_about_slas() == 1
    assert set(
        Notification.objects.filter(recipient=sales_team["devon"]).values_list("kind", flat=True)
    ) == {"gap_list", "sla_soon", "sla_lapsed"}


def test_sla_reminders_skip_finished_packets(gap_packet):
    Packet.objects.filter(pk=gap_packet.pk).update(
        status=Status.KICKOFF_HELD, due_at=timezone.now() - dt.timedelta(hours=1)
    )

    assert remind_about_slas() == 0


def test_the_notification_list_costs_the_same_queries_for_more_rows(
    client_for, sales_team, gap_packet, django_assert_num_queries
):
    client = client_for(sales_team["devon"])
    client.get(reverse("notifications:list"))
    with CaptureQueriesContext(connection) as one:
        first = client.get(reverse("notifications:list"))
    for n in range(20):
        Notification.objects.create(
            recipient=sales_team["devon"], kind="gap_list", packet=gap_packet, message=f"Notice {n}"
        )

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("notifications:list"))
    assert first.status_code == 200
    assert response.status_code == 200
    assert "Notice 19" in response.content.decode()
