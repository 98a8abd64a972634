"""Reads for handoffs, restricted to what the asking user may see."""

from django.db.models import Count, F, Prefetch, Q, QuerySet

from accounts.models import Role, User
from accounts.policies import packet_scope
from handoffs.claims import stuck_drafts, stuck_events
from handoffs.models import (
    CLAIMABLE,
    Handoff,
    InboundEvent,
    InboundStatus,
    Packet,
    Status,
)
from handoffs.sla import overdue_filter


def packet_rows(packets: QuerySet[Packet]) -> QuerySet[Packet]:
    """What a packet list row shows, in a fixed number of queries, soonest due first."""
    return packets.select_related(
        "handoff__opportunity__account", "handoff__ae", "business_unit", "csm"
    ).order_by(F("due_at").asc(nulls_last=True), "-id")


def with_packet_detail(packets: QuerySet[Packet]) -> QuerySet[Packet]:
    """Everything `packet_document` reads, fetched in a fixed number of queries."""
    return packets.select_related(
        "handoff__opportunity", "handoff__ae", "business_unit", "csm", "definitions_version"
    ).prefetch_related("fields", "commitments__acknowledged_by", "risk_flags__resolved_by")


def packets_visible_to(user: User) -> QuerySet[Packet]:
    """The only way views and the API list or fetch packets: restricted by the access policy."""
    return Packet.objects.filter(packet_scope(user, claimable=CLAIMABLE))


def handoffs_visible_to(user: User) -> QuerySet[Handoff]:
    """Handoffs with a packet the user may see; `visible_packets` holds those packets alone,
    since a handoff's other units' packets may not be theirs to see."""
    visible = packets_visible_to(user)
    return (
        Handoff.objects.filter(pk__in=visible.values("handoff_id"))
        .select_related("opportunity__account", "ae")
        .prefetch_related(
            Prefetch("packets", queryset=visible.order_by("id"), to_attr="visible_packets")
        )
    )


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
        packets = packets.filter(overdue_filter())
    if query := (params.get("q") or "").strip():
        packets = packets.filter(
            Q(handoff__opportunity__name__icontains=query)
            | Q(handoff__opportunity__account__name__icontains=query)
        )
    return packets


def pipeline_counts() -> dict:
    """Packets per status (value, label, count) and how many are overdue, for the RevOps
    overview, whose tiles open the explorer filtered the same way."""
    per_status = dict(Packet.objects.values_list("status").annotate(n=Count("id")))
    overdue = Packet.objects.filter(overdue_filter()).count()
    return {
        "by_status": [
            (status.value, status.label, per_status.get(status.value, 0)) for status in Status
        ],
        "overdue": overdue,
        "total": sum(per_status.values()),
    }


def needing_attention() -> dict:
    """What the pipeline could not finish on its own and RevOps must resolve."""
    return {
        "handoffs_without_ae": list(
            Handoff.objects.filter(ae__isnull=True, opportunity__isnull=False)
            .select_related("opportunity__account")
            .annotate(packet_count=Count("packets"))
            .order_by("-created_at")[:50]
        ),
        "packets_without_csm": list(
            Packet.objects.filter(csm__isnull=True, status=Status.READY_FOR_CS)
            .select_related("handoff__opportunity__account", "business_unit")
            .order_by("due_at")[:50]
        ),
        "failed_drafts": list(
            Packet.objects.filter(status=Status.DRAFT_FAILED)
            .select_related("handoff__opportunity__account", "business_unit")
            .order_by("-updated_at")[:50]
        ),
        "failed_events": list(
            InboundEvent.objects.filter(status=InboundStatus.FAILED)
            .select_related("integration")
            .order_by("-received_at")[:50]
        ),
        "stuck_drafts": list(
            stuck_drafts()
            .select_related("handoff__opportunity__account", "business_unit")
            .order_by("drafting_since")[:50]
        ),
        "stuck_events": list(
            stuck_events().select_related("integration").order_by("received_at")[:50]
        ),
    }


def active_aes() -> QuerySet[User]:
    return User.objects.filter(role=Role.AE, is_active=True).select_related("business_unit")
