"""Reads for comp: what each AE is owed or held, what each CSM earned, what RevOps pays out."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Role, User
from comp.models import (
    CompPlan,
    CsmStatement,
    EntryKind,
    LedgerEntry,
    SignalKind,
    StickinessSignal,
)
from comp.services.ledger import money
from handoffs.models import (
    WAITING_ON_AE,
    Decision,
    Kickoff,
    KickoffStatus,
    PacketTransition,
    SignOff,
    Status,
)

ZERO = Decimal("0.00")
RATE = Decimal("0.0001")


def current_plan() -> CompPlan | None:
    today = timezone.localdate()
    return CompPlan.objects.filter(starts_on__lte=today, ends_on__gte=today).first()


def _period(plan: CompPlan) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(plan.starts_on, time.min, tz),
        datetime.combine(plan.ends_on, time.max, tz),
    )


@dataclass
class DealLine:
    packet: object
    currency: str
    accrued: Decimal = ZERO
    held: Decimal = ZERO
    released: Decimal = ZERO
    forfeited: Decimal = ZERO
    adjusted: Decimal = ZERO
    carried: Decimal = ZERO
    escalated: Decimal = ZERO
    last: LedgerEntry | None = None

    @property
    def late_for(self) -> CompPlan | None:
        """The deal's own, closed quarter, when this line is a late movement on it."""
        return self.last.late_for

    @property
    def state(self) -> str:
        if self.forfeited and not self.released:
            return "forfeited"
        if self.released and self.forfeited:
            return "partly released"
        if self.released:
            return "released"
        if self.escalated:
            return "escalated"
        if self.carried:
            return "carried"
        return "held" if self.held else "none"

    @property
    def payable(self) -> Decimal:
        return money(self.accrued - self.held + self.released + self.adjusted)


BUCKETS = {
    EntryKind.ACCRUAL: "accrued",
    EntryKind.HOLDBACK: "held",
    EntryKind.RELEASE: "released",
    EntryKind.FORFEIT: "forfeited",
    EntryKind.ADJUSTMENT: "adjusted",
    EntryKind.CARRY: "carried",
    EntryKind.ESCALATION: "escalated",
}


def ledger_for(*, plan: CompPlan, ae: User | None = None) -> QuerySet[LedgerEntry]:
    """The entries that posted in the quarter, late movements on earlier deals included."""
    entries = LedgerEntry.objects.filter(plan=plan).select_related(
        "ae", "late_for", "packet__handoff__opportunity", "packet__business_unit"
    )
    return entries.filter(ae=ae) if ae else entries


def commission_by_deal(*, plan: CompPlan, ae: User | None = None) -> list[DealLine]:
    """One line per packet share: accrued, held back, released, forfeited, with the last move."""
    lines: dict[int, DealLine] = {}
    for entry in ledger_for(plan=plan, ae=ae).order_by("created_at", "id"):
        line = lines.setdefault(entry.packet_id, DealLine(entry.packet, entry.currency))
        bucket = BUCKETS[entry.kind]
        setattr(line, bucket, money(getattr(line, bucket) + entry.amount))
        line.last = entry
    return sorted(lines.values(), key=lambda line: line.last.created_at, reverse=True)


def totals(lines: list[DealLine]) -> dict[str, dict[str, Decimal]]:
    """Per currency, so amounts in different currencies are never added together."""
    by_currency: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for line in lines:
        for name in ("accrued", "held", "released", "forfeited", "payable"):
            by_currency[line.currency][name] += getattr(line, name)
    return {currency: dict(values) for currency, values in by_currency.items()}


