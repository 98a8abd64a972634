"""What a program metric is: its rows, how they are counted, its series and its definition.

Each metric is defined once, as a `Metric` whose `rows` query returns one row per thing it
counts (a scored packet, a gap list, a sign-off, an outcome), already filtered by the scope.
The number, its trend, the packets behind it, the CSV and the report are all read from those
rows, so they cannot disagree. Layers above handoffs (comp) add their metrics with `register`,
the way they listen to the workflow's signals: handoffs never imports them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from handoffs.metrics.scope import Scope
from handoffs.money import format_money

HUNDRED = Decimal(100)


def as_duration(value) -> str:
    """A mean duration as people say it: seconds, minutes, hours or days."""
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


class Shown:
    """How a measure's values read; `compact` is for bar labels, where space is short."""

    def display(self, value, scope: Scope) -> str:
        raise NotImplementedError

    def compact(self, value, scope: Scope) -> str:
        return self.display(value, scope)


@dataclass(frozen=True)
class Figure:
    """One count shown beside a number ("12 refused"), with the rows behind it."""

    part: str
    label: str


@dataclass(frozen=True)
class Rate(Shown):
    """The share of counted rows that are hits, as a percentage; a hit is always counted."""

    hit: Q
    hit_label: str
    counted_label: str
    counted: Q = field(default_factory=Q)

    def aggregates(self) -> dict:
        return {
            "n": Count("pk", filter=self.counted),
            "hits": Count("pk", filter=self.hit),
        }

    def value(self, totals: dict, scope: Scope) -> Decimal | None:
        return Decimal(totals["hits"]) * HUNDRED / totals["n"] if totals["n"] else None

    def display(self, value: Decimal, scope: Scope) -> str:
        return f"{value:.0f} %"

    def parts(self) -> dict[str, Q]:
        return {"counted": self.counted, "hit": self.hit}

    def figures(self) -> list[Figure]:
        return [Figure("hit", self.hit_label), Figure("counted", self.counted_label)]

    def counts(self, totals: dict) -> dict[str, int]:
        return {"hit": totals["hits"], "counted": totals["n"]}


@dataclass(frozen=True)
class Mean(Shown):
    """The mean of one annotation over the counted rows (a sum and a count, so the means of
    several buckets add up)."""

    of: str
    counted_label: str
    show: Callable[[object], str]
    counted: Q = field(default_factory=Q)
    # A shorter form for bar labels, when `show` spells out a long unit.
    brief: Callable[[object], str] | None = None

    def aggregates(self) -> dict:
        return {
            "n": Count("pk", filter=self.counted),
            "sum": Sum(self.of, filter=self.counted),
        }

    def value(self, totals: dict, scope: Scope):
        if not totals["n"]:
            return None
        total = totals["sum"]
        return total / totals["n"] if isinstance(total, timedelta) else Decimal(total) / totals["n"]

    def display(self, value, scope: Scope) -> str:
        return self.show(value)

    def compact(self, value, scope: Scope) -> str:
        return (self.brief or self.show)(value)

    def parts(self) -> dict[str, Q]:
        return {"counted": self.counted}

    def figures(self) -> list[Figure]:
        return [Figure("counted", self.counted_label)]

    def counts(self, totals: dict) -> dict[str, int]:
        return {"counted": totals["n"]}


@dataclass(frozen=True)
class SumRatio(Shown):
    """One sum divided by another, as a percentage (net revenue retention)."""

    numerator: str
    denominator: str
    counted_label: str

    def aggregates(self) -> dict:
        return {
            "n": Count("pk"),
            "num": Sum(self.numerator),
            "den": Sum(self.denominator),
        }

    def value(self, totals: dict, scope: Scope) -> Decimal | None:
        return Decimal(totals["num"]) * HUNDRED / totals["den"] if totals["den"] else None

    def display(self, value: Decimal, scope: Scope) -> str:
        return f"{value:.0f} %"

    def parts(self) -> dict[str, Q]:
        return {"counted": Q()}

    def figures(self) -> list[Figure]:
        return [Figure("counted", self.counted_label)]

    def counts(self, totals: dict) -> dict[str, int]:
        return {"counted": totals["n"]}


