"""Governance pages that read packets: the impact of a definitions draft over open and last
quarter's packets, and a draft source mapping tried on one packet. Nothing here saves."""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.errors import NotVisible
from accounts.policies import requires
from governance.definition_selectors import definitions_version
from governance.mapping_selectors import mapping_version
from governance.models import DefinitionsVersion, MappingVersion
from handoffs.selectors import packets_visible_to
from handoffs.services.definitions_impact import definitions_impact
from handoffs.services.mapping_preview import mapping_preview

PACKETS_LISTED = 200


def _found(load, pk: int):
    try:
        return load(pk)
    except (DefinitionsVersion.DoesNotExist, MappingVersion.DoesNotExist):
        raise NotVisible("No such version.") from None


@require_GET
@requires("governance.view")
def definitions_impact_page(request, pk: int):
    """The preview a reviewer reads before publishing (a fragment when htmx loads it)."""
    version = _found(definitions_version, pk)
    template = (
        "handoffs/_definitions_impact.html" if request.htmx else "handoffs/definitions_impact.html"
    )
    return render(request, template, {"version": version, "impacts": definitions_impact(version)})


class PacketChoice(forms.Form):
    packet = forms.TypedChoiceField(label="Packet", coerce=int)

    def __init__(self, *args, packets, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["packet"].choices = [
            (
                p.pk,
                f"{p.handoff.opportunity or p.handoff.opportunity_key} · {p.business_unit}"
                f" · {p.get_status_display()}",
            )
            for p in packets
        ]


@require_http_methods(["GET", "POST"])
@requires("governance.view")
def mapping_preview_page(request, pk: int):
    version = _found(mapping_version, pk)
    visible = packets_visible_to(request.user).filter(handoff__opportunity__isnull=False)
    packets = list(
        visible.select_related("handoff__opportunity", "business_unit").order_by(
            "-updated_at", "-id"
        )[:PACKETS_LISTED]
    )
    form = PacketChoice(request.POST or None, packets=packets)
    preview, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            packet = get_object_or_404(
                visible.select_related("handoff", "business_unit"), pk=form.cleaned_data["packet"]
            )
            preview = mapping_preview(packet=packet, version=version)
        else:
            status = 400
    return render(
        request,
        "handoffs/mapping_preview.html",
        {"version": version, "form": form, "preview": preview},
        status=status,
    )
