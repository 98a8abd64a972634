"""The packet explorer for RevOps and CS Ops: find any packet, and export what you found."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.errors import BadInput
from accounts.policies import requires
from handoffs.csv_export import csv_response
from handoffs.explorer import drill_for, explore
from handoffs.insight_forms import ExplorerForm, problems
from handoffs.periods import recent_quarters

PAGE_SIZE = 50
PLACEHOLDER = 987654321
CSV_COLUMNS = {
    "packet_id": "id",
    "url": "url",
    "account": "handoff__opportunity__account__name",
    "deal": "handoff__opportunity__name",
    "business_unit": "business_unit__slug",
    "segment": "handoff__opportunity__segment",
    "motion": "handoff__opportunity__motion",
    "amount": "handoff__opportunity__amount",
    "currency": "handoff__opportunity__currency",
    "close_date": "handoff__opportunity__close_date",
    "ae": "handoff__ae__email",
    "csm": "csm__email",
    "status": "status",
    "score": "score",
    "score_of": "score_of",
    "gate": "gate",
    "passed_gate": "passed_gate",
    "gate_passed_at": "gate_passed_at",
    "due_at": "due_at",
    "overdue": "overdue",
    "drafter": "drafter",
    "updated_at": "updated_at",
}


def _explored(request):
    """The packets and what filtered them; a bad parameter raises BadInput (a 400)."""
    form = ExplorerForm(request.GET)
    if not form.is_valid():
        raise BadInput(problems(form))
    scope = form.scope(timezone.localdate())
    drill = drill_for(request.user, form, scope)
    return form, drill, explore(request.user, form, scope, drill)


# The filters shown as selects (search, quarter and overdue have their own inputs); the
# metric's own parameters travel as hidden inputs while the explorer shows a metric's packets.
VISIBLE_FILTERS = (
    "status",
    "business_unit",
    "segment",
    "motion",
    "ae",
    "csm",
    "gate",
    "drafter",
    "prompt_version",
    "sort",
)
DRILL_PARAMETERS = ("metric", "series", "part", "period", "by", "currency")
QUARTERS_OFFERED = 8


def _query_without_page(request) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k != "page"])


def _page_context(request, form) -> dict:
    return {
        "form": form,
        "visible_filters": VISIBLE_FILTERS,
        "quarters": recent_quarters(timezone.localdate(), QUARTERS_OFFERED),
    }


@require_GET
@requires("explorer.view")
def explorer(request):
    try:
        form, drill, packets = _explored(request)
    except BadInput as refused:
        context = {**_page_context(request, ExplorerForm(request.GET)), "refusal": str(refused)}
        return render(request, "handoffs/explorer.html", context, status=400)
    query = _query_without_page(request)
    drill_hidden = [
        (name, request.GET[name]) for name in DRILL_PARAMETERS if drill and request.GET.get(name)
    ]
    return render(
        request,
        "handoffs/explorer.html",
        {
            **_page_context(request, form),
            "drill": drill,
            "drill_hidden": drill_hidden,
            "metrics_query": urlencode(drill.scope.query()) if drill else "",
            "page": Paginator(packets, PAGE_SIZE).get_page(request.GET.get("page")),
            "csv_url": f"{reverse('explorer:csv')}?{query}",
            "clear_drill_url": _without_drill(request),
        },
    )


def _without_drill(request) -> str:
    kept = [(k, v) for k, v in request.GET.items() if k not in ("metric", "series", "part", "page")]
    return f"{reverse('explorer:list')}?{urlencode(kept)}"


@require_GET
@requires("explorer.view")
def explorer_csv(request):
    """Every packet the filters select (not one page), one row each."""
    try:
        _, _, packets = _explored(request)
    except BadInput as refused:
        return HttpResponse(str(refused), status=400, content_type="text/plain; charset=utf-8")
    # The packet page's URL around the id, as the URLconf has it, joined in the database.
    before, after = reverse("packets:detail", args=[PLACEHOLDER]).split(str(PLACEHOLDER))
    rows = packets.annotate(
        url=Concat(Value(before), Cast("id", CharField()), Value(after))
    ).values_list(*CSV_COLUMNS.values())
    stamp = timezone.localdate().isoformat()
    return csv_response(
        f"handoff-packets-{stamp}.csv", list(CSV_COLUMNS), rows.iterator(chunk_size=2000)
    )
