"""Reads of the versioned field definitions: the set in force, its history, what a draft
changes."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from governance.field_defaults import DEFAULT_FIELDS
from governance.models import DefinitionsVersion, FieldDefinition, PromptState
from governance.versions import next_number

SHIPPED_NOTE = "As Handbrief ships: the operating model's eight fields, gate 7 of 8."


def _with_fields():
    return DefinitionsVersion.objects.prefetch_related(
        Prefetch("fields", queryset=FieldDefinition.objects.order_by("position", "key"))
    ).select_related("author", "approved_by", "based_on")


def published_definitions() -> DefinitionsVersion:
    """The set scoring reads. An empty table (a flushed database) gets the shipped set back,
    because scoring against no rules would pass every packet."""
    version = _with_fields().filter(state=PromptState.PUBLISHED).first()
    return version if version is not None else install_default_definitions()


def definitions_version(pk: int) -> DefinitionsVersion:
    """One version with its fields in order (DoesNotExist answers 404)."""
    return _with_fields().get(pk=pk)


def install_default_definitions() -> DefinitionsVersion:
    """The operating model's eight fields, published with no author: nobody in the
    organisation wrote them, so nobody approved their own rules."""
    try:
        with transaction.atomic():
            version = DefinitionsVersion.objects.create(
                number=next_number(DefinitionsVersion), change_note=SHIPPED_NOTE
            )
            for position, field in enumerate(DEFAULT_FIELDS):
                FieldDefinition.objects.create(version=version, position=position, **field)
            version.state, version.published_at = PromptState.PUBLISHED, timezone.now()
            version.save(update_fields=["state", "published_at"])
    except IntegrityError:
        pass  # another request installed it first
    return _with_fields().get(state=PromptState.PUBLISHED)


def definitions_history() -> QuerySet[DefinitionsVersion]:
    """Every version, newest first, with who wrote and who approved it (pages slice it)."""
    return DefinitionsVersion.objects.select_related("author", "approved_by").order_by("-number")


def open_definitions() -> list[DefinitionsVersion]:
    """Drafts and versions in review, newest first."""
    return list(definitions_history().filter(state__in=[PromptState.DRAFT, PromptState.IN_REVIEW]))


@dataclass(frozen=True)
class FieldChange:
    key: str
    label: str
    kind: str  # "added" | "removed" | "changed"
    details: list[str]


@dataclass(frozen=True)
class DefinitionsDiff:
    fields: list[FieldChange]
    settings: list[str]

    @property
    def empty(self) -> bool:
        return not self.fields and not self.settings


def _attributes(values: list[str]) -> str:
    return ", ".join(values) or "none"


def _range(shortest: int, longest: int, warning: int) -> str:
    return f"{shortest:,} to {longest:,} words (warn above {warning:,})"


def _field_details(old: FieldDefinition, new: FieldDefinition) -> list[str]:
    details = []
    if old.label != new.label:
        details.append(f"Label: “{old.label}” → “{new.label}”")
    if old.guidance != new.guidance:
        details.append("Guidance reworded")
    added = [a for a in new.required_attributes if a not in old.required_attributes]
    dropped = [a for a in old.required_attributes if a not in new.required_attributes]
    if added:
        details.append(f"Now requires {_attributes(added)}")
    if dropped:
        details.append(f"No longer requires {_attributes(dropped)}")
    if old.blocks_gate != new.blocks_gate:
        details.append(
            "Now blocks the gate alone" if new.blocks_gate else "No longer blocks the gate"
        )
    if old.position != new.position:
        details.append(f"Moved from position {old.position + 1} to {new.position + 1}")
    return details


def definitions_diff(
    base: DefinitionsVersion | None, version: DefinitionsVersion
) -> DefinitionsDiff:
    """What `version` changes against `base` (the published set it started from)."""
    old = {f.key: f for f in base.fields.all()} if base else {}
    new = {f.key: f for f in version.fields.all()}
    changes = []
    for key, field in new.items():
        if key not in old:
            changes.append(
                FieldChange(
                    key,
                    field.label,
                    "added",
                    [f"Requires {_attributes(field.required_attributes)}"]
                    + (["Blocks the gate alone"] if field.blocks_gate else []),
                )
            )
        elif details := _field_details(old[key], field):
            changes.append(FieldChange(key, field.label, "changed", details))
    changes += [FieldChange(k, f.label, "removed", []) for k, f in old.items() if k not in new]
    settings = []
    if base is not None:
        if base.gate_threshold != version.gate_threshold:
            settings.append(f"Gate: {base.gate_threshold} → {version.gate_threshold} fields")
        old_words = (base.words_min, base.words_max, base.words_warning)
        new_words = (version.words_min, version.words_max, version.words_warning)
        if old_words != new_words:
            settings.append(f"Word count: {_range(*old_words)} → {_range(*new_words)}")
    return DefinitionsDiff(fields=changes, settings=settings)
