"""The drafting overview: which drafter each unit uses, the prompt's versions, what the LLM
drafter did lately (its cost, every fallback with the reason, the model sentences it dropped and
why), and the packets whose sources spoke to the drafter."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import BusinessUnit
from accounts.policies import allows, requires
from governance.models import DrafterKind, DraftingPolicy
from governance.selectors import llm_configured, prompt_versions, with_drafter_choices
from handoffs.draft_runs import flagged_runs, llm_activity


@require_GET
@requires("drafting.view")
def drafting_home(request):
    template, versions = prompt_versions()
    return render(
        request,
        "handoffs/drafting.html",
        {
            "llm_ready": llm_configured(),
            "llm_server": settings.HANDBRIEF["OPENAI_BASE_URL"] or "api.openai.com",
            "default_model": settings.HANDBRIEF["LLM_MODEL"],
            "policy": DraftingPolicy.current(),
            "units": with_drafter_choices(list(BusinessUnit.objects.order_by("name"))),
            "drafters": DrafterKind.choices,
            "template": template,
            "versions": versions,
            "can_manage": allows(request.user, "drafting.manage"),
            "can_write": allows(request.user, "prompts.write"),
            "flagged_runs": flagged_runs(),
            **llm_activity(),
        },
    )
