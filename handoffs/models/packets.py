"""Handoffs and their packets: the drafted fields with history, commitments, risk flags, state.

One Handoff per opportunity holds what all its packets share (commercial terms, executive
relationships); one Packet per business unit on the deal is what a CSM reviews.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import BusinessUnit
from config.records import append_only


class Status(models.TextChoices):
    DRAFTING = "drafting", "Drafting"
    DRAFT_FAILED = "draft_failed", "Draft failed"
    NEEDS_AE = "needs_ae", "Needs AE"
    READY_FOR_CS = "ready_for_cs", "Ready for CS"
    IN_REVIEW = "in_review", "In review"
    ACCEPTED = "accepted", "Accepted"
    RETURNED = "returned", "Returned to AE"
    KICKOFF_BOOKED = "kickoff_booked", "Kickoff booked"
    KICKOFF_HELD = "kickoff_held", "Kickoff held"


# Status groups: the one definition views, policies, selectors, templates and SLAs use.
# Who a packet waits on, by its status.
WAITING_ON_AE = frozenset({Status.NEEDS_AE, Status.RETURNED})
WAITING_ON_CSM = frozenset({Status.READY_FOR_CS, Status.IN_REVIEW, Status.ACCEPTED})
# With CS and not finished: the CSM's working set.
WITH_CS = frozenset({Status.READY_FOR_CS, Status.IN_REVIEW, Status.ACCEPTED, Status.KICKOFF_BOOKED})
# Reached CS but nobody has decided yet: a unit's CSMs may claim an unassigned one.
CLAIMABLE = frozenset({Status.READY_FOR_CS, Status.IN_REVIEW})
# Accepted by a CSM: the kickoff and follow-through stage.
AFTER_ACCEPTANCE = frozenset({Status.ACCEPTED, Status.KICKOFF_BOOKED, Status.KICKOFF_HELD})
DONE = frozenset({Status.KICKOFF_HELD})


# Fields the whole deal shares: held once on the handoff, shown read-only in every unit's packet
# as the same value. Unit-specific fields stay per packet.
SHARED_FIELD_KEYS = frozenset(
    {"economic_buyer_champion", "commercial_terms", "existing_relationships"}
)
# Fields a person fills for each unit, which the AE may copy from a sibling packet. (The presale
# and risk fields follow each packet's own commitments and flags.)
COPYABLE_FIELD_KEYS = frozenset({"success_criteria", "competitive_context", "stakeholder_map"})


class FieldStatus(models.TextChoices):
    COMPLETE = "complete", "Complete"
    PARTIAL = "partial", "Partial"
    MISSING = "missing", "Missing"


class Author(models.TextChoices):
    """Who set a field value: the drafting agent, or a person in a role."""

    AGENT = "agent", "Drafted by the agent"
    AE = "ae", "Edited by the AE"
    CSM = "csm", "Validated by the CSM"


class Handoff(models.Model):
    """The handoff of one won opportunity; created the moment its first event arrives."""

    opportunity_key = models.CharField(max_length=150, unique=True)
    opportunity = models.OneToOneField(
        "handoffs.Opportunity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handoff",
    )
    ae = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handoffs",
        help_text="Empty while the CRM owner matches no AE.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.opportunity or self.opportunity_key)


class HandoffField(models.Model):
    """The one value of a shared field for the whole deal; the derivation copies it into each
    unit's packet, so an edit here re-derives every sibling."""

    handoff = models.ForeignKey(Handoff, on_delete=models.CASCADE, related_name="shared_fields")
    key = models.SlugField(max_length=50)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    evidence = models.JSONField(default=list, blank=True)
    author = models.CharField(max_length=10, choices=Author.choices, default=Author.AGENT)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["handoff", "key"]
        constraints = [
            models.UniqueConstraint(fields=["handoff", "key"], name="shared_field_once_per_handoff")
        ]

    def __str__(self) -> str:
        return f"{self.handoff} · {self.key}"

    @property
    def edited_by_a_person(self) -> bool:
        return self.author != Author.AGENT


