"""Writes to the definitions layer."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.errors import RoleRefused
from accounts.models import BusinessUnit, User
from accounts.policies import allows
from governance.models import (
    AssignmentRule,
    AssignmentStrategy,
    DrafterKind,
    DraftingPolicy,
    PromptState,
    PromptTemplate,
    PromptVersion,
    SlaPolicy,
    UnitDrafter,
)
from governance.prompt_defaults import OUTPUT_SCHEMA_VERSIONS
from governance.selectors import llm_configured

FOLLOW_DEFAULT = "default"


def assignment_rule_set(*, business_unit: BusinessUnit, strategy: str) -> AssignmentRule:
    """Choose how the unit's packets that pass the gate are shared among its CSMs."""
    if strategy not in AssignmentStrategy.values:
        raise ValidationError(f"Unknown assignment rule: {strategy}.")
    rule, _ = AssignmentRule.objects.update_or_create(
        business_unit=business_unit, defaults={"strategy": strategy}
    )
    return rule


def sla_policy_set(*, by: User, **values: int) -> SlaPolicy:
    """RevOps admins set the clocks packets run on; the form bounds each value."""
    if not allows(by, "sla.manage"):
        raise RoleRefused("Only RevOps admins change the SLA policy.")
    policy = SlaPolicy.current()
    for name, value in values.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    return policy


def drafter_choice_set(*, business_unit: BusinessUnit | None, drafter: str, by: User) -> None:
    """Choose the drafter for every unit (`business_unit=None`) or for one unit; a unit may
    also go back to following the default."""
    allowed = [*DrafterKind.values, *([FOLLOW_DEFAULT] if business_unit else [])]
    if drafter not in allowed:
        raise ValidationError(f"Unknown drafter: {drafter}.")
    if drafter == DrafterKind.LLM and not llm_configured():
        raise ValidationError(
            "The LLM drafter needs OPENAI_API_KEY, or OPENAI_BASE_URL for an OpenAI-compatible "
            "server, in Handbrief's environment."
        )
    if business_unit is None:
        policy = DraftingPolicy.current()
        policy.drafter, policy.updated_by = drafter, by
        policy.save(update_fields=["drafter", "updated_by", "updated_at"])
    elif drafter == FOLLOW_DEFAULT:
        UnitDrafter.objects.filter(business_unit=business_unit).delete()
    else:
        UnitDrafter.objects.update_or_create(
            business_unit=business_unit, defaults={"drafter": drafter, "updated_by": by}
        )


@transaction.atomic
def prompt_version_create(
    *,
    template: PromptTemplate,
    text: str,
    model: str,
    temperature: Decimal,
    output_schema_version: str,
    change_note: str,
    author: User,
) -> PromptVersion:
    """A new draft wording; versions are never edited, so every change is a new number."""
    if output_schema_version not in OUTPUT_SCHEMA_VERSIONS:
        raise ValidationError(f"Unknown output schema version: {output_schema_version}.")
    PromptTemplate.objects.select_for_update().get(pk=template.pk)
    latest = template.versions.aggregate(latest=Max("number"))["latest"] or 0
    return PromptVersion.objects.create(
        template=template,
        number=latest + 1,
        text=text.strip(),
        model=model.strip(),
        temperature=temperature,
        output_schema_version=output_schema_version,
        change_note=change_note.strip(),
        author=author,
    )


def prompt_version_submit(*, version: PromptVersion) -> PromptVersion:
    """Ask for review: from here a person other than the author may publish it."""
    _require_state(version, PromptState.DRAFT, "Only a draft can be sent for review.")
    version.state, version.submitted_at = PromptState.IN_REVIEW, timezone.now()
    version.save(update_fields=["state", "submitted_at"])
    return version


@transaction.atomic
def prompt_version_publish(*, version: PromptVersion, by: User) -> PromptVersion:
    """Make this the version every LLM draft uses, retiring the one published before it.

    Refused for the author: the words a drafter sends need two people, one to write them
    and one to approve them."""
    PromptTemplate.objects.select_for_update().get(pk=version.template_id)
    version.refresh_from_db()
    _require_state(version, PromptState.IN_REVIEW, "Only a version in review can be published.")
    if not allows(by, "prompts.approve", version):
        raise ValidationError(
            "Publishing needs an approver other than the author. Ask a colleague in CS Ops "
            "or RevOps to publish it."
        )
    now = timezone.now()
    PromptVersion.objects.filter(
        template_id=version.template_id, state=PromptState.PUBLISHED
    ).update(state=PromptState.RETIRED, retired_at=now)
    version.state, version.approved_by, version.published_at = PromptState.PUBLISHED, by, now
    version.save(update_fields=["state", "approved_by", "published_at"])
    return version


def prompt_version_retire(*, version: PromptVersion) -> PromptVersion:
    """Set aside a draft or a version in review. The published version is only retired by
    publishing its successor, so the LLM drafter always has words to send."""
    if version.state not in (PromptState.DRAFT, PromptState.IN_REVIEW):
        raise ValidationError(
            "The published version is retired by publishing another one."
            if version.state == PromptState.PUBLISHED
            else "This version is already retired."
        )
    version.state, version.retired_at = PromptState.RETIRED, timezone.now()
    version.save(update_fields=["state", "retired_at"])
    return version


def _require_state(version: PromptVersion, state: str, message: str) -> None:
    if version.state != state:
        raise ValidationError(message)
