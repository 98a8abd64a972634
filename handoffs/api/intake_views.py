"""POST /api/v1/intake/events/: receive one Closed-Won or PLG event; its status; a retry.

Refusals are raised and answered by the one mapping (`accounts.api_errors`): a body that breaks
the contract is a 400 with field errors, a replay with a changed body a 409.
"""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import APIView

from handoffs.api.authentication import (
    IntegrationTokenAuthentication,
    WebhookSignatureAuthentication,
)
from handoffs.api.serializers import IntakeAcceptedSerializer, IntakeStatusSerializer
from handoffs.models import InboundEvent, Packet
from handoffs.services.intake import parse_event, receive_event, retry_inbound_event


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The event is larger than this server accepts."
    default_code = "payload_too_large"


def _status_document(inbound: InboundEvent) -> dict:
    packet_ids = (
        list(Packet.objects.filter(handoff_id=inbound.handoff_id).values_list("pk", flat=True))
        if inbound.handoff_id
        else []
    )
    return {
        "event_id": inbound.event_id,
        "event_type": inbound.event_type,
        "status": inbound.status,
        "handoff_id": inbound.handoff_id,
        "packet_ids": packet_ids,
        "attempts": inbound.attempts,
        "error": inbound.error,
        "received_at": inbound.received_at,
        "processed_at": inbound.processed_at,
    }


class IntakeEventsView(APIView):
    access_policy = "intake.submit"
    authentication_classes = [WebhookSignatureAuthentication, IntegrationTokenAuthentication]

    def initial(self, request, *args, **kwargs):
        limit = settings.HANDBRIEF["MAX_INTAKE_BYTES"]
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if declared > limit:
            raise PayloadTooLarge(
                f"Events are limited to {limit:,} bytes; this one is {declared:,}."
            )
        super().initial(request, *args, **kwargs)

    @extend_schema(
        summary="Receive a Closed-Won or PLG event",
        request={"application/json": {"type": "object"}},
        responses={
            202: IntakeAcceptedSerializer,
            200: OpenApiResponse(IntakeAcceptedSerializer, description="Already received"),
            400: OpenApiResponse(
                description="Malformed JSON or a payload that breaks the "
                "contract, with field-level errors"
            ),
            401: OpenApiResponse(description="Bad signature, stale timestamp or unknown token"),
            409: OpenApiResponse(
                description="The event id was received with a different body, or the "
                "webhook-id already carried another event"
            ),
            413: OpenApiResponse(description="Body over the configured limit"),
        },
    )
    def post(self, request):
        received = receive_event(
            payload=parse_event(request.body),
            integration=request.user.integration,
            delivery_id=request.user.delivery_id,
        )
        body = {
            "event_id": received.inbound.event_id,
            "handoff_id": received.handoff.pk,
            "status": received.inbound.status,
            "status_url": reverse("api:intake-event", args=[received.inbound.event_id]),
            "duplicate": received.duplicate,
        }
        code = status.HTTP_200_OK if received.duplicate else status.HTTP_202_ACCEPTED
        return Response(body, status=code)


class IntakeEventStatusView(APIView):
    access_policy = "intake.view"
    authentication_classes = [IntegrationTokenAuthentication, SessionAuthentication]

    @extend_schema(summary="Where an event is in processing", responses=IntakeStatusSerializer)
    def get(self, request, event_id: str):
        events = InboundEvent.objects.all()
        integration = getattr(request.user, "integration", None)
        if integration is not None:
            events = events.filter(integration=integration)
        inbound = get_object_or_404(events, event_id=event_id)
        return Response(_status_document(inbound))


class IntakeEventRetryView(APIView):
    access_policy = "intake.retry"

    @extend_schema(
        summary="Process a failed or stuck event again",
        request=None,
        responses={
            202: IntakeStatusSerializer,
            409: OpenApiResponse(description="The event was processed or is being processed"),
        },
    )
    def post(self, request, event_id: str):
        inbound = get_object_or_404(InboundEvent, event_id=event_id)
        inbound = retry_inbound_event(inbound=inbound, by=request.user)
        return Response(_status_document(inbound), status=status.HTTP_202_ACCEPTED)
