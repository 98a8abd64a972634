"""The API's shapes. `PacketSerializer` is the packet format of DESIGN section 4, also printed
by `ingest_event --json`."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from handoffs.api.draft_serializers import DraftRunSerializer
from handoffs.models import (
    Commitment,
    Handoff,
    Packet,
    PacketFieldVersion,
    PacketTransition,
    RiskFlag,
)


class EvidenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["transcript", "crm", "meddpicc", "contract", "telemetry", "human"]
    )
    ref = serializers.CharField()
    turn = serializers.IntegerField(required=False)
    field = serializers.CharField(required=False)
    quote = serializers.CharField()


class PacketFieldSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["complete", "partial", "missing"])
    text = serializers.CharField()
    gaps = serializers.ListField(child=serializers.CharField())
    evidence = EvidenceSerializer(many=True)
    author = serializers.CharField()
    version = serializers.IntegerField()
    data = serializers.DictField()


class CompletenessSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    of = serializers.IntegerField()
    gate = serializers.IntegerField()
    passed = serializers.BooleanField()
    blocked_by = serializers.ListField(
        child=serializers.CharField(),
        help_text="Incomplete fields that fail the gate on their own, whatever the score.",
    )
    shortfall = serializers.CharField(help_text="What the gate still needs; empty once it passes.")


class CommitmentSerializer(serializers.ModelSerializer):
    transcript = serializers.CharField(source="transcript_ref")
    ghost = serializers.BooleanField(source="is_ghost")
    standing = serializers.CharField(
        read_only=True, help_text="Where the promise lives now, as the packet words it."
    )

    class Meta:
        model = Commitment
        fields = [
            "id",
            "quote",
            "speaker",
            "transcript",
            "turn",
            "due",
            "reflected_in",
            "reconciliation",
            "ghost",
            "standing",
        ]


class RiskFlagSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True)
    open = serializers.BooleanField(source="is_open", read_only=True)
    resolved_by = serializers.SlugRelatedField(slug_field="email", read_only=True, allow_null=True)

    class Meta:
        model = RiskFlag
        fields = [
            "id",
            "kind",
            "severity",
            "summary",
            "evidence",
            "response",
            "open",
            "resolved_at",
            "resolved_by",
            "resolution",
        ]


@extend_schema_field(serializers.DictField(child=PacketFieldSerializer()))
class FieldsByKey(serializers.Field):
    def to_representation(self, fields) -> dict:
        return {
            field.key: {
                "status": field.status,
                "text": field.text,
                "gaps": field.gaps,
                "evidence": field.evidence,
                "author": field.author,
                "version": field.version,
                "data": field.data,
            }
            for field in fields.all()
        }


class PacketPeopleMixin(serializers.Serializer):
    """The AE's e-mail and the completeness block, shared by the list row and the detail."""

    def get_ae(self, packet: Packet) -> str | None:
        return packet.handoff.ae.email if packet.handoff.ae else None

    @extend_schema_field(CompletenessSerializer)
    def get_completeness(self, packet: Packet) -> dict:
        return {
            "score": packet.score,
            "of": packet.score_of,
            "gate": packet.gate,
            "passed": packet.passed_gate,
            "blocked_by": packet.gate_blocked_by,
            "shortfall": packet.gate_shortfall,
        }


