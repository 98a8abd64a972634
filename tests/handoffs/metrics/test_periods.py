"""Quarters and weeks as the metrics name them."""

import datetime as dt

import pytest

from handoffs.periods import (
    Bucket,
    bucket_label,
    bucket_starts,
    parse_quarter,
    recent_quarters,
    trailing_year,
)


@pytest.mark.parametrize(
    ("name", "bounds"),
    [
        ("2027-Q1", (dt.date(2027, 1, 1), dt.date(2027, 4, 1))),
        ("2026-Q4", (dt.date(2026, 10, 1), dt.date(2027, 1, 1))),
        ("2027-Q5", None),
        ("1999-Q4", None),
        ("2101-Q1", None),
        ("27-Q1", None),
        ("", None),
    ],
)
def test_a_quarter_parses_to_its_first_day_and_the_next_quarters(name, bounds):
    assert parse_quarter(name) == bounds


def test_the_trailing_year_is_the_four_quarters_ending_with_this_one():
    assert trailing_year(dt.date(2026, 11, 29)) == (dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    assert recent_quarters(dt.date(2026, 2, 1), 3) == ["2026-Q1", "2025-Q4", "2025-Q3"]


def test_weeks_start_on_monday_and_cover_the_whole_period():
    starts = bucket_starts(dt.date(2026, 10, 1), dt.date(2026, 10, 20), Bucket.WEEK)

    assert starts == [
        dt.date(2026, 9, 28),
        dt.date(2026, 10, 5),
        dt.date(2026, 10, 12),
        dt.date(2026, 10, 19),
    ]
    assert bucket_label(starts[0], Bucket.WEEK) == "Sep 28"
    assert bucket_label(dt.date(2026, 10, 1), Bucket.QUARTER) == "2026-Q4"
