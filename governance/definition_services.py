"""Writes to the versioned field definitions: a draft copied from the published set, edited by
its author, sent for review and published by someone else.

CS Ops own the fields and the word-count range (`definitions.fields`); RevOps admins own the
gate (`definitions.gate`). Publishing announces `definitions_published`, on which handoffs
re-derives every open packet.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from accounts.models import User
from governance import versions
from governance.definition_selectors import definitions_diff, published_definitions
from governance.models import DefinitionsVersion, FieldDefinition, PromptState
from governance.signals import definitions_published

KIND = "definitions"
SLUG = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


def attributes_from(text: str) -> list[str]:
    """Required attributes as people type them (commas or lines), checked as identifiers."""
    names = [part.strip().lower() for part in re.split(r"[,\n]", text) if part.strip()]
    wrong = [name for name in names if not SLUG.match(name)]
    if wrong:
        raise ValidationError(
            {
                "required_attributes": f"Use lower-case names with underscores, like "
                f"linkedin_url: {', '.join(wrong)}."
            }
        )
    return list(dict.fromkeys(names))


@transaction.atomic
def definitions_draft_start(*, by: User) -> DefinitionsVersion:
    """A new draft, a copy of the published set for `by` to change."""
    versions.require(by, f"{KIND}.write", None, "Your role does not edit field definitions.")
    base = published_definitions()
    # Drafts are numbered under the published row's lock, so two at once never share a number.
    DefinitionsVersion.objects.select_for_update().filter(pk=base.pk).first()
    draft = DefinitionsVersion.objects.create(
        number=versions.next_number(DefinitionsVersion),
        author=by,
        based_on=base,
        gate_threshold=base.gate_threshold,
        words_min=base.words_min,
        words_max=base.words_max,
        words_warning=base.words_warning,
    )
    for field in base.fields.all():
        FieldDefinition.objects.create(
            version=draft,
            key=field.key,
            label=field.label,
            guidance=field.guidance,
            required_attributes=list(field.required_attributes),
            blocks_gate=field.blocks_gate,
            position=field.position,
        )
    return draft


def _editable(version: DefinitionsVersion, by: User, action: str, what: str) -> None:
    versions.require(by, action, version, f"Only the draft's author edits {what}.")
    versions.require_state(version, PromptState.DRAFT, "Only a draft can be edited.")


@transaction.atomic
def definitions_field_save(
    *,
    version: DefinitionsVersion,
    key: str,
    label: str,
    guidance: str,
    required_attributes: list[str],
    blocks_gate: bool,
    by: User,
) -> FieldDefinition:
    """Change a field of the draft, or add it when the key is new (a ninth field is scored by
    its required attributes until it has rules of its own)."""
    _editable(version, by, f"{KIND}.fields", "its fields (CS Ops)")
    if not SLUG.match(key):
        raise ValidationError({"key": "Use a lower-case name with underscores, like partner."})
    if not required_attributes:
        raise ValidationError({"required_attributes": "Name at least one required attribute."})
    field = version.fields.filter(key=key).first()
    if field is None:
        position = (version.fields.aggregate(last=Max("position"))["last"] or 0) + 1
        field = FieldDefinition(version=version, key=key, position=position)
    field.label, field.guidance = label.strip(), guidance.strip()
    field.required_attributes, field.blocks_gate = required_attributes, blocks_gate
    field.save()
    return field


@transaction.atomic
def definitions_field_remove(*, version: DefinitionsVersion, key: str, by: User) -> None:
    _editable(version, by, f"{KIND}.fields", "its fields (CS Ops)")
    field = version.fields.filter(key=key).first()
    if field is None:
        raise ValidationError({"key": "That field is not in this draft."})
    if version.fields.count() <= version.gate_threshold:
        raise ValidationError(
            {"key": f"The gate needs {version.gate_threshold} complete fields; lower it first."}
        )
    field.delete()


def definitions_words_set(
    *, version: DefinitionsVersion, words_min: int, words_max: int, words_warning: int, by: User
) -> DefinitionsVersion:
    _editable(version, by, f"{KIND}.fields", "the word-count range (CS Ops)")
    if not 0 < words_min < words_max <= words_warning:
        raise ValidationError(
            "The range needs a shortest length below the longest, and a warning at or above it."
        )
    version.words_min, version.words_max, version.words_warning = (
        words_min,
        words_max,
        words_warning,
    )
    version.save(update_fields=["words_min", "words_max", "words_warning"])
    return version


def definitions_gate_set(
    *, version: DefinitionsVersion, gate_threshold: int, by: User
) -> DefinitionsVersion:
    _editable(version, by, f"{KIND}.gate", "the gate (RevOps admins)")
    count = version.fields.count()
    if not 1 <= gate_threshold <= count:
        raise ValidationError({"gate_threshold": f"Choose between 1 and {count} fields."})
    version.gate_threshold = gate_threshold
    version.save(update_fields=["gate_threshold"])
    return version


def definitions_note_set(*, version: DefinitionsVersion, change_note: str, by: User) -> None:
    versions.require(by, f"{KIND}.edit", version, "Only the draft's author writes its note.")
    versions.require_state(version, PromptState.DRAFT, "Only a draft can be edited.")
    version.change_note = change_note.strip()
    version.save(update_fields=["change_note"])


def definitions_submit(*, version: DefinitionsVersion, by: User) -> DefinitionsVersion:
    """Send for review; a draft that changes nothing is refused."""
    if definitions_diff(version.based_on, version).empty:
        raise ValidationError("This draft changes nothing yet.")
    return versions.submit(version, kind=KIND, by=by)


@transaction.atomic
def definitions_publish(*, version: DefinitionsVersion, by: User) -> DefinitionsVersion:
    """Publish (someone other than the author) and let every open packet re-derive with it,
    in the same transaction: either all of it happens or none."""
    published = versions.publish(version, kind=KIND, by=by)
    definitions_published.send(sender=DefinitionsVersion, version=published, by=by)
    return published


def definitions_retire(*, version: DefinitionsVersion, by: User) -> DefinitionsVersion:
    return versions.retire(version, kind=KIND, by=by)
