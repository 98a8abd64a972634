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

from config.records import append_only, refuse_truncate

CENTS = Decimal("0.01")


class MissedWindowPolicy(models.TextChoices):
    FORFEIT = "forfeit", "Forfeit the holdback"
    DEFER_REDUCED = "defer_reduced", "Release a reduced share once complete"


class NoKickoffPolicy(models.TextChoices):
    """What the quarter close does with a holdback whose window passed without a kickoff."""

    FORFEIT = "forfeit", "Forfeit the holdback"
    CARRY = "carry", "Carry it to the next quarter"
    ESCALATE = "escalate", "Escalate it to RevOps"


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
    no_kickoff_policy = models.CharField(
        max_length=20,
        choices=NoKickoffPolicy.choices,
        default=NoKickoffPolicy.CARRY,
        help_text="At the quarter close, for a holdback whose window passed without a kickoff.",
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
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
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
    "no_kickoff_policy",
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
    # Decisions at a quarter close that leave the money held: their amount is the holdback
    # they are about, and moves neither what is payable nor what is held.
    CARRY = "carry", "Holdback carried to the next quarter"
    ESCALATION = "escalation", "Holdback escalated to RevOps"


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
    late_for = models.ForeignKey(
        CompPlan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="late_entries",
        help_text="The deal's own quarter, when it was closed and this posted in a later one.",
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


class WrittenOnce(models.Model):
    """A record of what was decided or paid: created once, never changed or deleted (here, and
    in PostgreSQL by the `append_only()` triggers each one names)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{type(self).__name__} records are never changed; add a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} records are never deleted.")


class CsmStatement(WrittenOnce):
    """A CSM's variable for a quarter as it was frozen at the close, with the accounts behind it.

    Built unsaved for an open quarter (a provisional statement), saved once when it closes, so
    a late signal or a rescheduled kickoff can no longer change what was paid.
    """

    plan = models.ForeignKey(CompPlan, on_delete=models.PROTECT, related_name="csm_statements")
    csm = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="csm_statements"
    )
    accepted = models.PositiveIntegerField()
    on_time = models.PositiveIntegerField()
    matured = models.PositiveIntegerField(help_text="Kickoffs past the stickiness window.")
    sticky = models.PositiveIntegerField()
    on_time_rate = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    sticky_rate = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    attainment = models.DecimalField(max_digits=5, decimal_places=4)
    target = models.DecimalField(max_digits=12, decimal_places=2)
    onboarding_share_pct = models.DecimalField(max_digits=5, decimal_places=2)
    payout = models.DecimalField(max_digits=12, decimal_places=2)
    adjustments = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        help_text="Late changes to earlier quarters' variable, paid in this one.",
    )
    currency = models.CharField(max_length=3)
    accounts = models.JSONField(
        default=list,
        help_text="Each accepted handoff: packet, account, deal, on_time, matured, sticky.",
    )
    frozen_at = models.DateTimeField(default=timezone.now)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "csm__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "csm"], name="one_csm_statement_per_quarter")
        ]
        triggers = append_only()

    def __str__(self) -> str:
        return f"{self.csm} · {self.plan}"

    @property
    def is_final(self) -> bool:
        return self.pk is not None

    @property
    def total(self) -> Decimal:
        return self.payout + self.adjustments

    def _accounts_that(self, flag: str) -> list[dict]:
        return [account for account in self.accounts if account[flag]]

    @property
    def on_time_accounts(self) -> list[dict]:
        return self._accounts_that("on_time")

    @property
    def matured_accounts(self) -> list[dict]:
        return self._accounts_that("matured")

    @property
    def sticky_accounts(self) -> list[dict]:
        return self._accounts_that("sticky")


class CsmAdjustment(WrittenOnce):
    """The difference a closed quarter's CSM variable came to after its close, paid in an open
    quarter: the closed statement stays as it was."""

    plan = models.ForeignKey(CompPlan, on_delete=models.PROTECT, related_name="csm_adjustments")
    for_plan = models.ForeignKey(CompPlan, on_delete=models.PROTECT, related_name="+")
    csm = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="csm_adjustments"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    reason = models.TextField()
    idempotency_key = models.CharField(max_length=120, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        triggers = append_only()

    def __str__(self) -> str:
        return f"{self.csm} · {self.for_plan} in {self.plan}: {self.amount} {self.currency}"


class ExceptionAcknowledgement(WrittenOnce):
    """RevOps saw a comp exception and lets it stand (the close's policy, or the frozen
    statement, decides). The key names the exception as it was, so a new change asks again."""

    key = models.CharField(max_length=200, unique=True)
    summary = models.TextField(help_text="What the exception said when it was acknowledged.")
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        triggers = append_only()

    def __str__(self) -> str:
        return self.key


class PayrollExport(WrittenOnce):
    """A payroll CSV downloaded for a quarter: the close preview shows what moved since."""

    plan = models.ForeignKey(CompPlan, on_delete=models.PROTECT, related_name="payroll_exports")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    rows = models.PositiveIntegerField()

    class Meta:
        ordering = ["-at", "-id"]
        triggers = append_only()

    def __str__(self) -> str:
        return f"{self.plan} payroll, {self.at:%Y-%m-%d %H:%M}"
