"""Dates as people say them on calls, resolved against the day of the call."""

import datetime as dt

import pytest

from handoffs.drafting.dates import resolve_dates

CALL_DAY = dt.date(2027, 2, 20)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("by the end of April", dt.date(2027, 4, 30)),
        ("by June 30", dt.date(2027, 6, 30)),
        ("by the end of Q3", dt.date(2027, 9, 30)),
        ("by end of Q3 2027", dt.date(2027, 9, 30)),
        ("live by 2027-06-30", dt.date(2027, 6, 30)),
        ("in the first week", dt.date(2027, 2, 27)),
        ("within two weeks", dt.date(2027, 3, 6)),
        ("by the end of January", dt.date(2028, 1, 31)),
        ("by the end of the month", dt.date(2027, 2, 28)),
        ("by May 5th", dt.date(2027, 5, 5)),
    ],
)
def test_it_resolves_what_people_say(said, expected):
    assert resolve_dates(said, CALL_DAY) == [expected]


def test_vague_times_have_no_date():
    assert resolve_dates("by the start of the fall term", CALL_DAY) == []


def test_it_returns_several_dates_in_order():
    said = "dashboard live by June 30, and report prep down by the end of Q3"

    assert resolve_dates(said, CALL_DAY) == [dt.date(2027, 6, 30), dt.date(2027, 9, 30)]
