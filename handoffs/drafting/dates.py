"""Due and target dates as people say them on calls, resolved against the day of the call."""

import calendar
import re
from datetime import date, timedelta

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"  # noqa: E501
NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "eight": 8,
    "ten": 10,
    "thirty": 30,
    "sixty": 60,
    "ninety": 90,
}
UNIT_DAYS = {"day": 1, "week": 7, "month": 30}

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_END_OF_MONTH = re.compile(rf"\bend of {MONTH}(?:\s+(\d{{4}}))?\b", re.I)
_MONTH_DAY = re.compile(rf"\b{MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_QUARTER = re.compile(r"\b(?:end of |by )?Q([1-4])(?:\s+(\d{4}))?\b", re.I)
_END_OF_PERIOD = re.compile(r"\bend of (?:the |this )?(next )?(week|month|quarter|year)\b", re.I)
_WITHIN = re.compile(
    r"\b(?:within|in)\s+(?:the\s+)?(?:first\s+)?(a|an|one|two|three|four|five|six|eight|ten|"
    r"thirty|sixty|ninety|\d+)?\s*(day|week|month)s?\b",
    re.I,
)
_BY_MONTH = re.compile(rf"\b(?:by|in|before) {MONTH}(?:\s+(\d{{4}}))?\b", re.I)
_NEXT_WEEK = re.compile(r"\bnext week\b", re.I)


def _month_number(name: str) -> int:
    name = name.lower()
    return MONTHS.get(name) or MONTHS[name[:3]]


def _year_for(month: int, said_year: str | None, on: date) -> int:
    """A month without a year means its next occurrence from the call."""
    if said_year:
        return int(said_year)
    return on.year if month >= on.month else on.year + 1


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarter_end(year: int, quarter: int) -> date:
    return _last_day(year, quarter * 3)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_dates(text: str, on: date) -> list[date]:
    """Every date the text names, in the order they appear, resolved relative to `on`."""
    found: list[tuple[int, date]] = []
    taken: list[range] = []

    def add(match: re.Match, value: date | None) -> None:
        span = range(match.start(), match.end())
        if value and not any(span.start in other or other.start in span for other in taken):
            taken.append(span)
            found.append((match.start(), value))

    for match in _ISO.finditer(text):
        add(match, _safe_date(int(match[1]), int(match[2]), int(match[3])))
    for match in _END_OF_MONTH.finditer(text):
        month = _month_number(match[1])
        add(match, _last_day(_year_for(month, match[2], on), month))
    for match in _MONTH_DAY.finditer(text):
        month = _month_number(match[1])
        add(match, _safe_date(_year_for(month, match[3], on), month, int(match[2])))
    for match in _QUARTER.finditer(text):
        quarter = int(match[1])
        year = int(match[2]) if match[2] else on.year
        if not match[2] and _quarter_end(year, quarter) < on:
            year += 1
        add(match, _quarter_end(year, quarter))
    for match in _END_OF_PERIOD.finditer(text):
        period = match[2].lower()
        add(match, _end_of_period(period, _step(period, on) if match[1] else on))
    for match in _WITHIN.finditer(text):
        count = match[1] or "one"
        amount = int(count) if count.isdigit() else NUMBERS[count.lower()]
        add(match, on + timedelta(days=amount * UNIT_DAYS[match[2].lower()]))
    for match in _BY_MONTH.finditer(text):
        month = _month_number(match[1])
        add(match, date(_year_for(month, match[2], on), month, 1))
    for match in _NEXT_WEEK.finditer(text):
        add(match, on + timedelta(days=7))
    return [value for _, value in sorted(found, key=lambda item: item[0])]


def _step(period: str, on: date) -> date:
    """A day in the period after the one `on` falls in."""
    if period == "week":
        return on + timedelta(days=7)
    if period == "month":
        return _last_day(on.year, on.month) + timedelta(days=1)
    if period == "quarter":
        return _quarter_end(on.year, (on.month - 1) // 3 + 1) + timedelta(days=1)
    return date(on.year + 1, 1, 1)


def _end_of_period(period: str, on: date) -> date:
    if period == "week":
        return on + timedelta(days=6 - on.weekday())
    if period == "month":
        return _last_day(on.year, on.month)
    if period == "quarter":
        return _quarter_end(on.year, (on.month - 1) // 3 + 1)
    return date(on.year, 12, 31)
