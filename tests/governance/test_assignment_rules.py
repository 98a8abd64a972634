"""RevOps admins choose, per business unit, how packets that pass the gate reach CSMs."""

import pytest
from django.urls import reverse

from governance.models import AssignmentRule

pytestmark = pytest.mark.django_db


def url(unit) -> str:
    return reverse("governance:set_assignment_rule", args=[unit.slug])


def test_an_admin_sets_the_rule_and_sees_it_on_the_overview(client_for, revops_admin, analytics):
    client = client_for(revops_admin)

    response = client.post(url(analytics), {"strategy": "fewest_open"}, follow=True)

    assert AssignmentRule.objects.get(business_unit=analytics).strategy == "fewest_open"
    assert "by fewest open packets" in response.content.decode()
    assert '<option value="fewest_open" selected>' in response.content.decode()


def test_changing_it_again_updates_the_same_rule(client_for, revops_admin, analytics):
    client = client_for(revops_admin)

    client.post(url(analytics), {"strategy": "fewest_open"})
    client.post(url(analytics), {"strategy": "least_acv"})

    assert AssignmentRule.objects.get().strategy == "least_acv"


def test_an_unknown_rule_is_refused(client_for, revops_admin, analytics):
    response = client_for(revops_admin).post(url(analytics), {"strategy": "coin_flip"}, follow=True)

    assert "Unknown assignment rule" in response.content.decode()
    assert not AssignmentRule.objects.exists()


@pytest.mark.parametrize("role", ["ae", "csm", "cs_ops"])
def test_only_revops_admins_choose_the_rule(role, request, client_for, analytics):
    response = client_for(request.getfixturevalue(role)).post(
        url(analytics), {"strategy": "least_acv"}
    )

    assert response.status_code == 403
    assert not AssignmentRule.objects.exists()


def test_cs_ops_sees_the_rule_without_the_control(client_for, cs_ops, analytics):
    page = client_for(cs_ops).get(reverse("revops:home")).content.decode()

    assert "Round robin" in page
    assert 'name="strategy"' not in page


def test_an_unknown_unit_is_404(client_for, revops_admin):
    response = client_for(revops_admin).post(
        reverse("governance:set_assignment_rule", args=["nope"]), {"strategy": "least_acv"}
    )

    assert response.status_code == 404
    assert not AssignmentRule.objects.exists()
