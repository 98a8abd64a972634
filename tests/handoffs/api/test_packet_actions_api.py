"""The packet actions over the API: same rules as the pages, with 403, 404, 409 and 400."""

import datetime as dt

import pytest
from django.utils import timezone

from handoffs.models import Kickoff, SignOff, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def gap_packet(ingest, example_event, sales_team):
    return ingest(example_event("brightpath-closed-won")).handoff.packets.get()


@pytest.fixture
def cs_packet(ingest, example_event, sales_team):
    return ingest(example_event("northwind-closed-won")).handoff.packets.get(
        business_unit__slug="analytics"
    )


def post(client, path: str, data: dict | None = None):
    return client.post(f"/api/v1/packets/{path}", data or {}, content_type="application/json")


def version(packet) -> int:
    packet.refresh_from_db()
    return packet.version


def test_the_ae_sets_a_field_and_gets_the_rescored_packet(client_for, sales_team, gap_packet):
    field = gap_packet.fields.get(key="competitive_context")

    response = post(
        client_for(sales_team["devon"]),
        f"{gap_packet.pk}/fields/competitive_context/",
        {
            "version": field.version,
            "data": {
                "evaluated": "Looker",
                "why_us": "Sheets sync",
                "reevaluate_if": "the sync slips",
            },
        },
    )

    body = response.json()
    assert response.status_code == 200
    assert body["fields"]["competitive_context"]["status"] == "complete"
    assert body["fields"]["competitive_context"]["author"] == "ae"
    assert body["completeness"]["score"] == 4


def test_a_stale_field_version_is_a_409(client_for, sales_team, gap_packet):
    response = post(
        client_for(sales_team["devon"]),
        f"{gap_packet.pk}/fields/competitive_context/",
        {"version": 99, "data": {"evaluated": "Looker"}},
    )

    field = gap_packet.fields.get(key="competitive_context")
    assert response.status_code == 409
    assert "changed by" in response.json()["detail"]
    assert (field.version, field.author) == (1, "agent")


def test_invalid_field_data_is_a_400_with_the_field_named(client_for, sales_team, gap_packet):
    response = post(
        client_for(sales_team["devon"]),
        f"{gap_packet.pk}/fields/economic_buyer_champion/",
        {
            "version": 1,
            "data": {"champion": {"name": "Alicia", "linkedin_url": "https://example.com/alicia"}},
        },
    )

    field = gap_packet.fields.get(key="economic_buyer_champion")
    assert response.status_code == 400
    assert "champion__linkedin_url" in response.json()["errors"]
    assert (field.version, field.author) == (1, "agent")


def test_a_field_nobody_edits_directly_is_a_400(client_for, sales_team, gap_packet):
    response = post(
        client_for(sales_team["devon"]),
        f"{gap_packet.pk}/fields/presale_promises/",
        {"version": 1, "data": {}},
    )

    field = gap_packet.fields.get(key="presale_promises")
    assert response.status_code == 400
    assert (field.version, field.author) == (1, "agent")


def test_another_ae_gets_404_and_a_csm_403(client_for, sales_team, gap_packet, cs_packet):
    before = version(gap_packet), version(cs_packet)

    maya = post(client_for(sales_team["maya"]), f"{gap_packet.pk}/submit/")
    nina = post(client_for(sales_team["nina"]), f"{cs_packet.pk}/submit/")

    assert maya.status_code == 404
    assert nina.status_code == 403
    assert (version(gap_packet), version(cs_packet)) == before
    assert (gap_packet.status, cs_packet.status) == (Status.NEEDS_AE, Status.READY_FOR_CS)


def test_submitting_below_the_gate_is_a_400_and_the_state_is_kept(
    client_for, sales_team, gap_packet
):
    response = post(client_for(sales_team["devon"]), f"{gap_packet.pk}/submit/")

    gap_packet.refresh_from_db()
    assert response.status_code == 400
    assert gap_packet.status == Status.NEEDS_AE


