"""A metric's number and trend for a scope, aggregated in the database.

Every measure is made of counts and sums, so one query grouped by week or quarter (and by
series) gives the trend, and adding up its buckets (a few dozen at most) gives the number for
the period. The series is a grouping key, not a filter on each sum, so the database decides
once per row which series it belongs to.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Case, DateField, DateTimeField, Expression, IntegerField, Value, When
from django.db.models.functions import Trunc
from django.utils import timezone

from handoffs.metrics.base import Figure, Metric
from handoffs.metrics.scope import Scope
from handoffs.periods import bucket_start

NO_DATA = "—"


@dataclass(frozen=True)
class Count:
    figure: Figure
    number: int


@dataclass
class SeriesResult:
    index: int
    label: str
    value: object
    display: str
    counts: list[Count]
    trend: list[object] = field(default_factory=list)
    trend_display: list[str] = field(default_factory=list)


@dataclass
class MetricResult:
    metric: Metric
    scope: Scope
    trend_scope: Scope
    definition: str
    series: list[SeriesResult]

    @property
    def buckets(self) -> list[tuple[date, str]]:
        return self.trend_scope.buckets()


def _series_key(metric: Metric) -> Expression:
    if len(metric.series) == 1:
        return Value(0)
    return Case(
        *[When(series.where, then=Value(index)) for index, series in enumerate(metric.series)],
        default=Value(-1),
        output_field=IntegerField(),
    )


def _added(cells: list[dict]) -> dict:
    """Totals added up; a sum over no rows is None, as in the database."""
    totals: dict = {}
    for cell in cells:
        for key, value in cell.items():
            if value is not None:
                totals[key] = value if totals.get(key) is None else totals[key] + value
            else:
                totals.setdefault(key, None)
    return totals


def _bucket_day(value: date | datetime) -> date:
    return timezone.localdate(value) if isinstance(value, datetime) else value


def _series(metric: Metric, scope: Scope, cells: dict[int, dict]) -> list[SeriesResult]:
    """Each series' number and counts from its totals (`cells` by series index)."""
    measure, results = metric.measure, []
    for index, series in enumerate(metric.series):
        totals = cells.get(index)
        value = measure.value(totals, scope) if totals else None
        counts = measure.counts(totals) if totals else {}
        results.append(
            SeriesResult(
                index=index,
                label=series.label,
                value=value,
                display=NO_DATA if value is None else measure.display(value, scope),
                counts=[Count(f, counts.get(f.part, 0)) for f in measure.figures()],
            )
        )
    return results


def headline(metric: Metric, scope: Scope) -> list[SeriesResult]:
    """Each series' number and counts for the scope's period: one query."""
    grouped = (
        metric.rows(scope)
        .annotate(series=_series_key(metric))
        .values("series")
        .annotate(**metric.measure.aggregates())
        .order_by("series")
    )
    return _series(metric, scope, {row.pop("series"): row for row in grouped})


def by_bucket(metric: Metric, scope: Scope) -> dict[tuple[date, int], dict]:
    """The totals of each series in each week or quarter that has rows: one query."""
    output = DateField() if metric.anchor_is_date else DateTimeField()
    grouped = (
        metric.rows(scope)
        .annotate(
            bucket=Trunc(metric.anchor, scope.bucket.value, output_field=output),
            series=_series_key(metric),
        )
        .values("bucket", "series")
        .annotate(**metric.measure.aggregates())
        .order_by("bucket", "series")
    )
    return {(_bucket_day(row.pop("bucket")), row.pop("series")): row for row in grouped}


def summarize(metric: Metric, scope: Scope, trend_scope: Scope | None = None) -> MetricResult:
    """The number for `scope` and its trend over `trend_scope` (the same scope by default), in
    one query. A wider `trend_scope` has the same filters and whole buckets covering `scope`
    (the report's quarter within its year, by quarter)."""
    trend_scope = trend_scope or scope
    cells = by_bucket(metric, trend_scope)
    first = bucket_start(scope.start, trend_scope.bucket)
    totals = {
        index: _added(
            [t for (day, i), t in cells.items() if i == index and first <= day < scope.end]
        )
        for index in range(len(metric.series))
    }
    series = _series(metric, scope, {index: t for index, t in totals.items() if t})
    for result in series:
        result.trend = [
            metric.measure.value(cells[day, result.index], scope)
            if (day, result.index) in cells
            else None
            for day in trend_scope.bucket_starts()
        ]
        result.trend_display = [
            NO_DATA if value is None else metric.measure.display(value, scope)
            for value in result.trend
        ]
    return MetricResult(
        metric=metric,
        scope=scope,
        trend_scope=trend_scope,
        definition=metric.explain(scope),
        series=series,
    )
