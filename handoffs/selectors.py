"""Reads for handoffs, restricted to what the asking user may see."""

from django.db.models import Count, QuerySet

from accounts.models import User
from handoffs.models import Opportunity, Packet


def opportunities_owned_by(user: User) -> QuerySet[Opportunity]:
    """The AE's won deals, matched on the CRM owner's e-mail."""
    return (
        Opportunity.objects.filter(owner_email__iexact=user.email)
        .select_related("account")
        .annotate(line_count=Count("lines"))
        .order_by("-close_date", "name")
    )


def with_packet_detail(packets: QuerySet[Packet]) -> QuerySet[Packet]:
    """Everything `packet_document` reads, fetched in a fixed number of queries."""
    return packets.select_related(
        "handoff__opportunity", "handoff__ae", "business_unit", "csm"
    ).prefetch_related("fields", "commitments", "risk_flags")