def test_reconcile_and_respond(client_for, sales_team, gap_packet):
    client = client_for(sales_team["devon"])
    commitment, flag = gap_packet.commitments.get(), gap_packet.risk_flags.first()

    reconciled = post(
        client,
        f"{gap_packet.pk}/commitments/{commitment.pk}/reconcile/",
        {"reconciliation": "acknowledged", "note": "Told the CSM"},
    )
    responded = post(
        client, f"{gap_packet.pk}/risk-flags/{flag.pk}/respond/", {"response": "Handled"}
    )
    bad = post(
        client,
        f"{gap_packet.pk}/commitments/{commitment.pk}/reconcile/",
        {"reconciliation": "lost"},
    )

    assert reconciled.status_code == 200
    assert reconciled.json()["commitments"][0]["ghost"] is False
    assert responded.json()["risk_flags"][0]["response"] == "Handled"
    assert bad.status_code == 400
    commitment.refresh_from_db()
    assert commitment.reconciliation == "acknowledged"


def test_the_csm_reviews_accepts_and_books_over_the_api(client_for, sales_team, cs_packet):
    client = client_for(sales_team["nina"])

    assert post(client, f"{cs_packet.pk}/review/").json()["status"] == "in_review"
    commented = post(
        client, f"{cs_packet.pk}/comments/", {"key": "stakeholder_map", "body": "Is Omar staying?"}
    )
    accepted = post(client, f"{cs_packet.pk}/accept/", {"rating": 7, "version": version(cs_packet)})
    starts = (timezone.now() + dt.timedelta(days=1)).isoformat()
    booked = post(client, f"{cs_packet.pk}/kickoff/", {"starts_at": starts})

    assert commented.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert booked.json()["status"] == "kickoff_booked"
    assert SignOff.objects.get().rating == 7
    assert Kickoff.objects.get().packet == cs_packet


def test_accepting_a_packet_still_with_the_ae_is_a_409(client_for, sales_team, cs_packet):
    response = post(
        client_for(sales_team["nina"]),
        f"{cs_packet.pk}/accept/",
        {"rating": 7, "version": version(cs_packet)},
    )

    assert response.status_code == 409
    assert "start the review first" in response.json()["detail"]
    assert not SignOff.objects.exists()
    cs_packet.refresh_from_db()
    assert cs_packet.status == Status.READY_FOR_CS


def test_booking_before_acceptance_is_a_409(client_for, sales_team, cs_packet):
    starts = (timezone.now() + dt.timedelta(days=1)).isoformat()

    response = post(
        client_for(sales_team["nina"]), f"{cs_packet.pk}/kickoff/", {"starts_at": starts}
    )

    assert response.status_code == 409
    assert not Kickoff.objects.exists()


def test_a_rating_of_eleven_is_a_400(client_for, sales_team, cs_packet):
    client = client_for(sales_team["nina"])
    post(client, f"{cs_packet.pk}/review/")

    response = post(
        client, f"{cs_packet.pk}/accept/", {"rating": 11, "version": version(cs_packet)}
    )

    assert response.status_code == 400
    assert "rating" in response.json()
    assert not SignOff.objects.exists()
    cs_packet.refresh_from_db()
    assert cs_packet.status == Status.IN_REVIEW


def test_returning_over_the_api_turns_reasons_into_gaps(client_for, sales_team, cs_packet):
    client = client_for(sales_team["nina"])
    post(client, f"{cs_packet.pk}/review/")

    response = post(
        client,
        f"{cs_packet.pk}/return/",
        {
            "version": version(cs_packet),
            "reasons": [{"key": "risk_flags", "reason": "Year-two price objection needs a plan"}],
        },
    )

    body = response.json()
    assert body["status"] == "returned"
    assert "CSM: Year-two price objection needs a plan" in body["fields"]["risk_flags"]["gaps"]


