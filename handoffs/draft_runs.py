"""Reads over draft runs: what the LLM drafter did lately, what it cost, when it fell back, and
which packets' sources spoke to the drafter."""

from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from handoffs.models import DraftRun

RECENT = 20
USAGE_DAYS = 30


def llm_activity() -> dict:
    """The latest LLM draft runs and the last 30 days' totals, for the drafting overview."""
    runs = DraftRun.objects.filter(requested_drafter="llm")
    since = runs.filter(created_at__gte=timezone.now() - timedelta(days=USAGE_DAYS))
    totals = since.aggregate(
        drafts=Count("id"),
        fell_back=Count("id", filter=~Q(fallback_reason="")),
        tokens_in=Sum("tokens_in"),
        tokens_out=Sum("tokens_out"),
        cost=Sum("estimated_cost"),
        dropped=Sum("evidence_dropped"),
        sentences_dropped=Sum("sentences_dropped"),
    )
    recent = runs.select_related(
        "packet__handoff__opportunity", "packet__business_unit", "prompt_version__template"
    ).order_by("-created_at", "-id")[:RECENT]
    return {"usage": totals, "usage_days": USAGE_DAYS, "recent_runs": list(recent)}


def flagged_runs() -> list[DraftRun]:
    """The latest drafts, of any drafter, whose sources carried instructions to the drafter:
    a person should look at those sources."""
    return list(
        DraftRun.objects.filter(passages_withheld__gt=0)
        .select_related("packet__handoff__opportunity", "packet__business_unit")
        .order_by("-created_at", "-id")[:RECENT]
    )
