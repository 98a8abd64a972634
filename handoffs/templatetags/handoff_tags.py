"""Presentation helpers for packets: the tone of a status pill, due-time labels."""

from django import template
from django.template.context import Context
from django.utils import timezone
from django.utils.timesince import timeuntil

from governance.models import SlaPolicy
from handoffs.models import FieldStatus, InboundStatus, Packet, Status
from handoffs.sla import DueState, due_state

register = template.Library()

# Packet, field and inbound-event statuses share one pill; their values never collide.
TONES = {
    Status.DRAFTING: "waiting",
    Status.DRAFT_FAILED: "danger",
    Status.NEEDS_AE: "warn",
    Status.READY_FOR_CS: "waiting",
    Status.IN_REVIEW: "waiting",
    Status.ACCEPTED: "ok",
    Status.RETURNED: "warn",
    Status.KICKOFF_BOOKED: "ok",
    Status.KICKOFF_HELD: "ok",
    FieldStatus.COMPLETE: "ok",
    FieldStatus.PARTIAL: "warn",
    FieldStatus.MISSING: "danger",
    InboundStatus.RECEIVED: "waiting",
    InboundStatus.PROCESSING: "waiting",
    InboundStatus.PROCESSED: "ok",
    InboundStatus.FAILED: "danger",
}


@register.filter
def status_tone(status: str) -> str:
    return TONES.get(status, "muted")


def _sla_policy(context: Context) -> SlaPolicy:
    """Read once per page: the render context's root outlives each row's include."""
    page = context.render_context.dicts[0]
    if "sla_policy" not in page:
        page["sla_policy"] = SlaPolicy.current()
    return page["sla_policy"]


@register.inclusion_tag("partials/due.html", takes_context=True)
def due_label(context: Context, packet: Packet) -> dict:
    """'Due in 5 hours' or 'Overdue by 2 days', coloured by `handoffs.sla.due_state`, so a step
    nobody waits on (a booked kickoff) is never called overdue."""
    due_at = packet.due_at
    if due_at is None:
        return {"due_at": None}
    now = timezone.now()
    state = due_state(packet, now=now, policy=_sla_policy(context))
    past = due_at < now
    span = timeuntil(now, due_at) if past else timeuntil(due_at, now)
    return {
        "due_at": due_at,
        "overdue": state == DueState.OVERDUE,
        "soon": state == DueState.SOON,
        "past": past,
        "span": span.split(",")[0],
    }


@register.filter
def css_string(value) -> str:
    """Text safe inside a double-quoted CSS string (the PDF's running header)."""
    return "".join(
        f"\\{ord(char):x} " if char in '\\"<>' or ord(char) < 32 else char for char in str(value)
    )


# Percentages the stylesheet has a width class for besides steps of 5: eighths (8 fields).
EIGHTHS = frozenset({12, 13, 37, 38, 62, 63, 87, 88})


@register.simple_tag
def meter_step(value: int, of: int) -> int:
    """`value` of `of` as a percentage with a .w-NN / .g-NN class (any number of fields)."""
    if not of:
        return 0
    exact = round(100 * value / of)
    return exact if exact % 5 == 0 or exact in EIGHTHS else 5 * round(exact / 5)
