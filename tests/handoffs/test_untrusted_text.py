"""Transcripts, CRM fields and drafts are untrusted: stored as sent, shown escaped."""

import pytest
from django.urls import reverse

from handoffs.models import Status, TranscriptTurn

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('pwned')</script>"


def test_markup_in_a_transcript_is_stored_verbatim(ingest, example_event, sales_team):
    payload = example_event("brightpath-closed-won")
    payload["transcripts"][0]["turns"][0]["text"] = SCRIPT

    ingest(payload)

    assert TranscriptTurn.objects.get(index=0).text == SCRIPT


def test_markup_in_a_deal_name_is_escaped_on_every_page(
    client_for, ingest, example_event, sales_team, revops_admin
):
    payload = example_event("brightpath-closed-won")
    payload["opportunity"]["name"] = SCRIPT
    payload["opportunity"]["owner_email"] = "nobody@seller.example"
    ingest(payload)

    revops = client_for(revops_admin).get(reverse("revops:home")).content.decode()

    assert SCRIPT not in revops
    assert "&lt;script&gt;" in revops


def test_markup_in_a_deal_name_is_escaped_in_the_ae_list(
    client_for, ingest, example_event, sales_team
):
    payload = example_event("brightpath-closed-won")
    payload["opportunity"]["name"] = SCRIPT
    ingest(payload)

    page = client_for(sales_team["devon"]).get(reverse("ae:home")).content.decode()

    assert SCRIPT not in page
    assert Status.NEEDS_AE.label in page
