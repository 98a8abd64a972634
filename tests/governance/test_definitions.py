"""Field definitions as versioned data: a draft copied from the published set, changed by its
author, sent for review and published by a colleague; published sets never change."""

import pytest
from django.db import IntegrityError, transaction

from accounts.errors import Conflict, RoleRefused
from governance.definition_selectors import definitions_diff, published_definitions
from governance.definition_services import (
    definitions_draft_start,
    definitions_field_remove,
    definitions_field_save,
    definitions_gate_set,
    definitions_note_set,
    definitions_publish,
    definitions_retire,
    definitions_submit,
    definitions_words_set,
)
from governance.models import DefinitionsVersion, FieldDefinition, ImmutableVersion, PromptState
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def require_linkedin_only(draft, by):
    return definitions_field_save(
        version=draft,
        key="economic_buyer_champion",
        label="Economic buyer & champion",
        guidance="Name them, with their LinkedIn URL.",
        required_attributes=["name", "linkedin_url"],
        blocks_gate=False,
        by=by,
    )


def in_review(draft, by, note="Fewer attributes for the buyer."):
    definitions_note_set(version=draft, change_note=note, by=by)
    return definitions_submit(version=draft, by=by)


def test_the_shipped_definitions_are_version_1_with_no_author():
    shipped = published_definitions()

    assert (shipped.number, shipped.state, shipped.author) == (1, PromptState.PUBLISHED, None)
    assert [f.key for f in shipped.fields.all()][:2] == [
        "economic_buyer_champion",
        "success_criteria",
    ]
    assert (shipped.gate_threshold, shipped.words_min, shipped.words_max) == (7, 1400, 2400)


def test_a_draft_starts_as_a_copy_of_the_published_set(cs_ops):
    draft = definitions_draft_start(by=cs_ops)

    assert (draft.number, draft.state, draft.author, draft.based_on) == (
        2,
        PromptState.DRAFT,
        cs_ops,
        published_definitions(),
    )
    assert definitions_diff(draft.based_on, draft).empty


def test_cs_ops_change_a_field_and_the_diff_says_what_changed(cs_ops):
    draft = definitions_draft_start(by=cs_ops)

    require_linkedin_only(draft, cs_ops)

    [change] = definitions_diff(draft.based_on, draft).fields
    assert change.kind == "changed"
    assert "No longer requires title, role_start_date" in change.details


def test_a_new_key_adds_a_ninth_field(cs_ops):
    draft = definitions_draft_start(by=cs_ops)

    definitions_field_save(
        version=draft,
        key="implementation_partner",
        label="Implementation partner",
        guidance="Who implements it.",
        required_attributes=["partner_name"],
        blocks_gate=False,
        by=cs_ops,
    )

    assert draft.fields.count() == 9
    assert definitions_diff(draft.based_on, draft).fields[0].kind == "added"


def test_a_field_without_required_attributes_is_refused(cs_ops):
    draft = definitions_draft_start(by=cs_ops)

    with pytest.raises(Exception, match="at least one required attribute"):
        definitions_field_save(
            version=draft,
            key="partner",
            label="Partner",
            guidance="Who.",
            required_attributes=[],
            blocks_gate=False,
            by=cs_ops,
        )


def test_cs_ops_may_not_change_the_gate_and_revops_may_not_change_fields(cs_ops, revops_admin):
    cs_ops_draft = definitions_draft_start(by=cs_ops)
    revops_draft = definitions_draft_start(by=revops_admin)

    with pytest.raises(RoleRefused):
        definitions_gate_set(version=cs_ops_draft, gate_threshold=6, by=cs_ops)
    with pytest.raises(RoleRefused):
        require_linkedin_only(revops_draft, revops_admin)
    definitions_gate_set(version=revops_draft, gate_threshold=6, by=revops_admin)
    assert DefinitionsVersion.objects.get(pk=revops_draft.pk).gate_threshold == 6


def test_a_gate_above_the_number_of_fields_is_refused(revops_admin):
    draft = definitions_draft_start(by=revops_admin)

    with pytest.raises(Exception, match="between 1 and 8"):
        definitions_gate_set(version=draft, gate_threshold=9, by=revops_admin)


def test_a_word_range_out_of_order_is_refused(cs_ops):
    draft = definitions_draft_start(by=cs_ops)

    with pytest.raises(Exception, match="shortest length below the longest"):
        definitions_words_set(
            version=draft, words_min=3000, words_max=2000, words_warning=4000, by=cs_ops
        )


