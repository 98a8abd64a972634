"""Read endpoints for handoffs and packets; every query starts from what the user may see."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from governance.models import FieldDefinition
from handoffs.api.serializers import (
    CommitmentSerializer,
    FieldVersionSerializer,
    HandoffSerializer,
    PacketSerializer,
    PacketSummarySerializer,
    RiskFlagSerializer,
    TransitionSerializer,
)
from handoffs.models import PacketFieldVersion, Status
from handoffs.selectors import (
    filter_packets,
    handoffs_visible_to,
    packets_visible_to,
    with_packet_detail,
)


class VisiblePacketMixin:
    access_policy = "packets.list"

    def visible_packet(self):
        return get_object_or_404(packets_visible_to(self.request.user), pk=self.kwargs["pk"])


@extend_schema(
    parameters=[
        OpenApiParameter("status", enum=[choice.value for choice in Status]),
        OpenApiParameter("business_unit", description="Business unit slug"),
        OpenApiParameter("ae", description="AE e-mail"),
        OpenApiParameter("csm", description="CSM e-mail"),
        OpenApiParameter("overdue", bool),
        OpenApiParameter("q", description="Search account or opportunity name"),
    ]
)
class PacketListView(generics.ListAPIView):
    access_policy = "packets.list"
    serializer_class = PacketSummarySerializer

    def get_queryset(self):
        packets = filter_packets(packets_visible_to(self.request.user), self.request.query_params)
        return packets.select_related(
            "handoff__opportunity__account", "handoff__ae", "business_unit", "csm"
        ).order_by("due_at", "id")


class PacketDetailView(VisiblePacketMixin, generics.RetrieveAPIView):
    serializer_class = PacketSerializer

    def get_queryset(self):
        return with_packet_detail(packets_visible_to(self.request.user))


class PacketCommitmentsView(VisiblePacketMixin, generics.ListAPIView):
    serializer_class = CommitmentSerializer
    pagination_class = None

    def get_queryset(self):
        return self.visible_packet().commitments.all()


class PacketRiskFlagsView(VisiblePacketMixin, generics.ListAPIView):
    serializer_class = RiskFlagSerializer
    pagination_class = None

    def get_queryset(self):
        return self.visible_packet().risk_flags.all()


class PacketTransitionsView(VisiblePacketMixin, generics.ListAPIView):
    serializer_class = TransitionSerializer
    pagination_class = None

    def get_queryset(self):
        return self.visible_packet().transitions.select_related("actor")


class FieldHistoryView(VisiblePacketMixin, generics.ListAPIView):
    serializer_class = FieldVersionSerializer
    pagination_class = None

    def get_queryset(self):
        packet = self.visible_packet()
        get_object_or_404(FieldDefinition, key=self.kwargs["key"])
        return (
            PacketFieldVersion.objects.filter(field__packet=packet, field__key=self.kwargs["key"])
            .select_related("set_by")
            .order_by("-version")
        )


class HandoffListView(generics.ListAPIView):
    access_policy = "packets.list"
    serializer_class = HandoffSerializer

    def get_queryset(self):
        return handoffs_visible_to(self.request.user).order_by("-id")


class HandoffDetailView(generics.RetrieveAPIView):
    access_policy = "packets.list"
    serializer_class = HandoffSerializer

    def get_queryset(self):
        return handoffs_visible_to(self.request.user)
