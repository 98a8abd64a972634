"""Field definitions in the RevOps portal: the published set, its history, and drafts that CS
Ops (fields, word-count range) and RevOps admins (the gate) write and a colleague publishes.

The impact preview over packets is handoffs' page (`governed:definitions_impact`); this page
loads it in place.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.policies import allows, requires
from governance import definition_services as services
from governance.definition_selectors import (
    definitions_diff,
    definitions_history,
    definitions_version,
    open_definitions,
    published_definitions,
)
from governance.forms import ChangeNoteForm, FieldDefinitionForm, GateForm, WordsForm
from governance.models import DefinitionsVersion
from governance.version_pages import cleaned, find, version_action

DETAIL = "governance:definitions_version"
HISTORY_PAGE = 20


@require_GET
@requires("governance.view")
def definitions_home(request):
    published = published_definitions()
    return render(
        request,
        "governance/definitions.html",
        {
            "published": published,
            "fields": list(published.fields.all()),
            "page": Paginator(definitions_history(), HISTORY_PAGE).get_page(
                request.GET.get("page")
            ),
            "drafts": open_definitions(),
            "can_start": allows(request.user, "definitions.write"),
        },
    )


@require_POST
@requires("definitions.write")
def definitions_new(request):
    draft = services.definitions_draft_start(by=request.user)
    messages.success(request, f"Draft v{draft.number} started from the published set.")
    return redirect(DETAIL, pk=draft.pk)


def version_page(request, version: DefinitionsVersion, status: int = 200, **extra):
    user = request.user
    fields = list(version.fields.all())
    can_fields = allows(user, "definitions.fields", version) and version.is_draft
    return render(
        request,
        "governance/definitions_version.html",
        {
            "version": version,
            "fields": fields,
            "published": published_definitions(),
            "diff": definitions_diff(version.based_on, version) if version.based_on else None,
            "can_fields": can_fields,
            "can_gate": allows(user, "definitions.gate", version) and version.is_draft,
            "can_note": allows(user, "definitions.edit", version) and version.is_draft,
            "can_submit": allows(user, "definitions.submit", version) and version.is_draft,
            "can_approve": allows(user, "definitions.approve", version),
            "can_retire": allows(user, "definitions.retire", version) and version.is_open,
            "can_replay": allows(user, "replay.run") and version.is_open,
            "field_forms": [
                (
                    field,
                    FieldDefinitionForm(
                        prefix_key=field.key,
                        initial={
                            "key": field.key,
                            "label": field.label,
                            "guidance": field.guidance,
                            "required_attributes": ", ".join(field.required_attributes),
                            "blocks_gate": field.blocks_gate,
                        },
                        auto_id=f"id_{field.key}_%s",
                    ),
                )
                for field in fields
            ]
            if can_fields
            else [],
            "add_form": extra.pop("add_form", FieldDefinitionForm(auto_id="id_new_%s")),
            "gate_form": GateForm(initial={"gate_threshold": version.gate_threshold}),
            "words_form": WordsForm(
                initial={
                    "words_min": version.words_min,
                    "words_max": version.words_max,
                    "words_warning": version.words_warning,
                }
            ),
            "note_form": ChangeNoteForm(initial={"change_note": version.change_note}),
            **extra,
        },
        status=status,
    )


@require_GET
@requires("governance.view")
def definitions_detail(request, pk: int):
    return version_page(request, find(definitions_version, pk))


acts = version_action(definitions_version, version_page, DETAIL)


@acts
def field_save(request, version: DefinitionsVersion) -> str:
    given = cleaned(request, FieldDefinitionForm(request.POST))
    field = services.definitions_field_save(version=version, by=request.user, **given)
    return f"{field.label} saved in draft v{version.number}."


@acts
def field_remove(request, version: DefinitionsVersion, key: str) -> str:
    services.definitions_field_remove(version=version, key=key, by=request.user)
    return f"{key} removed from draft v{version.number}."


@acts
def gate_set(request, version: DefinitionsVersion) -> str:
    given = cleaned(request, GateForm(request.POST))
    services.definitions_gate_set(version=version, by=request.user, **given)
    return f"The gate in draft v{version.number} is now {given['gate_threshold']} fields."


@acts
def words_set(request, version: DefinitionsVersion) -> str:
    given = cleaned(request, WordsForm(request.POST))
    services.definitions_words_set(version=version, by=request.user, **given)
    return f"The word-count range of draft v{version.number} is saved."


@acts
def note_set(request, version: DefinitionsVersion) -> str:
    given = cleaned(request, ChangeNoteForm(request.POST))
    services.definitions_note_set(version=version, by=request.user, **given)
    return "Change note saved."


@acts
def submit(request, version: DefinitionsVersion) -> str:
    services.definitions_submit(version=version, by=request.user)
    return f"v{version.number} is in review. Someone other than its author publishes it."


@acts
def publish(request, version: DefinitionsVersion) -> str:
    services.definitions_publish(version=version, by=request.user)
    return (
        f"v{version.number} is published: open packets were re-scored with it; accepted "
        "packets keep the set they were signed off on."
    )


@acts
def retire(request, version: DefinitionsVersion) -> str:
    services.definitions_retire(version=version, by=request.user)
    return f"v{version.number} is retired."