@dataclass(frozen=True)
class Total(Shown):
    """A sum of money, in the scope's currency."""

    of: str
    counted_label: str

    def aggregates(self) -> dict:
        return {"n": Count("pk"), "total": Sum(self.of)}

    def value(self, totals: dict, scope: Scope) -> Decimal | None:
        return totals["total"] if totals["n"] else None

    def display(self, value: Decimal, scope: Scope) -> str:
        return format_money(value, scope.currency)

    def compact(self, value: Decimal, scope: Scope) -> str:
        """USD 2.8k, USD 1.2M: a bar's label in the width of the bar."""
        for size, suffix in ((Decimal(1_000_000), "M"), (Decimal(1000), "k")):
            if abs(value) >= size:
                return f"{scope.currency} {value / size:.1f}{suffix}"
        return self.display(value, scope)

    def parts(self) -> dict[str, Q]:
        return {"counted": Q()}

    def figures(self) -> list[Figure]:
        return [Figure("counted", self.counted_label)]

    def counts(self, totals: dict) -> dict[str, int]:
        return {"counted": totals["n"]}


@dataclass(frozen=True)
class Estimate(Shown):
    """Counted rows times an amount per row that the scope states (an assumption, not data)."""

    per_row: Callable[[Scope], Decimal]
    counted_label: str
    unit: str

    def aggregates(self) -> dict:
        return {"n": Count("pk")}

    def value(self, totals: dict, scope: Scope) -> Decimal | None:
        return totals["n"] * self.per_row(scope) if totals["n"] else None

    def display(self, value: Decimal, scope: Scope) -> str:
        return f"≈ {value:,.0f} {self.unit}"

    def parts(self) -> dict[str, Q]:
        return {"counted": Q()}

    def figures(self) -> list[Figure]:
        return [Figure("counted", self.counted_label)]

    def counts(self, totals: dict) -> dict[str, int]:
        return {"counted": totals["n"]}


Measure = Rate | Mean | SumRatio | Total | Estimate


@dataclass(frozen=True)
class Series:
    """A subset of a metric's rows drawn and reported on its own (a completeness band); a
    metric's series never share a row."""

    label: str
    where: Q = field(default_factory=Q)


@dataclass(frozen=True)
class Column:
    """One column of a metric's CSV: a header and the row lookup it reads."""

    header: str
    lookup: str


def packets_in_rows(rows: QuerySet, scope: Scope) -> Q:
    """The packets behind rows that name their packet (the usual case)."""
    return Q(pk__in=rows.values("packet_id"))


@dataclass(frozen=True)
class Metric:
    key: str
    title: str
    definition: str
    rows: Callable[[Scope], QuerySet]
    anchor: str
    measure: Measure
    columns: tuple[Column, ...]
    series: tuple[Series, ...] = (Series(""),)
    anchor_is_date: bool = False
    behind: Callable[[QuerySet, Scope], Q] = packets_in_rows
    # What the CSV adds to each row beyond what the number needs (times of later steps).
    detail: Callable[[QuerySet], QuerySet] = lambda rows: rows
    action: str = "metrics.view"
    order: int = 0
    # What the chart's bars count in, when their labels leave the unit out.
    unit: str = ""
    # Where a higher number is worse (refusals, churn), for the words beside a trend.
    lower_is_better: bool = False

    def explain(self, scope: Scope) -> str:
        """The definition in words, with the scope's assumptions filled in."""
        return self.definition.format(
            hours_without=f"{scope.hours_without.normalize():f}",
            hours_with=f"{scope.hours_with.normalize():f}",
        )

    def rows_of(self, scope: Scope, series: int, part: str) -> QuerySet:
        return self.rows(scope).filter(self.series[series].where & self.measure.parts()[part])


REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    REGISTRY[metric.key] = metric
    return metric


def all_metrics() -> list[Metric]:
    return sorted(REGISTRY.values(), key=lambda metric: metric.order)
