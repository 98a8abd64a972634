"""The comp API: plans, the ledger (read-only), AE and CSM statements, stickiness signals."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.errors import NotVisible
from accounts.models import Role, User
from comp.models import PLAN_SETTINGS, CompPlan, CsmStatement, LedgerEntry
from comp.selectors import commission_by_deal, csm_statements, totals
from comp.services import plans, stickiness
from handoffs.api.authentication import IntegrationTokenAuthentication


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = CompPlan
        fields = ["id", *PLAN_SETTINGS, "closed_at"]
        read_only_fields = ["closed_at"]

    def _save(self, plan: CompPlan) -> CompPlan:
        try:
            return plans.plan_save(plan=plan)
        except ValidationError as error:
            raise serializers.ValidationError(
                error.message_dict if hasattr(error, "error_dict") else error.messages
            ) from error

    def create(self, validated_data) -> CompPlan:
        return self._save(CompPlan(**validated_data))

    def update(self, instance, validated_data) -> CompPlan:
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self._save(instance)


class PlanList(generics.ListCreateAPIView):
    access_policy = "comp.view"
    serializer_class = PlanSerializer
    queryset = CompPlan.objects.all()

    def get_permissions(self):
        if self.request.method == "POST":
            self.access_policy = "comp.manage"
        return super().get_permissions()


class PlanDetail(generics.RetrieveUpdateAPIView):
    access_policy = "comp.view"
    serializer_class = PlanSerializer
    queryset = CompPlan.objects.all()
    http_method_names = ["get", "patch", "options"]

    def get_permissions(self):
        if self.request.method == "PATCH":
            self.access_policy = "comp.manage"
        return super().get_permissions()


class LedgerEntrySerializer(serializers.ModelSerializer):
    ae = serializers.SlugRelatedField(slug_field="email", read_only=True)
    plan = serializers.SlugRelatedField(slug_field="name", read_only=True)
    late_for = serializers.SlugRelatedField(slug_field="name", read_only=True)
    opportunity_external_id = serializers.CharField(source="packet.handoff.opportunity_key")
    business_unit = serializers.CharField(source="packet.business_unit.slug")

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "plan",
            "ae",
            "opportunity_external_id",
            "business_unit",
            "kind",
            "amount",
            "currency",
            "reason",
            "cause",
            "reverses",
            "late_for",
            "created_at",
        ]


class Ledger(generics.ListAPIView):
    """Read-only: entries are written by the workflow and corrected by reversal, not by PUT."""

    access_policy = "comp.view"
    serializer_class = LedgerEntrySerializer

    def get_queryset(self):
        entries = LedgerEntry.objects.select_related(
            "ae", "plan", "late_for", "packet__handoff", "packet__business_unit"
        ).order_by("-created_at", "-id")
        params = self.request.query_params
        if plan := params.get("plan"):
            entries = entries.filter(plan__name=plan)
        if ae := params.get("ae"):
            entries = entries.filter(ae__email__iexact=ae)
        if kind := params.get("kind"):
            entries = entries.filter(kind=kind)
        return entries


class Statement(APIView):
    access_policy = "comp.pay"

    @extend_schema(
        summary="An AE's commission for a quarter, per deal and in total",
        responses={200: OpenApiResponse(description="Statement")},
    )
    def get(self, request, pk: int, email: str):
        plan = get_object_or_404(CompPlan, pk=pk)
        ae = get_object_or_404(User, email__iexact=email, role=Role.AE)
        lines = commission_by_deal(plan=plan, ae=ae)
        return Response(
            {
                "plan": plan.name,
                "ae": ae.email,
                "final": plan.is_closed,
                "totals": {
                    currency: {k: str(v) for k, v in sums.items()}
                    for currency, sums in totals(lines).items()
                },
                "deals": [
                    {
                        "opportunity_external_id": line.packet.handoff.opportunity_key,
                        "business_unit": line.packet.business_unit.slug,
                        "currency": line.currency,
                        "accrued": str(line.accrued),
                        "held": str(line.held),
                        "released": str(line.released),
                        "forfeited": str(line.forfeited),
                        "status": line.state,
                        "reason": line.last.reason,
                        "last_movement": line.last.created_at.date().isoformat(),
                    }
                    for line in lines
                ],
            }
        )


class CsmStatementSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="name", read_only=True)
    csm = serializers.SlugRelatedField(slug_field="email", read_only=True)
    final = serializers.BooleanField(source="is_final")
    frozen_at = serializers.SerializerMethodField()

    class Meta:
        model = CsmStatement
        fields = [
            "plan",
            "csm",
            "final",
            "accepted",
            "on_time",
            "matured",
            "sticky",
            "on_time_rate",
            "sticky_rate",
            "attainment",
            "target",
            "onboarding_share_pct",
            "payout",
            "adjustments",
            "currency",
            "accounts",
            "frozen_at",
        ]

    def get_frozen_at(self, statement: CsmStatement) -> str | None:
        return statement.frozen_at.isoformat() if statement.is_final else None


class CsmStatementView(APIView):
    """A CSM's variable for a quarter: frozen at its close, provisional (computed now) before."""

    access_policy = "comp.pay"

    @extend_schema(summary="A CSM's variable statement", responses={200: CsmStatementSerializer})
    def get(self, request, pk: int, email: str):
        plan = get_object_or_404(CompPlan, pk=pk)
        csm = get_object_or_404(User, email__iexact=email)
        statement = next(iter(csm_statements(plan=plan, csm=csm)), None)
        if statement is None:
            raise NotVisible(f"No statement was frozen for {csm.email} in {plan}.")
        return Response(CsmStatementSerializer(statement).data)


class SignalInput(serializers.Serializer):
    opportunity_external_id = serializers.CharField()
    external_id = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=["login", "milestone"])
    milestone = serializers.CharField(required=False, allow_blank=True, default="")
    occurred_at = serializers.DateTimeField()


class StickinessSignals(APIView):
    """Logins and milestone completions; a repeated external_id is accepted and ignored."""

    access_policy = "comp.signals"
    authentication_classes = [IntegrationTokenAuthentication, SessionAuthentication]

    @extend_schema(
        summary="Record a stickiness signal",
        request=SignalInput,
        responses={
            201: OpenApiResponse(description="Recorded"),
            200: OpenApiResponse(description="Already recorded"),
        },
    )
    def post(self, request):
        given = SignalInput(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            recorded = stickiness.record_signal(**given.validated_data)
        except ValidationError as invalid:
            return Response({"errors": invalid.message_dict}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {"id": recorded.signal.pk, "duplicate": recorded.duplicate},
            status=status.HTTP_200_OK if recorded.duplicate else status.HTTP_201_CREATED,
        )
