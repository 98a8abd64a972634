"""The scheduled SLA check: stamp packets the moment they become overdue, for reporting."""

from django.utils import timezone

from handoffs.models import Packet
from handoffs.sla import overdue_filter


def flag_overdue_packets() -> int:
    """Mark overdue packets not marked yet; returns how many became overdue since the last run."""
    now = timezone.now()
    return Packet.objects.filter(overdue_filter(now), sla_breached_at__isnull=True).update(
        sla_breached_at=now
    )
