"""The pay metric of the program report: holdbacks released against holdbacks forfeited.

Comp owns what its ledger means, so the metric is defined here and registered into the
handoffs metrics (which never import comp), shown to RevOps admins alone (`metrics.pay`).
"""

from django.db.models import Q, QuerySet

from comp.models import EntryKind, LedgerEntry
from handoffs.metrics.base import Column, Metric, Series, Total, register
from handoffs.metrics.flow import packet_columns
from handoffs.metrics.scope import Scope


def settled_holdbacks(scope: Scope) -> QuerySet:
    """Releases and forfeits posted in the period, in the scope's currency; an entry that was
    reversed, and its reversal, cancel out and are left out."""
    return LedgerEntry.objects.filter(
        scope.packets("packet__"),
        scope.during("created_at"),
        kind__in=[EntryKind.RELEASE, EntryKind.FORFEIT],
        currency=scope.currency,
        reverses__isnull=True,
        reversed_by__isnull=True,
    )


register(
    Metric(
        key="holdbacks",
        title="Holdbacks released and forfeited",
        definition="AE commission holdbacks released against those forfeited, posted to the "
        "ledger in the period (one currency at a time): released when the kickoff was held and "
        "the packet passed the gate within the plan's window, otherwise as the plan says.",
        rows=settled_holdbacks,
        anchor="created_at",
        measure=Total(of="amount", counted_label="ledger entries"),
        series=(
            Series("Released", Q(kind=EntryKind.RELEASE)),
            Series("Forfeited", Q(kind=EntryKind.FORFEIT)),
        ),
        columns=(
            *packet_columns(),
            Column("entry_id", "id"),
            Column("posted_at", "created_at"),
            Column("kind", "kind"),
            Column("amount", "amount"),
            Column("currency", "currency"),
            Column("reason", "reason"),
        ),
        action="metrics.pay",
        order=110,
    )
)
