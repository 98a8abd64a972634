"""The success plan after the kickoff: outcomes, 30/60/90 milestones and tasks, first value.

Segment templates (first-value window, one milestone per gate) are governed data RevOps edits;
a plan copies what it needs from its template when it is generated, so a later edit of the
template moves no target a customer was already given.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from handoffs.models.packets import Commitment, Packet
from handoffs.models.sources import Segment

GATES = (30, 60, 90)


class Owner(models.TextChoices):
    """Who carries a milestone or task: our side, or a named contact on the customer's side."""

    CSM = "csm", "Customer success manager"
    AE = "ae", "Account executive"
    ECONOMIC_BUYER = "economic_buyer", "Economic buyer"
    CHAMPION = "champion", "Champion"
    TECHNICAL_BUYER = "technical_buyer", "Technical buyer"
    SECURITY_REVIEWER = "security_reviewer", "Security reviewer"
    END_USER_LEAD = "end_user_lead", "End-user lead"


SELLER_OWNERS = frozenset({Owner.CSM, Owner.AE})


class PlanTemplate(models.Model):
    """A segment's first-value window and reminder lead time; its milestones hang off it."""

    segment = models.CharField(max_length=20, choices=Segment.choices, unique=True)
    first_value_min_days = models.PositiveSmallIntegerField(
        help_text="Business days after the kickoff from which first value is expected."
    )
    first_value_max_days = models.PositiveSmallIntegerField(
        help_text="Business days after the kickoff by which first value must have happened."
    )
    at_risk_business_days = models.PositiveSmallIntegerField(
        default=5,
        help_text="Business days before a gate when the CSM is reminded and a milestone not "
        "started counts as at risk.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["segment"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    first_value_min_days__gte=1,
                    first_value_max_days__gte=models.F("first_value_min_days"),
                    first_value_max_days__lte=250,
                ),
                name="plan_template_window_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(at_risk_business_days__gte=1, at_risk_business_days__lte=30),
                name="plan_template_at_risk_1_to_30",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_segment_display()}: first value in {self.first_value_min_days}-"
            f"{self.first_value_max_days} business days"
        )


class MilestoneTemplate(models.Model):
    """The milestone a segment's plans get at one gate (30, 60 or 90)."""

    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="milestones")
    gate = models.PositiveSmallIntegerField(choices=[(gate, f"{gate}-day") for gate in GATES])
    title = models.CharField(max_length=200)
    definition_of_done = models.TextField()
    owner = models.CharField(max_length=20, choices=Owner.choices)
    business_days = models.PositiveSmallIntegerField(
        help_text="Business days after the kickoff when it is due."
    )

    class Meta:
        ordering = ["template", "gate"]
        constraints = [
            models.UniqueConstraint(fields=["template", "gate"], name="one_milestone_per_gate"),
            models.CheckConstraint(
                condition=models.Q(business_days__gte=1, business_days__lte=250),
                name="milestone_template_days_1_to_250",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gate}-day: {self.title}"


class SuccessPlan(models.Model):
    """One plan per packet, anchored on its kickoff; `version` rises with every change."""

    packet = models.OneToOneField(Packet, on_delete=models.CASCADE, related_name="success_plan")
    kickoff_at = models.DateTimeField(help_text="The kickoff the dates count from.")
    segment = models.CharField(max_length=20, choices=Segment.choices)
    first_value_min_days = models.PositiveSmallIntegerField()
    first_value_max_days = models.PositiveSmallIntegerField()
    first_value_on = models.DateField(null=True, blank=True)
    first_value_note = models.TextField(blank=True)
    first_value_source = models.CharField(max_length=20, blank=True)
    first_value_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_value_external_id = models.CharField(
        max_length=200, null=True, blank=True, unique=True, help_text="The signal's id, if any."
    )
    first_shared_at = models.DateTimeField(
        null=True, blank=True, help_text="Once shared, the plan is no longer regenerated."
    )
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    generated_at = models.DateTimeField(default=timezone.now)
    regenerated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_value_max_days__gte=models.F("first_value_min_days")),
                name="plan_window_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"Success plan for {self.packet}"

    @property
    def is_shared(self) -> bool:
        return self.first_shared_at is not None


