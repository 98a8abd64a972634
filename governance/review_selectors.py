"""Reads for the quarterly operator review and for staleness: quarters, what changed in one,
and what has gone too long without a look."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from accounts.errors import NotVisible
from governance.definition_selectors import published_definitions
from governance.models import (
    DefinitionsVersion,
    MappingVersion,
    PromptState,
    PromptVersion,
    ReviewCycle,
)
from governance.selectors import published_prompt


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str) -> tuple[date, date]:
    """The first and last day of a quarter like 2027-Q1 (an unknown one answers 404)."""
    year, _, number = quarter.partition("-Q")
    if not (year.isdigit() and len(year) == 4 and number in ("1", "2", "3", "4")):
        raise NotVisible(f"No quarter {quarter}: quarters read like 2027-Q1.")
    start = date(int(year), (int(number) - 1) * 3 + 1, 1)
    after = date(start.year + 1, 1, 1) if number == "4" else date(start.year, start.month + 3, 1)
    return start, after - timedelta(days=1)


def previous_quarter(quarter: str) -> str:
    start, _ = quarter_bounds(quarter)
    return quarter_of(start - timedelta(days=1))


def current_quarter() -> str:
    return quarter_of(timezone.localdate())


def review_cycle(quarter: str) -> ReviewCycle | None:
    quarter_bounds(quarter)
    return (
        ReviewCycle.objects.select_related("cs_ops_signed_by", "revops_signed_by")
        .filter(quarter=quarter)
        .first()
    )


def in_use_since() -> date:
    """The day Handbrief's rules were first in force: quarters before it need no review."""
    first = DefinitionsVersion.objects.aggregate(first=Min("published_at"))["first"]
    return timezone.localdate(first) if first else timezone.localdate()


def review_due(now_in: str | None = None) -> str | None:
    """The quarter before `now_in` (the current one by default), when its review is not
    signed off and Handbrief was in use during it."""
    last = previous_quarter(now_in or current_quarter())
    _, end = quarter_bounds(last)
    if end < in_use_since():
        return None
    cycle = ReviewCycle.objects.filter(quarter=last).first()
    return None if cycle and cycle.signed_off else last


@dataclass(frozen=True)
class Published:
    kind: str
    version: object
    published_at: datetime


def published_between(start: date, end: date) -> list[Published]:
    """Every prompt, definitions and mapping version published in [start, end], oldest first:
    what changed in a quarter."""
    window = {"published_at__date__gte": start, "published_at__date__lte": end}
    found = [
        Published("Prompt", version, version.published_at)
        for version in PromptVersion.objects.select_related("template", "author", "approved_by")
        .filter(**window)
        .exclude(state=PromptState.DRAFT)
    ]
    for kind, model in (("Field definitions", DefinitionsVersion), ("Sources", MappingVersion)):
        found += [
            Published(kind, version, version.published_at)
            for version in model.objects.select_related("author", "approved_by").filter(**window)
        ]
    return sorted(found, key=lambda item: item.published_at)


@dataclass(frozen=True)
class Stale:
    key: str
    message: str


def _months_ago(now: datetime, months: int) -> datetime:
    month = now.month - months
    year = now.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return now.replace(year=year, month=month, day=min(now.day, 28))


def staleness(now: datetime | None = None) -> list[Stale]:
    """What has gone too long without a change or a review: the published prompt and field
    definitions after `GOVERNANCE_STALE_MONTHS`, and a finished quarter without a signed-off
    operator review."""
    now = now or timezone.now()
    months = settings.HANDBRIEF["GOVERNANCE_STALE_MONTHS"]
    cutoff = _months_ago(now, months)
    notices = []
    for key, what, version in (
        ("prompt", "The published prompt (v{}) has", published_prompt()),
        ("definitions", "The published field definitions (v{}) have", published_definitions()),
    ):
        if version is not None and version.published_at and version.published_at <= cutoff:
            notices.append(
                Stale(
                    f"{key}-v{version.number}",
                    f"{what.format(version.number)} not changed since "
                    f"{version.published_at:%b %-d, %Y}, {months} months or more. Rules left "
                    "this long drift from how deals close: review them with the operators' flags.",
                )
            )
    due = review_due(quarter_of(timezone.localdate(now)))
    if due:
        notices.append(
            Stale(
                f"review-{due}",
                f"The {due} operator review is not signed off: CS Ops triage its flags, then "
                "CS Ops and RevOps sign it off.",
            )
        )
    return notices
