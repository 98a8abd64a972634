"""Reads for handoffs, restricted to what the asking user may see."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.policies import packet_scope
from handoffs.models import Handoff, Opportunity, Packet


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


def packets_visible_to(user: User) -> QuerySet[Packet]:
    """The only way views and the API list or fetch packets: restricted by the access policy."""
    return Packet.objects.filter(packet_scope(user))


def handoffs_visible_to(user: User) -> QuerySet[Handoff]:
    return Handoff.objects.filter(
        pk__in=packets_visible_to(user).values("handoff_id")
    ).select_related("opportunity__account", "ae")


def filter_packets(packets: QuerySet[Packet], params) -> QuerySet[Packet]:
    """Apply list filters from query parameters; unknown values simply match nothing."""
    if status := params.get("status"):
        packets = packets.filter(status=status)
    if unit := params.get("business_unit"):
        packets = packets.filter(business_unit__slug=unit)
    if ae := params.get("ae"):
        packets = packets.filter(handoff__ae__email__iexact=ae)
    if csm := params.get("csm"):
        packets = packets.filter(csm__email__iexact=csm)
    if params.get("overdue") in ("1", "true", "yes"):
        packets = packets.filter(due_at__lt=timezone.now())
    if query := (params.get("q") or "").strip():
        packets = packets.filter(
            Q(handoff__opportunity__name__icontains=query)
            | Q(handoff__opportunity__account__name__icontains=query)
        )
    return packets
