"""Handoffs of the months before today, written straight into the history tables, so the program
metrics have trends to show: packets that went through the gate, gap lists, CSM review and the
kickoff, with the program getting better over the year.

Each deal's story is drawn from a fixed seed before anything is written, then every row is
bulk-created with the times of that story (the workflow stamps "now", which history cannot use).
The demo uses it for 240 deals; `make bench` for ten thousand.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from handoffs.models import (
    Status,
)
from handoffs.sla import add_business_days

SEED = 20261129
PREFIX = "hist-"
# Deals close over the 21 months before last week, so those of the first months come up for
# renewal inside the last year.
OLDEST_DAYS_AGO = 640
NEWEST_DAYS_AGO = 7
SEGMENTS = ("saas", "platform", "enterprise")
DEAL_SIZE_K = {"saas": (18, 60), "platform": (60, 150), "enterprise": (150, 420)}
FIRST_WORDS = (
    "Alder", "Birch", "Cobalt", "Dunmore", "Elmstead", "Fairhaven", "Granite", "Halcyon",
    "Ironwood", "Juno", "Keystone", "Lakeshore", "Meridian", "Northgate", "Oakridge", "Pioneer",
    "Quarry", "Redwood", "Summit", "Tidewater",
)  # fmt: skip
SECOND_WORDS = (
    "Health", "Logistics", "Credit Union", "Foods", "Energy", "Labs", "Insurance", "Retail",
    "Media", "Robotics",
)  # fmt: skip


@dataclass
class Story:
    """One history deal: who, what, and when each step of its packet happened."""

    n: int
    unit: int
    segment: str
    plg: bool
    amount: Decimal
    close: date
    received: datetime
    score: int
    gate: int
    progress: float
    steps: list[tuple[str, str, datetime, datetime | None]] = field(default_factory=list)
    rating: int | None = None
    returned_at: datetime | None = None
    kickoff_at: datetime | None = None
    kickoff_deadline: datetime | None = None


def _progress(close: date, today: date, span: int) -> float:
    """0 for the oldest deal, 1 for one closed last week: the program improves with time."""
    return max(0.0, min(1.0, 1 - (today - close).days / span))


def _at(day: date, hour: int, minutes: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour))) + timedelta(minutes=minutes)


def _story(rng: random.Random, n: int, units: int, today: date, span: int) -> Story:
    close = today - timedelta(days=rng.randint(NEWEST_DAYS_AGO, span))
    p = _progress(close, today, span)
    segment = rng.choice(SEGMENTS)
    low, high = DEAL_SIZE_K[segment]
    # The gate was phased in: 5 of 8 until nine months ago, then 6, then 7 from six months ago.
    age = (today - close).days
    gate = 5 if age > 270 else 6 if age > 180 else 7
    story = Story(
        n=n,
        unit=n % units,
        segment=segment,
        plg=segment == "saas" and rng.random() < 0.3,
        amount=Decimal(rng.randint(low, high) * 1000),
        close=close,
        received=_at(close, rng.randint(9, 17), rng.randint(0, 59)),
        score=rng.randint(gate, 8) if rng.random() < 0.85 else gate,
        gate=gate,
        progress=p,
    )
    _walk(rng, story, p)
    return story


def _walk(rng: random.Random, story: Story, p: float) -> None:
    """Draft, gate, gap list, review and kickoff, each on time or late by the year's odds."""
    move = story.steps.append
    move(("", Status.DRAFTING, story.received + timedelta(seconds=2), None))
    drafted = story.received + timedelta(seconds=rng.randint(20, 180 if p > 0.5 else 900))
    arrive, came_from = drafted, Status.DRAFTING
    if rng.random() > 0.35 + 0.4 * p:
        move((Status.DRAFTING, Status.NEEDS_AE, drafted, drafted + timedelta(hours=24)))
        late = rng.random() < 0.5 - 0.35 * p
        arrive += timedelta(hours=rng.randint(26, 80) if late else rng.randint(2, 22))
        came_from = Status.NEEDS_AE
    due = add_business_days(arrive, 1)
    move((came_from, Status.READY_FOR_CS, arrive, due))
    started = arrive + timedelta(minutes=rng.randint(10, 240))
    move((Status.READY_FOR_CS, Status.IN_REVIEW, started, due))
    if rng.random() < 0.35 - 0.27 * p:
        decided = due + timedelta(hours=rng.randint(2, 30))
    else:
        decided = started + timedelta(hours=rng.randint(1, 6))
    if rng.random() < 0.08:
        story.returned_at = decided
        move((Status.IN_REVIEW, Status.RETURNED, decided, decided + timedelta(hours=24)))
        arrive = decided + timedelta(hours=rng.randint(3, 20))
        due = add_business_days(arrive, 1)
        move((Status.RETURNED, Status.READY_FOR_CS, arrive, due))
        move((Status.READY_FOR_CS, Status.IN_REVIEW, arrive + timedelta(minutes=30), due))
        decided = arrive + timedelta(hours=rng.randint(1, 5))
    story.rating = max(1, min(10, round(rng.gauss(3.6 + 4.0 * p, 1.2))))
    deadline = add_business_days(decided, 5)
    move((Status.IN_REVIEW, Status.ACCEPTED, decided, deadline))
    move(
        (
            Status.ACCEPTED,
            Status.KICKOFF_BOOKED,
            decided + timedelta(hours=rng.randint(4, 30)),
            None,
        )
    )
    if rng.random() < 0.4 - 0.3 * p:
        story.kickoff_at = deadline + timedelta(days=rng.randint(1, 6))
    else:
        story.kickoff_at = deadline - timedelta(hours=rng.randint(2, 60))
    story.kickoff_deadline = deadline
    move((Status.KICKOFF_BOOKED, Status.KICKOFF_HELD, story.kickoff_at + timedelta(hours=1), None))


def stories(count: int, units: int, today: date, span: int = OLDEST_DAYS_AGO) -> list[Story]:
    """`count` deals closed over the `span` days before last week, from the fixed seed."""
    rng = random.Random(SEED)
    return [_story(rng, n, units, today, span) for n in range(count)]