class Packet(models.Model):
    handoff = models.ForeignKey(Handoff, on_delete=models.CASCADE, related_name="packets")
    business_unit = models.ForeignKey(BusinessUnit, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFTING)
    csm = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_packets",
    )
    due_at = models.DateTimeField(null=True, blank=True, help_text="When the current step is due.")
    sla_breached_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(default=0)
    score_of = models.PositiveSmallIntegerField(default=8)
    gate = models.PositiveSmallIntegerField(default=7)
    passed_gate = models.BooleanField(
        default=False,
        help_text="The gate's verdict on the current fields (threshold and blocking fields), "
        "stored by the derivation.",
    )
    gate_blocked_by = models.JSONField(
        default=list, blank=True, help_text="Labels of incomplete fields that block the gate alone."
    )
    gate_passed_at = models.DateTimeField(null=True, blank=True)
    word_count = models.PositiveIntegerField(default=0)
    length_verdict = models.CharField(
        max_length=10,
        choices=[
            ("short", "Short"),
            ("on_target", "On target"),
            ("long", "Long"),
            ("too_long", "Too long"),
        ],
        default="short",
        help_text="The word count against the range of the definitions that scored it.",
    )
    definitions_version = models.ForeignKey(
        "governance.DefinitionsVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The field definitions that scored it; kept once a CSM accepted it.",
    )
    drafter = models.CharField(max_length=30, blank=True)
    draft_attempts = models.PositiveSmallIntegerField(default=0)
    draft_claimed_at = models.DateTimeField(null=True, blank=True)
    draft_error = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every change.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["handoff", "business_unit"], name="packet_per_unit"),
            models.CheckConstraint(
                condition=models.Q(score__lte=models.F("score_of")), name="packet_score_lte_of"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.handoff} · {self.business_unit}"

    @property
    def gate_shortfall(self) -> str:
        """What the gate still needs, in one sentence every surface uses ("" once it passes)."""
        if self.passed_gate:
            return ""
        needs = []
        if self.score < self.gate:
            missing = self.gate - self.score
            needs.append(f"{missing} more complete field{'s' if missing != 1 else ''}")
        if self.gate_blocked_by:
            needs.append(f"{', '.join(self.gate_blocked_by)} complete (blocks the gate alone)")
        return "Needs " + " and ".join(needs) + "."

    @property
    def waits_on_ae(self) -> bool:
        return self.status in WAITING_ON_AE

    @property
    def waits_on_csm(self) -> bool:
        return self.status in WAITING_ON_CSM

    @property
    def is_with_cs(self) -> bool:
        return self.status in WITH_CS

    @property
    def is_after_acceptance(self) -> bool:
        return self.status in AFTER_ACCEPTANCE


