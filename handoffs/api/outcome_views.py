"""Account outcomes in: churned, renewed or expanded, with the ARR before and after."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from handoffs.api.authentication import IntegrationTokenAuthentication
from handoffs.models import OutcomeKind
from handoffs.services import outcomes


class OutcomeInput(serializers.Serializer):
    account_external_id = serializers.CharField(max_length=100)
    external_id = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=OutcomeKind.choices)
    occurred_on = serializers.DateField()
    arr_before = serializers.DecimalField(max_digits=14, decimal_places=2)
    arr_after = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField(max_length=3)


class AccountOutcomes(APIView):
    """Record one outcome; a repeated external_id is accepted and ignored. A refusal of the
    service (an unknown account, a churn that leaves ARR) is a 400 from the one error mapping."""

    access_policy = "outcomes.record"
    authentication_classes = [IntegrationTokenAuthentication, SessionAuthentication]

    @extend_schema(
        summary="Record an account outcome",
        request=OutcomeInput,
        responses={
            201: OpenApiResponse(description="Recorded"),
            200: OpenApiResponse(description="Already recorded"),
            400: OpenApiResponse(description="Field errors"),
        },
    )
    def post(self, request):
        given = OutcomeInput(data=request.data)
        given.is_valid(raise_exception=True)
        recorded = outcomes.record_outcome(**given.validated_data)
        return Response(
            {"id": recorded.outcome.pk, "duplicate": recorded.duplicate},
            status=status.HTTP_200_OK if recorded.duplicate else status.HTTP_201_CREATED,
        )