class PlanOutcome(models.Model):
    """What the buyer said success is, in their words, with the date they gave."""

    plan = models.ForeignKey(SuccessPlan, on_delete=models.CASCADE, related_name="outcomes")
    quote = models.TextField()
    speaker = models.CharField(max_length=200, blank=True)
    target_date = models.DateField(null=True, blank=True)
    evidence = models.JSONField(default=list, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty for outcomes taken from the packet's success criteria.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.quote[:80]


class ItemKind(models.TextChoices):
    MILESTONE = "milestone", "Milestone"
    TASK = "task", "Task"


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    DONE = "done", "Done"
    MISSED = "missed", "Missed"


# How an item's status may move: done is final (pay and the customer read it); a missed item
# can still be done late; at risk and missed say why.
STATUS_MOVES: dict[str, frozenset[str]] = {
    ItemStatus.NOT_STARTED: frozenset(
        {ItemStatus.ON_TRACK, ItemStatus.AT_RISK, ItemStatus.DONE, ItemStatus.MISSED}
    ),
    ItemStatus.ON_TRACK: frozenset({ItemStatus.AT_RISK, ItemStatus.DONE, ItemStatus.MISSED}),
    ItemStatus.AT_RISK: frozenset({ItemStatus.ON_TRACK, ItemStatus.DONE, ItemStatus.MISSED}),
    ItemStatus.MISSED: frozenset({ItemStatus.DONE}),
    ItemStatus.DONE: frozenset(),
}
NEEDS_A_REASON = frozenset({ItemStatus.AT_RISK, ItemStatus.MISSED})


class PlanItem(models.Model):
    """A milestone at a gate, or a task (a pre-sale promise reconciled into the plan)."""

    plan = models.ForeignKey(SuccessPlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=10, choices=ItemKind.choices)
    gate = models.PositiveSmallIntegerField(null=True, blank=True)
    commitment = models.OneToOneField(
        Commitment, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_task"
    )
    title = models.CharField(max_length=300)
    definition_of_done = models.TextField(blank=True)
    owner = models.CharField(max_length=20, choices=Owner.choices)
    contact_name = models.CharField(
        max_length=200, blank=True, help_text="The customer contact, when a customer owns it."
    )
    business_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Business days after the kickoff; empty for a date promised to the customer, "
        "which stays put when the kickoff moves.",
    )
    due_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    status_reason = models.TextField(blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    evidence = models.JSONField(
        default=list, blank=True, help_text="[{label, anchor}]: where in the packet it came from."
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Set once the CSM changes it; regenerating keeps it as they left it.",
    )
    reminded_for = models.DateField(
        null=True, blank=True, help_text="The due date the CSM was last reminded of."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "due_on", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "gate"],
                condition=models.Q(kind="milestone"),
                name="one_plan_milestone_per_gate",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="milestone", gate__isnull=False, commitment__isnull=True)
                | models.Q(kind="task", gate__isnull=True),
                name="plan_item_kind_shape",
            ),
            models.CheckConstraint(
                condition=models.Q(status="done", done_at__isnull=False)
                | (~models.Q(status="done") & models.Q(done_at__isnull=True)),
                name="plan_item_done_when_done",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.gate}-day: {self.title}" if self.gate else self.title

    @property
    def is_done(self) -> bool:
        return self.status == ItemStatus.DONE

    @property
    def owner_is_customer(self) -> bool:
        return self.owner not in SELLER_OWNERS

    @property
    def status_choices(self) -> list[tuple[str, str]]:
        """Its status and those it may move to, for the status picker."""
        return [
            (status.value, status.label)
            for status in ItemStatus
            if status == self.status or status in STATUS_MOVES[self.status]
        ]


def new_share_key() -> str:
    return secrets.token_urlsafe(24)


class PlanShare(models.Model):
    """A read-only link for the customer: signed, expiring, revocable, every view logged."""

    plan = models.ForeignKey(SuccessPlan, on_delete=models.CASCADE, related_name="shares")
    key = models.CharField(max_length=64, unique=True, default=new_share_key, editable=False)
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Share of {self.plan} until {self.expires_at:%Y-%m-%d}"

    def is_open(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


class PlanShareView(models.Model):
    """One opening of a shared link (no login, so the browser is all there is to record)."""

    share = models.ForeignKey(PlanShare, on_delete=models.CASCADE, related_name="views")
    viewed_at = models.DateTimeField(default=timezone.now)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-viewed_at", "-id"]

    def __str__(self) -> str:
        return f"Viewed {self.viewed_at:%Y-%m-%d %H:%M}"
