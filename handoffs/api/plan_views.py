"""Success plans over the API: a packet's plan in the shape the webhooks send, and first-value
signals from the product (idempotent on the sender's id, like stickiness signals)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.errors import NotVisible, RoleRefused
from accounts.policies import allows
from handoffs.api.authentication import IntegrationTokenAuthentication
from handoffs.plan_webhooks import plan_payload
from handoffs.selectors import packets_visible_to
from handoffs.services import first_value


class PacketPlan(APIView):
    access_policy = "packets.list"

    @extend_schema(
        summary="A packet's success plan (the payload the CS-platform webhooks carry)",
        responses={
            200: OpenApiResponse(description="The plan"),
            403: OpenApiResponse(description="Your role may not see this plan"),
            404: OpenApiResponse(description="No such packet or plan, or not shared with you"),
        },
    )
    def get(self, request, pk: int):
        packet = get_object_or_404(packets_visible_to(request.user), pk=pk)
        if not allows(request.user, "plan.view", packet):
            raise RoleRefused("Your role may not see this plan.")
        plan = getattr(packet, "success_plan", None)
        if plan is None:
            raise NotVisible("This packet has no success plan yet.")
        return Response(plan_payload(plan))


class FirstValueInput(serializers.Serializer):
    opportunity_external_id = serializers.CharField(max_length=150)
    business_unit = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default=""
    )
    external_id = serializers.CharField(max_length=200)
    occurred_at = serializers.DateTimeField()
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class FirstValueSignals(APIView):
    """The first time a customer got the value they bought, as the product saw it."""

    access_policy = "plans.signals"
    authentication_classes = [IntegrationTokenAuthentication, SessionAuthentication]

    @extend_schema(
        summary="Record first value for a deal's success plan",
        request=FirstValueInput,
        responses={
            201: OpenApiResponse(description="Recorded"),
            200: OpenApiResponse(description="Already recorded (this id, or the plan's first)"),
            400: OpenApiResponse(description="Bad input, by field"),
        },
    )
    def post(self, request):
        given = FirstValueInput(data=request.data)
        given.is_valid(raise_exception=True)
        recorded = first_value.record_signal(**given.validated_data)
        plan = recorded.plan
        return Response(
            {
                "plan_id": plan.pk,
                "first_value_on": plan.first_value_on.isoformat() if plan.first_value_on else None,
                "duplicate": recorded.duplicate,
            },
            status=status.HTTP_200_OK if recorded.duplicate else status.HTTP_201_CREATED,
        )
