"""RevOps admins invite people and switch their access; CS Ops may look; others may not."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User

pytestmark = pytest.mark.django_db


def invite(client, **overrides):
    data = {"full_name": "Jamie Ortega", "email": "jamie.ortega@seller.example", "role": "csm"}
    data.update(overrides)
    return client.post(reverse("team:invite"), data)


def test_it_invites_a_csm_and_emails_a_set_password_link(
    client_for, revops_admin, analytics, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client_for(revops_admin), business_unit=analytics.pk)

    assert response.status_code == 302
    jamie = User.objects.get(email="jamie.ortega@seller.example")
    assert jamie.role == Role.CSM
    assert not jamie.has_usable_password()
    assert mail.outbox[0].to == ["jamie.ortega@seller.example"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_it_requires_a_business_unit_for_aes_and_csms(client_for, revops_admin):
    response = invite(client_for(revops_admin), role="ae")

    assert response.status_code == 200
    assert "AEs and CSMs belong to a business unit." in response.content.decode()
    assert "Jamie Ortega" in response.content.decode()
    assert not User.objects.filter(email="jamie.ortega@seller.example").exists()


def test_it_refuses_an_email_already_on_the_team(client_for, revops_admin, ae, analytics):
    response = invite(client_for(revops_admin), email="MAYA.CHEN@seller.example", role="cs_ops")

    assert "already on the team" in response.content.decode()
    assert User.objects.filter(email__iexact="maya.chen@seller.example").count() == 1


def test_it_rejects_an_unknown_role(client_for, revops_admin):
    response = invite(client_for(revops_admin), role="superhero")

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("role", [Role.AE, Role.CSM, Role.CS_OPS])
def test_only_revops_admins_may_invite(role, users_by_role, client_for):
    response = invite(client_for(users_by_role[role]), role="cs_ops")

    assert response.status_code == 403
    assert not User.objects.filter(email="jamie.ortega@seller.example").exists()


def test_cs_ops_sees_the_team_without_management_buttons(client_for, cs_ops, ae):
    page = client_for(cs_ops).get(reverse("team:list")).content.decode()

    assert "Maya Chen" in page
    assert "Invite someone" not in page
    assert "Deactivate" not in page


def test_it_deactivates_and_reactivates_a_member(client_for, revops_admin, ae):
    client = client_for(revops_admin)

    client.post(reverse("team:set_active", args=[ae.pk]), {"active": "0"})
    ae.refresh_from_db()
    assert ae.is_active is False

    client.post(reverse("team:set_active", args=[ae.pk]), {"active": "1"})
    ae.refresh_from_db()
    assert ae.is_active is True


def test_an_admin_cannot_deactivate_themselves(client_for, revops_admin):
    response = client_for(revops_admin).post(
        reverse("team:set_active", args=[revops_admin.pk]), {"active": "0"}, follow=True
    )

    revops_admin.refresh_from_db()
    assert revops_admin.is_active is True
    assert "cannot deactivate your own account" in response.content.decode()


def test_deactivating_refuses_get(client_for, revops_admin, ae):
    response = client_for(revops_admin).get(reverse("team:set_active", args=[ae.pk]))

    ae.refresh_from_db()
    assert response.status_code == 405
    assert ae.is_active is True


def test_cs_ops_cannot_deactivate_anyone(client_for, cs_ops, ae):
    response = client_for(cs_ops).post(reverse("team:set_active", args=[ae.pk]), {"active": "0"})

    ae.refresh_from_db()
    assert response.status_code == 403
    assert ae.is_active is True


def test_deactivating_an_unknown_user_is_404(client_for, revops_admin):
    response = client_for(revops_admin).post(
        reverse("team:set_active", args=[9999]), {"active": "0"}
    )

    assert response.status_code == 404
    assert not User.objects.filter(is_active=False).exists()