class PacketSerializer(PacketPeopleMixin, serializers.ModelSerializer):
    length_verdict = serializers.ChoiceField(
        choices=["short", "on_target", "long", "too_long"],
        read_only=True,
        help_text="Word count against the word-count range of the field definitions that "
        "scored it (1,400-2,400 by default; too_long above 4,000).",
    )
    definitions_version = serializers.IntegerField(
        source="definitions_version.number",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="The version of the field definitions that scored the packet.",
    )
    opportunity_external_id = serializers.CharField(source="handoff.opportunity_key")
    business_unit = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    ae = serializers.SerializerMethodField()
    csm = serializers.SlugRelatedField(slug_field="email", read_only=True)
    completeness = serializers.SerializerMethodField()
    fields = FieldsByKey(read_only=True)
    commitments = CommitmentSerializer(many=True, read_only=True)
    risk_flags = RiskFlagSerializer(many=True, read_only=True)
    draft = serializers.SerializerMethodField(
        help_text="The latest draft attempt: drafter, prompt version, model, tokens, cost, "
        "and why it fell back to the rules drafter, if it did."
    )

    class Meta:
        model = Packet
        fields = [
            "id",
            "handoff_id",
            "opportunity_external_id",
            "business_unit",
            "status",
            "ae",
            "csm",
            "due_at",
            "completeness",
            "definitions_version",
            "word_count",
            "length_verdict",
            "drafter",
            "draft_error",
            "version",
            "fields",
            "commitments",
            "risk_flags",
            "draft",
        ]

    @extend_schema_field(DraftRunSerializer(allow_null=True))
    def get_draft(self, packet: Packet) -> dict | None:
        run = packet.draft_runs.select_related("prompt_version__template").first()
        return DraftRunSerializer(run).data if run else None


class PacketSummarySerializer(PacketPeopleMixin, serializers.ModelSerializer):
    """A row of the packet list: enough to sort and triage without the fields."""

    opportunity_external_id = serializers.CharField(source="handoff.opportunity_key")
    account = serializers.CharField(source="handoff.opportunity.account.name", default=None)
    business_unit = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    ae = serializers.SerializerMethodField()
    csm = serializers.SlugRelatedField(slug_field="email", read_only=True)
    completeness = serializers.SerializerMethodField()

    class Meta:
        model = Packet
        fields = [
            "id",
            "handoff_id",
            "opportunity_external_id",
            "account",
            "business_unit",
            "status",
            "ae",
            "csm",
            "due_at",
            "completeness",
            "word_count",
            "updated_at",
        ]


class FieldVersionSerializer(serializers.ModelSerializer):
    set_by = serializers.SlugRelatedField(slug_field="email", read_only=True)
    evidence = EvidenceSerializer(many=True)

    class Meta:
        model = PacketFieldVersion
        fields = [
            "version",
            "status",
            "text",
            "data",
            "gaps",
            "evidence",
            "author",
            "set_by",
            "drafter",
            "created_at",
        ]


class TransitionSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="email", read_only=True)

    class Meta:
        model = PacketTransition
        fields = ["from_status", "to_status", "actor", "reason", "due_at", "created_at"]


class HandoffSerializer(serializers.ModelSerializer):
    opportunity_external_id = serializers.CharField(source="opportunity_key")
    account = serializers.CharField(source="opportunity.account.name", default=None)
    opportunity_name = serializers.CharField(source="opportunity.name", default=None)
    ae = serializers.SlugRelatedField(slug_field="email", read_only=True)
    packet_ids = serializers.SerializerMethodField()

    class Meta:
        model = Handoff
        fields = [
            "id",
            "opportunity_external_id",
            "opportunity_name",
            "account",
            "ae",
            "packet_ids",
            "created_at",
        ]

    def get_packet_ids(self, handoff: Handoff) -> list[int]:
        """Only the packets the caller may see (`handoffs_visible_to` fetches them)."""
        return [packet.pk for packet in handoff.visible_packets]


class IntakeAcceptedSerializer(serializers.Serializer):
    event_id = serializers.CharField()
    handoff_id = serializers.IntegerField()
    status = serializers.CharField()
    status_url = serializers.CharField()
    duplicate = serializers.BooleanField()


class IntakeStatusSerializer(serializers.Serializer):
    event_id = serializers.CharField()
    event_type = serializers.CharField()
    status = serializers.CharField()
    handoff_id = serializers.IntegerField(allow_null=True)
    packet_ids = serializers.ListField(child=serializers.IntegerField())
    attempts = serializers.IntegerField()
    error = serializers.CharField(allow_blank=True)
    received_at = serializers.DateTimeField()
    processed_at = serializers.DateTimeField(allow_null=True)
