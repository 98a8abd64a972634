"""The access-policy module: deny by default, for unknown actions and for undeclared views."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from accounts.middleware import DenyByDefaultMiddleware
from accounts.models import Role
from accounts.policies import PUBLIC, allows, requires

pytestmark = pytest.mark.django_db


def test_it_refuses_actions_nobody_defined(revops_admin):
    assert allows(revops_admin, "packet.delete_everything") is False


def test_it_refuses_anonymous_users():
    assert allows(AnonymousUser(), "signed_in") is False


def test_it_refuses_deactivated_users(ae):
    ae.is_active = False

    assert allows(ae, "portal.ae") is False


@pytest.mark.parametrize(
    ("role", "expected"),
    [(Role.AE, False), (Role.CSM, False), (Role.CS_OPS, False), (Role.REVOPS_ADMIN, True)],
)
def test_only_revops_admins_manage_the_team(role, expected, users_by_role):
    assert allows(users_by_role[role], "team.manage") is expected


def test_the_middleware_refuses_a_view_without_a_policy(ae):
    def undeclared(request):
        return HttpResponse("secret")

    request = RequestFactory().get("/somewhere/")
    request.user = ae
    middleware = DenyByDefaultMiddleware(lambda request: HttpResponse())

    with pytest.raises(PermissionDenied):
        middleware.process_view(request, undeclared, (), {})


def test_the_middleware_lets_a_declared_view_through(ae):
    @requires(PUBLIC)
    def declared(request):
        return HttpResponse("fine")

    request = RequestFactory().get("/somewhere/")
    request.user = ae
    middleware = DenyByDefaultMiddleware(lambda request: HttpResponse())

    assert middleware.process_view(request, declared, (), {}) is None


def test_health_is_public(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_favicon_requests_are_redirected_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