@dataclass
class CsmVariable:
    csm: User
    plan: CompPlan
    accepted: list = field(default_factory=list)
    on_time: list = field(default_factory=list)
    matured: list = field(default_factory=list)
    sticky: list = field(default_factory=list)
    why: dict = field(default_factory=dict)  # packet pk: why it is sticky at day 45, or not

    @property
    def on_time_rate(self) -> Decimal | None:
        return Decimal(len(self.on_time)) / len(self.accepted) if self.accepted else None

    @property
    def sticky_rate(self) -> Decimal | None:
        return Decimal(len(self.sticky)) / len(self.matured) if self.matured else None

    @property
    def attainment(self) -> Decimal:
        """The mean of the on-time kickoff rate and the 45-day stickiness rate, where known."""
        rates = [rate for rate in (self.on_time_rate, self.sticky_rate) if rate is not None]
        return (sum(rates) / len(rates)).quantize(RATE) if rates else Decimal(0)

    @property
    def payout(self) -> Decimal:
        share = self.plan.csm_onboarding_share_pct / Decimal(100)
        return money(self.plan.csm_variable_target * share * self.attainment)

    def accounts(self) -> list[dict]:
        """The accounts behind the numbers, as a statement keeps them (names as they are now)."""
        return [
            {
                "packet": packet.pk,
                "account": packet.handoff.opportunity.account.name,
                "deal": packet.handoff.opportunity.name,
                "on_time": packet in self.on_time,
                "matured": packet in self.matured,
                "sticky": packet in self.sticky,
                "why": self.why.get(packet.pk, ""),
            }
            for packet in self.accepted
        ]


def csm_variables(
    *, plan: CompPlan, csms: list[User] | None = None, as_of: datetime | None = None
) -> list[CsmVariable]:
    """Each CSM's variable for the quarter, in a fixed number of queries: the given CSMs, or
    every active CSM and whoever accepted a handoff in the quarter.

    A kickoff counts toward stickiness once its window had ended by `as_of` (now, unless the
    numbers are asked as they stood at the close)."""
    as_of = as_of or timezone.now()
    start, end = _period(plan)
    sign_offs = (
        SignOff.objects.filter(decision=Decision.ACCEPTED, created_at__range=(start, end))
        .select_related("by__business_unit", "packet__handoff__opportunity__account")
        .order_by("created_at", "id")
    )
    if csms is not None:
        sign_offs = sign_offs.filter(by__in=csms)
    chosen = active_csms() if csms is None else csms
    variables = {csm.pk: CsmVariable(csm=csm, plan=plan) for csm in chosen}
    for sign_off in sign_offs:
        variable = variables.setdefault(sign_off.by_id, CsmVariable(csm=sign_off.by, plan=plan))
        if sign_off.packet not in variable.accepted:
            variable.accepted.append(sign_off.packet)
    accepted = {packet.pk: packet for v in variables.values() for packet in v.accepted}
    kickoffs: dict[int, Kickoff] = {}
    for kickoff in Kickoff.objects.filter(
        packet_id__in=accepted, status=KickoffStatus.HELD
    ).order_by("starts_at", "id"):
        kickoffs.setdefault(kickoff.packet_id, kickoff)
    window = timedelta(days=plan.stickiness_window_days)
    matured = {pk for pk, kickoff in kickoffs.items() if kickoff.starts_at + window <= as_of}
    signals: dict[int, list[StickinessSignal]] = defaultdict(list)
    for signal in StickinessSignal.objects.filter(
        handoff_id__in={accepted[pk].handoff_id for pk in matured}
    ):
        signals[signal.handoff_id].append(signal)
    for variable in variables.values():
        for packet in variable.accepted:
            kickoff = kickoffs.get(packet.pk)
            if kickoff is None:
                continue
            if not kickoff.is_late:
                variable.on_time.append(packet)
            if packet.pk in matured:
                variable.matured.append(packet)
                sticky, variable.why[packet.pk] = _stickiness(
                    kickoff, signals[packet.handoff_id], plan
                )
                if sticky:
                    variable.sticky.append(packet)
    return sorted(variables.values(), key=lambda variable: variable.csm.full_name)


def csm_variable(*, csm: User, plan: CompPlan) -> CsmVariable:
    return csm_variables(plan=plan, csms=[csm])[0]


