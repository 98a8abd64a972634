"""What the quarterly review page shows, loaded in a fixed number of queries: the quarter's
flags grouped by field and by prompt version, what changed in the quarter, and the drafts a
flag can be pointed at."""

from dataclasses import dataclass, field

from governance.definition_selectors import published_definitions
from governance.models import DefinitionsVersion, PromptState, PromptVersion
from governance.review_selectors import (
    current_quarter,
    previous_quarter,
    published_between,
    quarter_bounds,
    review_cycle,
)
from handoffs.models import OperatorFlag, Triage
from handoffs.services.operator_review import flags_in


@dataclass
class Group:
    key: str
    label: str
    flags: list[OperatorFlag] = field(default_factory=list)

    @property
    def open(self) -> int:
        return sum(1 for flag in self.flags if flag.triage == Triage.OPEN)


def _flags(quarter: str) -> list[OperatorFlag]:
    return list(
        flags_in(quarter).select_related(
            "packet__handoff__opportunity",
            "packet__business_unit",
            "raised_by",
            "prompt_version__template",
            "definitions_version",
            "addressed_by_prompt__template",
            "addressed_by_definitions",
            "triaged_by",
        )
    )


def review_context(quarter: str) -> dict:
    start, end = quarter_bounds(quarter)
    flags = _flags(quarter)
    labels = {d.key: d.label for d in published_definitions().fields.all()}
    by_field: dict[str, Group] = {}
    by_prompt: dict[str, Group] = {}
    for flag in flags:
        by_field.setdefault(flag.key, Group(flag.key, labels.get(flag.key, flag.key))).flags.append(
            flag
        )
        prompt = flag.prompt_version
        name = (
            str(prompt)
            if prompt
            else f"No prompt: drafted by the {flag.drafter or 'rules'} drafter"
        )
        by_prompt.setdefault(name, Group(name, name)).flags.append(flag)
    last = previous_quarter(quarter)
    return {
        "quarter": quarter,
        "starts_on": start,
        "ends_on": end,
        "cycle": review_cycle(quarter),
        "flags": flags,
        "by_field": sorted(by_field.values(), key=lambda g: (-len(g.flags), g.label)),
        "by_prompt": sorted(by_prompt.values(), key=lambda g: (-len(g.flags), g.label)),
        "open_count": sum(1 for flag in flags if flag.triage == Triage.OPEN),
        "last_quarter": last,
        "changes": published_between(start, end),
        "prompt_fixes": list(
            PromptVersion.objects.select_related("template")
            .filter(state__in=[PromptState.DRAFT, PromptState.IN_REVIEW])
            .order_by("-created_at")
        ),
        "definition_fixes": list(
            DefinitionsVersion.objects.filter(
                state__in=[PromptState.DRAFT, PromptState.IN_REVIEW]
            ).order_by("-number")
        ),
    }


def quarters_listed(count: int = 4) -> list[str]:
    """The current quarter and the ones before it, newest first."""
    quarters = [current_quarter()]
    while len(quarters) < count:
        quarters.append(previous_quarter(quarters[-1]))
    return quarters
