"""Reads of the versioned source mappings: the set in force and its rows by attribute."""

from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from governance.models import MappingVersion, PromptState, SourceMapping
from governance.source_catalog import DEFAULT_MAPPING_NOTE, DEFAULT_MAPPINGS, describe
from governance.versions import next_number


def _with_rows():
    return MappingVersion.objects.prefetch_related("rows").select_related(
        "author", "approved_by", "based_on"
    )


def published_mapping() -> MappingVersion:
    """The mapping the rules drafter reads; an empty table gets the shipped one back."""
    version = _with_rows().filter(state=PromptState.PUBLISHED).first()
    return version if version is not None else install_default_mapping()


def mapping_version(pk: int) -> MappingVersion:
    return _with_rows().get(pk=pk)


def install_default_mapping() -> MappingVersion:
    """The sources the rules drafter always read, published with no author."""
    try:
        with transaction.atomic():
            version = MappingVersion.objects.create(
                number=next_number(MappingVersion), change_note=DEFAULT_MAPPING_NOTE
            )
            seen: dict[tuple[str, str], int] = defaultdict(int)
            for field_key, attribute, source, locator in DEFAULT_MAPPINGS:
                seen[field_key, attribute] += 1
                SourceMapping.objects.create(
                    version=version,
                    field_key=field_key,
                    attribute=attribute,
                    priority=seen[field_key, attribute],
                    source=source,
                    locator=locator,
                )
            version.state, version.published_at = PromptState.PUBLISHED, timezone.now()
            version.save(update_fields=["state", "published_at"])
    except IntegrityError:
        pass  # another request installed it first
    return _with_rows().get(state=PromptState.PUBLISHED)


def mapping_history() -> QuerySet[MappingVersion]:
    """Every version, newest first, with who wrote and who approved it (pages slice it)."""
    return MappingVersion.objects.select_related("author", "approved_by").order_by("-number")


def open_mappings() -> list[MappingVersion]:
    """Drafts and versions in review, newest first."""
    return list(mapping_history().filter(state__in=[PromptState.DRAFT, PromptState.IN_REVIEW]))


@dataclass(frozen=True)
class Source:
    source: str
    locator: str

    @property
    def label(self) -> str:
        return describe(self.source, self.locator)


SourceMap = dict[tuple[str, str], list[Source]]


def sources_by_attribute(version: MappingVersion) -> SourceMap:
    """(field key, attribute) -> its sources, first tried first: what the drafter reads."""
    mapped: SourceMap = defaultdict(list)
    for row in sorted(version.rows.all(), key=lambda r: (r.field_key, r.attribute, r.priority)):
        mapped[row.field_key, row.attribute].append(Source(row.source, row.locator))
    return dict(mapped)


def mapping_diff(base: MappingVersion | None, version: MappingVersion) -> list[str]:
    """Each attribute whose sources or their order differ, in words."""
    old = sources_by_attribute(base) if base else {}
    new = sources_by_attribute(version)
    lines = []
    for key in sorted(old.keys() | new.keys()):
        before, after = old.get(key, []), new.get(key, [])
        if before != after:
            name = ".".join(key)
            words = " → ".join(s.label for s in after) or "no source"
            lines.append(f"{name}: {words}" + ("" if before else " (new)"))
    return lines
