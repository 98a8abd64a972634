"""Reads for the quarter close: every open holdback, the exceptions RevOps must decide or
acknowledge, and the preview of a close. Each is a fixed number of queries, whatever the size."""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Case, DecimalField, Exists, F, Max, OuterRef, Sum, When
from django.utils import timezone

from comp.models import (
    CompPlan,
    CsmAdjustment,
    CsmStatement,
    EntryKind,
    ExceptionAcknowledgement,
    LedgerEntry,
    NoKickoffPolicy,
    PayrollExport,
)
from comp.selectors import ZERO, csm_statements, csm_variables, statement_for
from comp.services.ledger import window_end
from handoffs.models import Handoff, Kickoff, KickoffStatus, Packet

MOVEMENTS_SHOWN = 50

AT_CLOSE = {
    NoKickoffPolicy.FORFEIT: "Forfeited (the plan's policy)",
    NoKickoffPolicy.CARRY: "Carried to the next quarter (the plan's policy)",
    NoKickoffPolicy.ESCALATE: "Escalated to RevOps (the plan's policy)",
}


@dataclass
class OpenHoldback:
    """A holdback with money still held, and where it stands."""

    packet: Packet
    held: Decimal
    deal_plan: CompPlan
    last: LedgerEntry
    kickoff_held: bool

    @property
    def currency(self) -> str:
        return self.last.currency

    @property
    def window_end(self) -> date:
        return window_end(self.packet, self.deal_plan)

    @property
    def window_passed(self) -> bool:
        return self.window_end < timezone.localdate()

    @property
    def escalated(self) -> bool:
        return self.last.kind == EntryKind.ESCALATION

    def at_close(self, closing: CompPlan) -> str:
        """What closing `closing` would do with it (see `settle_at_close`)."""
        if self.kickoff_held:
            return "Settled as at the kickoff"
        if not self.window_passed:
            return f"Carried: the window is open until {self.window_end:%b %-d}"
        return AT_CLOSE[NoKickoffPolicy(closing.no_kickoff_policy)]


def _covering(plans: list[CompPlan], day: date) -> CompPlan | None:
    return next((plan for plan in plans if plan.starts_on <= day <= plan.ends_on), None)


def open_holdbacks(*, upto: CompPlan | None = None) -> list[OpenHoldback]:
    """Every holdback still held, over all quarters; with `upto`, only deals of that quarter
    or earlier (what closing it decides)."""
    balance = Sum(
        Case(
            When(kind=EntryKind.HOLDBACK, then=F("amount")),
            When(kind__in=[EntryKind.RELEASE, EntryKind.FORFEIT], then=-F("amount")),
            default=ZERO,
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )
    )
    held = {
        row["packet_id"]: row
        for row in LedgerEntry.objects.values("packet_id")
        .annotate(held=balance, last_id=Max("id"))
        .filter(held__gt=0)
    }
    if not held:
        return []
    plans = list(CompPlan.objects.all())
    packets = Packet.objects.filter(pk__in=held).select_related(
        "handoff__opportunity", "handoff__ae", "business_unit"
    )
    last = LedgerEntry.objects.in_bulk([row["last_id"] for row in held.values()])
    kicked_off = set(
        Kickoff.objects.filter(packet_id__in=held, status=KickoffStatus.HELD).values_list(
            "packet_id", flat=True
        )
    )
    holdbacks = []
    for packet in packets:
        deal_plan = _covering(plans, packet.handoff.opportunity.close_date)
        if deal_plan is None or (upto and deal_plan.starts_on > upto.starts_on):
            continue
        row = held[packet.pk]
        holdbacks.append(
            OpenHoldback(
                packet=packet,
                held=row["held"],
                deal_plan=deal_plan,
                last=last[row["last_id"]],
                kickoff_held=packet.pk in kicked_off,
            )
        )
    return sorted(holdbacks, key=lambda h: (h.packet.handoff.opportunity.close_date, h.packet.pk))


@dataclass
class CompException:
    """Something the quarter close cannot decide alone. `key` names it as it is now, so an
    acknowledgement holds until it changes."""

    kind: str
    key: str
    summary: str
    handoff: Handoff | None = None
    holdback: OpenHoldback | None = None
    at_close: str = ""
    frozen: CsmStatement | None = None
    now: CsmStatement | None = None
    paid_since: Decimal = ZERO
    acknowledged: ExceptionAcknowledgement | None = None

    @property
    def difference(self) -> Decimal:
        """What a changed CSM variable is owed beyond what was frozen and paid since."""
        if self.frozen is None or self.now is None:
            return ZERO
        return self.now.payout - self.frozen.payout - self.paid_since


@dataclass
class Exceptions:
    items: list[CompException] = field(default_factory=list)

    @property
    def open(self) -> list[CompException]:
        return [item for item in self.items if item.acknowledged is None]

    def of(self, kind: str) -> list[CompException]:
        return [item for item in self.items if item.kind == kind]

    @property
    def no_plan(self) -> list[CompException]:
        return self.of("no_plan")

    @property
    def holdbacks(self) -> list[CompException]:
        return self.of("holdback")

    @property
    def csm_changed(self) -> list[CompException]:
        return self.of("csm_changed")


def _deals_without_a_plan() -> list[CompException]:
    covering = CompPlan.objects.filter(
        starts_on__lte=OuterRef("opportunity__close_date"),
        ends_on__gte=OuterRef("opportunity__close_date"),
    )
    handoffs = (
        Handoff.objects.filter(opportunity__isnull=False)
        .exclude(Exists(covering))
        .select_related("opportunity")
        .order_by("opportunity__close_date", "pk")
    )
    return [
        CompException(
            kind="no_plan",
            key=f"no-plan:{handoff.pk}",
            summary=f"No comp plan covers {handoff.opportunity.name}'s close date "
            f"{handoff.opportunity.close_date:%b %-d, %Y}: nothing accrued.",
            handoff=handoff,
        )
        for handoff in handoffs
    ]


