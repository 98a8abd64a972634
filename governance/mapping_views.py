"""Source mappings in the RevOps portal: for each field attribute, the sources that feed it in
priority order. RevOps admins draft; a colleague (RevOps or CS Ops) publishes. Previewing a
draft on a packet is handoffs' page (`governed:mapping_preview`)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.policies import allows, requires
from governance import mapping_services as services
from governance.forms import ChangeNoteForm, MappingRowForm, RowForm
from governance.mapping_selectors import (
    mapping_diff,
    mapping_history,
    mapping_version,
    open_mappings,
    published_mapping,
)
from governance.models import MappingVersion, SourceKind
from governance.selectors import field_definitions
from governance.source_catalog import FIXED_SOURCES, LOCATORS, describe
from governance.version_pages import cleaned, find, version_action

DETAIL = "governance:mapping_version"
HISTORY_PAGE = 20


def _rows_by_attribute(version: MappingVersion) -> list[dict]:
    """Each mapped attribute with its sources in order, fields in the definitions' order."""
    order = {
        (field.key, attribute): (position, rank)
        for position, field in enumerate(field_definitions())
        for rank, attribute in enumerate(field.required_attributes)
    }
    groups: dict[tuple[str, str], list] = {}
    for row in sorted(version.rows.all(), key=lambda r: r.priority):
        row.label = describe(row.source, row.locator)
        groups.setdefault((row.field_key, row.attribute), []).append(row)
    return [
        {"field_key": field_key, "attribute": attribute, "rows": rows}
        for (field_key, attribute), rows in sorted(
            groups.items(), key=lambda item: (order.get(item[0], (99, 99)), item[0])
        )
    ]


@require_GET
@requires("governance.view")
def mappings_home(request):
    published = published_mapping()
    return render(
        request,
        "governance/mappings.html",
        {
            "published": published,
            "groups": _rows_by_attribute(published),
            "fixed": FIXED_SOURCES,
            "page": Paginator(mapping_history(), HISTORY_PAGE).get_page(request.GET.get("page")),
            "drafts": open_mappings(),
            "can_start": allows(request.user, "mappings.write"),
        },
    )


@require_POST
@requires("mappings.write")
def mappings_new(request):
    draft = services.mapping_draft_start(by=request.user)
    messages.success(request, f"Draft v{draft.number} started from the published mapping.")
    return redirect(DETAIL, pk=draft.pk)


def version_page(request, version: MappingVersion, status: int = 200, **extra):
    user = request.user
    return render(
        request,
        "governance/mapping_version.html",
        {
            "version": version,
            "groups": _rows_by_attribute(version),
            "fixed": FIXED_SOURCES,
            "diff": mapping_diff(version.based_on, version) if version.based_on else [],
            "can_edit": allows(user, "mappings.edit", version) and version.is_draft,
            "can_submit": allows(user, "mappings.submit", version) and version.is_draft,
            "can_approve": allows(user, "mappings.approve", version),
            "can_retire": allows(user, "mappings.retire", version) and version.is_open,
            "can_preview": allows(user, "governance.view") and version.is_open,
            "row_form": MappingRowForm(),
            "note_form": ChangeNoteForm(initial={"change_note": version.change_note}),
            "catalog": [
                (SourceKind(source).label, list(locators.items()))
                for source, locators in LOCATORS.items()
            ],
            **extra,
        },
        status=status,
    )


@require_GET
@requires("governance.view")
def mapping_detail(request, pk: int):
    return version_page(request, find(mapping_version, pk))


acts = version_action(mapping_version, version_page, DETAIL)


@acts
def row_add(request, version: MappingVersion) -> str:
    given = cleaned(request, MappingRowForm(request.POST))
    row = services.mapping_row_add(version=version, by=request.user, **given)
    return f"{row.field_key}.{row.attribute} now also reads {describe(row.source, row.locator)}."


@acts
def row_remove(request, version: MappingVersion) -> str:
    services.mapping_row_remove(
        version=version, row_id=cleaned(request, RowForm(request.POST))["row"], by=request.user
    )
    return "Source removed."


@acts
def row_raise(request, version: MappingVersion) -> str:
    services.mapping_row_raise(
        version=version, row_id=cleaned(request, RowForm(request.POST))["row"], by=request.user
    )
    return "Source moved up: it is tried earlier."


@acts
def note_set(request, version: MappingVersion) -> str:
    given = cleaned(request, ChangeNoteForm(request.POST))
    services.mapping_note_set(version=version, by=request.user, **given)
    return "Change note saved."


@acts
def submit(request, version: MappingVersion) -> str:
    services.mapping_submit(version=version, by=request.user)
    return f"Mapping v{version.number} is in review. Someone other than its author publishes it."


@acts
def publish(request, version: MappingVersion) -> str:
    services.mapping_publish(version=version, by=request.user)
    return f"Mapping v{version.number} is published: the rules drafter reads it from now on."


@acts
def retire(request, version: MappingVersion) -> str:
    services.mapping_retire(version=version, by=request.user)
    return f"Mapping v{version.number} is retired."
