"""What packets contribute to governance: operator flags for the quarterly review, and replays
of a draft prompt or definitions set over past deals.

They live with the packets because they point at them; the versions they name (prompt,
definitions) are governance's.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from handoffs.models.packets import Packet


class FlagKind(models.TextChoices):
    WRONG = "wrong", "Wrong"
    NOISE = "noise", "Noise"
    MISSING = "missing", "Missing"


class Triage(models.TextChoices):
    OPEN = "", "Not triaged"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class OperatorFlag(models.Model):
    """An AE's or CSM's note that a field, or one sentence of it, is wrong, noise or missing.

    It keeps what produced the words they saw (the packet and field versions, the prompt
    version and the field definitions), so the quarterly review judges the rules, not a
    moving target. CS Ops triage it: accepted with the draft that addresses it, or declined
    with a reason."""

    packet = models.ForeignKey(Packet, on_delete=models.PROTECT, related_name="operator_flags")
    key = models.SlugField(max_length=50, help_text="The field flagged.")
    sentence = models.TextField(blank=True, help_text="The sentence flagged; empty: the field.")
    kind = models.CharField(max_length=10, choices=FlagKind.choices)
    comment = models.TextField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    packet_version = models.PositiveIntegerField()
    field_version = models.PositiveIntegerField(default=0)
    drafter = models.CharField(max_length=30, blank=True)
    prompt_version = models.ForeignKey(
        "governance.PromptVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The prompt of the packet's last LLM draft, if an LLM drafted it.",
    )
    definitions_version = models.ForeignKey(
        "governance.DefinitionsVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    triage = models.CharField(max_length=10, choices=Triage.choices, blank=True, default="")
    triage_reason = models.TextField(blank=True)
    addressed_by_prompt = models.ForeignKey(
        "governance.PromptVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    addressed_by_definitions = models.ForeignKey(
        "governance.DefinitionsVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at", "id"]
        indexes = [models.Index(fields=["raised_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(triage="accepted")
                | models.Q(addressed_by_prompt__isnull=False)
                | models.Q(addressed_by_definitions__isnull=False),
                name="accepted_flag_names_its_fix",
            ),
            models.CheckConstraint(
                condition=~models.Q(triage="declined") | ~models.Q(triage_reason=""),
                name="declined_flag_says_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.key}: {self.comment[:60]}"

    @property
    def addressed_by(self):
        return self.addressed_by_prompt or self.addressed_by_definitions


class ReplayKind(models.TextChoices):
    PROMPT = "prompt", "Prompt version"
    DEFINITIONS = "definitions", "Field definitions"


class ReplayRun(models.Model):
    """A draft prompt version (or definitions set) run over past deals next to the published
    one, in the background, one task per deal; nothing is saved to the packets."""

    kind = models.CharField(max_length=12, choices=ReplayKind.choices)
    candidate_prompt = models.ForeignKey(
        "governance.PromptVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    baseline_prompt = models.ForeignKey(
        "governance.PromptVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    candidate_definitions = models.ForeignKey(
        "governance.DefinitionsVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    baseline_definitions = models.ForeignKey(
        "governance.DefinitionsVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    packet_ids = models.JSONField(default=list, help_text="The past deals' packets, in order.")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Replay {self.pk} of {self.candidate}"

    @property
    def candidate(self):
        return self.candidate_prompt or self.candidate_definitions

    @property
    def baseline(self):
        return self.baseline_prompt or self.baseline_definitions

    @property
    def total(self) -> int:
        return len(self.packet_ids)


class ReplayResult(models.Model):
    """One deal of a replay: both versions' outcomes side by side (or why it could not run)."""

    run = models.ForeignKey(ReplayRun, on_delete=models.CASCADE, related_name="results")
    packet = models.ForeignKey(Packet, on_delete=models.PROTECT, related_name="+")
    outcome = models.JSONField(default=dict)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["run", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "packet"], name="replay_deal_once_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.run} · packet {self.packet_id}"
