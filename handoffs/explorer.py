"""The packet explorer's reads: every packet the user may see, searched, filtered and sorted,
optionally narrowed to the packets behind one number on the metrics page."""

from dataclasses import dataclass

from django.db.models import BooleanField, Case, F, OuterRef, Q, QuerySet, Subquery, Value, When

from accounts.errors import BadInput
from accounts.models import User
from handoffs.insight_forms import ExplorerForm
from handoffs.metrics import metric_for
from handoffs.metrics.base import Figure, Metric
from handoffs.metrics.scope import Scope
from handoffs.models import DraftRun
from handoffs.selectors import packets_visible_to
from handoffs.sla import overdue_filter

ORDER = {
    "due": (F("due_at").asc(nulls_last=True), "-id"),
    "-closed": ("-handoff__opportunity__close_date", "-id"),
    "closed": ("handoff__opportunity__close_date", "id"),
    "-score": ("-score", "-id"),
    "score": ("score", "id"),
    "-amount": ("-handoff__opportunity__amount", "-id"),
    "account": ("handoff__opportunity__account__name", "id"),
    "-updated": ("-updated_at", "-id"),
}


@dataclass(frozen=True)
class Drill:
    """The number on the metrics page whose packets the explorer is showing."""

    metric: Metric
    series: str
    figure: Figure
    scope: Scope


def _search(query: str) -> Q:
    return (
        Q(handoff__opportunity__name__icontains=query)
        | Q(handoff__opportunity__account__name__icontains=query)
        | Q(handoff__ae__full_name__icontains=query)
        | Q(handoff__ae__email__icontains=query)
        | Q(csm__full_name__icontains=query)
        | Q(csm__email__icontains=query)
    )


def _latest_prompt() -> Subquery:
    """The prompt version of the draft a packet reads now (its latest run whose draft was used)."""
    used = DraftRun.objects.filter(packet=OuterRef("pk")).exclude(drafter="")
    return Subquery(used.order_by("-created_at", "-id").values("prompt_version")[:1])


def drill_for(user: User, form: ExplorerForm, scope: Scope) -> Drill | None:
    """The metric number named by `metric`, `series` and `part`, if any; one that does not
    exist, or that the user may not read, is a 400."""
    data = form.cleaned_data
    if not data["metric"]:
        return None
    metric = metric_for(user, data["metric"])
    series = data["series"] or 0
    part = data["part"] or "counted"
    if metric is None or series >= len(metric.series) or part not in metric.measure.parts():
        raise BadInput(
            "metric: no such metric number, or not one you may see.",
            errors={"metric": ["No such metric number, or not one you may see."]},
        )
    figure = next(f for f in metric.measure.figures() if f.part == part)
    return Drill(metric, metric.series[series].label, figure, scope)


def explore(user: User, form: ExplorerForm, scope: Scope, drill: Drill | None) -> QuerySet:
    """The packets the form's filters select, in its order, with what a row shows."""
    data = form.cleaned_data
    packets = packets_visible_to(user).filter(scope.packets())
    if query := data["q"].strip():
        packets = packets.filter(_search(query))
    if data["status"]:
        packets = packets.filter(status=data["status"])
    if data["overdue"]:
        packets = packets.filter(overdue_filter())
    if data["gate"]:
        packets = packets.filter(passed_gate=data["gate"] == "passed")
    if data["drafter"]:
        packets = packets.filter(drafter=data["drafter"])
    if data["prompt_version"]:
        packets = packets.annotate(prompt=_latest_prompt()).filter(prompt=data["prompt_version"])
    if data["quarter"]:
        start, end = data["quarter"]
        packets = packets.filter(
            handoff__opportunity__close_date__gte=start, handoff__opportunity__close_date__lt=end
        )
    if drill is not None:
        part = data["part"] or "counted"
        rows = drill.metric.rows_of(scope, data["series"] or 0, part)
        packets = packets.filter(drill.metric.behind(rows, scope))
    return (
        packets.select_related(
            "handoff__opportunity__account", "handoff__ae", "business_unit", "csm"
        )
        .annotate(
            overdue=Case(
                When(overdue_filter(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by(*ORDER[data["sort"] or "due"])
    )
