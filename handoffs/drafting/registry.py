"""Which drafter a packet gets. The rules drafter until an LLM drafter is configured."""

from handoffs.drafting.base import Drafter
from handoffs.drafting.rules import RulesDrafter
from handoffs.models import Packet


def drafter_for(packet: Packet) -> Drafter:
    return RulesDrafter()