def _holdbacks_past_their_window(closing: CompPlan | None) -> list[CompException]:
    """Held after the window passed without a kickoff, once the deal's quarter has ended: the
    kickoff can no longer come in time, so the close (or RevOps) must decide."""
    today = timezone.localdate()
    return [
        CompException(
            kind="holdback",
            key=f"holdback:{holdback.packet.pk}:{holdback.last.pk}",
            summary=f"{holdback.packet.handoff.opportunity.name} ({holdback.packet.business_unit})"
            f": window ended {holdback.window_end:%b %-d}, no kickoff held"
            + (f"; escalated at the close of {holdback.last.plan}" if holdback.escalated else ""),
            holdback=holdback,
            at_close=holdback.at_close(closing) if closing else "",
        )
        for holdback in open_holdbacks(upto=closing)
        if not holdback.kickoff_held
        and holdback.window_passed
        and holdback.deal_plan.ends_on < today
    ]


def _inputs(statement: CsmStatement) -> list:
    """What a statement's payout rests on: each account's standing, and the payout. Names and
    wording (an account renamed, how a reason is phrased) change nothing here."""
    standing = [
        [account["packet"], account["on_time"], account["matured"], account["sticky"]]
        for account in statement.accounts
    ]
    return [standing, str(statement.payout)]


def _fingerprint(statement: CsmStatement) -> str:
    return hashlib.sha256(json.dumps(_inputs(statement)).encode()).hexdigest()[:12]


def _csm_changed_after_close() -> list[CompException]:
    """Closed quarters whose CSM variable, worked out again as of the close with what is known
    now (a late stickiness signal, a kickoff changed since), differs from what was frozen."""
    frozen: dict[int, list[CsmStatement]] = defaultdict(list)
    for statement in CsmStatement.objects.select_related("plan", "csm"):
        frozen[statement.plan_id].append(statement)
    paid: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for adjustment in CsmAdjustment.objects.all():
        paid[adjustment.for_plan_id, adjustment.csm_id] += adjustment.amount
    changed = []
    for statements in frozen.values():
        plan = statements[0].plan
        by_csm = {statement.csm_id: statement for statement in statements}
        variables = csm_variables(plan=plan, csms=[s.csm for s in statements], as_of=plan.closed_at)
        for variable in variables:
            was = by_csm[variable.csm.pk]
            now = statement_for(variable)
            if _inputs(now) == _inputs(was):
                continue
            changed.append(
                CompException(
                    kind="csm_changed",
                    key=f"csm-changed:{plan.pk}:{variable.csm.pk}:{_fingerprint(now)}",
                    summary=f"{variable.csm.full_name}'s {plan} variable changed after the close",
                    frozen=was,
                    now=now,
                    paid_since=paid[plan.pk, variable.csm.pk],
                )
            )
    return changed


def comp_exceptions(*, closing: CompPlan | None) -> Exceptions:
    """What needs RevOps before `closing` closes (or, with None, across every quarter)."""
    items = [
        *_deals_without_a_plan(),
        *_holdbacks_past_their_window(closing),
        *_csm_changed_after_close(),
    ]
    seen = ExceptionAcknowledgement.objects.select_related("by").in_bulk(
        [item.key for item in items], field_name="key"
    )
    for item in items:
        item.acknowledged = seen.get(item.key)
    return Exceptions(items)


def next_to_close() -> CompPlan | None:
    """Quarters close in order: the earliest one still open."""
    return CompPlan.objects.filter(closed_at__isnull=True).order_by("starts_on").first()


@dataclass
class ClosePreview:
    plan: CompPlan
    holdbacks: list[OpenHoldback]
    statements: list[CsmStatement]
    exceptions: Exceptions
    last_export: PayrollExport | None
    movements: list[LedgerEntry]
    movement_count: int

    @property
    def blockers(self) -> list[str]:
        """Why the quarter cannot close now; none when it can."""
        plan, reasons = self.plan, []
        if plan.is_closed:
            return [f"{plan} is closed."]
        if timezone.localdate() <= plan.ends_on:
            reasons.append(f"{plan} runs until {plan.ends_on:%b %-d, %Y}; it closes after.")
        earlier = next_to_close()
        if earlier and earlier != plan:
            reasons.append(f"Close {earlier} first: quarters close in order.")
        if waiting := len(self.exceptions.open):
            reasons.append(
                f"{waiting} exception{'s' if waiting != 1 else ''} still "
                f"need{'s' if waiting == 1 else ''} a decision or an acknowledgement."
            )
        return reasons

    def holdbacks_with_decisions(self) -> list[tuple[OpenHoldback, str]]:
        return [(holdback, holdback.at_close(self.plan)) for holdback in self.holdbacks]


def close_preview(plan: CompPlan) -> ClosePreview:
    """Everything closing `plan` would settle and freeze, and what stands in its way."""
    last_export = plan.payroll_exports.select_related("by").first()
    movements = LedgerEntry.objects.filter(plan=plan).select_related(
        "ae", "late_for", "packet__handoff__opportunity", "packet__business_unit"
    )
    if last_export:
        movements = movements.filter(created_at__gt=last_export.at)
    movements = movements.order_by("-created_at", "-id")
    return ClosePreview(
        plan=plan,
        holdbacks=[] if plan.is_closed else open_holdbacks(upto=plan),
        statements=csm_statements(plan=plan),
        exceptions=comp_exceptions(closing=None if plan.is_closed else plan),
        last_export=last_export,
        movements=list(movements[:MOVEMENTS_SHOWN]),
        movement_count=movements.count(),
    )
