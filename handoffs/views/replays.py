"""Replay a draft prompt version or draft field definitions over past deals in the background,
and watch it finish (the progress fragment polls with htmx until the last deal is in)."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.errors import BadInput, answer_for
from accounts.policies import requires
from governance.models import DefinitionsVersion, PromptState, PromptVersion
from governance.selectors import llm_configured
from handoffs.models import ReplayRun
from handoffs.replay_summary import summarize
from handoffs.services.replays import MAX_DEALS, replay_start

OPEN = [PromptState.DRAFT, PromptState.IN_REVIEW]
RUNS_PAGE = 20


class ReplayForm(forms.Form):
    candidate = forms.ChoiceField(label="Draft to replay")
    deals = forms.IntegerField(
        min_value=1,
        max_value=MAX_DEALS,
        initial=20,
        label="Past deals",
        help_text=f"The most recent drafted packets, up to {MAX_DEALS}.",
    )

    def __init__(self, *args, prompts, definitions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidate"].choices = [
            *((f"prompt:{v.pk}", f"{v} · {v.get_state_display().lower()}") for v in prompts),
            *(
                (
                    f"definitions:{v.pk}",
                    f"Field definitions v{v.number} · {v.get_state_display().lower()}",
                )
                for v in definitions
            ),
        ]


@require_http_methods(["GET", "POST"])
@requires("replay.run")
def replays(request):
    prompts = list(
        PromptVersion.objects.select_related("template").filter(state__in=OPEN).order_by("-pk")
    )
    definitions = list(DefinitionsVersion.objects.filter(state__in=OPEN).order_by("-number"))
    asked = (
        f"prompt:{request.GET['prompt']}"
        if "prompt" in request.GET
        else f"definitions:{request.GET.get('definitions', '')}"
    )
    form = ReplayForm(
        request.POST or None,
        initial={"candidate": asked, "deals": 20},
        prompts=prompts,
        definitions=definitions,
    )
    status, refusal = 200, ""
    if request.method == "POST":
        if form.is_valid():
            kind, _, pk = form.cleaned_data["candidate"].partition(":")
            model = PromptVersion if kind == "prompt" else DefinitionsVersion
            try:
                run = replay_start(
                    by=request.user,
                    deals=form.cleaned_data["deals"],
                    **{kind: get_object_or_404(model, pk=pk)},
                )
            except Exception as error:
                answer = answer_for(error)
                if answer is None:
                    raise
                status, refusal = answer.status, answer.message
            else:
                return redirect("governed:replay", pk=run.pk)
        else:
            status = BadInput.status
    return render(
        request,
        "handoffs/replays.html",
        {
            "form": form,
            "refusal": refusal,
            "llm_ready": llm_configured(),
            "page": Paginator(
                ReplayRun.objects.select_related(
                    "candidate_prompt__template", "candidate_definitions", "started_by"
                ),
                RUNS_PAGE,
            ).get_page(request.GET.get("page")),
        },
        status=status,
    )


def _run(pk: int) -> ReplayRun:
    return get_object_or_404(
        ReplayRun.objects.select_related(
            "candidate_prompt__template",
            "baseline_prompt__template",
            "candidate_definitions",
            "baseline_definitions",
            "started_by",
        ),
        pk=pk,
    )


@require_GET
@requires("replay.run")
def replay_detail(request, pk: int):
    return render(request, "handoffs/replay.html", {"summary": summarize(_run(pk))})


@require_GET
@requires("replay.run")
def replay_progress(request, pk: int):
    """The progress and the comparison so far; htmx polls it until the run is finished."""
    return render(request, "handoffs/_replay_progress.html", {"summary": summarize(_run(pk))})
