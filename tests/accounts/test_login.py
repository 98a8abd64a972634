"""Signing in and out with e-mail and password; no self sign-up; failures are rate-limited."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

GENERIC_ERROR = "The email address and/or password you specified are not correct."


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def login(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_it_signs_an_ae_in_and_lands_on_the_ae_portal(client, ae):
    response = login(client, "Maya.Chen@seller.example", PASSWORD)

    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).redirect_chain[-1][0] == "/ae/"


def test_a_wrong_password_gets_a_clear_message(client, ae):
    response = login(client, ae.email, "not-the-password")

    assert response.status_code == 200
    assert GENERIC_ERROR in response.content.decode()


def test_an_unknown_email_gets_the_same_message(client, ae):
    response = login(client, "nobody@seller.example", "not-the-password")

    assert GENERIC_ERROR in response.content.decode()


def test_repeated_failures_are_rate_limited(client, ae):
    for _ in range(5):
        login(client, ae.email, "wrong")

    response = login(client, ae.email, PASSWORD)

    # allauth refuses on the form itself (200), even with the right password this time.
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(client_for, ae):
    client = client_for(ae)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert client.get(reverse("ae:home")).status_code == 302


def test_nobody_can_sign_themselves_up(client):
    response = client.post(
        reverse("account_signup"), {"email": "intruder@example.com", "password1": "Str0ng-pass!"}
    )

    assert "closed" in response.content.decode().lower()
    assert not mail.outbox


def test_password_reset_sends_a_link_to_a_known_user(client, ae):
    response = client.post(reverse("account_reset_password"), {"email": ae.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
