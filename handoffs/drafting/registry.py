"""Which drafter a packet gets: its business unit's choice, or the default for every unit.

The rules drafter is the default. The LLM drafter drafts with the published prompt version
and falls back to the rules drafter itself when it cannot run.
"""

from governance.models import DrafterKind
from governance.selectors import drafter_kind_for, published_prompt
from handoffs.drafting.base import Drafter
from handoffs.drafting.llm import LlmDrafter
from handoffs.drafting.rules import RulesDrafter
from handoffs.models import Packet


def drafter_for(packet: Packet) -> Drafter:
    if drafter_kind_for(packet.business_unit) == DrafterKind.LLM:
        return LlmDrafter(published_prompt())
    return RulesDrafter()
