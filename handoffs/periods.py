"""Calendar quarters and weeks: how the metrics page, the explorer and the report name periods.

A quarter is written "2027-Q1" (comp's plans use the same names). Periods run from their first
day up to, not including, the first day of the next one.
"""

import re
from datetime import date, timedelta
from enum import StrEnum

QUARTER = re.compile(r"^(?P<year>\d{4})-Q(?P<quarter>[1-4])$")
# Quarters outside these years are refused as input: nothing in a handoff program is older,
# and an unbounded year would reach date's limits.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class Bucket(StrEnum):
    WEEK = "week"
    QUARTER = "quarter"


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter(start: date) -> date:
    month = start.month + 3
    return date(start.year + (month > 12), (month - 1) % 12 + 1, 1)


def quarter_name(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def parse_quarter(name: str) -> tuple[date, date] | None:
    """The first day of the quarter and of the next one; None when `name` is no quarter we
    accept (wrong shape, or a year out of bounds)."""
    match = QUARTER.match(name)
    if not match or not FIRST_YEAR <= int(match["year"]) <= LAST_YEAR:
        return None
    start = date(int(match["year"]), 3 * (int(match["quarter"]) - 1) + 1, 1)
    return start, next_quarter(start)


def recent_quarters(today: date, count: int) -> list[str]:
    """This quarter and the `count - 1` before it, newest first."""
    names, start = [], quarter_start(today)
    for _ in range(count):
        names.append(quarter_name(start))
        start = quarter_start(start - timedelta(days=1))
    return names


def trailing_year(today: date) -> tuple[date, date]:
    """The four calendar quarters that end with this one."""
    end = next_quarter(quarter_start(today))
    start = quarter_start(today)
    for _ in range(3):
        start = quarter_start(start - timedelta(days=1))
    return start, end


def bucket_start(day: date, bucket: Bucket) -> date:
    if bucket == Bucket.WEEK:
        return day - timedelta(days=day.weekday())
    return quarter_start(day)


def bucket_starts(start: date, end: date, bucket: Bucket) -> list[date]:
    """Every week (from Monday) or quarter that overlaps [start, end), in order."""
    starts, current = [], bucket_start(start, bucket)
    while current < end:
        starts.append(current)
        current = current + timedelta(days=7) if bucket == Bucket.WEEK else next_quarter(current)
    return starts


def bucket_label(start: date, bucket: Bucket) -> str:
    return quarter_name(start) if bucket == Bucket.QUARTER else f"{start:%b} {start.day}"
