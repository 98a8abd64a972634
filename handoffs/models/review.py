"""What people add to a packet: edits in progress, comments, decisions, the kickoff, signals.

Sign-offs and kickoff changes are records of what happened; they are written once and never
edited (the model refuses updates, the history keeps corrections as new rows).
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from config.records import append_only
from handoffs.models.packets import Handoff, Packet


class WriteOnce(models.Model):
    """A row that is a record of the past: it can be created, never changed."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError(f"{type(self).__name__} records are never changed; add a new one.")
        super().save(*args, **kwargs)


class FieldDraft(models.Model):
    """What someone typed into a field form but has not saved yet (autosaved)."""

    packet = models.ForeignKey(Packet, on_delete=models.CASCADE, related_name="field_drafts")
    key = models.SlugField(max_length=50)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    payload = models.JSONField(default=dict)
    base_version = models.PositiveIntegerField(help_text="The field version the typing began on.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["packet", "key", "author"], name="one_draft_per_field")
        ]

    def __str__(self) -> str:
        return f"Unsaved {self.key} by {self.author}"


class FieldComment(models.Model):
    """A CSM's annotation on a field, or a reply in its thread; resolvable."""

    packet = models.ForeignKey(Packet, on_delete=models.CASCADE, related_name="comments")
    key = models.SlugField(max_length=50)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"


class Decision(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    RETURNED = "returned", "Returned to the AE"


class SignOff(WriteOnce):
    """A CSM's decision on one version of a packet."""

    packet = models.ForeignKey(Packet, on_delete=models.PROTECT, related_name="sign_offs")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    packet_version = models.PositiveIntegerField()
    rating = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Handoff quality, 1-10, when accepted.",
    )
    reasons = models.JSONField(default=list, blank=True, help_text="[{key, reason}] when returned.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["packet", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(decision="accepted", rating__gte=1, rating__lte=10)
                    | models.Q(decision="returned", rating__isnull=True)
                ),
                name="signoff_rating_only_when_accepted",
            )
        ]
        indexes = [models.Index(fields=["decision", "created_at"])]
        triggers = append_only()

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.by} (v{self.packet_version})"


class KickoffStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"
    HELD = "held", "Held"
    NO_SHOW = "no_show", "No-show"


class Kickoff(models.Model):
    """The triad kickoff (AE, CSM, economic buyer); `uid` and `sequence` make ICS updates work."""

    packet = models.ForeignKey(Packet, on_delete=models.CASCADE, related_name="kickoffs")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=45)
    attendees = models.JSONField(default=list, help_text="[{name, email, role}]")
    deadline = models.DateTimeField(help_text="Five business days after acceptance.")
    status = models.CharField(
        max_length=10, choices=KickoffStatus.choices, default=KickoffStatus.BOOKED
    )
    notes = models.TextField(blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["packet", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["packet"],
                condition=models.Q(status="booked"),
                name="one_booked_kickoff_per_packet",
            )
        ]

    def __str__(self) -> str:
        return f"Kickoff {self.starts_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def is_late(self) -> bool:
        """The one on-time test: the packet page's badge and comp's on-time count both ask it."""
        return self.starts_at > self.deadline


class KickoffChange(WriteOnce):
    """The history of a kickoff: booked, rescheduled, cancelled, held or missed."""

    kickoff = models.ForeignKey(Kickoff, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20)
    starts_at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kickoff", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.starts_at:%Y-%m-%d %H:%M}"


class WarmCall(models.Model):
    """The internal AE + CSM call after acceptance, where the soft context changes hands."""

    packet = models.OneToOneField(Packet, on_delete=models.CASCADE, related_name="warm_call")
    held_at = models.DateTimeField(null=True, blank=True)
    confirmed_by_ae_at = models.DateTimeField(null=True, blank=True)
    confirmed_by_csm_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Warm call for {self.packet}"


class SignalKind(models.TextChoices):
    BUYER_STRESS = "buyer_stress", "Buyer stress"
    SIDE_CONVERSATION = "side_conversation", "Side conversation"
    POLITICS = "politics", "Internal politics"
    OTHER = "other", "Other"


class SoftSignal(models.Model):
    """Context that never makes the CRM: noted by the AE or CSM on the handoff."""

    handoff = models.ForeignKey(Handoff, on_delete=models.CASCADE, related_name="soft_signals")
    kind = models.CharField(max_length=20, choices=SignalKind.choices)
    note = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.note[:40]}"


class NotificationKind(models.TextChoices):
    GAP_LIST = "gap_list", "Gap list assigned"
    ROUTED_TO_CS = "routed_to_cs", "Packet routed to CS"
    ANNOTATION = "annotation", "Comment on a packet"
    DECISION = "decision", "Decision made"
    KICKOFF_BOOKED = "kickoff_booked", "Kickoff booked"
    SLA_SOON = "sla_soon", "Due soon"
    SLA_LAPSED = "sla_lapsed", "Overdue"
    GOVERNANCE_STALE = "governance_stale", "Governance needs a look"
    REVIEW_DUE = "review_due", "Operator review due"
    PLAN_GATE_SOON = "plan_gate_soon", "Success plan gate coming up"
    PLAN_GATE_MISSED = "plan_gate_missed", "Success plan item missed"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    packet = models.ForeignKey(
        Packet, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            # The SLA reminders run every ten minutes; each is sent once per due time.
            models.UniqueConstraint(
                fields=["recipient", "kind", "packet", "message"],
                condition=models.Q(kind__in=["sla_soon", "sla_lapsed"]),
                name="one_sla_notice_per_due_time",
            )
        ]

    def __str__(self) -> str:
        return self.message