def test_a_colleague_cannot_edit_someone_else_s_draft(cs_ops):
    draft = definitions_draft_start(by=cs_ops)
    colleague = UserFactory(role="cs_ops", business_unit=None)

    with pytest.raises(RoleRefused):
        require_linkedin_only(draft, colleague)
    assert definitions_diff(draft.based_on, draft).empty


def test_removing_a_field_keeps_enough_for_the_gate(cs_ops):
    draft = definitions_draft_start(by=cs_ops)
    definitions_field_remove(version=draft, key="existing_relationships", by=cs_ops)

    with pytest.raises(Exception, match="lower it first"):
        definitions_field_remove(version=draft, key="competitive_context", by=cs_ops)
    assert draft.fields.count() == 7


def test_a_draft_that_changes_nothing_cannot_go_to_review(cs_ops):
    draft = definitions_draft_start(by=cs_ops)
    definitions_note_set(version=draft, change_note="Nothing.", by=cs_ops)

    with pytest.raises(Exception, match="changes nothing"):
        definitions_submit(version=draft, by=cs_ops)


def test_review_needs_a_change_note(cs_ops):
    draft = definitions_draft_start(by=cs_ops)
    require_linkedin_only(draft, cs_ops)

    with pytest.raises(Exception, match="what changed and why"):
        definitions_submit(version=draft, by=cs_ops)


def test_a_revops_admin_publishes_and_the_old_set_retires(cs_ops, revops_admin):
    draft = definitions_draft_start(by=cs_ops)
    require_linkedin_only(draft, cs_ops)
    in_review(draft, cs_ops)

    definitions_publish(version=draft, by=revops_admin)

    draft.refresh_from_db()
    assert (draft.state, draft.approved_by) == (PromptState.PUBLISHED, revops_admin)
    assert DefinitionsVersion.objects.get(number=1).state == PromptState.RETIRED
    assert published_definitions() == draft


def test_the_author_cannot_publish_their_own_change(cs_ops):
    draft = definitions_draft_start(by=cs_ops)
    require_linkedin_only(draft, cs_ops)
    in_review(draft, cs_ops)

    with pytest.raises(RoleRefused):
        definitions_publish(version=draft, by=cs_ops)
    assert published_definitions().number == 1


def test_a_draft_is_published_only_after_review(cs_ops, revops_admin):
    draft = definitions_draft_start(by=cs_ops)
    require_linkedin_only(draft, cs_ops)

    with pytest.raises(Conflict):
        definitions_publish(version=draft, by=revops_admin)


def test_a_draft_from_a_set_no_longer_published_is_refused(cs_ops, revops_admin):
    first = definitions_draft_start(by=cs_ops)
    second = definitions_draft_start(by=cs_ops)
    for draft in (first, second):
        require_linkedin_only(draft, cs_ops)
        in_review(draft, cs_ops)
    definitions_publish(version=first, by=revops_admin)

    with pytest.raises(Conflict, match="Start a new draft"):
        definitions_publish(version=second, by=revops_admin)


def test_a_published_set_never_changes(cs_ops):
    shipped = published_definitions()
    field = shipped.fields.first()
    field.required_attributes = ["name"]

    with pytest.raises(ImmutableVersion):
        field.save()
    with pytest.raises(ImmutableVersion):
        shipped.gate_threshold = 3
        shipped.save()


def test_retiring_a_draft(cs_ops):
    draft = definitions_draft_start(by=cs_ops)

    definitions_retire(version=draft, by=cs_ops)

    assert DefinitionsVersion.objects.get(pk=draft.pk).state == PromptState.RETIRED


def test_the_database_refuses_an_author_approving_their_own_set(cs_ops):
    draft = definitions_draft_start(by=cs_ops)

    with pytest.raises(IntegrityError), transaction.atomic():
        DefinitionsVersion.objects.filter(pk=draft.pk).update(approved_by=cs_ops)


def test_the_database_holds_one_published_set(cs_ops):
    draft = definitions_draft_start(by=cs_ops)

    with pytest.raises(IntegrityError), transaction.atomic():
        DefinitionsVersion.objects.filter(pk=draft.pk).update(
            state=PromptState.PUBLISHED, author=None
        )


def test_an_emptied_definitions_table_gets_the_shipped_set_back():
    DefinitionsVersion.objects.all().delete()

    restored = published_definitions()

    assert (restored.state, restored.author, restored.fields.count()) == (
        PromptState.PUBLISHED,
        None,
        8,
    )
    assert FieldDefinition.objects.count() == 8
