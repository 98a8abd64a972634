"""RevOps admins manage integrations and credentials; CS Ops may look; others may not."""

import pytest
from django.urls import reverse

from handoffs.models import ApiToken, Integration, SigningSecret
from tests.factories import ApiTokenFactory, IntegrationFactory, SigningSecretFactory
from tests.handoffs.markers import nul_is_refused_by_postgresql

pytestmark = pytest.mark.django_db


def test_an_admin_adds_an_integration(client_for, revops_admin):
    response = client_for(revops_admin).post(reverse("integrations:list"), {"name": "Salesforce"})

    integration = Integration.objects.get()
    assert response["Location"] == reverse("integrations:detail", args=[integration.pk])


def test_a_duplicate_or_empty_name_is_refused_with_the_reason(client_for, revops_admin):
    IntegrationFactory(name="Salesforce")
    client = client_for(revops_admin)

    duplicate = client.post(reverse("integrations:list"), {"name": "Salesforce"})
    empty = client.post(reverse("integrations:list"), {"name": "  "})

    assert (duplicate.status_code, empty.status_code) == (400, 400)
    assert "already exists" in duplicate.content.decode()
    assert "Give the integration a name." in empty.content.decode()
    assert Integration.objects.count() == 1


def test_a_name_longer_than_its_column_is_refused_with_400(client_for, revops_admin):
    response = client_for(revops_admin).post(reverse("integrations:list"), {"name": "S" * 101})

    assert response.status_code == 400
    assert "Ensure this value has at most 100 characters (it has 101)." in response.content.decode()
    assert not Integration.objects.exists()


@nul_is_refused_by_postgresql
def test_a_name_with_a_nul_is_refused_with_400(client_for, revops_admin):
    response = client_for(revops_admin).post(
        reverse("integrations:list"), {"name": "Sales\x00force"}
    )

    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert not Integration.objects.exists()


def test_a_new_secret_is_shown_once(client_for, revops_admin):
    integration = IntegrationFactory()
    client = client_for(revops_admin)

    client.post(reverse("integrations:issue_secret", args=[integration.pk]))
    first = client.get(reverse("integrations:detail", args=[integration.pk])).content.decode()
    second = client.get(reverse("integrations:detail", args=[integration.pk])).content.decode()

    raw = SigningSecret.objects.get().secret
    assert raw in first
    assert raw not in second


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(client_for, revops_admin):
    integration = IntegrationFactory()
    client = client_for(revops_admin)

    client.post(reverse("integrations:issue_token", args=[integration.pk]))
    page = client.get(reverse("integrations:detail", args=[integration.pk])).content.decode()

    token = ApiToken.objects.get()
    raw = page.split("hbk_", 1)[1].split("<", 1)[0]
    assert ApiToken.hash("hbk_" + raw) == token.token_hash


def test_revoking_credentials_and_disabling_the_integration(client_for, revops_admin):
    secret = SigningSecretFactory()
    token = ApiTokenFactory(integration=secret.integration)
    client = client_for(revops_admin)
    pk = secret.integration.pk

    client.post(reverse("integrations:revoke_secret", args=[pk, secret.pk]))
    client.post(reverse("integrations:revoke_token", args=[pk, token.pk]))
    client.post(reverse("integrations:set_active", args=[pk]), {"active": "0"})

    secret.refresh_from_db()
    token.refresh_from_db()
    secret.integration.refresh_from_db()
    assert secret.revoked_at and token.revoked_at
    assert secret.integration.is_active is False


def test_a_secret_of_another_integration_is_404(client_for, revops_admin):
    secret = SigningSecretFactory()
    other = IntegrationFactory(name="HubSpot")

    response = client_for(revops_admin).post(
        reverse("integrations:revoke_secret", args=[other.pk, secret.pk])
    )

    secret.refresh_from_db()
    assert response.status_code == 404
    assert secret.revoked_at is None


def test_cs_ops_sees_integrations_but_cannot_change_them(client_for, cs_ops):
    integration = IntegrationFactory()
    client = client_for(cs_ops)

    page = client.get(reverse("integrations:detail", args=[integration.pk])).content.decode()
    assert "New secret" not in page
    assert client.post(reverse("integrations:list"), {"name": "X"}).status_code == 403
    assert (
        client.post(reverse("integrations:issue_secret", args=[integration.pk])).status_code == 403
    )
    assert list(Integration.objects.all()) == [integration]
    assert not SigningSecret.objects.exists()


@pytest.mark.parametrize("role", ["ae", "csm"])
def test_aes_and_csms_cannot_see_integrations(role, request, client_for):
    response = client_for(request.getfixturevalue(role)).get(reverse("integrations:list"))

    assert response.status_code == 403


def test_an_empty_list_explains_what_to_do(client_for, revops_admin):
    page = client_for(revops_admin).get(reverse("integrations:list")).content.decode()

    assert "No integrations yet" in page
