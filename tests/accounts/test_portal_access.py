"""Every portal URL for every role: allowed, denied with the friendly 403, or sent to login."""

import pytest
from django.urls import reverse

from accounts.models import Role

pytestmark = pytest.mark.django_db

PORTALS = {
    "ae:home": {Role.AE},
    "csm:home": {Role.CSM},
    "revops:home": {Role.CS_OPS, Role.REVOPS_ADMIN},
    "team:list": {Role.CS_OPS, Role.REVOPS_ADMIN},
    "team:invite": {Role.REVOPS_ADMIN},
}
CASES = [(url_name, role) for url_name in PORTALS for role in Role]


@pytest.mark.parametrize(("url_name", "role"), CASES)
def test_each_role_reaches_only_its_own_portal(url_name, role, users_by_role, client_for):
    response = client_for(users_by_role[role]).get(reverse(url_name))

    if role in PORTALS[url_name]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert b"This page isn't part of your portal" in response.content
        assert b"Go to my portal" in response.content


@pytest.mark.parametrize("url_name", list(PORTALS))
def test_anonymous_visitors_are_sent_to_login(url_name, client):
    url = reverse(url_name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize(
    ("role", "portal"),
    [
        (Role.AE, "/ae/"),
        (Role.CSM, "/csm/"),
        (Role.CS_OPS, "/revops/"),
        (Role.REVOPS_ADMIN, "/revops/"),
    ],
)
def test_home_sends_each_role_to_its_portal(role, portal, users_by_role, client_for):
    response = client_for(users_by_role[role]).get("/")

    assert response.status_code == 302
    assert response["Location"] == portal


def test_navigation_shows_only_what_the_role_may_use(ae, revops_admin, client_for):
    ae_page = client_for(ae).get(reverse("ae:home")).content.decode()
    revops_page = client_for(revops_admin).get(reverse("revops:home")).content.decode()

    assert "My handoffs" in ae_page
    assert "CS queue" not in ae_page
    assert "Team" not in ae_page
    assert "Overview" in revops_page
    assert "Team" in revops_page
    assert "My handoffs" not in revops_page


def test_the_header_names_the_user_and_role(csm, client_for):
    page = client_for(csm).get(reverse("csm:home")).content.decode()

    assert "Nina Patel" in page
    assert "Customer success manager" in page


def test_portals_refuse_post(ae, client_for):
    response = client_for(ae).post(reverse("ae:home"))

    assert response.status_code == 405


def test_unknown_pages_use_the_app_layout(ae, client_for):
    response = client_for(ae).get("/no-such-page/")

    assert response.status_code == 404
    assert b"We couldn't find that page" in response.content


def test_deactivated_users_lose_access(ae, client_for):
    client = client_for(ae)
    ae.is_active = False
    ae.save()

    response = client.get(reverse("ae:home"))

    assert response.status_code == 302


def test_the_500_page_renders_without_a_request():
    from django.template.loader import render_to_string

    page = render_to_string("500.html")

    assert "Something went wrong on our side" in page
