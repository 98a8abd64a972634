"""The definitions layer: what a complete packet means, and how packets are routed.

CS Ops and RevOps edit these rows in their quarterly reviews; scoring and routing read them.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from accounts.models import BusinessUnit


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
