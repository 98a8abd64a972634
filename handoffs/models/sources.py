"""What a Closed-Won event brings in: CRM records, transcripts, MEDDPICC, contract, telemetry.

The shapes follow the intake contract (DESIGN section 4) so an event loads into them field by
field. Sources are evidence: packets cite them, so they are updated in place, never deleted
while a packet points at them.
"""

from django.db import models

from accounts.models import BusinessUnit


class Segment(models.TextChoices):
    SAAS = "saas", "SaaS"
    PLATFORM = "platform", "Platform"
    ENTERPRISE = "enterprise", "Enterprise"


class Motion(models.TextChoices):
    SALES_LED = "sales_led", "Sales-led"
    PLG = "plg", "Product-led"


class ContactRole(models.TextChoices):
    ECONOMIC_BUYER = "economic_buyer", "Economic buyer"
    CHAMPION = "champion", "Champion"
    TECHNICAL_BUYER = "technical_buyer", "Technical buyer"
    SECURITY_REVIEWER = "security_reviewer", "Security reviewer"
    END_USER_LEAD = "end_user_lead", "End-user lead"
    EXECUTIVE_SPONSOR = "executive_sponsor", "Executive sponsor"
    LEGAL = "legal", "Legal"
    PROCUREMENT = "procurement", "Procurement"


class Side(models.TextChoices):
    SELLER = "seller", "Seller"
    BUYER = "buyer", "Buyer"


class Account(models.Model):
    external_id = models.CharField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=200, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    employees = models.PositiveIntegerField(null=True, blank=True)
    # None means the CRM never said; an empty list is an explicit "none".
    prior_vendors = models.JSONField(null=True, blank=True)
    board_relationships = models.JSONField(null=True, blank=True)
    internal_champions = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Opportunity(models.Model):
    """A won deal; PLG upgrades become an opportunity too, with the trigger that caused them."""

    external_id = models.CharField(max_length=100, unique=True)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="opportunities")
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=50, blank=True)
    close_date = models.DateField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD")
    segment = models.CharField(max_length=20, choices=Segment.choices)
    motion = models.CharField(max_length=20, choices=Motion.choices)
    owner_email = models.EmailField(blank=True)
    trigger = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-close_date", "name"]
        verbose_name_plural = "opportunities"
        indexes = [models.Index(fields=["close_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="opportunity_amount_gte_0"
            )
        ]

    def __str__(self) -> str:
        return self.name


class OpportunityLine(models.Model):
    """One product line of a deal; each business unit on a deal gets its own packet."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="lines")
    product = models.CharField(max_length=200)
    business_unit = models.ForeignKey(BusinessUnit, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.product} ({self.business_unit})"


class Contact(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="contacts")
    external_id = models.CharField(max_length=100)
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    linkedin_url = models.URLField(blank=True)
    role_start_date = models.DateField(null=True, blank=True)
    roles = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=20,
        choices=[("active", "Active"), ("left_company", "Left the company")],
        default="active",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "external_id"], name="contact_unique_per_account"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_left(self) -> bool:
        return self.status == "left_company"


class Transcript(models.Model):
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="transcripts"
    )
    external_id = models.CharField(max_length=100)
    title = models.CharField(max_length=300)
    occurred_at = models.DateTimeField()
    source = models.CharField(max_length=50, blank=True)
    participants = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["occurred_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "external_id"], name="transcript_unique_per_opportunity"
            )
        ]

    def __str__(self) -> str:
        return self.title


class TranscriptTurn(models.Model):
    """One speaker turn; `index` is the 0-based position that evidence cites as `turn`."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="turns")
    index = models.PositiveIntegerField()
    speaker = models.CharField(max_length=200)
    side = models.CharField(max_length=10, choices=Side.choices)
    start_seconds = models.PositiveIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["transcript", "index"]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "index"], name="turn_unique_index")
        ]

    def __str__(self) -> str:
        return f"{self.speaker}: {self.text[:60]}"


class MeddpiccSnapshot(models.Model):
    """The MEDDPICC qualification as the CRM held it when the event arrived."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="meddpicc")
    captured_at = models.DateTimeField()
    metrics = models.TextField(blank=True)
    economic_buyer = models.TextField(blank=True)
    decision_criteria = models.TextField(blank=True)
    decision_process = models.TextField(blank=True)
    paper_process = models.TextField(blank=True)
    identify_pain = models.TextField(blank=True)
    champion = models.TextField(blank=True)
    competition = models.TextField(blank=True)

    LETTERS = {
        "metrics": "M",
        "economic_buyer": "E",
        "decision_criteria": "D",
        "decision_process": "D",
        "paper_process": "P",
        "identify_pain": "I",
        "champion": "C",
        "competition": "C",
    }

    class Meta:
        ordering = ["-captured_at"]
        get_latest_by = "captured_at"

    def __str__(self) -> str:
        return f"MEDDPICC for {self.opportunity} at {self.captured_at:%Y-%m-%d}"


class Contract(models.Model):
    opportunity = models.OneToOneField(
        Opportunity, on_delete=models.CASCADE, related_name="contract"
    )
    acv = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD")
    term_months = models.PositiveIntegerField()
    start_date = models.DateField(null=True, blank=True)
    ramp = models.JSONField(default=list, blank=True)
    prepaid = models.BooleanField(default=False)
    prepay_terms = models.TextField(blank=True)
    opt_outs = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(acv__gte=0), name="contract_acv_gte_0")
        ]

    def __str__(self) -> str:
        return f"Contract for {self.opportunity}"


class ContractClause(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="clauses")
    clause_id = models.CharField(max_length=30)
    text = models.TextField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "clause_id"], name="clause_unique_id")
        ]

    def __str__(self) -> str:
        return f"§{self.clause_id}"


class UsageSnapshot(models.Model):
    """Product telemetry behind a PLG trigger: seat growth, feature adoption, integrations."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="usage")
    captured_at = models.DateTimeField()
    active_seats = models.JSONField(default=list, blank=True)
    feature_adoption = models.JSONField(default=list, blank=True)
    integrations = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-captured_at"]
        get_latest_by = "captured_at"

    def __str__(self) -> str:
        return f"Usage for {self.opportunity} at {self.captured_at:%Y-%m-%d}"


class SalesAssistTouch(models.Model):
    """A sales-assist conversation on a product-led account."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="sales_assist_touches"
    )
    occurred_at = models.DateTimeField()
    rep_email = models.EmailField(blank=True)
    summary = models.TextField()

    class Meta:
        ordering = ["occurred_at"]

    def __str__(self) -> str:
        return self.summary[:60]
