"""What a metric reads: which packets (unit, segment, motion, AE, CSM) and which period.

The metrics page, the explorer's "packets behind a number", the CSV exports and the quarterly
report all build one `Scope` from the same query parameters, so a number and the packets behind
it are always read with the same filters.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from handoffs.periods import Bucket, bucket_label, bucket_starts

# The CSM-hours estimate's assumptions, stated on the page and editable there.
HOURS_WITHOUT_PACKET = Decimal("3")
HOURS_WITH_PACKET = Decimal("0.5")


@dataclass(frozen=True)
class Scope:
    start: date
    end: date
    bucket: Bucket
    today: date = field(default_factory=timezone.localdate)
    period: str = ""
    business_unit: str = ""
    segment: str = ""
    motion: str = ""
    ae: str = ""
    csm: str = ""
    currency: str = "USD"
    hours_without: Decimal = HOURS_WITHOUT_PACKET
    hours_with: Decimal = HOURS_WITH_PACKET

    def packets(self, path: str = "") -> Q:
        """The packet filters, as a Q on Packet reached through `path` ("packet__", ...)."""
        wanted = {
            "business_unit__slug": self.business_unit,
            "handoff__opportunity__segment": self.segment,
            "handoff__opportunity__motion": self.motion,
            "handoff__ae__email__iexact": self.ae,
            "csm__email__iexact": self.csm,
        }
        return Q(**{path + lookup: value for lookup, value in wanted.items() if value})

    def during(self, name: str, *, dates: bool = False) -> Q:
        """`name` falls inside the period; `dates` for a DateField, else a DateTimeField."""
        start, end = (self.start, self.end) if dates else (_moment(self.start), _moment(self.end))
        return Q(**{f"{name}__gte": start, f"{name}__lt": end})

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def buckets(self) -> list[tuple[date, str]]:
        return [(day, bucket_label(day, self.bucket)) for day in self.bucket_starts()]

    def bucket_starts(self) -> list[date]:
        return bucket_starts(self.start, self.end, self.bucket)

    def query(self) -> dict[str, str]:
        """The query parameters that rebuild this scope (defaults left out), for links."""
        given = {
            "period": self.period,
            "by": self.bucket.value,
            "business_unit": self.business_unit,
            "segment": self.segment,
            "motion": self.motion,
            "ae": self.ae,
            "csm": self.csm,
            "currency": self.currency,
        }
        if self.hours_without != HOURS_WITHOUT_PACKET or self.hours_with != HOURS_WITH_PACKET:
            given |= {"hours_without": str(self.hours_without), "hours_with": str(self.hours_with)}
        return {name: value for name, value in given.items() if value}


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
