"""The role split of governance, as a matrix: who writes, edits, sends for review, publishes
and retires prompts, field definitions and source mappings, and who runs the rest."""

import pytest

from accounts.models import Role
from accounts.policies import allows
from governance.models import DefinitionsVersion, MappingVersion, PromptState, PromptVersion
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AE, CSM, CS_OPS, REVOPS = Role.AE, Role.CSM, Role.CS_OPS, Role.REVOPS_ADMIN
EVERY_ROLE = (AE, CSM, CS_OPS, REVOPS)


def allowed(action: str, obj=None, users=None) -> set[str]:
    return {role for role, user in users.items() if allows(user, action, obj)}


@pytest.fixture
def people(users_by_role):
    return users_by_role


@pytest.mark.parametrize(
    ("action", "roles"),
    [
        ("prompts.write", {CS_OPS}),
        ("definitions.write", {CS_OPS, REVOPS}),
        ("definitions.fields", {CS_OPS}),
        ("definitions.gate", {REVOPS}),
        ("mappings.write", {REVOPS}),
        ("prompts.approve", {CS_OPS, REVOPS}),
        ("definitions.approve", {CS_OPS, REVOPS}),
        ("mappings.approve", {CS_OPS, REVOPS}),
        ("sla.manage", {REVOPS}),
        ("integrations.manage", {REVOPS}),
        ("comp.manage", {REVOPS}),
        ("governance.view", {CS_OPS, REVOPS}),
        ("replay.run", {CS_OPS, REVOPS}),
        ("review.flag", {AE, CSM}),
        ("review.view", {CS_OPS, REVOPS}),
        ("review.triage", {CS_OPS}),
        ("review.sign_off", {CS_OPS, REVOPS}),
    ],
)
def test_each_governance_action_belongs_to_the_roles_the_split_names(action, roles, people):
    assert allowed(action, users=people) == roles


def version_by(model, author, state=PromptState.DRAFT):
    """An unsaved version: the rules read only its author and state."""
    return model(number=99, author=author, state=state)


# (kind, model, role of the author who may write it)
KINDS = [
    ("prompts", PromptVersion, CS_OPS),
    ("definitions", DefinitionsVersion, CS_OPS),
    ("mappings", MappingVersion, REVOPS),
]


@pytest.mark.parametrize(("kind", "model", "writer"), KINDS)
def test_only_the_author_edits_and_submits_a_draft(kind, model, writer, people):
    author = people[writer]
    colleague = UserFactory(role=writer, business_unit=None)
    draft = version_by(model, author)

    for action in (f"{kind}.edit", f"{kind}.submit"):
        assert allowed(action, draft, {**people, "colleague": colleague}) == {writer}


@pytest.mark.parametrize(("kind", "model", "writer"), KINDS)
def test_an_approver_is_anyone_in_cs_ops_or_revops_but_the_author(kind, model, writer, people):
    version = version_by(model, people[writer], PromptState.IN_REVIEW)
    colleague = UserFactory(role=writer, business_unit=None)

    approvers = allowed(f"{kind}.approve", version, {**people, "colleague": colleague})

    assert approvers == {"colleague", CS_OPS, REVOPS} - {writer}


@pytest.mark.parametrize(("kind", "model", "writer"), KINDS)
def test_a_draft_is_retired_by_its_author_alone(kind, model, writer, people):
    colleague = UserFactory(role=writer, business_unit=None)

    retirers = allowed(
        f"{kind}.retire", version_by(model, people[writer]), {**people, "colleague": colleague}
    )

    assert retirers == {writer}


@pytest.mark.parametrize(("kind", "model", "writer"), KINDS)
def test_a_version_in_review_is_retired_by_its_author_or_an_approver(kind, model, writer, people):
    version = version_by(model, people[writer], PromptState.IN_REVIEW)

    assert allowed(f"{kind}.retire", version, people) == {CS_OPS, REVOPS}


def test_a_revops_admin_cannot_send_a_cs_ops_prompt_for_review(people):
    draft = version_by(PromptVersion, people[CS_OPS])

    assert allows(people[REVOPS], "prompts.submit", draft) is False
    assert allows(people[REVOPS], "prompts.retire", draft) is False


def test_in_a_definitions_draft_cs_ops_change_fields_and_revops_the_gate(people):
    by_cs_ops = version_by(DefinitionsVersion, people[CS_OPS])
    by_revops = version_by(DefinitionsVersion, people[REVOPS])

    assert allowed("definitions.fields", by_cs_ops, people) == {CS_OPS}
    assert allowed("definitions.gate", by_cs_ops, people) == set()
    assert allowed("definitions.gate", by_revops, people) == {REVOPS}
    assert allowed("definitions.fields", by_revops, people) == set()


def test_the_shipped_versions_have_no_author_so_nobody_edits_them(people):
    shipped = version_by(DefinitionsVersion, None, PromptState.PUBLISHED)

    assert allowed("definitions.edit", shipped, people) == set()
    assert allowed("definitions.submit", shipped, people) == set()


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_a_deactivated_person_may_do_nothing_in_governance(role, people):
    person = people[role]
    person.is_active = False

    for action in ("governance.view", "review.flag", "definitions.write", "mappings.write"):
        assert allows(person, action) is False