def test_claim_and_reassign(client_for, sales_team, cs_packet, analytics):
    from accounts.models import Role
    from handoffs.models import Packet
    from tests.factories import UserFactory

    lena = UserFactory(email="lena@seller.example", role=Role.CSM, business_unit=analytics)
    Packet.objects.filter(pk=cs_packet.pk).update(csm=None)

    claimed = post(client_for(lena), f"{cs_packet.pk}/claim/")
    reassigned = post(
        client_for(lena),
        f"{cs_packet.pk}/reassign/",
        {"csm": "nina.patel@seller.example", "reason": "Nina knows Northwind"},
    )
    unknown = post(
        client_for(sales_team["nina"]),
        f"{cs_packet.pk}/reassign/",
        {"csm": "nobody@seller.example", "reason": "x"},
    )

    assert claimed.json()["csm"] == "lena@seller.example"
    assert reassigned.status_code == 200
    assert Packet.objects.get(pk=cs_packet.pk).csm == sales_team["nina"]
    assert unknown.status_code == 400


def test_an_ae_cannot_review_and_revops_cannot_comment(
    client_for, sales_team, cs_packet, revops_admin
):
    assert post(client_for(sales_team["maya"]), f"{cs_packet.pk}/review/").status_code == 403
    assert (
        post(
            client_for(revops_admin),
            f"{cs_packet.pk}/comments/",
            {"key": "risk_flags", "body": "hi"},
        ).status_code
        == 403
    )
    cs_packet.refresh_from_db()
    assert cs_packet.status == Status.READY_FOR_CS
    assert not cs_packet.comments.exists()


def test_anonymous_callers_are_refused(client, cs_packet):
    assert post(client, f"{cs_packet.pk}/review/").status_code == 403
    cs_packet.refresh_from_db()
    assert cs_packet.status == Status.READY_FOR_CS


def test_actions_refuse_get(client_for, sales_team, cs_packet):
    response = client_for(sales_team["nina"]).get(f"/api/v1/packets/{cs_packet.pk}/accept/")

    assert response.status_code == 405


def test_warm_call_and_soft_signals_over_the_api(client_for, sales_team, cs_packet):
    nina, maya = client_for(sales_team["nina"]), client_for(sales_team["maya"])
    post(nina, f"{cs_packet.pk}/review/")
    post(nina, f"{cs_packet.pk}/accept/", {"rating": 8, "version": version(cs_packet)})

    confirmed = post(maya, f"{cs_packet.pk}/warm-call/")
    noted = post(maya, f"{cs_packet.pk}/soft-signals/", {"kind": "politics", "note": "CIO wary"})
    bad = post(maya, f"{cs_packet.pk}/soft-signals/", {"kind": "gossip", "note": "x"})

    assert confirmed.status_code == 200 and noted.status_code == 200
    assert bad.status_code == 400
    assert cs_packet.handoff.soft_signals.get().note == "CIO wary"


def test_kickoff_reschedule_cancel_and_record(client_for, sales_team, cs_packet):
    nina = client_for(sales_team["nina"])
    post(nina, f"{cs_packet.pk}/review/")
    post(nina, f"{cs_packet.pk}/accept/", {"rating": 8, "version": version(cs_packet)})
    later = (timezone.now() + dt.timedelta(days=2)).isoformat()
    post(nina, f"{cs_packet.pk}/kickoff/", {"starts_at": later})

    moved = post(nina, f"{cs_packet.pk}/kickoff/reschedule/", {"starts_at": later, "note": "x"})
    no_show = post(nina, f"{cs_packet.pk}/kickoff/record/", {"outcome": "no_show"})
    nothing_to_cancel = post(nina, f"{cs_packet.pk}/kickoff/cancel/")

    assert moved.status_code == 200
    assert no_show.json()["status"] == "accepted"
    assert nothing_to_cancel.status_code == 409
    assert Kickoff.objects.get().status == "no_show"
