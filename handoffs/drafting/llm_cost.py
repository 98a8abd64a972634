"""What an LLM draft is estimated to cost, from the tokens the server reports.

List prices in US dollars per million tokens (input, output), as OpenAI published them; a
dated model name ("gpt-4o-mini-2024-07-18") is priced as its family. A model not listed (a
self-hosted one behind OPENAI_BASE_URL, say) has no estimate rather than a wrong one.
"""

import re
from decimal import Decimal

PER_MILLION_TOKENS: dict[str, tuple[Decimal, Decimal]] = {
    "gpt-4o-mini": (Decimal("0.15"), Decimal("0.60")),
    "gpt-4o": (Decimal("2.50"), Decimal("10.00")),
    "gpt-4.1-nano": (Decimal("0.10"), Decimal("0.40")),
    "gpt-4.1-mini": (Decimal("0.40"), Decimal("1.60")),
    "gpt-4.1": (Decimal("2.00"), Decimal("8.00")),
}
DATED = re.compile(r"-\d{4}-\d{2}-\d{2}$")
MILLION = Decimal(1_000_000)
MICRODOLLAR = Decimal("0.000001")


def price_of(model: str) -> tuple[Decimal, Decimal] | None:
    """The listed price of the model, or of its family for a dated snapshot."""
    return PER_MILLION_TOKENS.get(DATED.sub("", model))


def estimate_cost(model: str, tokens_in: int, tokens_out: int) -> Decimal | None:
    price = price_of(model)
    if price is None:
        return None
    cost = (tokens_in * price[0] + tokens_out * price[1]) / MILLION
    return cost.quantize(MICRODOLLAR)
