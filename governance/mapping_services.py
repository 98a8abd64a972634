"""Writes to the versioned source mappings: RevOps admins draft, someone else publishes.

The drafter reads the published mapping on its next draft; nothing already drafted changes.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from accounts.models import User
from governance import versions
from governance.definition_services import SLUG
from governance.mapping_selectors import mapping_diff, published_mapping
from governance.models import MappingVersion, PromptState, SourceMapping
from governance.source_catalog import locator_error

KIND = "mappings"


@transaction.atomic
def mapping_draft_start(*, by: User) -> MappingVersion:
    versions.require(by, f"{KIND}.write", None, "Only RevOps admins map sources.")
    base = published_mapping()
    MappingVersion.objects.select_for_update().filter(pk=base.pk).first()
    draft = MappingVersion.objects.create(
        number=versions.next_number(MappingVersion), author=by, based_on=base
    )
    for row in base.rows.all():
        SourceMapping.objects.create(
            version=draft,
            field_key=row.field_key,
            attribute=row.attribute,
            priority=row.priority,
            source=row.source,
            locator=row.locator,
        )
    return draft


def _editable(version: MappingVersion, by: User) -> None:
    versions.require(by, f"{KIND}.edit", version, "Only the draft's author edits its mappings.")
    versions.require_state(version, PromptState.DRAFT, "Only a draft can be edited.")


@transaction.atomic
def mapping_row_add(
    *, version: MappingVersion, field_key: str, attribute: str, source: str, locator: str, by: User
) -> SourceMapping:
    """Add a source after the attribute's existing ones (move it up afterwards if it should
    be tried first)."""
    _editable(version, by)
    errors = {}
    if not SLUG.match(field_key):
        errors["field_key"] = "Use a field key like competitive_context."
    if not SLUG.match(attribute):
        errors["attribute"] = "Use an attribute name like why_us."
    if problem := locator_error(source, locator.strip()):
        errors["locator"] = problem
    if errors:
        raise ValidationError(errors)
    rows = version.rows.filter(field_key=field_key, attribute=attribute)
    if rows.filter(source=source, locator=locator.strip()).exists():
        raise ValidationError({"locator": "This attribute already reads that source."})
    last = rows.aggregate(last=Max("priority"))["last"] or 0
    return SourceMapping.objects.create(
        version=version,
        field_key=field_key,
        attribute=attribute,
        priority=last + 1,
        source=source,
        locator=locator.strip(),
    )


def _row(version: MappingVersion, row_id: int) -> SourceMapping:
    row = version.rows.filter(pk=row_id).first()
    if row is None:
        raise ValidationError({"row": "That source is not in this draft."})
    return row


@transaction.atomic
def mapping_row_remove(*, version: MappingVersion, row_id: int, by: User) -> None:
    _editable(version, by)
    row = _row(version, row_id)
    row.delete()
    _renumber(version, row.field_key, row.attribute)


@transaction.atomic
def mapping_row_raise(*, version: MappingVersion, row_id: int, by: User) -> None:
    """Try this source one step earlier for its attribute."""
    _editable(version, by)
    row = _row(version, row_id)
    ordered = list(version.rows.filter(field_key=row.field_key, attribute=row.attribute))
    ordered.sort(key=lambda r: r.priority)
    at = next(i for i, r in enumerate(ordered) if r.pk == row.pk)
    if at == 0:
        return
    ordered[at - 1], ordered[at] = ordered[at], ordered[at - 1]
    _store_order(ordered)


def _renumber(version: MappingVersion, field_key: str, attribute: str) -> None:
    _store_order(
        sorted(
            version.rows.filter(field_key=field_key, attribute=attribute), key=lambda r: r.priority
        )
    )


def _store_order(rows: list[SourceMapping]) -> None:
    """Priorities 1..n in this order (through a free range, for the unique constraint)."""
    offset = 1000
    for row in rows:
        row.priority += offset
        row.save(update_fields=["priority"])
    for number, row in enumerate(rows, start=1):
        row.priority = number
        row.save(update_fields=["priority"])


def mapping_note_set(*, version: MappingVersion, change_note: str, by: User) -> None:
    _editable(version, by)
    version.change_note = change_note.strip()
    version.save(update_fields=["change_note"])


def mapping_submit(*, version: MappingVersion, by: User) -> MappingVersion:
    if not mapping_diff(version.based_on, version):
        raise ValidationError("This draft changes nothing yet.")
    return versions.submit(version, kind=KIND, by=by)


def mapping_publish(*, version: MappingVersion, by: User) -> MappingVersion:
    return versions.publish(version, kind=KIND, by=by)


def mapping_retire(*, version: MappingVersion, by: User) -> MappingVersion:
    return versions.retire(version, kind=KIND, by=by)
