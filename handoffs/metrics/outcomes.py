"""What happened to the customers after the handoff, by how complete their packet was.

The completeness band splits packets that shipped with fewer than 7 of the 8 fields complete
from the rest; "shipped" means a CSM accepted the packet. Outcomes come from `AccountOutcome`.
"""

from datetime import timedelta

from django.db.models import (
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)

from handoffs.metrics.base import Column, Metric, Rate, Series, SumRatio, register
from handoffs.metrics.flow import packet_columns
from handoffs.metrics.scope import Scope
from handoffs.models import AccountOutcome, Decision, OutcomeKind, Packet, SignOff

COMPLETE_ENOUGH = 7
CHURN_WINDOW = timedelta(days=90)
CLOSE = "handoff__opportunity__close_date"
BANDS = (
    Series("Fewer than 7 of 8 complete", Q(score__lt=COMPLETE_ENOUGH)),
    Series("7 or 8 of 8 complete", Q(score__gte=COMPLETE_ENOUGH)),
)


def shipped_packets(scope: Scope) -> QuerySet:
    """Packets in the scope's filters that a CSM accepted (at any time)."""
    accepted = SignOff.objects.filter(packet=OuterRef("pk"), decision=Decision.ACCEPTED)
    return Packet.objects.filter(scope.packets(), Exists(accepted))


def churn_cohort(scope: Scope) -> QuerySet:
    """Shipped packets whose deal closed in the period at least 90 days ago, and whether the
    account churned within 90 days of the close."""
    close = OuterRef(CLOSE)
    churned = AccountOutcome.objects.filter(
        account=OuterRef("handoff__opportunity__account"),
        kind=OutcomeKind.CHURNED,
        occurred_on__gte=close,
        occurred_on__lte=ExpressionWrapper(close + CHURN_WINDOW, output_field=DateField()),
    )
    return (
        shipped_packets(scope)
        .filter(scope.during(CLOSE, dates=True), **{f"{CLOSE}__lte": scope.today - CHURN_WINDOW})
        .annotate(packet_id=F("pk"), closed_on=F(CLOSE), churned=Exists(churned))
    )


def banded_outcomes(scope: Scope) -> QuerySet:
    """Outcomes in the period (in the scope's currency) of accounts with a shipped packet;
    `incomplete` when any of those packets shipped below the band."""
    of_account = shipped_packets(scope).filter(handoff__opportunity__account=OuterRef("account"))
    return (
        AccountOutcome.objects.filter(
            scope.during("occurred_on", dates=True), currency=scope.currency
        )
        .filter(Exists(of_account))
        .annotate(incomplete=Exists(of_account.filter(score__lt=COMPLETE_ENOUGH)))
    )


def _packets_of_accounts(rows: QuerySet, scope: Scope) -> Q:
    return Q(
        pk__in=shipped_packets(scope)
        .filter(handoff__opportunity__account__in=rows.values("account_id"))
        .values("pk")
    )


register(
    Metric(
        key="churn_90d",
        title="90-day churn by completeness",
        definition="Share of accepted packets whose account churned within 90 days of the "
        "deal's close, for deals closed in the period at least 90 days ago: packets that "
        "shipped with fewer than 7 of 8 fields complete against the rest.",
        rows=churn_cohort,
        anchor="closed_on",
        anchor_is_date=True,
        measure=Rate(
            hit=Q(churned=True), hit_label="churned", counted_label="packets past 90 days"
        ),
        series=BANDS,
        columns=(
            *packet_columns(""),
            Column("close_date", "closed_on"),
            Column("score", "score"),
            Column("churned_within_90_days", "churned"),
        ),
        lower_is_better=True,
        order=90,
    )
)

register(
    Metric(
        key="nrr",
        title="Net revenue retention by completeness",
        definition="ARR after ÷ ARR before, summed over the churns, renewals and expansions "
        "recorded in the period (in one currency), for accounts with an accepted packet; an "
        "account is in the lower band when any of its packets shipped with fewer than 7 of 8 "
        "fields complete.",
        rows=banded_outcomes,
        anchor="occurred_on",
        anchor_is_date=True,
        measure=SumRatio(numerator="arr_after", denominator="arr_before", counted_label="outcomes"),
        series=(
            Series(BANDS[0].label, Q(incomplete=True)),
            Series(BANDS[1].label, Q(incomplete=False)),
        ),
        columns=(
            Column("outcome_id", "external_id"),
            Column("account", "account__name"),
            Column("kind", "kind"),
            Column("occurred_on", "occurred_on"),
            Column("arr_before", "arr_before"),
            Column("arr_after", "arr_after"),
            Column("currency", "currency"),
            Column("below_band", "incomplete"),
        ),
        behind=_packets_of_accounts,
        order=100,
    )
)
