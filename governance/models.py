"""The definitions layer: what a complete packet means, how packets are drafted and routed.

CS Ops and RevOps edit these rows in their quarterly reviews; scoring and routing read them.
"""

import operator
from datetime import timedelta
from functools import reduce

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.defaultfilters import pluralize
from django.utils import timezone

from accounts.models import BusinessUnit
from config.records import refuse_truncate


class FieldDefinition(models.Model):
    """One of the eight packet fields, with the attributes a complete value must carry."""

    key = models.SlugField(max_length=50, unique=True)
    label = models.CharField(max_length=100)
    guidance = models.TextField(help_text="What complete means, shown to AEs next to the field.")
    required_attributes = models.JSONField(
        default=list,
        blank=True,
        help_text="Attributes the scorer checks, e.g. linkedin_url or target_date.",
    )
    blocks_gate = models.BooleanField(
        default=False, help_text="An incomplete value fails the gate whatever the score."
    )
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return self.label


class GatePolicy(models.Model):
    """The completeness gate: how many of the fields must be complete to reach CS.

    A single row (pk=1); `current()` creates it with the operating-model default.
    """

    threshold = models.PositiveSmallIntegerField(
        default=7, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "gate policy"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=1, threshold__lte=8), name="gate_threshold_1_to_8"
            )
        ]

    def __str__(self) -> str:
        return f"Gate: {self.threshold} fields complete"

    @classmethod
    def current(cls) -> "GatePolicy":
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy


HOURS = [MinValueValidator(1), MaxValueValidator(168)]
BUSINESS_DAYS = [MinValueValidator(1), MaxValueValidator(30)]


class SlaPolicy(models.Model):
    """The clocks a packet runs on while it waits on a person, and when a step is due soon.

    A single row (pk=1); `current()` creates it with the operating-model defaults. Due times,
    overdue and due soon (`handoffs.sla`) and comp's on-time kickoffs all read this row, so the
    packet page, the lists, the reminders and pay cannot disagree.
    """

    ae_turnaround_hours = models.PositiveSmallIntegerField(
        default=24, validators=HOURS, help_text="Hours the AE has to answer a gap list or a return."
    )
    csm_review_business_days = models.PositiveSmallIntegerField(
        default=1,
        validators=BUSINESS_DAYS,
        help_text="Business days CS has to review a packet that passed the gate.",
    )
    kickoff_business_days = models.PositiveSmallIntegerField(
        default=5,
        validators=BUSINESS_DAYS,
        help_text="Business days after acceptance by which the triad kickoff takes place.",
    )
    due_soon_hours = models.PositiveSmallIntegerField(
        default=4,
        validators=HOURS,
        help_text="How close to its due time a step counts as due soon.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "SLA policy"
        verbose_name_plural = "SLA policy"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ae_turnaround_hours__gte=1, ae_turnaround_hours__lte=168),
                name="sla_ae_turnaround_1_to_168_hours",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    csm_review_business_days__gte=1, csm_review_business_days__lte=30
                ),
                name="sla_csm_review_1_to_30_days",
            ),
            models.CheckConstraint(
                condition=models.Q(kickoff_business_days__gte=1, kickoff_business_days__lte=30),
                name="sla_kickoff_1_to_30_days",
            ),
            models.CheckConstraint(
                condition=models.Q(due_soon_hours__gte=1, due_soon_hours__lte=168),
                name="sla_due_soon_1_to_168_hours",
            ),
        ]

    def __str__(self) -> str:
        review, kickoff = self.csm_review_business_days, self.kickoff_business_days
        return (
            f"SLAs: AE {self.ae_turnaround_hours} h · CS review {review} business "
            f"day{pluralize(review)} · kickoff {kickoff} business day{pluralize(kickoff)} · "
            f"due soon {self.due_soon_hours} h"
        )

    @classmethod
    def current(cls) -> "SlaPolicy":
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy

    @property
    def ae_turnaround(self) -> timedelta:
        return timedelta(hours=self.ae_turnaround_hours)

    @property
    def due_soon(self) -> timedelta:
        return timedelta(hours=self.due_soon_hours)


class AssignmentStrategy(models.TextChoices):
    ROUND_ROBIN = "round_robin", "Round robin"
    FEWEST_OPEN = "fewest_open", "Fewest open packets"
    LEAST_ACV = "least_acv", "Least ACV under management"


