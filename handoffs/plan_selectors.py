"""Reads for success plans: who owns each item, time to first value against the segment's
window, everything the plan page, the shared page, the PDF and the webhooks show, and the
webhook endpoints that keep failing."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from handoffs.models import (
    ItemKind,
    ItemStatus,
    Owner,
    Packet,
    PlanItem,
    PlanShare,
    SuccessPlan,
    WebhookEndpoint,
)
from handoffs.selectors import packets_visible_to
from handoffs.sla import business_days_between


@dataclass(frozen=True)
class PlanOwner:
    role: str
    role_label: str
    name: str
    email: str
    customer: bool


def owner_of(item: PlanItem, packet: Packet) -> PlanOwner:
    """The person behind an item's owner role: the packet's CSM or AE as they are now, or the
    customer contact named when the plan was made."""
    person: User | None = {Owner.CSM: packet.csm, Owner.AE: packet.handoff.ae}.get(item.owner)
    label = Owner(item.owner).label
    if item.owner_is_customer:
        return PlanOwner(item.owner, label, item.contact_name, "", True)
    return PlanOwner(
        item.owner, label, person.full_name if person else "", person.email if person else "", False
    )


@dataclass(frozen=True)
class FirstValue:
    """Time to first value in business days, read against the segment's window."""

    low: int
    high: int
    on: date | None
    days: int
    verdict: str  # ahead, inside, late (recorded) · open, overdue (not yet)

    @property
    def recorded(self) -> bool:
        return self.on is not None

    @property
    def within_target(self) -> bool:
        return self.verdict in ("ahead", "inside", "open")

    @property
    def summary(self) -> str:
        window = f"the {self.low} to {self.high} business-day window"
        days = f"{self.days} business day{'s' if self.days != 1 else ''}"
        return {
            "ahead": f"First value in {days}: ahead of {window}.",
            "inside": f"First value in {days}: inside {window}.",
            "late": f"First value in {days}: outside {window}.",
            "open": f"No first value yet: {days} since the kickoff, within {window}.",
            "overdue": f"No first value yet: {days} since the kickoff, past {window}.",
        }[self.verdict]


def first_value(plan: SuccessPlan, today: date | None = None) -> FirstValue:
    start = timezone.localdate(plan.kickoff_at)
    low, high = plan.first_value_min_days, plan.first_value_max_days
    if plan.first_value_on is not None:
        days = business_days_between(start, plan.first_value_on)
        verdict = "ahead" if days < low else "inside" if days <= high else "late"
        return FirstValue(low, high, plan.first_value_on, days, verdict)
    days = business_days_between(start, today or timezone.localdate())
    return FirstValue(low, high, None, days, "overdue" if days > high else "open")


@dataclass
class ItemRow:
    item: PlanItem
    owner: PlanOwner

    @property
    def is_late(self) -> bool:
        return self.item.status == ItemStatus.MISSED


@dataclass
class PlanView:
    plan: SuccessPlan
    outcomes: list
    milestones: list[ItemRow]
    tasks: list[ItemRow]
    first_value: FirstValue
    shares: list[PlanShare] = field(default_factory=list)

    @property
    def needs_outcomes(self) -> bool:
        return not self.outcomes


def with_plan_detail(plans: QuerySet[SuccessPlan]) -> QuerySet[SuccessPlan]:
    """Everything `plan_view` reads, in a fixed number of queries."""
    return plans.select_related(
        "packet__handoff__opportunity__account",
        "packet__handoff__ae",
        "packet__csm",
        "packet__business_unit",
        "first_value_by",
    ).prefetch_related(
        "outcomes",
        Prefetch(
            "items",
            queryset=PlanItem.objects.select_related(
                "commitment", "status_changed_by", "edited_by"
            ),
        ),
    )


def plan_of(packet: Packet) -> SuccessPlan | None:
    return with_plan_detail(SuccessPlan.objects.filter(packet=packet)).first()


def plan_view(plan: SuccessPlan, *, with_shares: bool = False) -> PlanView:
    packet = plan.packet
    rows = [ItemRow(item, owner_of(item, packet)) for item in plan.items.all()]
    shares = []
    if with_shares:
        shares = list(
            plan.shares.select_related("created_by", "revoked_by").annotate(
                view_count=Count("views"), last_viewed_at=Max("views__viewed_at")
            )
        )
    return PlanView(
        plan=plan,
        outcomes=list(plan.outcomes.all()),
        milestones=[row for row in rows if row.item.kind == ItemKind.MILESTONE],
        tasks=[row for row in rows if row.item.kind == ItemKind.TASK],
        first_value=first_value(plan),
        shares=shares,
    )


def plans_visible_to(user: User) -> QuerySet[SuccessPlan]:
    """Plans of the packets the user may see (the packets' own access rule)."""
    return SuccessPlan.objects.filter(packet__in=packets_visible_to(user))


def plan_rows(plans: QuerySet[SuccessPlan]) -> QuerySet[SuccessPlan]:
    """What the plans list shows per row, in a fixed number of queries, newest kickoff first."""
    return (
        plans.select_related(
            "packet__handoff__opportunity__account", "packet__csm", "packet__business_unit"
        )
        .annotate(
            items_done=Count("items", filter=Q(items__status=ItemStatus.DONE)),
            items_at_risk=Count("items", filter=Q(items__status=ItemStatus.AT_RISK)),
            items_missed=Count("items", filter=Q(items__status=ItemStatus.MISSED)),
            items_total=Count("items"),
        )
        .order_by("-kickoff_at", "-id")
    )


def unhealthy_endpoints() -> QuerySet[WebhookEndpoint]:
    """Active endpoints that keep failing, for the RevOps overview."""
    return WebhookEndpoint.objects.filter(is_active=True, unhealthy_since__isnull=False)
