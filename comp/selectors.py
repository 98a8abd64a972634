"""Reads for comp: what each AE is owed or held, what each CSM earned, what RevOps pays out."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Role, User
from comp.models import CompPlan, EntryKind, LedgerEntry, StickinessSignal
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
    last: LedgerEntry | None = None

    @property
    def state(self) -> str:
        if self.forfeited and not self.released:
            return "forfeited"
        if self.released and self.forfeited:
            return "partly released"
        if self.released:
            return "released"
        return "held" if self.held else "none"

    @property
    def payable(self) -> Decimal:
        return money(self.accrued - self.held + self.released + self.adjusted)


def ledger_for(*, plan: CompPlan, ae: User | None = None) -> QuerySet[LedgerEntry]:
    entries = LedgerEntry.objects.filter(plan=plan).select_related(
        "ae", "packet__handoff__opportunity", "packet__business_unit"
    )
    return entries.filter(ae=ae) if ae else entries


def commission_by_deal(*, plan: CompPlan, ae: User | None = None) -> list[DealLine]:
    """One line per packet share: accrued, held back, released, forfeited, with the last move."""
    lines: dict[int, DealLine] = {}
    for entry in ledger_for(plan=plan, ae=ae).order_by("created_at", "id"):
        line = lines.setdefault(entry.packet_id, DealLine(entry.packet, entry.currency))
        bucket = {
            EntryKind.ACCRUAL: "accrued",
            EntryKind.HOLDBACK: "held",
            EntryKind.RELEASE: "released",
            EntryKind.FORFEIT: "forfeited",
            EntryKind.ADJUSTMENT: "adjusted",
        }[entry.kind]
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
        return (sum(rates) / len(rates)).quantize(Decimal("0.0001")) if rates else Decimal(0)

    @property
    def payout(self) -> Decimal:
        share = self.plan.csm_onboarding_share_pct / Decimal(100)
        return money(self.plan.csm_variable_target * share * self.attainment)


def csm_variable(*, csm: User, plan: CompPlan) -> CsmVariable:
    start, end = _period(plan)
    result = CsmVariable(csm=csm, plan=plan)
    accepted = SignOff.objects.filter(
        by=csm, decision=Decision.ACCEPTED, created_at__range=(start, end)
    ).select_related("packet__handoff__opportunity__account")
    result.accepted = [sign_off.packet for sign_off in accepted]
    held = Kickoff.objects.filter(
        packet__in=result.accepted, status=KickoffStatus.HELD
    ).select_related("packet__handoff__opportunity__account")
    for kickoff in held:
        if not kickoff.is_late:
            result.on_time.append(kickoff.packet)
        window_end = kickoff.starts_at + timedelta(days=plan.stickiness_window_days)
        if window_end <= timezone.now():
            result.matured.append(kickoff.packet)
            if _is_sticky(kickoff, window_end, plan):
                result.sticky.append(kickoff.packet)
    return result


def _is_sticky(kickoff: Kickoff, window_end: datetime, plan: CompPlan) -> bool:
    signals = StickinessSignal.objects.filter(
        handoff_id=kickoff.packet.handoff_id, occurred_at__range=(kickoff.starts_at, window_end)
    )
    if plan.sticky_requires_login and not signals.filter(kind="login").exists():
        return False
    done = set(signals.filter(kind="milestone").values_list("milestone", flat=True))
    return set(plan.sticky_milestones) <= done


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


def csms() -> QuerySet[User]:
    return User.objects.filter(role=Role.CSM, is_active=True).select_related("business_unit")