class AssignmentRule(models.Model):
    """How a business unit's packets that pass the gate are given to its CSMs."""

    business_unit = models.OneToOneField(
        BusinessUnit, on_delete=models.CASCADE, related_name="assignment_rule"
    )
    strategy = models.CharField(
        max_length=20, choices=AssignmentStrategy.choices, default=AssignmentStrategy.ROUND_ROBIN
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.business_unit}: {self.get_strategy_display()}"


class DrafterKind(models.TextChoices):
    RULES = "rules", "Rules drafter"
    LLM = "llm", "LLM drafter"


class DraftingPolicy(models.Model):
    """Which drafter writes packets when a business unit has no choice of its own.

    A single row (pk=1); `current()` creates it with the rules drafter, which needs no network.
    """

    drafter = models.CharField(
        max_length=10, choices=DrafterKind.choices, default=DrafterKind.RULES
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "drafting policy"

    def __str__(self) -> str:
        return f"Default: {self.get_drafter_display()}"

    @classmethod
    def current(cls) -> "DraftingPolicy":
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy


class UnitDrafter(models.Model):
    """A business unit's own choice of drafter, overriding the default."""

    business_unit = models.OneToOneField(
        BusinessUnit, on_delete=models.CASCADE, related_name="drafter_choice"
    )
    drafter = models.CharField(max_length=10, choices=DrafterKind.choices)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.business_unit}: {self.get_drafter_display()}"


class PromptTemplate(models.Model):
    """A prompt the LLM drafter sends; its words live in immutable versions."""

    key = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PromptState(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class ImmutablePromptVersion(Exception):
    """A prompt version's words, model and settings never change; write a new version."""


# What moves on a prompt version as it goes through review; everything else is its content.
PROMPT_LIFECYCLE_FIELDS = ("state", "submitted_at", "approved_by", "published_at", "retired_at")


def _changed(*names: str) -> pgtrigger.Q:
    return reduce(
        operator.or_,
        (pgtrigger.Q(**{f"old__{name}__df": pgtrigger.F(f"new__{name}")}) for name in names),
    )


class PromptVersion(models.Model):
    """One wording of a prompt, with the model settings it was written for.

    The content never changes after creation (only the lifecycle fields move), so every packet
    that records this version was drafted from exactly these words. A version with no author
    shipped with Handbrief; every version a person writes needs another person to publish it.
    """

    template = models.ForeignKey(PromptTemplate, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField(help_text="The system prompt.")
    model = models.CharField(
        max_length=100,
        blank=True,
        help_text="Empty: the model set by HANDBRIEF_LLM_MODEL when the draft runs.",
    )
    temperature = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(2)],
    )
    output_schema_version = models.CharField(max_length=30)
    change_note = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for the version that shipped with Handbrief.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=PromptState.choices, default=PromptState.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="prompt_version_number"),
            models.UniqueConstraint(
                fields=["template"],
                condition=models.Q(state="published"),
                name="one_published_prompt_version",
            ),
            models.CheckConstraint(
                condition=models.Q(temperature__gte=0, temperature__lte=2),
                name="prompt_temperature_0_to_2",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | models.Q(author__isnull=True)
                | ~models.Q(approved_by=models.F("author")),
                name="prompt_approver_is_not_author",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="published")
                | models.Q(approved_by__isnull=False)
                | models.Q(author__isnull=True),
                name="published_prompt_was_approved",
            ),
        ]
        # The database keeps what save() promises: content never changes; a published version
        # only moves to retired (when its successor is published); published and retired
        # versions are never deleted, since packets record which words drafted them.
        triggers = [
            pgtrigger.Protect(
                name="content_is_fixed",
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange(exclude=list(PROMPT_LIFECYCLE_FIELDS)),
            ),
            pgtrigger.Protect(
                name="published_only_retires",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__state__in=[PromptState.PUBLISHED, PromptState.RETIRED])
                & (
                    _changed("submitted_at", "approved_by", "published_at")
                    | _changed("state", "retired_at")
                    & (
                        pgtrigger.Q(old__state=PromptState.RETIRED)
                        | pgtrigger.Q(new__state__df=PromptState.RETIRED)
                    )
                ),
            ),
            pgtrigger.Protect(
                name="published_is_kept",
                operation=pgtrigger.Delete,
                condition=pgtrigger.Q(old__state__in=[PromptState.PUBLISHED, PromptState.RETIRED]),
            ),
            refuse_truncate(),
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not set(PROMPT_LIFECYCLE_FIELDS).issuperset(
            kwargs.get("update_fields") or ["everything"]
        ):
            raise ImmutablePromptVersion(f"{self} cannot change; write a new version.")
        super().save(*args, **kwargs)
