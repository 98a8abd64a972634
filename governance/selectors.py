"""Reads for the definitions layer."""

from django.conf import settings
from django.utils import timezone

from accounts.models import BusinessUnit
from governance.definition_selectors import published_definitions
from governance.models import (
    AssignmentRule,
    AssignmentStrategy,
    DefinitionsVersion,
    DrafterKind,
    DraftingPolicy,
    FieldDefinition,
    PromptState,
    PromptTemplate,
    PromptVersion,
    UnitDrafter,
)
from governance.prompt_defaults import (
    DEFAULT_CHANGE_NOTE,
    DEFAULT_DESCRIPTION,
    DEFAULT_PROMPT,
    OUTPUT_SCHEMA_VERSION,
    PACKET_DRAFT,
)


def field_definitions(version: DefinitionsVersion | None = None) -> list[FieldDefinition]:
    """The fields of `version`, in order: the published set unless given."""
    return list((version or published_definitions()).fields.all())


def with_assignment_rules(units: list[BusinessUnit]) -> list[BusinessUnit]:
    """Attach each unit's CSM assignment rule (`strategy`, `strategy_label`); the default is
    round robin."""
    chosen = dict(AssignmentRule.objects.values_list("business_unit_id", "strategy"))
    for unit in units:
        unit.strategy = AssignmentStrategy(chosen.get(unit.pk, AssignmentStrategy.ROUND_ROBIN))
        unit.strategy_label = unit.strategy.label
    return units


def llm_configured() -> bool:
    """The LLM drafter can run: an OpenAI key, or an OpenAI-compatible server, is set."""
    return bool(settings.HANDBRIEF["OPENAI_API_KEY"] or settings.HANDBRIEF["OPENAI_BASE_URL"])


def drafter_kind_for(business_unit: BusinessUnit) -> str:
    """The unit's own choice of drafter, or the default for every unit."""
    chosen = UnitDrafter.objects.filter(business_unit=business_unit).first()
    return chosen.drafter if chosen else DraftingPolicy.current().drafter


def with_drafter_choices(units: list[BusinessUnit]) -> list[BusinessUnit]:
    """Attach each unit's own drafter choice (`drafter`, empty when it follows the default)."""
    chosen = dict(UnitDrafter.objects.values_list("business_unit_id", "drafter"))
    for unit in units:
        unit.drafter = chosen.get(unit.pk, "")
        unit.drafter_label = DrafterKind(unit.drafter).label if unit.drafter else ""
    return units


def published_prompt(key: str = PACKET_DRAFT) -> PromptVersion | None:
    """The version every LLM draft sends. An empty prompt table (a flushed database) gets the
    shipped default back, as field definitions do; a template without a published version
    stays without one, and the LLM drafter falls back to the rules drafter."""
    published = PromptVersion.objects.select_related("template").filter(
        template__key=key, state=PromptState.PUBLISHED
    )
    if key == PACKET_DRAFT and not PromptTemplate.objects.filter(key=key).exists():
        install_default_prompt()
    return published.first()


def install_default_prompt() -> None:
    """The packet-draft prompt as Handbrief ships it: published, with no author."""
    template, created = PromptTemplate.objects.get_or_create(
        key=PACKET_DRAFT,
        defaults={"name": "Packet draft", "description": DEFAULT_DESCRIPTION},
    )
    if created:
        PromptVersion.objects.create(
            template=template,
            number=1,
            text=DEFAULT_PROMPT,
            temperature=0,
            output_schema_version=OUTPUT_SCHEMA_VERSION,
            change_note=DEFAULT_CHANGE_NOTE,
            state=PromptState.PUBLISHED,
            published_at=timezone.now(),
        )


def prompt_versions(key: str = PACKET_DRAFT) -> tuple[PromptTemplate | None, list[PromptVersion]]:
    """A template and its versions, newest first, with their author and approver."""
    template = PromptTemplate.objects.filter(key=key).first()
    if template is None:
        return None, []
    versions = template.versions.select_related("author", "approved_by").order_by("-number")
    return template, list(versions)


def previewable_prompt_versions() -> list[PromptVersion]:
    """Versions worth trying on a packet: drafts, those in review, and the published one."""
    return list(
        PromptVersion.objects.select_related("template")
        .exclude(state=PromptState.RETIRED)
        .order_by("template__name", "-number")
    )
