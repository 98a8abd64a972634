"""How packets move: drafting speed, the gate, gap lists, CSM review and the kickoff.

Every metric here reads the packets' transition history (`PacketTransition`: who moved a packet,
when, and what was due next), so a due time counts as the SLA policy set it at the time.
"""

from django.db.models import (
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Now

from handoffs.metrics.base import Column, Mean, Metric, Rate, as_duration, register
from handoffs.metrics.scope import Scope
from handoffs.models import (
    WAITING_ON_AE,
    Kickoff,
    KickoffStatus,
    PacketTransition,
    SignOff,
    Status,
)

SCORED = (Status.NEEDS_AE, Status.READY_FOR_CS)


def _since(start: str, end: str = "created_at") -> ExpressionWrapper:
    return ExpressionWrapper(F(end) - F(start), output_field=DurationField())


def packet_columns(path: str = "packet__") -> tuple[Column, ...]:
    """The columns every metric's CSV starts with: which packet, deal and people."""
    return (
        Column("packet_id", f"{path}id" if path else "id"),
        Column("deal", f"{path}handoff__opportunity__name"),
        Column("account", f"{path}handoff__opportunity__account__name"),
        Column("business_unit", f"{path}business_unit__slug"),
        Column("segment", f"{path}handoff__opportunity__segment"),
        Column("motion", f"{path}handoff__opportunity__motion"),
        Column("ae", f"{path}handoff__ae__email"),
        Column("csm", f"{path}csm__email"),
    )


def _moves(scope: Scope) -> QuerySet:
    return PacketTransition.objects.filter(scope.packets("packet__"), scope.during("created_at"))


def first_scorings(scope: Scope) -> QuerySet:
    """Each packet's first scored draft in the period: its first move out of drafting."""
    scorings = PacketTransition.objects.filter(from_status=Status.DRAFTING, to_status__in=SCORED)
    earlier = scorings.filter(packet=OuterRef("packet"), created_at__lt=OuterRef("created_at"))
    return (
        _moves(scope)
        .filter(from_status=Status.DRAFTING, to_status__in=SCORED)
        .filter(~Exists(earlier))
    )


def timed_first_scorings(scope: Scope) -> QuerySet:
    """First scores, with the time since the deal's Closed-Won event reached Handbrief."""
    return first_scorings(scope).annotate(took=_since("packet__handoff__created_at"))


def _later(field_from: str = "created_at") -> QuerySet:
    """The same packet's moves after this one."""
    return PacketTransition.objects.filter(
        packet=OuterRef("packet"), created_at__gt=OuterRef(field_from)
    )


def _gap_lists(scope: Scope) -> QuerySet:
    return (
        _moves(scope)
        .filter(to_status__in=WAITING_ON_AE, due_at__isnull=False)
        .filter(packet__handoff__ae__isnull=False)
    )


ANSWERS = Q(from_status__in=WAITING_ON_AE, to_status=Status.READY_FOR_CS)


def gap_lists(scope: Scope) -> QuerySet:
    """Gap lists handed to an AE in the period: whether the packet went to CS by their due
    time, and whether it moved on at all (a redraft replaces a gap list) by then."""
    by_due = _later().filter(created_at__lte=OuterRef("due_at"))
    return _gap_lists(scope).annotate(
        answered_in_time=Exists(by_due.filter(ANSWERS)), moved_in_time=Exists(by_due)
    )


def completed_gap_lists(scope: Scope) -> QuerySet:
    """Gap lists handed out in the period after which the packet went to CS, and when."""
    answers = _later().filter(ANSWERS)
    first_answer = answers.order_by("created_at").values("created_at")[:1]
    return (
        _gap_lists(scope)
        .filter(Exists(answers))
        .annotate(answered_at=Subquery(first_answer))
        .annotate(took=_since("created_at", "answered_at"))
    )


REFUSED = Q(due_at__lt=Now(), moved_in_time=False)


def _decided_at(rows: QuerySet) -> QuerySet:
    decisions = SignOff.objects.filter(
        packet=OuterRef("packet"), created_at__gte=OuterRef("created_at")
    ).order_by("created_at")
    return rows.annotate(decided_at=Subquery(decisions.values("created_at")[:1]))


def arrivals_with_cs(scope: Scope) -> QuerySet:
    """Each time a packet reached CS in the period, and whether a CSM accepted or returned it
    by the review due time."""
    in_time = SignOff.objects.filter(
        packet=OuterRef("packet"),
        created_at__gte=OuterRef("created_at"),
        created_at__lte=OuterRef("due_at"),
    )
    return (
        _moves(scope)
        .filter(to_status=Status.READY_FOR_CS, due_at__isnull=False)
        .annotate(decided_in_time=Exists(in_time))
    )


def acceptances(scope: Scope) -> QuerySet:
    """Packets a CSM accepted in the period; `due_at` is their kickoff deadline."""
    held = Kickoff.objects.filter(packet=OuterRef("packet"), status=KickoffStatus.HELD)
    return (
        _moves(scope)
        .filter(from_status=Status.IN_REVIEW, to_status=Status.ACCEPTED, due_at__isnull=False)
        .annotate(
            held=Exists(held),
            # Kickoff.is_late's test, in the database: it started by its deadline.
            held_on_time=Exists(held.filter(starts_at__lte=F("deadline"))),
        )
    )


def _kickoff_at(rows: QuerySet) -> QuerySet:
    held = Kickoff.objects.filter(packet=OuterRef("packet"), status=KickoffStatus.HELD)
    return rows.annotate(kickoff_at=Subquery(held.order_by("starts_at").values("starts_at")[:1]))


MOVE_COLUMNS = (Column("at", "created_at"), Column("due_at", "due_at"))

register(
    Metric(
        key="time_to_packet",
        title="Closed-Won to scored packet",
        definition="Mean time from a deal's Closed-Won event reaching Handbrief to its packet's "
        "first score (the first draft that went to the AE or to CS), for packets first scored "
        "in the period. The operating model's target is 30 minutes.",
        rows=timed_first_scorings,
        anchor="created_at",
        measure=Mean(of="took", counted_label="packets scored", show=as_duration),
        columns=(
            *packet_columns(),
            Column("closed_won_received_at", "packet__handoff__created_at"),
            Column("scored_at", "created_at"),
            Column("seconds", "took"),
        ),
        lower_is_better=True,
        order=10,
    )
)

register(
    Metric(
        key="first_pass",
        title="First-pass gate rate",
        definition="Share of packets whose first score passed the gate and went straight to "
        "CS, rather than back to the AE with a gap list; packets first scored in the period.",
        rows=first_scorings,
        anchor="created_at",
        measure=Rate(
            hit=Q(to_status=Status.READY_FOR_CS),
            hit_label="passed first time",
            counted_label="packets scored",
        ),
        columns=(*packet_columns(), Column("scored_at", "created_at"), Column("to", "to_status")),
        order=20,
    )
)

register(
    Metric(
        key="gap_list_time",
        title="Gap list turnaround",
        definition="Mean time from a gap list reaching the AE to the packet going to CS, over "
        "the gap lists handed out in the period that the AE has completed.",
        rows=completed_gap_lists,
        anchor="created_at",
        measure=Mean(of="took", counted_label="gap lists completed", show=as_duration),
        columns=(
            *packet_columns(),
            *MOVE_COLUMNS,
            Column("sent_to_cs_at", "answered_at"),
            Column("seconds", "took"),
        ),
        lower_is_better=True,
        order=30,
    )
)

register(
    Metric(
        key="gap_list_refusals",
        title="AE refusal rate",
        definition="Share of gap lists the AE did not complete by their due time (the SLA "
        "policy's AE turnaround when they were handed out, 24 hours by default), over gap lists "
        "handed out in the period. A gap list still inside its turnaround, or replaced by a "
        "redraft in time, is not counted.",
        rows=gap_lists,
        anchor="created_at",
        measure=Rate(
            hit=REFUSED,
            counted=REFUSED | Q(answered_in_time=True),
            hit_label="not done in time",
            counted_label="gap lists due",
        ),
        columns=(
            *packet_columns(),
            *MOVE_COLUMNS,
            Column("sent_to_cs_in_time", "answered_in_time"),
            Column("moved_on_in_time", "moved_in_time"),
        ),
        lower_is_better=True,
        order=40,
    )
)

register(
    Metric(
        key="csm_review",
        title="CSM review on time",
        definition="Share of packets that reached CS in the period and that a CSM accepted or "
        "returned by the review due time (the SLA policy's review window, 1 business day by "
        "default). A packet still inside its window is not counted yet.",
        rows=arrivals_with_cs,
        anchor="created_at",
        measure=Rate(
            hit=Q(decided_in_time=True),
            counted=Q(decided_in_time=True) | Q(due_at__lt=Now()),
            hit_label="decided in time",
            counted_label="packets due",
        ),
        columns=(
            *packet_columns(),
            *MOVE_COLUMNS,
            Column("decided_at", "decided_at"),
            Column("decided_in_time", "decided_in_time"),
        ),
        detail=_decided_at,
        order=50,
    )
)

register(
    Metric(
        key="kickoff_on_time",
        title="Kickoff on time",
        definition="Share of packets accepted in the period whose triad kickoff was held by its "
        "deadline (the SLA policy's kickoff window, 5 business days of acceptance by default). "
        "A packet is counted once its kickoff is held or its deadline has passed.",
        rows=acceptances,
        anchor="created_at",
        measure=Rate(
            hit=Q(held_on_time=True),
            counted=Q(held=True) | Q(due_at__lt=Now()),
            hit_label="held in time",
            counted_label="kickoffs due",
        ),
        columns=(
            *packet_columns(),
            Column("accepted_at", "created_at"),
            Column("deadline", "due_at"),
            Column("kickoff_held_for", "kickoff_at"),
            Column("on_time", "held_on_time"),
        ),
        detail=_kickoff_at,
        order=60,
    )
)
