"""Bar charts as geometry for server-rendered SVG: no script, no inline style, no colour code.

The page and the PDF draw the same `Chart` (templates/handoffs/_chart.html). A second series is
hatched as well as coloured and every chart names its values in its text alternative, so none
of it depends on seeing colour.
"""

import math
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from handoffs.metrics.base import Rate, SumRatio
from handoffs.metrics.compute import NO_DATA, MetricResult

WIDTH, HEIGHT = 560, 240
LEFT, RIGHT, TOP, BOTTOM = 84, 8, 36, 30
LEGEND_STEP = 220
MOST_LABELLED_BARS = 10
MOST_CATEGORY_LABELS = 8


@dataclass(frozen=True)
class Bar:
    series: int
    x: float
    y: float
    width: float
    height: float
    text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Category:
    x: float
    label: str
    shown: bool


@dataclass(frozen=True)
class Key:
    """One entry of the legend: where it sits, which series, what it says."""

    series: int
    x: float
    label: str

    @property
    def text_x(self) -> float:
        return self.x + 20


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    bars: list[Bar]
    ticks: list[Tick]
    categories: list[Category]
    legend: list[Key]
    show_values: bool
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    plot_left: float = LEFT
    plot_right: float = WIDTH - RIGHT
    tick_label_x: float = LEFT - 8
    category_y: float = HEIGHT - BOTTOM + 18


def _number(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)


# Round tops for a time axis, in seconds: its middle tick is a round time too.
TIME_TOPS = [60 * m for m in (1, 2, 4, 10, 20, 30, 60)] + [3600 * h for h in (2, 4, 8, 12, 24, 48)]


def _time_ceiling(top: float) -> float:
    found = next((step for step in TIME_TOPS if step >= top), None)
    return found or math.ceil(top / 86400 / 2) * 2 * 86400


def _ceiling(top: float, percent: bool) -> float:
    """A round top for the axis: 100 % for shares (150 % or more if a value exceeds it), else
    1, 2 or 5 times a power of ten."""
    if percent:
        return max(100.0, math.ceil(top / 50) * 50)
    if top <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(top))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= top)


def _as_value(number: float, sample):
    """An axis number in the type the metric displays (durations are timedeltas)."""
    if isinstance(sample, timedelta):
        return timedelta(seconds=number)
    return Decimal(str(round(number, 4)))


def bar_chart(result: MetricResult) -> Chart:
    metric, scope = result.metric, result.scope
    series = result.series
    values = [[_number(value) for value in item.trend] for item in series]
    buckets = result.buckets
    known = [value for row in values for value in row if value is not None]
    sample = next((v for item in series for v in item.trend if v is not None), Decimal(0))
    highest = max(known, default=0.0)
    if isinstance(sample, timedelta):
        top = _time_ceiling(highest)
    else:
        top = _ceiling(highest, isinstance(metric.measure, Rate | SumRatio))
    plot_height = HEIGHT - TOP - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT
    group = plot_width / max(len(buckets), 1)
    bar_width = group * 0.7 / len(series)
    show_values = len(buckets) * len(series) <= MOST_LABELLED_BARS
    bars = []
    for index, row in enumerate(values):
        for position, value in enumerate(row):
            if value is None:
                continue
            height = plot_height * value / top
            x = LEFT + position * group + group * 0.15 + index * bar_width
            bars.append(
                Bar(
                    series=index,
                    x=round(x, 1),
                    y=round(HEIGHT - BOTTOM - height, 1),
                    width=round(bar_width, 1),
                    height=round(height, 1),
                    text=metric.measure.compact(series[index].trend[position], scope),
                    text_x=round(x + bar_width / 2, 1),
                    text_y=round(HEIGHT - BOTTOM - height - 5, 1),
                )
            )
    every = math.ceil(len(buckets) / MOST_CATEGORY_LABELS)
    return Chart(
        key=metric.key,
        title=f"{metric.title} by {scope.bucket.value}",
        description=_describe(result),
        bars=bars,
        ticks=[
            Tick(
                y=round(HEIGHT - BOTTOM - plot_height * share, 1),
                label=metric.measure.compact(_as_value(top * share, sample), scope),
            )
            for share in (0, 0.5, 1)
        ],
        categories=[
            Category(x=round(LEFT + (n + 0.5) * group, 1), label=label, shown=n % every == 0)
            for n, (_, label) in enumerate(buckets)
        ],
        legend=[
            Key(series=item.index, x=LEFT + item.index * LEGEND_STEP, label=item.label)
            for item in series
            if item.label
        ],
        show_values=show_values,
    )


def _describe(result: MetricResult) -> str:
    """The chart in words, for screen readers and anyone who cannot tell the bars apart."""
    labels = [label for _, label in result.buckets]
    parts = []
    for item in result.series:
        points = "; ".join(
            f"{label}: {shown}"
            for label, shown in zip(labels, item.trend_display, strict=True)
            if shown != NO_DATA
        )
        name = f"{item.label}: " if item.label else ""
        parts.append(f"{name}{points or 'nothing counted yet'}.")
    return " ".join(parts)