class PacketField(models.Model):
    """The current value of one of the eight fields; every change also writes a version."""

    packet = models.ForeignKey(Packet, on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField(max_length=50)
    status = models.CharField(max_length=10, choices=FieldStatus.choices)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    gaps = models.JSONField(default=list, blank=True)
    review_gaps = models.JSONField(
        default=list, blank=True, help_text="Reasons a CSM returned the packet for this field."
    )
    evidence = models.JSONField(default=list, blank=True)
    author = models.CharField(max_length=10, choices=Author.choices, default=Author.AGENT)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["packet", "id"]
        constraints = [
            models.UniqueConstraint(fields=["packet", "key"], name="field_once_per_packet")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"

    @property
    def edited_by_a_person(self) -> bool:
        return self.author != Author.AGENT

    @property
    def is_shared(self) -> bool:
        return self.key in SHARED_FIELD_KEYS


class PacketFieldVersion(models.Model):
    """An immutable snapshot of a field value: who set it, when, from what evidence."""

    field = models.ForeignKey(PacketField, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=FieldStatus.choices)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    gaps = models.JSONField(default=list, blank=True)
    evidence = models.JSONField(default=list, blank=True)
    author = models.CharField(max_length=10, choices=Author.choices)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    drafter = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["field", "version"]
        constraints = [
            models.UniqueConstraint(fields=["field", "version"], name="field_version_unique")
        ]
        triggers = append_only()

    def __str__(self) -> str:
        return f"{self.field.key} v{self.version}"


class Severity(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Reconciliation(models.TextChoices):
    IN_CONTRACT = "in_contract", "In the contract"
    SUCCESS_PLAN = "success_plan", "Goes into the success plan"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"


# How a reconciled promise reads wherever it is shown (page, PDF, API, field text).
RECONCILED_WORDING = {
    Reconciliation.IN_CONTRACT: "in the contract",
    Reconciliation.SUCCESS_PLAN: "added to the success plan",
    Reconciliation.ACKNOWLEDGED: "acknowledged by {who}",
}
GHOST_WORDING = "not in the contract or the success plan, and nobody has acknowledged it"


class Commitment(models.Model):
    """A promise a seller made before signature, and where (if anywhere) it is reflected."""

    packet = models.ForeignKey(Packet, on_delete=models.CASCADE, related_name="commitments")
    quote = models.TextField()
    speaker = models.CharField(max_length=200)
    transcript_ref = models.CharField(max_length=100)
    turn = models.PositiveIntegerField()
    due = models.DateField(null=True, blank=True)
    reflected_in = models.JSONField(default=list, blank=True)
    reconciliation = models.CharField(
        max_length=20,
        choices=Reconciliation.choices,
        blank=True,
        help_text="How the AE reconciled it; empty until they do.",
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_note = models.TextField(blank=True)

    class Meta:
        ordering = ["packet", "transcript_ref", "turn"]
        constraints = [
            models.UniqueConstraint(
                fields=["packet", "transcript_ref", "turn"], name="commitment_once_per_turn"
            )
        ]

    def __str__(self) -> str:
        return self.quote[:80]

    @property
    def is_ghost(self) -> bool:
        return not self.reflected_in and not self.reconciliation

    @property
    def standing(self) -> str:
        """Where the promise lives now, in the words every surface uses."""
        if self.reconciliation:
            who = self.acknowledged_by.full_name if self.acknowledged_by else "the AE"
            return RECONCILED_WORDING[Reconciliation(self.reconciliation)].format(who=who)
        if self.reflected_in:
            return "in " + ", ".join(self.reflected_in)
        return GHOST_WORDING


class RiskKind(models.TextChoices):
    GHOST_COMMITMENT = "ghost_commitment", "Ghost commitment"
    MISSING_ECONOMIC_BUYER = "missing_economic_buyer", "Missing economic buyer"
    WORKAROUND_PROMISE = "workaround_promise", "Workaround promise"
    CHAMPION_DEPARTED = "champion_departed", "Champion departed"
    SECURITY_REVIEW_DELAYED = "security_review_delayed", "Security review delayed"
    UNRESOLVED_OBJECTION = "unresolved_objection", "Unresolved objection"


class RiskFlag(models.Model):
    """A risk a drafter found; its open or resolved state is derived from the packet's inputs."""

    packet = models.ForeignKey(Packet, on_delete=models.CASCADE, related_name="risk_flags")
    kind = models.CharField(max_length=30, choices=RiskKind.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    summary = models.TextField()
    cause = models.CharField(
        max_length=300,
        blank=True,
        help_text="What raised it (a commitment, a role, a contact); when that is gone the "
        "flag reads as resolved.",
    )
    evidence = models.JSONField(default=list, blank=True)
    response = models.TextField(blank=True, help_text="The AE's context on this risk.")
    still_detected = models.BooleanField(
        default=True, help_text="False once a later draft no longer finds it in the sources."
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.TextField(blank=True, help_text="How the cause went away.")

    class Meta:
        ordering = ["packet", "id"]
        constraints = [
            models.UniqueConstraint(fields=["packet", "kind", "cause"], name="risk_once_per_cause")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary[:60]}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class PacketTransition(models.Model):
    """One step of the state machine: who moved the packet, when, why, and what is due next."""

    packet = models.ForeignKey(Packet, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when Handbrief itself made the move.",
    )
    reason = models.TextField(blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["packet", "created_at", "id"]
        # The program metrics read the history by the step entered and by packet, in time.
        indexes = [
            models.Index(fields=["to_status", "created_at"]),
            models.Index(fields=["packet", "created_at"]),
        ]
        triggers = append_only()

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"