def _stickiness(
    kickoff: Kickoff, signals: list[StickinessSignal], plan: CompPlan
) -> tuple[bool, str]:
    """Whether the account stuck within the window, and why in words: the login and milestones
    that made it (a milestone done in the success plan says so), or what was missing."""
    days = plan.stickiness_window_days
    window_end = kickoff.starts_at + timedelta(days=days)
    seen = [signal for signal in signals if kickoff.starts_at <= signal.occurred_at <= window_end]
    logins = sorted(s.occurred_at for s in seen if s.kind == SignalKind.LOGIN)
    done = {s.milestone: s for s in seen if s.kind == SignalKind.MILESTONE}
    missing = [name for name in plan.sticky_milestones if name not in done]
    if plan.sticky_requires_login and not logins:
        missing.insert(0, "a customer login")
    if missing:
        return False, f"Not by day {days}: missing {', '.join(missing)}."
    how = [f"logged in {logins[0]:%b %-d}"] if logins else []
    for name in plan.sticky_milestones:
        signal = done[name]
        where = "done in the success plan" if signal.source == "success_plan" else "completed"
        how.append(f"{name} {where} {signal.occurred_at:%b %-d}")
    said = "; ".join(how) or f"nothing more than the kickoff is asked by day {days}"
    return True, said[0].upper() + said[1:] + "."


def statement_for(variable: CsmVariable, adjustments: Decimal = ZERO) -> CsmStatement:
    """The statement a variable makes, unsaved: provisional until the quarter's close saves it."""
    plan = variable.plan

    def rate(value: Decimal | None) -> Decimal | None:
        return None if value is None else value.quantize(RATE)

    return CsmStatement(
        plan=plan,
        csm=variable.csm,
        accepted=len(variable.accepted),
        on_time=len(variable.on_time),
        matured=len(variable.matured),
        sticky=len(variable.sticky),
        on_time_rate=rate(variable.on_time_rate),
        sticky_rate=rate(variable.sticky_rate),
        attainment=variable.attainment,
        target=plan.csm_variable_target,
        onboarding_share_pct=plan.csm_onboarding_share_pct,
        payout=variable.payout,
        adjustments=money(adjustments),
        currency=plan.currency,
        accounts=variable.accounts(),
    )


def csm_statements(*, plan: CompPlan, csm: User | None = None) -> list[CsmStatement]:
    """The quarter's CSM statements: frozen at its close, provisional (computed now) before."""
    if plan.is_closed:
        frozen = plan.csm_statements.select_related("csm", "frozen_by")
        return list(frozen.filter(csm=csm) if csm else frozen)
    paid_late = plan.csm_adjustments.select_related("csm")
    if csm:
        paid_late = paid_late.filter(csm=csm)
    adjustments: dict[int, Decimal] = defaultdict(lambda: ZERO)
    variables = csm_variables(plan=plan, csms=[csm] if csm else None)
    known = {variable.csm.pk for variable in variables}
    for adjustment in paid_late:
        adjustments[adjustment.csm_id] += adjustment.amount
        if adjustment.csm_id not in known:
            known.add(adjustment.csm_id)
            variables.append(CsmVariable(csm=adjustment.csm, plan=plan))
    return [statement_for(variable, adjustments[variable.csm.pk]) for variable in variables]


PAYROLL_COLUMNS = [
    "plan",
    "payee_role",
    "payee_email",
    "payee_name",
    "opportunity_external_id",
    "deal",
    "deal_quarter",
    "business_unit",
    "currency",
    "accrued",
    "held",
    "released",
    "forfeited",
    "adjusted",
    "payable",
    "status",
    "last_movement",
]


