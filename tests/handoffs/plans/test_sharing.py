"""The plan shared with the customer: a signed link that expires and can be revoked, opened
without a login, showing outcomes, milestones and owners and nothing internal."""

import datetime as dt
import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from handoffs.models import ItemStatus, PlanShare, PlanShareView, RiskFlag
from handoffs.services import plan_tracking
from handoffs.services.plan_sharing import SALT, share_create, share_revoke, share_token
from handoffs.services.success_plans import track_commitment
from tests.factories import CommitmentFactory, RiskFlagFactory
from tests.handoffs.plans.conftest import BUYER_WORDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(plan, csm) -> PlanShare:
    return share_create(plan=plan, days=14, by=csm)


def without_csrf(response) -> str:
    """The page as text, less the per-response CSRF token."""
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", response.content.decode())


def url(share: PlanShare) -> str:
    return reverse("shared_plan", args=[share_token(share)])


def test_a_shared_link_opens_without_a_login(client, shared):
    response = client.get(url(shared), HTTP_USER_AGENT="Mozilla/5.0 (customer)")

    page = response.content.decode()
    assert response.status_code == 200
    assert BUYER_WORDS in page
    assert "SSO live" in page
    assert "Grace Kim" in page
    assert "Single sign-on is enforced" in page
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]


def test_the_shared_page_shows_nothing_internal(client, shared, csm):
    packet = shared.plan.packet
    RiskFlagFactory(packet=packet, summary="Champion may leave after the reorg.")
    CommitmentFactory(
        packet=packet, quote="We'll waive the overage fees.", reconciliation="success_plan"
    )
    track_commitment(commitment=packet.commitments.get())
    plan_tracking.item_set_status(
        item=shared.plan.items.get(gate=60),
        status=ItemStatus.AT_RISK,
        reason="Internal: their IT lead is on leave",
        by=csm,
    )

    page = client.get(url(shared)).content.decode()

    assert "Champion may leave" not in page
    assert "waive the overage" not in page
    assert "Internal: their IT lead" not in page
    assert "first value" not in page.lower()
    assert "commission" not in page.lower()
    assert f"/packets/{packet.pk}/" not in page
    assert RiskFlag.objects.exists()


def test_every_opening_is_logged(client, shared):
    client.get(url(shared), HTTP_USER_AGENT="Browser A")
    client.get(url(shared), HTTP_USER_AGENT="Browser B")

    assert list(PlanShareView.objects.values_list("user_agent", flat=True)) == [
        "Browser B",
        "Browser A",
    ]


def test_a_revoked_link_is_404_at_once_like_a_link_that_never_existed(client, shared, csm):
    client.get(url(shared))

    share_revoke(share=shared, by=csm)
    revoked = client.get(url(shared))
    unknown = client.get(reverse("shared_plan", args=["not-a-real-token"]))

    assert revoked.status_code == unknown.status_code == 404
    assert without_csrf(revoked) == without_csrf(unknown)
    assert BUYER_WORDS not in revoked.content.decode()
    assert PlanShareView.objects.count() == 1


def test_an_expired_link_is_404(client, shared):
    PlanShare.objects.filter(pk=shared.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )

    assert client.get(url(shared)).status_code == 404


def test_a_link_with_a_forged_key_is_404(client, shared):
    forged = signing.Signer(salt=SALT).sign_object({"s": shared.pk, "k": "guessed"})

    assert client.get(reverse("shared_plan", args=[forged])).status_code == 404


def test_the_csm_creates_and_revokes_links_on_the_plan_page(client_for, plan, csm):
    client = client_for(csm)

    created = client.post(reverse("packets:plan_share", args=[plan.packet_id]), {"days": "30"})
    share = PlanShare.objects.get()
    page = client.get(reverse("packets:plan", args=[plan.packet_id])).content.decode()
    revoked = client.post(reverse("packets:plan_share_revoke", args=[plan.packet_id, share.pk]))

    assert created.status_code == 302
    assert share_token(share) in page
    assert revoked.status_code == 302
    share.refresh_from_db()
    assert share.revoked_by == csm
    plan.refresh_from_db()
    assert plan.is_shared


@pytest.mark.parametrize("days", ["0", "91", "soon", ""])
def test_a_link_opens_for_1_to_90_days(client_for, plan, csm, days):
    response = client_for(csm).post(
        reverse("packets:plan_share", args=[plan.packet_id]), {"days": days}
    )

    assert response.status_code == 400
    assert "Open for (days)" in response.content.decode()
    assert not PlanShare.objects.exists()


def test_revoking_twice_is_a_conflict(client_for, shared, csm):
    client = client_for(csm)
    path = reverse("packets:plan_share_revoke", args=[shared.plan.packet_id, shared.pk])

    client.post(path)
    again = client.post(path)

    assert again.status_code == 409


@pytest.mark.parametrize("role", ["ae", "cs_ops", "revops_admin"])
def test_only_the_csm_shares_or_revokes(client_for, users_by_role, shared, role):
    client = client_for(users_by_role[role])
    packet_id = shared.plan.packet_id

    create = client.post(reverse("packets:plan_share", args=[packet_id]), {"days": "30"})
    revoke = client.post(reverse("packets:plan_share_revoke", args=[packet_id, shared.pk]))

    assert (create.status_code, revoke.status_code) == (403, 403)
    shared.refresh_from_db()
    assert shared.revoked_at is None
    assert PlanShare.objects.count() == 1
