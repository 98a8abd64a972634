"""The Governance pages for every role: what each may see and do, refusals with their exact
status (a refused write changes nothing), and bad input answered 400 with what was wrong."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.definition_selectors import published_definitions
from governance.definition_services import definitions_draft_start, definitions_field_save
from governance.mapping_selectors import published_mapping
from governance.mapping_services import mapping_draft_start
from governance.models import DefinitionsVersion, MappingVersion, PromptState, SlaPolicy

pytestmark = pytest.mark.django_db

PAGES = [
    "governance:home",
    "governance:definitions",
    "governance:mappings",
]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(
    ("role", "status"), [("ae", 403), ("csm", 403), ("cs_ops", 200), ("revops_admin", 200)]
)
def test_governance_pages_are_for_cs_ops_and_revops(name, role, status, request, client_for):
    response = client_for(request.getfixturevalue(role)).get(reverse(name))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("ae", 403), ("csm", 403), ("cs_ops", 200), ("revops_admin", 200)]
)
def test_a_version_page_is_for_cs_ops_and_revops(role, status, request, client_for):
    user = request.getfixturevalue(role)
    for name, version in (
        ("governance:definitions_version", published_definitions()),
        ("governance:mapping_version", published_mapping()),
    ):
        assert client_for(user).get(reverse(name, args=[version.pk])).status_code == status


def test_an_unknown_version_is_404(client_for, cs_ops):
    assert (
        client_for(cs_ops).get(reverse("governance:definitions_version", args=[999])).status_code
        == 404
    )
    assert (
        client_for(cs_ops).get(reverse("governance:mapping_version", args=[999])).status_code == 404
    )


def test_signed_out_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("governance:home"))

    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_navigation_shows_governance_to_cs_ops_only_among_the_sales_roles(
    client_for, cs_ops, ae
):
    assert "Governance" in client_for(cs_ops).get(reverse("governance:home")).content.decode()
    assert reverse("governance:home") not in client_for(ae).get(reverse("ae:home")).content.decode()


def test_cs_ops_start_a_definitions_draft_and_a_revops_admin_a_mapping_draft(
    client_for, cs_ops, revops_admin
):
    definitions = client_for(cs_ops).post(reverse("governance:definitions_new"))
    mapping = client_for(revops_admin).post(reverse("governance:mappings_new"))

    assert definitions.status_code == mapping.status_code == 302
    assert DefinitionsVersion.objects.get(number=2).author == cs_ops
    assert MappingVersion.objects.get(number=2).author == revops_admin


@pytest.mark.parametrize("role", ["ae", "csm"])
def test_aes_and_csms_cannot_start_a_draft(role, request, client_for):
    client = client_for(request.getfixturevalue(role))

    assert client.post(reverse("governance:definitions_new")).status_code == 403
    assert client.post(reverse("governance:mappings_new")).status_code == 403
    assert DefinitionsVersion.objects.count() == MappingVersion.objects.count() == 1


def test_cs_ops_cannot_start_a_mapping_draft(client_for, cs_ops):
    assert client_for(cs_ops).post(reverse("governance:mappings_new")).status_code == 403
    assert MappingVersion.objects.count() == 1


FIELD = {
    "key": "economic_buyer_champion",
    "label": "Economic buyer & champion",
    "guidance": "Name them with a LinkedIn URL.",
    "required_attributes": "name, linkedin_url",
}


def test_the_author_saves_a_field_from_the_draft_page(client_for, cs_ops):
    draft = definitions_draft_start(by=cs_ops)

    response = client_for(cs_ops).post(
        reverse("governance:definitions_field_save", args=[draft.pk]), FIELD, follow=True
    )

    assert response.status_code == 200
    assert "Economic buyer &amp; champion saved in draft v2." in response.content.decode()
    assert draft.fields.get(key="economic_buyer_champion").required_attributes == [
        "name",
        "linkedin_url",
    ]


def test_someone_else_saving_a_field_in_the_draft_is_403_and_changes_nothing(
    client_for, cs_ops, revops_admin
):
    draft = definitions_draft_start(by=cs_ops)

    response = client_for(revops_admin).post(
        reverse("governance:definitions_field_save", args=[draft.pk]), FIELD
    )

    assert response.status_code == 403
    assert "author edits its fields (CS Ops)" in response.content.decode()
    assert len(draft.fields.get(key="economic_buyer_champion").required_attributes) == 4


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({**FIELD, "required_attributes": "Has Spaces"}, "lower-case names with underscores"),
        ({**FIELD, "key": "Bad Key"}, "Key:"),
        ({**FIELD, "label": ""}, "Label: This field is required."),
    ],
)
def test_a_field_with_bad_input_is_400_with_what_was_wrong(given, message, client_for, cs_ops):
    draft = definitions_draft_start(by=cs_ops)

    response = client_for(cs_ops).post(
        reverse("governance:definitions_field_save", args=[draft.pk]), given
    )

    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_gate_that_is_not_a_number_is_400(client_for, revops_admin):
    draft = definitions_draft_start(by=revops_admin)

    response = client_for(revops_admin).post(
        reverse("governance:definitions_gate", args=[draft.pk]), {"gate_threshold": "seven"}
    )

    assert response.status_code == 400
    assert DefinitionsVersion.objects.get(pk=draft.pk).gate_threshold == 7


def _in_review(cs_ops):
    draft = definitions_draft_start(by=cs_ops)
    definitions_field_save(
        version=draft,
        key="success_criteria",
        label="Success criteria",
        guidance="Quoted.",
        required_attributes=["quote"],
        blocks_gate=False,
        by=cs_ops,
    )
    draft.change_note = "Dates come later."
    draft.save(update_fields=["change_note"])
    return draft


def test_the_author_sends_for_review_and_a_revops_admin_publishes(client_for, cs_ops, revops_admin):
    draft = _in_review(cs_ops)

    client_for(cs_ops).post(reverse("governance:definitions_submit", args=[draft.pk]))
    page = client_for(cs_ops).get(reverse("governance:definitions_version", args=[draft.pk]))
    published = client_for(revops_admin).post(
        reverse("governance:definitions_publish", args=[draft.pk]), follow=True
    )

    assert "Waiting for an approver other than you." in page.content.decode()
    assert reverse("governance:definitions_publish", args=[draft.pk]) not in page.content.decode()
    assert "open packets were re-scored" in published.content.decode()
    assert published_definitions() == draft


def test_the_author_publishing_their_own_change_is_403_and_changes_nothing(client_for, cs_ops):
    draft = _in_review(cs_ops)
    client_for(cs_ops).post(reverse("governance:definitions_submit", args=[draft.pk]))

    response = client_for(cs_ops).post(reverse("governance:definitions_publish", args=[draft.pk]))

    assert response.status_code == 403
    assert "Publishing needs an approver other than the author" in response.content.decode()
    assert DefinitionsVersion.objects.get(pk=draft.pk).state == PromptState.IN_REVIEW


def test_publishing_a_draft_not_in_review_is_409(client_for, cs_ops, revops_admin):
    draft = _in_review(cs_ops)

    response = client_for(revops_admin).post(
        reverse("governance:definitions_publish", args=[draft.pk])
    )

    assert response.status_code == 409
    assert DefinitionsVersion.objects.get(pk=draft.pk).state == PromptState.DRAFT


@pytest.mark.parametrize(
    "name",
    ["definitions_submit", "definitions_publish", "definitions_retire", "definitions_gate"],
)
def test_acts_on_a_version_refuse_get(name, client_for, cs_ops):
    draft = definitions_draft_start(by=cs_ops)

    assert client_for(cs_ops).get(reverse(f"governance:{name}", args=[draft.pk])).status_code == 405


@pytest.mark.parametrize("role", ["ae", "csm"])
def test_aes_and_csms_cannot_act_on_a_version(role, request, client_for, cs_ops):
    draft = definitions_draft_start(by=cs_ops)
    client = client_for(request.getfixturevalue(role))

    for name in ("definitions_submit", "definitions_retire", "definitions_field_save"):
        assert client.post(reverse(f"governance:{name}", args=[draft.pk]), FIELD).status_code == 403
    assert DefinitionsVersion.objects.get(pk=draft.pk).state == PromptState.DRAFT


def test_a_revops_admin_adds_a_mapped_source_and_cs_ops_may_not(client_for, revops_admin, cs_ops):
    draft = mapping_draft_start(by=revops_admin)
    row = {
        "field_key": "competitive_context",
        "attribute": "why_us",
        "source": "transcript",
        "locator": "keywords:connector|integration",
    }

    refused = client_for(cs_ops).post(reverse("governance:mapping_row_add", args=[draft.pk]), row)
    added = client_for(revops_admin).post(
        reverse("governance:mapping_row_add", args=[draft.pk]), row
    )

    assert (refused.status_code, added.status_code) == (403, 302)
    assert draft.rows.filter(locator="keywords:connector|integration").count() == 1


def test_an_unknown_locator_is_400_naming_what_can_be_read(client_for, revops_admin):
    draft = mapping_draft_start(by=revops_admin)

    response = client_for(revops_admin).post(
        reverse("governance:mapping_row_add", args=[draft.pk]),
        {
            "field_key": "success_criteria",
            "attribute": "quote",
            "source": "crm",
            "locator": "account.salary",
        },
    )

    assert response.status_code == 400
    assert "account.prior_vendors" in response.content.decode()


def test_a_row_that_is_not_a_number_is_400(client_for, revops_admin):
    draft = mapping_draft_start(by=revops_admin)

    response = client_for(revops_admin).post(
        reverse("governance:mapping_row_remove", args=[draft.pk]), {"row": "first"}
    )

    assert response.status_code == 400
    assert draft.rows.count() == published_mapping().rows.count()


def test_a_revops_admin_changes_the_sla_policy(client_for, revops_admin):
    response = client_for(revops_admin).post(
        reverse("governance:sla_update"),
        {
            "ae_turnaround_hours": 48,
            "csm_review_business_days": 2,
            "kickoff_business_days": 5,
            "due_soon_hours": 4,
        },
    )

    assert response.status_code == 302
    assert SlaPolicy.current().ae_turnaround_hours == 48


def test_cs_ops_cannot_change_the_sla_policy(client_for, cs_ops):
    response = client_for(cs_ops).post(
        reverse("governance:sla_update"),
        {
            "ae_turnaround_hours": 48,
            "csm_review_business_days": 2,
            "kickoff_business_days": 5,
            "due_soon_hours": 4,
        },
    )

    assert response.status_code == 403
    assert SlaPolicy.current().ae_turnaround_hours == 24


def test_an_sla_out_of_range_is_400(client_for, revops_admin):
    response = client_for(revops_admin).post(
        reverse("governance:sla_update"),
        {
            "ae_turnaround_hours": 500,
            "csm_review_business_days": 2,
            "kickoff_business_days": 5,
            "due_soon_hours": 4,
        },
    )

    assert response.status_code == 400
    assert SlaPolicy.current().ae_turnaround_hours == 24


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "start"), [("governance:definitions", "cs_ops"), ("governance:mappings", "revops")]
)
def test_the_versions_list_pages_in_a_fixed_number_of_queries(
    name, start, client_for, cs_ops, revops_admin
):
    author = cs_ops if start == "cs_ops" else revops_admin
    begin = definitions_draft_start if start == "cs_ops" else mapping_draft_start
    client, url = client_for(author), reverse(name)
    begin(by=author)
    few = _queries(client, url)
    for _ in range(24):
        begin(by=author)

    assert _queries(client, url) == few
    assert "Page 1 of 2" in client.get(url).content.decode()
    assert client.get(f"{url}?page=2").status_code == 200
    assert client.get(f"{url}?page=abc").status_code == 200
