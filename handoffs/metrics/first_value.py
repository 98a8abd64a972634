"""Time to first value against the segment's window, read from the success plans.

A plan counts business days from its kickoff to its first value as `plan_selectors.first_value`
does (weekdays, less the holiday calendar's days off); here the count is an expression the
database evaluates, with the holidays of the years around the period written into it.
"""

from datetime import date, timedelta

from django.db.models import (
    Case,
    DateField,
    Expression,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ExtractIsoWeekDay, Mod, TruncDate
from django.db.models.lookups import GreaterThanOrEqual, LessThan, LessThanOrEqual

from handoffs.metrics.base import Column, Mean, Metric, Rate, register
from handoffs.metrics.flow import packet_columns
from handoffs.metrics.scope import Scope
from handoffs.models import SuccessPlan
from handoffs.sla import weekdays_off

# The longest window a plan template allows is 250 business days: about a year either side.
REACH = timedelta(days=400)


class DaysBetween(Func):
    """Whole days from the first date to the second."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ")

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
        )


def _int(expression) -> Expression:
    return expression if isinstance(expression, Expression) else Value(expression)


def business_days(start: Expression, end: Expression, holidays: list[date]) -> Expression:
    """Business days after `start` up to and including `end`; 0 when `end` is not later."""
    days = DaysBetween(end, start)
    weekday = ExtractIsoWeekDay(start)  # Monday 1 ... Sunday 7
    weeks = Func(days, Value(7), template="(%(expressions)s)", arg_joiner=" / ")
    count = weeks * Value(5)
    for k in range(1, 7):
        later = Mod(weekday - Value(1) + Value(k), Value(7))  # 0 Monday ... 6 Sunday
        count += Case(
            When(
                GreaterThanOrEqual(Mod(days, Value(7)), Value(k)) & LessThan(later, Value(5)),
                then=Value(1),
            ),
            default=Value(0),
        )
    for day in holidays:
        count -= Case(
            When(LessThan(start, Value(day)) & LessThanOrEqual(Value(day), end), then=Value(1)),
            default=Value(0),
        )
    return Case(When(LessThanOrEqual(days, Value(0)), then=Value(0)), default=count)


def plans(scope: Scope) -> QuerySet:
    """Success plans whose kickoff fell in the period, with their time to first value (or the
    business days so far, without one) against their window."""
    holidays = weekdays_off(scope.start - REACH, scope.end + REACH)
    kickoff = TruncDate("kickoff_at", output_field=DateField())
    return (
        SuccessPlan.objects.filter(scope.packets("packet__"), scope.during("kickoff_at"))
        .annotate(kickoff_on=kickoff)
        .annotate(
            days_to_value=business_days(F("kickoff_on"), F("first_value_on"), holidays),
            days_so_far=business_days(F("kickoff_on"), Value(scope.today), holidays),
        )
    )


RECORDED = Q(first_value_on__isnull=False)
IN_WINDOW = RECORDED & Q(days_to_value__lte=F("first_value_max_days"))
OVERDUE = Q(first_value_on__isnull=True, days_so_far__gt=F("first_value_max_days"))
PLAN_COLUMNS = (
    Column("kickoff_on", "kickoff_on"),
    Column("segment", "segment"),
    Column("window_from_business_days", "first_value_min_days"),
    Column("window_to_business_days", "first_value_max_days"),
    Column("first_value_on", "first_value_on"),
    Column("business_days_to_first_value", "days_to_value"),
)

register(
    Metric(
        key="time_to_first_value",
        title="Time to first value",
        definition="Mean business days from the kickoff to the first value recorded on the "
        "success plan, for plans whose kickoff was in the period and that have one.",
        rows=plans,
        anchor="kickoff_at",
        measure=Mean(
            of="days_to_value",
            counted=RECORDED,
            counted_label="first values recorded",
            show=lambda days: f"{days:.1f} business days",
            brief=lambda days: f"{days:.0f}",
        ),
        columns=(*packet_columns(), *PLAN_COLUMNS),
        lower_is_better=True,
        unit="business days",
        order=80,
    )
)

register(
    Metric(
        key="first_value_in_window",
        title="First value within the segment's window",
        definition="Share of success plans whose first value came by the end of their segment's "
        "window (14-30 business days after the kickoff for SaaS, 45-90 for platform and "
        "enterprise by default), for plans whose kickoff was in the period. A plan without a "
        "first value counts once its window has ended.",
        rows=plans,
        anchor="kickoff_at",
        measure=Rate(
            hit=IN_WINDOW,
            counted=RECORDED | OVERDUE,
            hit_label="within the window",
            counted_label="plans due",
        ),
        columns=(*packet_columns(), *PLAN_COLUMNS),
        order=85,
    )
)
