"""Readable text for the fields whose wording follows from their data alone.

The derivation renders these on every change, so the text can never say what the data does
not (a reconciled promise never reads as a ghost, a resolved risk never reads as open).
"""

from collections.abc import Callable
from datetime import date

from handoffs.money import format_money


def _day(iso: str) -> str:
    try:
        return f"{date.fromisoformat(iso):%b %-d, %Y}"
    except (TypeError, ValueError):
        return ""


def _listed(items: list | None) -> str:
    if items is None:
        return "not stated"
    return "; ".join(str(item).rstrip(".") for item in items) or "none"


def commercial_terms(data: dict) -> str:
    currency = data.get("currency") or ""
    parts = []
    if data.get("note"):
        parts.append(data["note"].rstrip(".") + ".")
    term = f" over {data['term_months']} months" if data.get("term_months") else ""
    start = f" starting {_day(data['start_date'])}" if _day(data.get("start_date") or "") else ""
    parts.append(f"ACV {format_money(data.get('acv'), currency)}{term}{start}.")
    if data.get("term_months") is None:
        parts.append("Term: not stated.")
    ramp = data.get("ramp")
    steps = (
        "; ".join(f"{s['period']}: {format_money(s['amount'], currency)}" for s in ramp) or "none"
        if ramp is not None
        else "not stated"
    )
    parts.append(f"Ramp: {steps}.")
    prepaid = data.get("prepaid")
    terms = (data.get("prepay_terms") or "").strip().rstrip(".")
    if prepaid is None:
        parts.append("Prepaid: not stated" + (f"; billing: {terms}." if terms else "."))
    elif prepaid:
        parts.append("Prepaid: yes" + (f" ({terms})." if terms else ", terms not stated."))
    else:
        parts.append("Prepaid: no" + (f"; billing: {terms}." if terms else "."))
    parts.append(f"Opt-outs: {_listed(data.get('opt_outs'))}.")
    lines = data.get("lines") or []
    if len(lines) > 1:
        parts.append(
            "Lines: "
            + "; ".join(
                f"{line['business_unit']} — {line['product']} "
                f"{format_money(line['amount'], currency)}"
                for line in lines
            )
            + "."
        )
    return " ".join(parts)


def presale_promises(data: dict) -> str:
    items = data.get("commitments") or []
    if not items:
        mined = data.get("sources_mined") or 0
        return (
            f"No commitments found in {mined} call(s) and notes."
            if mined
            else "No calls or sales-assist notes on file."
        )
    return "\n".join(
        f"• {item['speaker']}: “{item['quote']}”"
        + (f" Due {_day(item['due'])}." if _day(item.get("due") or "") else "")
        + (f" Standing: {item['standing']}." if item.get("standing") else "")
        for item in items
    )


def risk_flags(data: dict) -> str:
    flags = data.get("flags") or []
    if not flags:
        return (
            "The AE attests there are no unresolved risks."
            if data.get("attested_none")
            else "The agent found no risk signals; the AE should confirm there are none."
        )
    lines = []
    for flag in flags:
        if flag.get("resolution"):
            lines.append(f"• [resolved] {flag['summary']} Resolved: {flag['resolution']}")
        else:
            lines.append(f"• [{flag.get('severity', '')}] {flag['summary']}")
        if flag.get("response"):
            lines.append(f"  AE: {flag['response']}")
    return "\n".join(lines)


RENDERED: dict[str, Callable[[dict], str]] = {
    "commercial_terms": commercial_terms,
    "presale_promises": presale_promises,
    "risk_flags": risk_flags,
}
