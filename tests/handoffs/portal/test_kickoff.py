"""The triad kickoff: booked with an ICS invite, moved, cancelled, held, each kept in history."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from handoffs.models import Kickoff, Packet, Status, WarmCall
from handoffs.services.review import packet_accept, review_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(cs_packet, sales_team):
    review_start(packet=cs_packet, by=sales_team["nina"])
    cs_packet.refresh_from_db()
    packet_accept(
        packet=cs_packet, rating=8, by=sales_team["nina"], expected_version=cs_packet.version
    )
    cs_packet.refresh_from_db()
    return cs_packet


def when(days: float) -> str:
    return (timezone.localtime() + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def book(client, packet, days=1.0):
    return client.post(
        reverse("packets:kickoff_book", args=[packet.pk]),
        {"starts_at": when(days), "duration": "45"},
    )


def test_booking_invites_the_ae_csm_and_economic_buyer(
    client_for, sales_team, accepted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = book(client_for(sales_team["nina"]), accepted)

    accepted.refresh_from_db()
    kickoff = Kickoff.objects.get()
    invite = next(m for m in mail.outbox if m.attachments)
    assert response.status_code == 302
    assert accepted.status == Status.KICKOFF_BOOKED
    assert sorted(invite.to) == sorted(
        [
            "maya.chen@seller.example",
            "nina.patel@seller.example",
            "priya.natarajan@northwind-health.example",
        ]
    )
    calendar = Calendar.from_ical(invite.attachments[0][1])
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["uid"]) == f"{kickoff.uid}@handbrief"
    assert len(event.get("attendee")) == 3
    assert not kickoff.is_late


def test_a_booking_after_the_deadline_is_flagged_late(client_for, sales_team, accepted):
    book(client_for(sales_team["nina"]), accepted, days=30)

    kickoff = Kickoff.objects.get()
    page = client_for(sales_team["nina"]).get(reverse("packets:detail", args=[accepted.pk]))
    assert kickoff.is_late
    assert "After the deadline" in page.content.decode()


def test_booking_before_acceptance_is_refused(client_for, sales_team, cs_packet):
    response = book(client_for(sales_team["nina"]), cs_packet)

    assert response.status_code == 409
    assert "after the packet is accepted" in response.content.decode()
    assert not Kickoff.objects.exists()


def test_a_time_in_the_past_is_refused(client_for, sales_team, accepted):
    response = book(client_for(sales_team["nina"]), accepted, days=-1)

    assert response.status_code == 400
    assert not Kickoff.objects.exists()


def test_a_missing_time_is_refused(client_for, sales_team, accepted):
    response = client_for(sales_team["nina"]).post(
        reverse("packets:kickoff_book", args=[accepted.pk]), {"starts_at": "soon"}
    )

    assert response.status_code == 400
    assert "Pick a date and time for the kickoff." in response.content.decode()
    assert not Kickoff.objects.exists()
    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED


def test_rescheduling_keeps_the_uid_and_raises_the_sequence(client_for, sales_team, accepted):
    client = client_for(sales_team["nina"])
    book(client, accepted)

    client.post(
        reverse("packets:kickoff_reschedule", args=[accepted.pk]),
        {"starts_at": when(2), "note": "Priya is travelling"},
    )

    kickoff = Kickoff.objects.get()
    ics = client.get(reverse("packets:kickoff_ics", args=[accepted.pk, kickoff.pk]))
    event = next(iter(Calendar.from_ical(ics.content).walk("VEVENT")))
    assert kickoff.sequence == 1
    assert int(event["sequence"]) == 1
    assert [change.kind for change in kickoff.changes.all()] == ["booked", "rescheduled"]


def test_cancelling_reopens_booking_and_keeps_the_history(client_for, sales_team, accepted):
    client = client_for(sales_team["nina"])
    book(client, accepted)

    client.post(reverse("packets:kickoff_cancel", args=[accepted.pk]), {"note": ""})
    book(client, accepted, days=2)

    accepted.refresh_from_db()
    assert accepted.status == Status.KICKOFF_BOOKED
    assert Kickoff.objects.count() == 2
    assert Kickoff.objects.filter(status="cancelled").count() == 1


def test_recording_held_before_the_time_is_refused(client_for, sales_team, accepted):
    client = client_for(sales_team["nina"])
    book(client, accepted)
    booked = Kickoff.objects.get().status

    response = client.post(
        reverse("packets:kickoff_record", args=[accepted.pk]), {"outcome": "held"}
    )

    accepted.refresh_from_db()
    assert response.status_code == 400
    assert Kickoff.objects.get().status == booked
    assert accepted.status == Status.KICKOFF_BOOKED


def test_a_held_kickoff_completes_the_handoff(client_for, sales_team, accepted):
    client = client_for(sales_team["nina"])
    book(client, accepted)
    Kickoff.objects.update(starts_at=timezone.now() - dt.timedelta(hours=1))

    client.post(
        reverse("packets:kickoff_record", args=[accepted.pk]),
        {"outcome": "held", "notes": "Priya signed off the plan"},
    )

    accepted.refresh_from_db()
    assert accepted.status == Status.KICKOFF_HELD
    assert Kickoff.objects.get().notes == "Priya signed off the plan"


def test_a_no_show_sends_the_packet_back_to_booking(client_for, sales_team, accepted):
    client = client_for(sales_team["nina"])
    book(client, accepted)

    client.post(reverse("packets:kickoff_record", args=[accepted.pk]), {"outcome": "no_show"})

    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED
    assert Kickoff.objects.get().status == "no_show"


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("maya", 403),  # the deal's AE sees the packet but does not manage its kickoff
        ("marcus", 404),  # a CSM of another unit does not see it at all
    ],
)
def test_only_the_packets_csm_manages_the_kickoff(who, code, client_for, sales_team, accepted):
    response = book(client_for(sales_team[who]), accepted)

    assert response.status_code == code
    assert not Kickoff.objects.exists()
    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED


def test_the_ae_downloads_the_invite(client_for, sales_team, accepted):
    book(client_for(sales_team["nina"]), accepted)
    kickoff = Kickoff.objects.get()

    response = client_for(sales_team["maya"]).get(
        reverse("packets:kickoff_ics", args=[accepted.pk, kickoff.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"


def test_an_invite_of_another_packet_is_404(client_for, sales_team, accepted, gap_packet):
    book(client_for(sales_team["nina"]), accepted)
    kickoff = Kickoff.objects.get()

    response = client_for(sales_team["devon"]).get(
        reverse("packets:kickoff_ics", args=[gap_packet.pk, kickoff.pk])
    )

    assert response.status_code == 404


def test_warm_call_and_soft_signals_after_acceptance(client_for, sales_team, accepted):
    maya, nina = client_for(sales_team["maya"]), client_for(sales_team["nina"])

    maya.post(reverse("packets:warm_call", args=[accepted.pk]))
    nina.post(reverse("packets:warm_call", args=[accepted.pk]))
    maya.post(
        reverse("packets:soft_signal", args=[accepted.pk]),
        {"kind": "politics", "note": "CFO and CIO disagree on year-two budget"},
    )

    call = accepted.warm_call
    call.refresh_from_db()
    assert call.confirmed_by_ae_at and call.confirmed_by_csm_at
    assert accepted.handoff.soft_signals.get().author == sales_team["maya"]


def test_a_soft_signal_needs_a_kind_and_a_note(client_for, sales_team, accepted):
    response = client_for(sales_team["maya"]).post(
        reverse("packets:soft_signal", args=[accepted.pk]), {"kind": "gossip", "note": ""}
    )

    assert response.status_code == 400
    assert not accepted.handoff.soft_signals.exists()


def test_the_warm_call_comes_after_acceptance(client_for, sales_team, cs_packet):
    response = client_for(sales_team["maya"]).post(
        reverse("packets:warm_call", args=[cs_packet.pk])
    )

    assert response.status_code == 409
    assert not WarmCall.objects.filter(packet=cs_packet, confirmed_by_ae_at__isnull=False).exists()


def test_kickoff_deadline_shows_before_booking(client_for, sales_team, accepted):
    page = client_for(sales_team["nina"]).get(reverse("packets:detail", args=[accepted.pk]))

    assert "Book it by" in page.content.decode()
    assert Packet.objects.get(pk=accepted.pk).due_at is not None
