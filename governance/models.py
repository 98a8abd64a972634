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
    """One packet field, with the attributes a complete value must carry.

    Rows belong to a `DefinitionsVersion`: those of a draft are edited by its author, those of
    a published or retired version never change, so a packet's recorded version says exactly
    which rules scored it."""

    version = models.ForeignKey(
        "governance.DefinitionsVersion", on_delete=models.CASCADE, related_name="fields"
    )
    key = models.SlugField(max_length=50)
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
        ordering = ["version", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="field_key_once_per_version")
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        _refuse_unless_draft(self.version, "its field definitions")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_unless_draft(self.version, "its field definitions")
        return super().delete(*args, **kwargs)


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


# What moves on a governed version as it goes through review; everything else is its content.
VERSION_LIFECYCLE_FIELDS = ("state", "submitted_at", "approved_by", "published_at", "retired_at")


class ImmutableVersion(Exception):
    """A published or retired set of definitions or mappings never changes; draft a new one."""


def _refuse_unless_draft(version: "GovernedVersion", what: str) -> None:
    if version.state != PromptState.DRAFT:
        raise ImmutableVersion(
            f"{version} is {version.get_state_display().lower()}: {what} "
            "cannot change. Start a new draft."
        )


class GovernedVersion(models.Model):
    """What every governed set shares with prompt versions: written by one person with a change
    note, sent for review, published by another person (the approver is never the author), and
    fixed once published. A version with no author shipped with Handbrief."""

    number = models.PositiveIntegerField(unique=True)
    change_note = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
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
        abstract = True
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["state"],
                condition=models.Q(state="published"),
                name="one_published_%(class)s",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | models.Q(author__isnull=True)
                | ~models.Q(approved_by=models.F("author")),
                name="%(class)s_approver_is_not_author",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="published")
                | models.Q(approved_by__isnull=False)
                | models.Q(author__isnull=True),
                name="published_%(class)s_was_approved",
            ),
        ]

    label = "version"

    def __str__(self) -> str:
        return f"{self.label.capitalize()} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        """Only the lifecycle moves once a version left draft; a draft's author may still edit
        its settings and change note."""
        if self.pk is not None and not set(VERSION_LIFECYCLE_FIELDS).issuperset(
            kwargs.get("update_fields") or ["everything"]
        ):
            _refuse_unless_draft(type(self).objects.get(pk=self.pk), "its settings")
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        """Still a proposal: a draft, or in review."""
        return self.state in (PromptState.DRAFT, PromptState.IN_REVIEW)

    @property
    def is_draft(self) -> bool:
        return self.state == PromptState.DRAFT


class DefinitionsVersion(GovernedVersion):
    """One set of field definitions with its gate and its word-count range.

    Scoring reads the published set; each packet records the set that scored it."""

    label = "field definitions"

    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The published set this draft started from; publishing refuses a stale base.",
    )
    gate_threshold = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1)],
        help_text="How many fields must be complete for a packet to reach CS.",
    )
    words_min = models.PositiveIntegerField(default=1400, help_text="Shortest packet on target.")
    words_max = models.PositiveIntegerField(default=2400, help_text="Longest packet on target.")
    words_warning = models.PositiveIntegerField(
        default=4000, help_text="Above this a packet is flagged as too long."
    )

    class Meta(GovernedVersion.Meta):
        constraints = [
            *GovernedVersion.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(gate_threshold__gte=1), name="definitions_gate_at_least_1"
            ),
            models.CheckConstraint(
                condition=models.Q(words_min__lt=models.F("words_max"))
                & models.Q(words_max__lte=models.F("words_warning")),
                name="definitions_word_range_in_order",
            ),
        ]

    def length_verdict(self, words: int) -> str:
        """Against this set's word-count range, with a warning above its limit."""
        if words > self.words_warning:
            return "too_long"
        if words > self.words_max:
            return "long"
        if words < self.words_min:
            return "short"
        return "on_target"


class SourceKind(models.TextChoices):
    CRM = "crm", "CRM field"
    MEDDPICC = "meddpicc", "MEDDPICC"
    CONTRACT = "contract", "Contract"
    TRANSCRIPT = "transcript", "Transcript mining"
    TELEMETRY = "telemetry", "Telemetry"


class MappingVersion(GovernedVersion):
    """One set of source mappings: for each field attribute, which sources feed it, in order.

    The rules drafter reads the published set; RevOps edits a draft and previews it on a
    packet before someone else publishes it."""

    label = "source mappings"

    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(GovernedVersion.Meta):
        pass


class SourceMapping(models.Model):
    """One source of one field attribute; the lowest priority number is tried first."""

    version = models.ForeignKey(MappingVersion, on_delete=models.CASCADE, related_name="rows")
    field_key = models.SlugField(max_length=50)
    attribute = models.SlugField(max_length=50)
    priority = models.PositiveSmallIntegerField(default=1)
    source = models.CharField(max_length=12, choices=SourceKind.choices)
    locator = models.CharField(
        max_length=200, help_text="Which CRM field, MEDDPICC letter, clause or pattern."
    )

    class Meta:
        ordering = ["version", "field_key", "attribute", "priority", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "field_key", "attribute", "priority"],
                name="mapping_priority_once_per_attribute",
            )
        ]

    def __str__(self) -> str:
        return f"{self.field_key}.{self.attribute} #{self.priority}: {self.source} {self.locator}"

    def save(self, *args, **kwargs) -> None:
        _refuse_unless_draft(self.version, "its mappings")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_unless_draft(self.version, "its mappings")
        return super().delete(*args, **kwargs)


class ReviewCycle(models.Model):
    """The operator review of one calendar quarter, signed off by CS Ops and by RevOps.

    The flags AEs and CSMs raised during the quarter are its agenda (they live with the
    packets, in handoffs); a cycle is created when someone first opens or signs it."""

    quarter = models.CharField(max_length=7, unique=True, help_text="Like 2027-Q1.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    cs_ops_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cs_ops_signed_at = models.DateTimeField(null=True, blank=True)
    revops_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revops_signed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__lt=models.F("ends_on")),
                name="review_cycle_starts_before_it_ends",
            )
        ]

    def __str__(self) -> str:
        return f"{self.quarter} review"

    @property
    def signed_off(self) -> bool:
        return self.cs_ops_signed_at is not None and self.revops_signed_at is not None
