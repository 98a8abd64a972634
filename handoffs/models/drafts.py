"""What each drafting attempt of a packet cost and used: drafter, prompt, model, tokens.

One row per attempt, written whether the draft succeeded, fell back to the rules drafter or
failed, so RevOps can see what a packet's draft came from and what the LLM drafter costs, how
many of the model's sentences were dropped and why, where the model and the rules disagreed,
and which passages of the sources spoke to the drafter and were withheld from it.
"""

from django.db import models
from django.utils import timezone

from handoffs.models.packets import Packet


class DraftRun(models.Model):
    packet = models.ForeignKey(Packet, on_delete=models.CASCADE, related_name="draft_runs")
    requested_drafter = models.CharField(
        max_length=30, help_text="The drafter the unit's drafting choice asked for."
    )
    drafter = models.CharField(
        max_length=30, blank=True, help_text="The drafter whose draft was used; empty if none."
    )
    prompt_version = models.ForeignKey(
        "governance.PromptVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draft_runs",
    )
    model = models.CharField(max_length=100, blank=True)
    llm_calls = models.PositiveSmallIntegerField(default=0)
    tokens_in = models.PositiveIntegerField(default=0)
    tokens_out = models.PositiveIntegerField(default=0)
    estimated_cost = models.DecimalField(
        max_digits=12,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="US dollars at list price; empty when the model's price is unknown.",
    )
    input_chars = models.PositiveIntegerField(default=0)
    input_tokens = models.PositiveIntegerField(
        default=0, help_text="Estimated from the request's size, before it was sent."
    )
    turns_sent = models.PositiveIntegerField(default=0)
    turns_total = models.PositiveIntegerField(default=0)
    evidence_dropped = models.PositiveIntegerField(default=0)
    dropped = models.JSONField(
        default=list, blank=True, help_text="Why each dropped reference or item was dropped."
    )
    sentences_kept = models.PositiveIntegerField(
        default=0, help_text="Model sentences that stood on checked evidence and were kept."
    )
    sentences_dropped = models.PositiveIntegerField(default=0)
    sentence_drops = models.JSONField(
        default=list,
        blank=True,
        help_text="Why model sentences were dropped: [{reason, count}]. Their words are not kept.",
    )
    disagreements = models.JSONField(
        default=list,
        blank=True,
        help_text="Where the model and the rules disagreed: [{about, rules, model, sources}].",
    )
    passages_withheld = models.PositiveIntegerField(
        default=0, help_text="Passages of the sources that spoke to the drafter."
    )
    withheld = models.JSONField(
        default=list,
        blank=True,
        help_text="Where each passage that spoke to the drafter was, and what it looked like: "
        "[{where, pattern}]. The passage itself is not kept.",
    )
    fallback_reason = models.TextField(blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["packet", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.packet} · {self.drafter or 'failed'} at {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def fell_back(self) -> bool:
        return bool(self.fallback_reason)
