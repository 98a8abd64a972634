"""The `draft` block of a packet: what its latest draft came from and what it cost."""

from rest_framework import serializers

from handoffs.models import DraftRun


class DraftRunSerializer(serializers.ModelSerializer):
    prompt_version = serializers.SerializerMethodField(
        help_text="The prompt version sent, e.g. packet_draft v3; null for the rules drafter."
    )
    fell_back = serializers.BooleanField(read_only=True)

    class Meta:
        model = DraftRun
        fields = [
            "requested_drafter",
            "drafter",
            "fell_back",
            "fallback_reason",
            "prompt_version",
            "model",
            "llm_calls",
            "tokens_in",
            "tokens_out",
            "estimated_cost",
            "input_chars",
            "input_tokens",
            "turns_sent",
            "turns_total",
            "evidence_dropped",
            "error",
            "duration_ms",
            "created_at",
        ]

    def get_prompt_version(self, run: DraftRun) -> str | None:
        version = run.prompt_version
        return f"{version.template.key} v{version.number}" if version else None