def payroll_rows(plan: CompPlan) -> list[dict]:
    """The quarter's payroll: a row per AE and deal share (late movements on earlier quarters'
    deals included, named by their quarter), a row per CSM's variable (frozen at the close, or
    provisional), and a row per late change to an earlier quarter's CSM variable."""
    rows = []
    for line in commission_by_deal(plan=plan):
        handoff = line.packet.handoff
        rows.append(
            {
                "payee_role": "ae",
                "payee_email": line.last.ae.email,
                "payee_name": line.last.ae.full_name,
                "opportunity_external_id": handoff.opportunity_key,
                "deal": handoff.opportunity.name,
                "deal_quarter": (line.late_for or plan).name,
                "business_unit": line.packet.business_unit.slug,
                "currency": line.currency,
                "accrued": line.accrued,
                "held": line.held,
                "released": line.released,
                "forfeited": line.forfeited,
                "adjusted": line.adjusted,
                "payable": line.payable,
                "status": line.state,
                "last_movement": line.last.created_at.date().isoformat(),
            }
        )
    for statement in csm_statements(plan=plan):
        csm = statement.csm
        rows.append(
            {
                "payee_role": "csm",
                "payee_email": csm.email,
                "payee_name": csm.full_name,
                "deal": f"CSM variable, attainment {statement.attainment * 100:.1f} %",
                "deal_quarter": plan.name,
                "business_unit": csm.business_unit.slug if csm.business_unit else "",
                "currency": statement.currency,
                "payable": statement.payout,
                "status": "final" if statement.is_final else "provisional",
                "last_movement": statement.frozen_at.date().isoformat()
                if statement.is_final
                else "",
            }
        )
    for adjustment in plan.csm_adjustments.select_related("csm__business_unit", "for_plan"):
        csm = adjustment.csm
        rows.append(
            {
                "payee_role": "csm",
                "payee_email": csm.email,
                "payee_name": csm.full_name,
                "deal": f"CSM variable, change after the close of {adjustment.for_plan}",
                "deal_quarter": adjustment.for_plan.name,
                "business_unit": csm.business_unit.slug if csm.business_unit else "",
                "currency": adjustment.currency,
                "adjusted": adjustment.amount,
                "payable": adjustment.amount,
                "status": "adjustment",
                "last_movement": adjustment.created_at.date().isoformat(),
            }
        )
    blank = dict.fromkeys(PAYROLL_COLUMNS, "") | {"plan": plan.name}
    return [blank | row for row in rows]


def ae_refusal_rates(*, plan: CompPlan) -> list[dict]:
    """Gap lists not completed by their due time (the SLA policy's AE turnaround when they were
    assigned), per AE, for gap lists assigned in the quarter.

    A gap list still inside its turnaround counts only once it is answered."""
    start, end = _period(plan)
    now = timezone.now()
    assigned = PacketTransition.objects.filter(
        to_status__in=WAITING_ON_AE,
        created_at__range=(start, end),
        packet__handoff__ae__isnull=False,
    ).select_related("packet__handoff__ae")
    answered: dict[int, list[datetime]] = defaultdict(list)
    for packet_id, at in PacketTransition.objects.filter(
        to_status=Status.READY_FOR_CS,
        from_status__in=WAITING_ON_AE,
        created_at__gte=start,
    ).values_list("packet_id", "created_at"):
        answered[packet_id].append(at)
    per_ae: dict[User, list[int]] = defaultdict(lambda: [0, 0])
    for move in assigned:
        on_time = move.due_at is not None and any(
            move.created_at <= at <= move.due_at for at in answered[move.packet_id]
        )
        if not on_time and move.due_at is not None and move.due_at > now:
            continue
        counts = per_ae[move.packet.handoff.ae]
        counts[0] += 1
        counts[1] += 0 if on_time else 1
    return sorted(
        (
            {
                "ae": ae,
                "assigned": n,
                "late": late,
                "rate": (Decimal(late) / n * 100).quantize(Decimal("0.1")),
            }
            for ae, (n, late) in per_ae.items()
        ),
        key=lambda row: row["rate"],
        reverse=True,
    )


def active_csms() -> QuerySet[User]:
    return User.objects.filter(role=Role.CSM, is_active=True).select_related("business_unit")
