"""Pay that depends on the handoff: AE holdbacks in an append-only ledger, CSM variable pay.

All money is `Decimal` in the deal's currency, rounded half-up to cents when it is computed.
Ledger rows are never changed or deleted (model guard here, triggers in PostgreSQL); a
correction is a new, reversing row.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from config.records import refuse_truncate

CENTS = Decimal("0.01")


class MissedWindowPolicy(models.TextChoices):
    FORFEIT = "forfeit", "Forfeit the holdback"
    DEFER_REDUCED = "defer_reduced", "Release a reduced share once complete"


class CompPlan(models.Model):
    """One quarter's rules. The operating ranges are enforced by `comp.services.plan_save`."""

    name = models.CharField(max_length=50, unique=True, help_text="e.g. 2026-Q4")
    starts_on = models.DateField()
    ends_on = models.DateField()
    ae_commission_rate = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.1000"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Share of the deal amount paid as AE commission (0.1 = 10 %).",
    )
    holdback_pct = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("25"))
    completeness_window_days = models.PositiveSmallIntegerField(default=7)
    missed_window_policy = models.CharField(
        max_length=20, choices=MissedWindowPolicy.choices, default=MissedWindowPolicy.FORFEIT
    )
    deferred_release_pct = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        help_text="Share of the holdback released when the window was missed (defer policy).",
    )
    csm_variable_target = models.DecimalField(
        max_digits=12, decimal_places=2, default=Decimal("30000")
    )
    csm_onboarding_share_pct = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("20")
    )
    stickiness_window_days = models.PositiveSmallIntegerField(default=45)
    sticky_requires_login = models.BooleanField(default=True)
    sticky_milestones = models.JSONField(
        default=list, blank=True, help_text="Milestone names an account must complete to stick."
    )
    currency = models.CharField(
        max_length=3, default="USD", help_text="Currency of the CSM variable target."
    )
    closed_at = models.DateTimeField(null=True, blank=True, help_text="Locked at quarter close.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="plan_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(holdback_pct__gte=20, holdback_pct__lte=30),
                name="plan_holdback_20_to_30",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    csm_onboarding_share_pct__gte=15, csm_onboarding_share_pct__lte=25
                ),
                name="plan_onboarding_share_15_to_25",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


# What RevOps sets on a plan, in the order the editor and the API show it.
PLAN_SETTINGS = [
    "name",
    "starts_on",
    "ends_on",
    "ae_commission_rate",
    "holdback_pct",
    "completeness_window_days",
    "missed_window_policy",
    "deferred_release_pct",
    "csm_variable_target",
    "currency",
    "csm_onboarding_share_pct",
    "stickiness_window_days",
    "sticky_requires_login",
    "sticky_milestones",
]


class EntryKind(models.TextChoices):
    ACCRUAL = "accrual", "Commission accrued"
    HOLDBACK = "holdback", "Held back"
    RELEASE = "release", "Holdback released"
    FORFEIT = "forfeit", "Holdback forfeited"
    ADJUSTMENT = "adjustment", "Adjustment"


class LedgerEntry(models.Model):
    """One movement of an AE's commission on one packet's share of a deal."""

    plan = models.ForeignKey(CompPlan, on_delete=models.PROTECT, related_name="entries")
    ae = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    packet = models.ForeignKey(
        "handoffs.Packet", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    reason = models.TextField()
    cause = models.CharField(max_length=100, help_text="The handoff event behind it.")
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    idempotency_key = models.CharField(max_length=120, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "ledger entries"
        indexes = [models.Index(fields=["ae", "plan"]), models.Index(fields=["packet", "kind"])]
        # UPDATE and DELETE are refused by 0002's triggers; TRUNCATE fires no row trigger.
        triggers = [refuse_truncate()]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} {self.currency}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Ledger entries are never changed; post a reversing entry instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Ledger entries are never deleted; post a reversing entry instead.")


class SignalKind(models.TextChoices):
    LOGIN = "login", "Customer logged in"
    MILESTONE = "milestone", "Milestone completed"


class StickinessSignal(models.Model):
    """Evidence an onboarded account is using the product, from the API or a CSV import."""

    handoff = models.ForeignKey(
        "handoffs.Handoff", on_delete=models.CASCADE, related_name="stickiness_signals"
    )
    external_id = models.CharField(
        max_length=200, unique=True, help_text="The sender's id; a repeat is ignored."
    )
    kind = models.CharField(max_length=20, choices=SignalKind.choices)
    milestone = models.CharField(max_length=100, blank=True)
    occurred_at = models.DateTimeField()
    source = models.CharField(max_length=50, default="api")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.milestone}".strip()


class ReleaseWebhook(models.Model):
    """Where release and forfeit signals go, for QuotaPath, Spiff, Xactly or CaptivateIQ."""

    name = models.CharField(max_length=100)
    url = models.URLField()
    secret = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    webhook = models.ForeignKey(ReleaseWebhook, on_delete=models.CASCADE, related_name="deliveries")
    entry = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, related_name="deliveries")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["webhook", "entry"], name="one_delivery_per_entry")
        ]

    def __str__(self) -> str:
        return f"{self.webhook} ← {self.entry}"
