"""What CSMs make of the packets: their quality rating, and the CSM time the packets save."""

from django.db.models import QuerySet

from handoffs.metrics.base import Column, Estimate, Mean, Metric, register
from handoffs.metrics.flow import packet_columns
from handoffs.metrics.scope import Scope
from handoffs.models import Decision, SignOff


def acceptance_sign_offs(scope: Scope) -> QuerySet:
    """A CSM's acceptance of a packet in the period, with the 1-10 rating it carries."""
    return SignOff.objects.filter(
        scope.packets("packet__"), scope.during("created_at"), decision=Decision.ACCEPTED
    )


def _hours_saved_per_packet(scope: Scope):
    return scope.hours_without - scope.hours_with


SIGN_OFF_COLUMNS = (
    Column("accepted_at", "created_at"),
    Column("accepted_by", "by__email"),
    Column("rating", "rating"),
)

register(
    Metric(
        key="quality_rating",
        title="Handoff quality rating",
        definition="Mean of the 1-10 rating CSMs give a packet when they accept it, over the "
        "packets accepted in the period.",
        rows=acceptance_sign_offs,
        anchor="created_at",
        measure=Mean(of="rating", counted_label="packets rated", show=lambda v: f"{v:.1f} / 10"),
        columns=(*packet_columns(), *SIGN_OFF_COLUMNS),
        order=70,
    )
)

register(
    Metric(
        key="hours_saved",
        title="CSM hours saved (estimate)",
        definition="An estimate, not a measurement: the packets accepted in the period times "
        "the hours a CSM spends piecing a deal together without a packet, less the hours "
        "reviewing one. Assumed: {hours_without} h without a packet and {hours_with} h with "
        "one; change them below.",
        rows=acceptance_sign_offs,
        anchor="created_at",
        measure=Estimate(
            per_row=_hours_saved_per_packet, counted_label="packets accepted", unit="h"
        ),
        columns=(*packet_columns(), *SIGN_OFF_COLUMNS),
        order=120,
    )
)
