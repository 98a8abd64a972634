"""The CSM reviews: claim, reassign, start, comment, accept with a rating, or return."""

import pytest
from django.core import mail
from django.urls import reverse

from handoffs.models import Notification, Packet, SignOff, Status

pytestmark = pytest.mark.django_db


def start(client, packet):
    return client.post(reverse("packets:start_review", args=[packet.pk]))


def accept(client, packet, rating=8, version=None):
    packet.refresh_from_db()
    return client.post(
        reverse("packets:accept", args=[packet.pk]),
        {"rating": rating, "version": packet.version if version is None else version},
    )


def test_the_csm_reviews_and_accepts_with_a_rating(
    client_for, sales_team, cs_packet, django_capture_on_commit_callbacks
):
    client = client_for(sales_team["nina"])
    start(client, cs_packet)

    with django_capture_on_commit_callbacks(execute=True):
        response = accept(client, cs_packet, rating=9)

    cs_packet.refresh_from_db()
    sign_off = SignOff.objects.get()
    assert response.status_code == 302
    assert cs_packet.status == Status.ACCEPTED
    assert (sign_off.decision, sign_off.rating, sign_off.by) == ("accepted", 9, sales_team["nina"])
    assert Notification.objects.filter(recipient=sales_team["maya"], kind="decision").exists()
    assert any("accepted" in message.body for message in mail.outbox)


def test_accepting_before_the_review_starts_is_refused(client_for, sales_team, cs_packet):
    response = accept(client_for(sales_team["nina"]), cs_packet)

    assert response.status_code == 409
    assert "start the review first" in response.content.decode()
    assert not SignOff.objects.exists()


def test_accepting_a_packet_still_with_the_ae_is_refused(client_for, sales_team, gap_packet):
    Packet.objects.filter(pk=gap_packet.pk).update(csm=sales_team["nina"])

    response = accept(client_for(sales_team["nina"]), gap_packet)

    assert response.status_code == 409
    assert not SignOff.objects.exists()
    gap_packet.refresh_from_db()
    assert gap_packet.status == Status.NEEDS_AE


@pytest.mark.parametrize("rating", [0, 11, "x"])
def test_a_rating_outside_one_to_ten_is_refused(rating, client_for, sales_team, cs_packet):
    client = client_for(sales_team["nina"])
    start(client, cs_packet)

    response = accept(client, cs_packet, rating=rating)

    assert response.status_code == 400
    assert not SignOff.objects.exists()


def test_a_decision_on_a_changed_packet_is_refused(client_for, sales_team, cs_packet):
    client = client_for(sales_team["nina"])
    start(client, cs_packet)

    response = accept(client, cs_packet, version=1)

    assert response.status_code == 409
    assert "changed since you opened it" in response.content.decode()
    assert not SignOff.objects.exists()
    cs_packet.refresh_from_db()
    assert cs_packet.status == Status.IN_REVIEW


def test_returning_turns_reasons_into_gaps(client_for, sales_team, cs_packet):
    client = client_for(sales_team["nina"])
    start(client, cs_packet)
    cs_packet.refresh_from_db()

    client.post(
        reverse("packets:return", args=[cs_packet.pk]),
        {
            "version": cs_packet.version,
            "reason_key": ["stakeholder_map", "risk_flags"],
            "reason": ["Omar's LinkedIn and start date are missing", ""],
        },
    )

    cs_packet.refresh_from_db()
    stakeholders = cs_packet.fields.get(key="stakeholder_map")
    assert cs_packet.status == Status.RETURNED
    assert "CSM: Omar's LinkedIn and start date are missing" in stakeholders.gaps
    assert stakeholders.status == "partial"
    assert SignOff.objects.get().reasons == [
        {"key": "stakeholder_map", "reason": "Omar's LinkedIn and start date are missing"}
    ]
    assert cs_packet.score == 6


def test_returning_without_a_reason_is_refused(client_for, sales_team, cs_packet):
    client = client_for(sales_team["nina"])
    start(client, cs_packet)
    cs_packet.refresh_from_db()

    response = client.post(
        reverse("packets:return", args=[cs_packet.pk]),
        {"version": cs_packet.version, "reason_key": ["risk_flags"], "reason": [""]},
    )

    assert response.status_code == 400
    assert "at least one reason" in response.content.decode()
    assert not SignOff.objects.exists()
    cs_packet.refresh_from_db()
    assert cs_packet.status == Status.IN_REVIEW


def test_sign_offs_cannot_be_edited(client_for, sales_team, cs_packet):
    client = client_for(sales_team["nina"])
    start(client, cs_packet)
    accept(client, cs_packet)
    sign_off = SignOff.objects.get()
    sign_off.rating = 2

    with pytest.raises(ValueError, match="never changed"):
        sign_off.save()


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("maya", 403),  # the deal's AE sees the packet but does not review it
        ("marcus", 404),  # a CSM of another unit does not see it at all
    ],
)
def test_only_the_assigned_csm_decides(who, code, client_for, sales_team, cs_packet):
    client = client_for(sales_team[who])
    version = cs_packet.version

    assert start(client, cs_packet).status_code == code
    cs_packet.refresh_from_db()
    assert cs_packet.status == Status.READY_FOR_CS
    assert cs_packet.version == version


