"""Money as people read it, everywhere: "USD 28,000", "USD 2,062.50" (cents only when there are)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def as_decimal(amount: Decimal | int | float | str | None) -> Decimal | None:
    """A stored amount (often a JSON string) as a Decimal, or None when it is not a number."""
    if amount is None or amount == "":
        return None
    try:
        return Decimal(str(amount))
    except InvalidOperation:
        return None


def format_money(amount: Decimal | int | float | str | None, currency: str = "") -> str:
    value = as_decimal(amount)
    if value is None:
        return "not stated"
    value = value.quantize(CENT, rounding=ROUND_HALF_UP)
    digits = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    return f"{currency} {digits}".strip()
