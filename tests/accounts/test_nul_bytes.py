"""A NUL character in an address is a 400 that says so, never a 500 from PostgreSQL."""

import datetime as dt

import pytest

from comp.models import CompPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    today = dt.date.today()
    return CompPlan.objects.create(
        name="Now", starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=30)
    )


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("ae", "/api/v1/packets/?q=%00"),
        ("ae", "/ae/?q=%00"),
        ("revops_admin", "/api/v1/comp/ledger/?ae=%00"),
        ("revops_admin", "/revops/comp/ledger/?q=%00"),
        ("revops_admin", "/api/v1/comp/plans/{plan}/statements/a%00b/"),
    ],
)
def test_a_nul_in_a_parameter_is_refused_with_400(request, client_for, plan, role, url):
    client = client_for(request.getfixturevalue(role))

    response = client.get(url.format(plan=plan.pk))

    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_the_api_says_what_was_wrong_in_its_error_shape(client_for, ae):
    response = client_for(ae).get("/api/v1/packets/?status=ready_for_cs&q=a%00")

    assert response.json() == {"errors": ["The address contains a NUL character (%00)."]}


def test_a_nul_in_a_parameter_name_is_refused_too(client_for, ae):
    assert client_for(ae).get("/ae/?q%00=x").status_code == 400


def test_the_same_filter_without_a_nul_still_answers(client_for, ae):
    assert client_for(ae).get("/api/v1/packets/?q=northwind").status_code == 200
