"""Pages over the drafting definitions: which drafter each unit uses, and the versions of
the prompt the LLM drafter sends (written by one person, published by another)."""

import difflib

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.errors import RoleRefused
from accounts.models import BusinessUnit
from accounts.policies import allows, requires
from governance import services
from governance.forms import PromptVersionForm
from governance.models import DrafterKind, PromptState, PromptTemplate, PromptVersion
from governance.selectors import published_prompt


@require_POST
@requires("drafting.manage")
def set_drafter(request):
    slug = request.POST.get("business_unit", "")
    unit = get_object_or_404(BusinessUnit, slug=slug) if slug else None
    drafter = request.POST.get("drafter", "")
    try:
        services.drafter_choice_set(business_unit=unit, drafter=drafter, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        who = unit.name if unit else "Units without a choice of their own"
        how = (
            "follows the default"
            if drafter == services.FOLLOW_DEFAULT
            else f"now draft{'s' if unit else ''} with the {DrafterKind(drafter).label.lower()}"
        )
        messages.success(request, f"{who} {how}.")
    return redirect("drafting:home")


@require_http_methods(["GET", "POST"])
@requires("prompts.write")
def prompt_version_new(request, key: str):
    template = get_object_or_404(PromptTemplate, key=key)
    start = _starting_point(request, template)
    form = PromptVersionForm(
        request.POST or None,
        initial={
            "text": start.text if start else "",
            "model": start.model if start else "",
            "temperature": start.temperature if start else 0,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.prompt_version_create(
                template=template, author=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"{version} saved as a draft. Try it on a packet, then send it for review."
            )
            return redirect("drafting:prompt_version", pk=version.pk)
    return render(
        request,
        "governance/prompt_version_form.html",
        {"template": template, "form": form, "start": start},
    )


def _starting_point(request, template: PromptTemplate) -> PromptVersion | None:
    """The version a new one starts from: the one asked for, else the published one."""
    asked = request.GET.get("from", "")
    if asked.isdigit():
        return template.versions.filter(pk=asked).first()
    return published_prompt(template.key) or template.versions.first()


@require_GET
@requires("drafting.view")
def prompt_version_detail(request, pk: int):
    version = get_object_or_404(
        PromptVersion.objects.select_related("template", "author", "approved_by"), pk=pk
    )
    published = published_prompt(version.template.key)
    compared = published is not None and published.pk != version.pk
    return render(
        request,
        "governance/prompt_version.html",
        {
            "version": version,
            "published": published,
            "changes": _changes(published, version) if compared else [],
            "same_words": compared and published.text.splitlines() == version.text.splitlines(),
            "default_model": settings.HANDBRIEF["LLM_MODEL"],
            "can_write": allows(request.user, "prompts.write"),
            "can_submit": allows(request.user, "prompts.submit", version),
            "can_approve": allows(request.user, "prompts.approve", version),
            "can_retire": allows(request.user, "prompts.retire", version),
            "can_replay": allows(request.user, "replay.run"),
            "can_preview": allows(request.user, "prompts.preview"),
            "open": version.state in (PromptState.DRAFT, PromptState.IN_REVIEW),
        },
    )


def _changes(published: PromptVersion, version: PromptVersion) -> list[tuple[str, str]]:
    """The wording against the published version: each change with two unchanged lines around
    it, as ("add" | "del" | "same" | "gap", line); empty when the words are the same."""
    old, new = published.text.splitlines(), version.text.splitlines()
    if old == new:
        return []
    groups = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_grouped_opcodes(2)
    changes: list[tuple[str, str]] = []
    last_old_line = len(old)
    for group in groups:
        if changes or group[0][1] > 0:
            changes.append(("gap", ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                changes += [("same", line) for line in old[i1:i2]]
                continue
            changes += [("del", line) for line in old[i1:i2]]
            changes += [("add", line) for line in new[j1:j2]]
        last_old_line = group[-1][2]
    if last_old_line < len(old):
        changes.append(("gap", ""))
    return changes


def _lifecycle(request, pk: int, rule: str | None, change, done: str):
    """Move a version along, if the policy lets this person move this version (403 if not;
    publishing says itself why its author may not)."""
    version = get_object_or_404(PromptVersion.objects.select_related("template"), pk=pk)
    if rule and not allows(request.user, rule, version):
        raise RoleRefused(
            "Only its author sends a version for review or sets it aside; an approver may set "
            "aside a version in review."
        )
    try:
        change(version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done.format(version=version))
    return redirect("drafting:prompt_version", pk=pk)


@require_POST
@requires("prompts.submit")
def prompt_version_submit(request, pk: int):
    return _lifecycle(
        request,
        pk,
        "prompts.submit",
        lambda version: services.prompt_version_submit(version=version),
        "{version} is in review. Someone other than its author publishes it.",
    )


@require_POST
@requires("prompts.approve")
def prompt_version_publish(request, pk: int):
    return _lifecycle(
        request,
        pk,
        None,
        lambda version: services.prompt_version_publish(version=version, by=request.user),
        "{version} is published: every LLM draft uses it from now on.",
    )


@require_POST
@requires("prompts.retire")
def prompt_version_retire(request, pk: int):
    return _lifecycle(
        request,
        pk,
        "prompts.retire",
        lambda version: services.prompt_version_retire(version=version),
        "{version} is retired.",
    )
