"""SLA clocks: business-day arithmetic, and the one definition of overdue and due soon.

A packet is on the clock while it waits on a person (the AE or the CSM); its step is overdue
once its due time has passed and due soon within the SLA policy's warning window. The list
filter, the RevOps count, the scheduled check, the reminders and the due labels all ask here.
"""

from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from governance.models import SlaPolicy
from handoffs.models import WAITING_ON_AE, WAITING_ON_CSM, Packet

ON_THE_CLOCK = WAITING_ON_AE | WAITING_ON_CSM


class DueState(StrEnum):
    OVERDUE = "overdue"
    SOON = "soon"
    ON_TIME = "on_time"


@lru_cache(maxsize=8)
def _calendar(country: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, years=[year - 1, year, year + 1])


def is_business_day(day: date) -> bool:
    if day.weekday() >= 5:
        return False
    return day not in _calendar(settings.HANDBRIEF["HOLIDAY_COUNTRY"], day.year)


def weekdays_off(start: date, end: date) -> list[date]:
    """The weekdays from `start` to `end` that the holiday calendar takes off: with weekends,
    what `is_business_day` refuses."""
    country = settings.HANDBRIEF["HOLIDAY_COUNTRY"]
    found = {
        day
        for year in range(start.year, end.year + 1)
        for day in _calendar(country, year)
        if start <= day <= end and day.weekday() < 5
    }
    return sorted(found)


def add_business_days(start: datetime, days: int) -> datetime:
    """The same time of day `days` business days later; a weekend start counts from Monday."""
    moment, remaining = start, days
    while remaining > 0:
        moment += timedelta(days=1)
        if is_business_day(moment.date()):
            remaining -= 1
    return moment


def business_days_between(start: date, end: date) -> int:
    """Business days after `start` up to and including `end` (0 when `end` is not later)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_business_day(day)
    return count


def kickoff_deadline(accepted_at: datetime, policy: SlaPolicy | None = None) -> datetime:
    """When the triad kickoff must take place, counted from the packet's acceptance."""
    policy = policy or SlaPolicy.current()
    return add_business_days(accepted_at, policy.kickoff_business_days)


def overdue_filter(now: datetime | None = None) -> Q:
    """Packets waiting on a person past their due time, as a filter on Packet."""
    return Q(status__in=ON_THE_CLOCK, due_at__lt=now or timezone.now())


def due_soon_filter(now: datetime | None = None, policy: SlaPolicy | None = None) -> Q:
    """Packets waiting on a person whose due time falls inside the policy's warning window."""
    now, policy = now or timezone.now(), policy or SlaPolicy.current()
    return Q(status__in=ON_THE_CLOCK, due_at__gte=now, due_at__lt=now + policy.due_soon)


def due_state(
    packet: Packet, *, now: datetime | None = None, policy: SlaPolicy | None = None
) -> DueState | None:
    """Overdue, due soon or on time; None when nothing is due.

    A packet counts only while it waits on a person (the same test as `overdue_filter`).
    """
    due_at = packet.due_at if packet.status in ON_THE_CLOCK else None
    if due_at is None:
        return None
    now = now or timezone.now()
    if due_at < now:
        return DueState.OVERDUE
    if due_at < now + (policy or SlaPolicy.current()).due_soon:
        return DueState.SOON
    return DueState.ON_TIME
