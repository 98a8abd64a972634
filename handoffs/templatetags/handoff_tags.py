"""Presentation helpers for packets: the tone of a status pill, due-time labels."""

from django import template
from django.utils import timezone
from django.utils.timesince import timeuntil

register = template.Library()

TONES = {
    "drafting": "waiting",
    "draft_failed": "danger",
    "needs_ae": "warn",
    "ready_for_cs": "waiting",
    "in_review": "waiting",
    "accepted": "ok",
    "returned": "warn",
    "kickoff_booked": "ok",
    "kickoff_held": "ok",
}


@register.filter
def status_tone(status: str) -> str:
    return TONES.get(status, "muted")


@register.inclusion_tag("partials/due.html")
def due_label(due_at):
    """'Due in 5 hours' or 'Overdue by 2 days', coloured by urgency."""
    if due_at is None:
        return {"due_at": None}
    now = timezone.now()
    overdue = due_at < now
    soon = not overdue and (due_at - now).total_seconds() < 4 * 3600
    span = timeuntil(now, due_at) if overdue else timeuntil(due_at, now)
    return {"due_at": due_at, "overdue": overdue, "soon": soon, "span": span.split(",")[0]}


@register.filter
def css_string(value) -> str:
    """Text safe inside a double-quoted CSS string (the PDF's running header)."""
    return "".join(
        f"\\{ord(char):x} " if char in '\\"<>' or ord(char) < 32 else char for char in str(value)
    )
