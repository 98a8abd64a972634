"""What a replay found, side by side: gate agreement, fields that changed status, commitments
and risks found or lost, tokens and cost; read from its per-deal results."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from governance.selectors import field_definitions
from handoffs.models import ReplayKind, ReplayResult, ReplayRun
from handoffs.services.replays import cost_of


@dataclass
class DealRow:
    result: ReplayResult
    baseline: dict
    candidate: dict
    moved: list[str]
    found: list[str]
    lost: list[str]

    @property
    def agrees(self) -> bool:
        return self.baseline.get("passed") == self.candidate.get("passed")


@dataclass
class Summary:
    run: ReplayRun
    done: int
    failed: int
    agree: int
    rows: list[DealRow] = field(default_factory=list)
    field_moves: list[tuple[str, int]] = field(default_factory=list)
    commitments_found: int = 0
    commitments_lost: int = 0
    risks_found: int = 0
    risks_lost: int = 0
    tokens: dict = field(default_factory=dict)
    cost: dict = field(default_factory=dict)

    @property
    def compared(self) -> int:
        return self.done - self.failed

    @property
    def agreement_pct(self) -> int | None:
        return round(100 * self.agree / self.compared) if self.compared else None

    @property
    def finished(self) -> bool:
        return self.run.finished_at is not None

    @property
    def progress_pct(self) -> int:
        return round(100 * self.done / self.run.total) if self.run.total else 100


def summarize(run: ReplayRun) -> Summary:
    results = list(
        ReplayResult.objects.filter(run=run).select_related(
            "packet__handoff__opportunity", "packet__business_unit"
        )
    )
    labels = {d.key: d.label for d in field_definitions(run.baseline_definitions)}
    summary = Summary(run=run, done=len(results), failed=0, agree=0)
    moves: Counter = Counter()
    spend = {"baseline": [], "candidate": []}
    tokens = {side: {"input": 0, "output": 0} for side in spend}
    for result in results:
        if result.error:
            summary.failed += 1
            summary.rows.append(DealRow(result, {}, {}, [], [], []))
            continue
        base, cand = result.outcome["baseline"], result.outcome["candidate"]
        moved = [
            labels.get(key, key)
            for key in sorted(set(base["fields"]) | set(cand["fields"]))
            if base["fields"].get(key) != cand["fields"].get(key)
        ]
        moves.update(moved)
        found, lost = [], []
        if run.kind == ReplayKind.PROMPT:
            for kind in ("commitments", "risks"):
                new = set(cand[kind]) - set(base[kind])
                gone = set(base[kind]) - set(cand[kind])
                setattr(summary, f"{kind}_found", getattr(summary, f"{kind}_found") + len(new))
                setattr(summary, f"{kind}_lost", getattr(summary, f"{kind}_lost") + len(gone))
                found += sorted(new)
                lost += sorted(gone)
            for side, outcome in (("baseline", base), ("candidate", cand)):
                tokens[side]["input"] += outcome["tokens_in"]
                tokens[side]["output"] += outcome["tokens_out"]
                spend[side].append(outcome["cost"])
        row = DealRow(result, base, cand, moved, found, lost)
        summary.agree += row.agrees
        summary.rows.append(row)
    summary.field_moves = moves.most_common()
    summary.tokens = tokens
    summary.cost = {
        side: cost_of(values) if values else Decimal(0) for side, values in spend.items()
    }
    return summary
