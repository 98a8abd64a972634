"""What became of the history's customers: their success plan's first value (sooner as the
program matures), churn (more often after an incomplete handoff), expansion, and renewal a
year after the close, each dated up to today."""

import random
from datetime import date, timedelta
from decimal import Decimal

from handoffs.demo.history import SEED, Story
from handoffs.models import AccountOutcome, OutcomeKind, Packet, PlanTemplate, Status, SuccessPlan
from handoffs.plan_defaults import DEFAULT_TEMPLATES
from handoffs.sla import add_business_days

SHIPPED = (Status.ACCEPTED, Status.KICKOFF_BOOKED, Status.KICKOFF_HELD)


def _outcome(packet: Packet, kind: str, on: date, before: Decimal, after: Decimal):
    return AccountOutcome(
        account_id=packet.handoff.opportunity.account_id,
        external_id=f"{packet.handoff.opportunity_key}-{kind}",
        kind=kind,
        occurred_on=on,
        arr_before=before,
        arr_after=after,
        currency="USD",
        source="demo",
    )


def _story_outcomes(rng: random.Random, s: Story, packet: Packet) -> list[AccountOutcome]:
    complete, arr = s.score >= 7, s.amount
    roll = rng.random()
    if roll < (0.06 if complete else 0.24):
        churned_on = s.close + timedelta(days=rng.randint(30, 88))
        return [_outcome(packet, OutcomeKind.CHURNED, churned_on, arr, Decimal(0))]
    if roll < (0.1 if complete else 0.32):
        churned_on = s.close + timedelta(days=rng.randint(120, 300))
        return [_outcome(packet, OutcomeKind.CHURNED, churned_on, arr, Decimal(0))]
    found = []
    if rng.random() < (0.35 if complete else 0.15):
        grown = (arr * Decimal(rng.randint(115, 160)) / 100).quantize(Decimal(1))
        expanded_on = s.close + timedelta(days=rng.randint(100, 300))
        found.append(_outcome(packet, OutcomeKind.EXPANDED, expanded_on, arr, grown))
        arr = grown
    kept = Decimal(rng.randint(95, 110) if complete else rng.randint(82, 102)) / 100
    renewed = (arr * kept).quantize(Decimal(1))
    found.append(_outcome(packet, OutcomeKind.RENEWED, s.close + timedelta(days=365), arr, renewed))
    return found


def write_outcomes(drawn: list[Story], packets: list[Packet], today: date) -> None:
    rng = random.Random(SEED + 1)
    rows = [
        outcome
        for s, packet in zip(drawn, packets, strict=True)
        if packet.status in SHIPPED
        for outcome in _story_outcomes(rng, s, packet)
        if outcome.occurred_on <= today
    ]
    AccountOutcome.objects.bulk_create(rows, batch_size=500)


def _windows() -> dict[str, tuple[int, int]]:
    windows = {segment: (low, high) for segment, (low, high, _) in DEFAULT_TEMPLATES.items()}
    for template in PlanTemplate.objects.all():
        windows[template.segment] = (template.first_value_min_days, template.first_value_max_days)
    return windows


def write_plans(drawn: list[Story], packets: list[Packet], today: date) -> None:
    """A success plan for each held kickoff, with its first value if it came by today."""
    rng, windows, rows = random.Random(SEED + 2), _windows(), []
    for s, packet in zip(drawn, packets, strict=True):
        if packet.status != Status.KICKOFF_HELD:
            continue
        low, high = windows[s.segment]
        if rng.random() < 0.45 + 0.4 * s.progress:
            days = rng.randint(max(1, low - 5), high)
        else:
            days = high + rng.randint(2, 25)
        reached = add_business_days(s.kickoff_at, days).date()
        rows.append(
            SuccessPlan(
                packet=packet,
                kickoff_at=s.kickoff_at,
                segment=s.segment,
                first_value_min_days=low,
                first_value_max_days=high,
                first_value_on=reached if reached <= today else None,
                first_value_note="Demo history" if reached <= today else "",
                first_value_source="demo" if reached <= today else "",
                generated_at=s.kickoff_at,
            )
        )
    SuccessPlan.objects.bulk_create(rows, batch_size=500)
