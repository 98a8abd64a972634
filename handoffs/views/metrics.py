"""The metrics page, each metric's rows as CSV, and the quarterly program report as PDF.

All three read the same query parameters (`MetricsForm`) into one `Scope` and the metrics'
own definitions (`handoffs.metrics`); a bad parameter is a 400 that names it.
"""

from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.errors import BadInput, NotVisible
from accounts.models import BusinessUnit
from accounts.policies import allows, requires
from handoffs.charts import bar_chart
from handoffs.csv_export import csv_response
from handoffs.insight_forms import MetricsForm, problems, read
from handoffs.metrics import metric_for, metrics_for
from handoffs.metrics.base import Estimate
from handoffs.metrics.compute import MetricResult, headline, summarize
from handoffs.metrics.scope import Scope
from handoffs.pdf import render_html_pdf
from handoffs.periods import (
    Bucket,
    parse_quarter,
    quarter_name,
    quarter_start,
    recent_quarters,
    trailing_year,
)

QUARTERS_OFFERED = 8


def drill_url(scope: Scope, key: str, series: int, part: str) -> str:
    """The explorer, filtered to the packets behind one number."""
    query = {**scope.query(), "metric": key, "series": series, "part": part}
    return f"{reverse('explorer:list')}?{urlencode(query)}"


def _card(result: MetricResult) -> dict:
    scope, key = result.scope, result.metric.key
    return {
        "result": result,
        "chart": bar_chart(result),
        "series": [
            {
                "item": item,
                "url": drill_url(scope, key, item.index, "counted"),
                "counts": [
                    (count, drill_url(scope, key, item.index, count.figure.part))
                    for count in item.counts
                ],
            }
            for item in result.series
        ],
        "csv": f"{reverse('metrics:csv', args=[key])}?{urlencode(scope.query())}",
        "estimate": isinstance(result.metric.measure, Estimate),
        "table": [
            {
                "label": label,
                "values": [(item.label, item.trend_display[n]) for item in result.series],
            }
            for n, (_, label) in enumerate(result.buckets)
        ],
    }


def _scope(request: HttpRequest) -> tuple[MetricsForm, Scope]:
    form = read(MetricsForm(request.GET))
    return form, form.scope(timezone.localdate())


@require_GET
@requires("metrics.view")
def metrics_page(request):
    form = MetricsForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "refusal": problems(form)}
        return render(request, "handoffs/metrics.html", context, status=400)
    scope = form.scope(timezone.localdate())
    cards = [_card(summarize(metric, scope)) for metric in metrics_for(request.user)]
    return render(
        request,
        "handoffs/metrics.html",
        {
            "form": form,
            "scope": scope,
            "cards": cards,
            "quarters": recent_quarters(scope.today, QUARTERS_OFFERED),
            "report_period": _report_period(scope),
            "report_url": _report_url(scope),
            "can_record_outcomes": allows(request.user, "outcomes.record"),
        },
    )


def _report_period(scope: Scope) -> str:
    """The quarter on screen, or the last whole quarter."""
    return scope.period or quarter_name(quarter_start(scope.today) - timedelta(days=1))


def _report_url(scope: Scope) -> str:
    query = {**scope.query(), "period": _report_period(scope)}
    return f"{reverse('metrics:report')}?{urlencode(query)}"


@require_GET
@requires("metrics.view")
def metric_csv(request, key: str):
    metric = metric_for(request.user, key)
    if metric is None:
        raise NotVisible("No such metric, or not one you may see.")
    try:
        _, scope = _scope(request)
    except BadInput as refused:
        return HttpResponse(str(refused), status=400, content_type="text/plain; charset=utf-8")
    rows = metric.detail(metric.rows(scope)).order_by(metric.anchor, "pk")
    lookups = [column.lookup for column in metric.columns]
    return csv_response(
        f"{key}-{scope.start:%Y%m%d}-{scope.end:%Y%m%d}.csv",
        [column.header for column in metric.columns],
        rows.values_list(*lookups).iterator(chunk_size=2000),
    )


@require_GET
@requires("metrics.view")
def program_report(request):
    """The quarter's metrics with their trend over the four quarters that end with it, and
    each metric per business unit, as a PDF for the leadership review."""
    try:
        _, scope = _scope(request)
    except BadInput as refused:
        return HttpResponse(str(refused), status=400, content_type="text/plain; charset=utf-8")
    period = _report_period(scope)
    start, end = parse_quarter(period)
    quarter = replace(scope, start=start, end=end, period=period, bucket=Bucket.QUARTER)
    year_start, _ = trailing_year(start)
    trend_scope = replace(quarter, start=year_start)
    metrics = metrics_for(request.user)
    results = [summarize(metric, quarter, trend_scope) for metric in metrics]
    units = BusinessUnit.objects.order_by("name")
    if scope.business_unit:
        units = units.filter(slug=scope.business_unit)
    units = list(units)
    pdf = render_html_pdf(
        "handoffs/metrics_pdf.html",
        {
            "period": period,
            "scope": quarter,
            "cards": [{"result": result, "chart": bar_chart(result)} for result in results],
            "units": units,
            "unit_rows": _by_unit(metrics, quarter, units),
            "generated_at": timezone.now(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="handoff-program-{period}.pdf"'
    return response


def _by_unit(metrics, scope: Scope, units: list[BusinessUnit]) -> list[dict]:
    """One row per metric (and series), one cell per unit: the short table of the report."""
    rows = []
    for metric in metrics:
        per_unit = [headline(metric, replace(scope, business_unit=unit.slug)) for unit in units]
        for index, series in enumerate(metric.series):
            rows.append(
                {
                    "title": metric.title,
                    "series": series.label,
                    "cells": [results[index] for results in per_unit],
                }
            )
    return rows
