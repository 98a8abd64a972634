"""RevOps admins choose the drafter per business unit or for every unit; the LLM drafter
only when Handbrief can reach a model."""

import pytest
from django.urls import reverse

from governance.models import DrafterKind, DraftingPolicy, UnitDrafter
from governance.selectors import drafter_kind_for
from handoffs.drafting.llm import LlmDrafter
from handoffs.drafting.registry import drafter_for
from handoffs.drafting.rules import RulesDrafter
from tests.factories import PacketFactory

pytestmark = pytest.mark.django_db

URL = reverse("drafting:set_drafter")


@pytest.fixture
def llm_available(settings):
    settings.HANDBRIEF = {**settings.HANDBRIEF, "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": ""}


@pytest.fixture
def llm_unavailable(settings):
    settings.HANDBRIEF = {**settings.HANDBRIEF, "OPENAI_API_KEY": "", "OPENAI_BASE_URL": ""}


def test_the_rules_drafter_is_the_default(analytics):
    assert drafter_kind_for(analytics) == DrafterKind.RULES
    assert isinstance(drafter_for(PacketFactory(business_unit=analytics)), RulesDrafter)


def test_an_admin_switches_every_unit_to_the_llm_drafter(
    client_for, revops_admin, analytics, llm_available
):
    response = client_for(revops_admin).post(URL, {"drafter": "llm"}, follow=True)

    assert DraftingPolicy.current().drafter == DrafterKind.LLM
    assert DraftingPolicy.current().updated_by == revops_admin
    assert isinstance(drafter_for(PacketFactory(business_unit=analytics)), LlmDrafter)
    assert "now draft with the llm drafter" in response.content.decode()


def test_a_unit_s_own_choice_wins_over_the_default(
    client_for, revops_admin, analytics, integrations, llm_available
):
    client_for(revops_admin).post(URL, {"drafter": "llm", "business_unit": "integrations"})

    assert drafter_kind_for(integrations) == DrafterKind.LLM
    assert drafter_kind_for(analytics) == DrafterKind.RULES


def test_a_unit_goes_back_to_following_the_default(client_for, revops_admin, analytics):
    UnitDrafter.objects.create(business_unit=analytics, drafter=DrafterKind.LLM)

    client_for(revops_admin).post(URL, {"drafter": "default", "business_unit": "analytics"})

    assert not UnitDrafter.objects.exists()
    assert drafter_kind_for(analytics) == DrafterKind.RULES


def test_the_llm_drafter_cannot_be_chosen_without_a_key_or_server(
    client_for, revops_admin, analytics, llm_unavailable
):
    response = client_for(revops_admin).post(URL, {"drafter": "llm"}, follow=True)

    assert DraftingPolicy.current().drafter == DrafterKind.RULES
    assert "The LLM drafter needs OPENAI_API_KEY" in response.content.decode()


def test_an_openai_compatible_server_is_enough(client_for, revops_admin, settings):
    settings.HANDBRIEF = {
        **settings.HANDBRIEF,
        "OPENAI_API_KEY": "",
        "OPENAI_BASE_URL": "http://127.0.0.1:11434/v1",
    }

    client_for(revops_admin).post(URL, {"drafter": "llm"})

    assert DraftingPolicy.current().drafter == DrafterKind.LLM


def test_the_page_says_why_the_llm_drafter_is_off(client_for, revops_admin, llm_unavailable):
    page = client_for(revops_admin).get(reverse("drafting:home")).content.decode()

    assert "The LLM drafter is off." in page
    assert "(not configured)" in page


def test_an_unknown_drafter_is_refused(client_for, revops_admin):
    response = client_for(revops_admin).post(URL, {"drafter": "magic"}, follow=True)

    assert "Unknown drafter: magic." in response.content.decode()
    assert DraftingPolicy.current().drafter == DrafterKind.RULES
    assert DraftingPolicy.current().updated_by is None


def test_following_the_default_is_no_choice_for_the_default_itself(client_for, revops_admin):
    response = client_for(revops_admin).post(URL, {"drafter": "default"}, follow=True)

    assert "Unknown drafter: default." in response.content.decode()
    assert DraftingPolicy.current().drafter == DrafterKind.RULES
    assert DraftingPolicy.current().updated_by is None


def test_an_unknown_unit_is_404(client_for, revops_admin):
    response = client_for(revops_admin).post(URL, {"drafter": "rules", "business_unit": "nope"})

    assert response.status_code == 404
    assert not UnitDrafter.objects.exists()
    assert DraftingPolicy.current().updated_by is None


@pytest.mark.parametrize("role", ["ae", "csm", "cs_ops"])
def test_only_revops_admins_choose_the_drafter(role, request, client_for, llm_available):
    response = client_for(request.getfixturevalue(role)).post(URL, {"drafter": "llm"})

    assert response.status_code == 403
    assert DraftingPolicy.current().drafter == DrafterKind.RULES
    assert DraftingPolicy.current().updated_by is None


def test_cs_ops_sees_the_choice_without_the_control(client_for, cs_ops, analytics):
    page = client_for(cs_ops).get(reverse("drafting:home")).content.decode()

    assert "Follows the default" in page
    assert 'name="drafter"' not in page


def test_choosing_refuses_get(client_for, revops_admin):
    assert client_for(revops_admin).get(URL).status_code == 405
