"""Business-day arithmetic for SLAs: weekends and the configured country's holidays are skipped."""

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from django.conf import settings


@lru_cache(maxsize=8)
def _calendar(country: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, years=[year - 1, year, year + 1])


def is_business_day(day: date) -> bool:
    if day.weekday() >= 5:
        return False
    return day not in _calendar(settings.HANDBRIEF["HOLIDAY_COUNTRY"], day.year)


def add_business_days(start: datetime, days: int) -> datetime:
    """The same time of day `days` business days later; a weekend start counts from Monday."""
    moment, remaining = start, days
    while remaining > 0:
        moment += timedelta(days=1)
        if is_business_day(moment.date()):
            remaining -= 1
    return moment
