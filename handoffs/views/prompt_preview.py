"""Run a prompt version on an existing packet and compare it with the live one; the live
packet is never changed."""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from accounts.policies import requires
from governance.selectors import llm_configured, previewable_prompt_versions
from handoffs.selectors import packets_visible_to
from handoffs.services.prompt_preview import prompt_preview as run_preview

PACKETS_LISTED = 200


class PreviewForm(forms.Form):
    version = forms.TypedChoiceField(label="Prompt version", coerce=int)
    packet = forms.TypedChoiceField(
        label="Packet", coerce=int, help_text="The most recently updated packets."
    )

    def __init__(self, *args, versions, packets, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [
            (v.pk, f"{v} · {v.get_state_display().lower()}") for v in versions
        ]
        self.fields["packet"].choices = [
            (
                p.pk,
                f"{p.handoff.opportunity or p.handoff.opportunity_key} · {p.business_unit}"
                f" · {p.get_status_display()}",
            )
            for p in packets
        ]


@require_http_methods(["GET", "POST"])
@requires("prompts.preview")
def prompt_preview(request):
    visible = packets_visible_to(request.user).select_related(
        "handoff__opportunity", "business_unit"
    )
    asked = request.POST.get("packet") or request.GET.get("packet") or ""
    packets = list(visible.order_by("-updated_at", "-id")[:PACKETS_LISTED])
    if asked.isdigit() and all(packet.pk != int(asked) for packet in packets):
        packets += list(visible.filter(pk=asked))
    versions = {version.pk: version for version in previewable_prompt_versions()}
    form = PreviewForm(
        request.POST or None,
        initial={"version": request.GET.get("version"), "packet": asked},
        versions=versions.values(),
        packets=packets,
    )
    preview, ready = None, llm_configured()
    if request.method == "POST" and form.is_valid():
        if ready:
            preview = run_preview(
                packet=get_object_or_404(visible, pk=form.cleaned_data["packet"]),
                version=versions[form.cleaned_data["version"]],
            )
        else:
            form.add_error(None, "The LLM drafter is not configured, so nothing can be previewed.")
    return render(
        request,
        "handoffs/prompt_preview.html",
        {"form": form, "preview": preview, "llm_ready": ready},
    )
