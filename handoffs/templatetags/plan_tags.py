"""Presentation helpers for success plans: the tone of a status or a first-value verdict."""

from django import template

from handoffs.models import ItemStatus

register = template.Library()

ITEM_TONES = {
    ItemStatus.NOT_STARTED: "muted",
    ItemStatus.ON_TRACK: "ok",
    ItemStatus.AT_RISK: "warn",
    ItemStatus.DONE: "ok",
    ItemStatus.MISSED: "danger",
}
VERDICT_TONES = {
    "ahead": "ok",
    "inside": "ok",
    "open": "waiting",
    "late": "danger",
    "overdue": "danger",
}


@register.filter
def item_tone(status: str) -> str:
    return ITEM_TONES.get(status, "muted")


@register.filter
def verdict_tone(verdict: str) -> str:
    return VERDICT_TONES.get(verdict, "muted")