def test_a_unit_csm_claims_an_unassigned_packet_once(client_for, sales_team, cs_packet, other_csm):
    Packet.objects.filter(pk=cs_packet.pk).update(csm=None)

    first = client_for(other_csm).post(reverse("packets:claim", args=[cs_packet.pk]))
    second = client_for(sales_team["nina"]).post(reverse("packets:claim", args=[cs_packet.pk]))

    cs_packet.refresh_from_db()
    assert first.status_code == 302
    assert cs_packet.csm == other_csm
    # Once claimed, the packet leaves the unit's queue: Nina no longer sees it.
    assert second.status_code == 404


def test_a_csm_of_another_unit_cannot_claim(client_for, sales_team, cs_packet):
    Packet.objects.filter(pk=cs_packet.pk).update(csm=None)

    response = client_for(sales_team["marcus"]).post(reverse("packets:claim", args=[cs_packet.pk]))

    assert response.status_code == 404
    cs_packet.refresh_from_db()
    assert cs_packet.csm is None


def test_reassigning_needs_a_reason_and_records_it(client_for, sales_team, cs_packet, other_csm):
    client = client_for(sales_team["nina"])
    url = reverse("packets:reassign", args=[cs_packet.pk])

    refused = client.post(url, {"csm": other_csm.pk, "reason": ""})
    cs_packet.refresh_from_db()
    assert refused.status_code == 400
    assert cs_packet.csm == sales_team["nina"]

    done = client.post(url, {"csm": other_csm.pk, "reason": "Lena covers healthcare"})

    cs_packet.refresh_from_db()
    assert done.status_code == 302
    assert cs_packet.csm == other_csm
    assert "Lena covers healthcare" in cs_packet.transitions.last().reason


def test_reassigning_to_a_csm_of_another_unit_is_refused(client_for, sales_team, cs_packet):
    response = client_for(sales_team["nina"]).post(
        reverse("packets:reassign", args=[cs_packet.pk]),
        {"csm": sales_team["marcus"].pk, "reason": "Busy"},
    )

    cs_packet.refresh_from_db()
    assert response.status_code == 400
    assert cs_packet.csm == sales_team["nina"]


def test_comments_thread_resolve_and_notify_the_ae(client_for, sales_team, cs_packet):
    nina, maya = client_for(sales_team["nina"]), client_for(sales_team["maya"])
    url = reverse("packets:comment", args=[cs_packet.pk])

    nina.post(url, {"key": "stakeholder_map", "body": "Is Omar still the security lead?"})
    thread = cs_packet.comments.get()
    maya.post(url, {"key": "stakeholder_map", "body": "Yes, until Q3.", "parent": thread.pk})
    nina.post(reverse("packets:resolve_comment", args=[cs_packet.pk, thread.pk]))

    thread.refresh_from_db()
    assert thread.replies.get().author == sales_team["maya"]
    assert thread.resolved_by == sales_team["nina"]
    assert Notification.objects.filter(recipient=sales_team["maya"], kind="annotation").exists()
    page = maya.get(reverse("packets:detail", args=[cs_packet.pk])).content.decode()
    assert "Is Omar still the security lead?" in page and "Resolved by Nina Patel" in page


def test_an_empty_comment_is_refused(client_for, sales_team, cs_packet):
    response = client_for(sales_team["nina"]).post(
        reverse("packets:comment", args=[cs_packet.pk]), {"key": "stakeholder_map", "body": " "}
    )

    assert response.status_code == 400
    assert not cs_packet.comments.exists()


def test_revops_cannot_comment(client_for, revops_admin, cs_packet):
    response = client_for(revops_admin).post(
        reverse("packets:comment", args=[cs_packet.pk]), {"key": "stakeholder_map", "body": "Hi"}
    )

    assert response.status_code == 403
    assert not cs_packet.comments.exists()


def test_the_review_page_shows_evidence_and_ghosts(client_for, sales_team, cs_packet):
    response = client_for(sales_team["nina"]).get(reverse("packets:detail", args=[cs_packet.pk]))
    page = response.content.decode()

    assert response.status_code == 200
    assert 'Ghost commitment</span> <span class="small">Not in the contract or the' in page
    assert "gong-88121, turn 4" in page
    assert "target 1,400\u20132,400" in page


def test_the_packet_page_shows_how_it_was_drafted(client_for, sales_team, cs_packet):
    page = (
        client_for(sales_team["nina"])
        .get(reverse("packets:detail", args=[cs_packet.pk]))
        .content.decode()
    )

    assert "Last draft" in page
    assert "Rules" in page
