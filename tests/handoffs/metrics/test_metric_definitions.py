"""Each program metric pinned on a few hand-made packets, with the expected numbers written out."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from handoffs.metrics import all_metrics
from handoffs.metrics.compute import headline, summarize
from handoffs.metrics.scope import Scope
from handoffs.models import Handoff
from handoffs.periods import Bucket, next_quarter, quarter_start
from handoffs.plan_selectors import first_value
from tests.factories import (
    AccountFactory,
    AccountOutcomeFactory,
    HandoffFactory,
    KickoffFactory,
    OpportunityFactory,
    PacketFactory,
    PacketTransitionFactory,
    SignOffFactory,
    SuccessPlanFactory,
)

pytestmark = pytest.mark.django_db

METRICS = {metric.key: metric for metric in all_metrics()}
NOW = timezone.now()
DAY, HOUR = dt.timedelta(days=1), dt.timedelta(hours=1)


def year_scope(**filters) -> Scope:
    """The year to tomorrow, by quarter."""
    today = timezone.localdate()
    return Scope(
        start=today - dt.timedelta(days=365),
        end=today + dt.timedelta(days=1),
        bucket=Bucket.QUARTER,
        today=today,
        **filters,
    )


def number(key: str, scope: Scope | None = None, series: int = 0):
    return headline(METRICS[key], scope or year_scope())[series]


def counts(key: str, scope: Scope | None = None, series: int = 0) -> dict[str, int]:
    return {c.figure.part: c.number for c in number(key, scope, series).counts}


def received(at: dt.datetime, **packet) -> object:
    """A packet whose deal's Closed-Won event reached Handbrief at `at`."""
    packet = PacketFactory(**packet)
    Handoff.objects.filter(pk=packet.handoff_id).update(created_at=at)
    return packet


def move(packet, source: str, to: str, at: dt.datetime, due: dt.datetime | None = None):
    return PacketTransitionFactory(
        packet=packet, from_status=source, to_status=to, created_at=at, due_at=due
    )


def test_time_to_packet_is_the_mean_from_closed_won_to_each_packets_first_score(analytics):
    start = NOW - 10 * DAY
    for seconds, to in ((60, "ready_for_cs"), (180, "needs_ae"), (120, "needs_ae")):
        packet = received(start, business_unit=analytics)
        move(packet, "drafting", to, start + dt.timedelta(seconds=seconds))
    redrafted = received(start, business_unit=analytics)
    move(redrafted, "drafting", "needs_ae", start + dt.timedelta(seconds=300))
    move(redrafted, "drafting", "ready_for_cs", start + 2 * DAY)  # a later score: not counted

    result = number("time_to_packet")

    # (60 + 180 + 120 + 300) / 4 = 165 s over four packets.
    assert result.value == dt.timedelta(seconds=165)
    assert result.display == "3 min"
    assert counts("time_to_packet") == {"counted": 4}


def test_first_pass_is_the_share_of_first_scores_that_went_straight_to_cs(analytics, integrations):
    start = NOW - 10 * DAY
    for unit, to in (
        (analytics, "ready_for_cs"),
        (analytics, "needs_ae"),
        (analytics, "needs_ae"),
        (integrations, "ready_for_cs"),
    ):
        move(received(start, business_unit=unit), "drafting", to, start + HOUR)

    assert number("first_pass").display == "50 %"
    assert counts("first_pass") == {"hit": 2, "counted": 4}
    only_analytics = year_scope(business_unit="analytics")
    assert counts("first_pass", only_analytics) == {"hit": 1, "counted": 3}
    assert number("first_pass", only_analytics).display == "33 %"


def gap_list(ae, assigned: dt.datetime, then: tuple[str, dt.timedelta] | None = None):
    """A gap list handed to `ae` at `assigned` (due 24 h later) and the packet's next move."""
    packet = PacketFactory(handoff=HandoffFactory(ae=ae), status="needs_ae")
    move(packet, "drafting", "needs_ae", assigned, due=assigned + 24 * HOUR)
    if then:
        to, after = then
        move(packet, "needs_ae", to, assigned + after)
    return packet


def test_gap_list_turnaround_is_the_mean_over_completed_gap_lists(ae):
    start = NOW - 20 * DAY
    gap_list(ae, start, ("ready_for_cs", 10 * HOUR))
    gap_list(ae, start, ("ready_for_cs", 30 * HOUR))
    gap_list(ae, start, ("drafting", 2 * HOUR))  # redrafted: not completed
    gap_list(ae, NOW - 2 * HOUR)  # still open

    result = number("gap_list_time")

    assert result.value == dt.timedelta(hours=20)
    assert result.display == "20.0 h"
    assert counts("gap_list_time") == {"counted": 2}


def test_a_gap_list_is_refused_when_its_due_time_passes_before_the_packet_reaches_cs(ae):
    start = NOW - 20 * DAY
    gap_list(ae, start, ("ready_for_cs", 10 * HOUR))  # done in time
    gap_list(ae, start, ("ready_for_cs", 30 * HOUR))  # done, but late: refused
    gap_list(ae, NOW - 3 * DAY)  # never done and past due: refused
    gap_list(ae, start, ("drafting", 2 * HOUR))  # replaced by a redraft in time: not counted
    gap_list(ae, NOW - 2 * HOUR)  # still inside its 24 hours: not counted yet

    assert counts("gap_list_refusals") == {"hit": 2, "counted": 3}
    assert number("gap_list_refusals").display == "67 %"


def test_gap_lists_of_deals_without_an_ae_are_not_counted(ae):
    gap_list(None, NOW - 3 * DAY)
    gap_list(ae, NOW - 3 * DAY)

    assert counts("gap_list_refusals") == {"hit": 1, "counted": 1}


def reached_cs(at: dt.datetime, decided_after: dt.timedelta | None, csm, **packet):
    packet = PacketFactory(csm=csm, status="in_review", **packet)
    move(packet, "drafting", "ready_for_cs", at, due=at + DAY)
    if decided_after is not None:
        SignOffFactory(packet=packet, by=csm, created_at=at + decided_after)
    return packet


def test_csm_review_on_time_counts_decisions_by_the_review_due_time(csm):
    start = NOW - 20 * DAY
    reached_cs(start, 5 * HOUR, csm)
    reached_cs(start, 20 * HOUR, csm)
    reached_cs(start, 40 * HOUR, csm)  # decided after its due time
    reached_cs(start, None, csm)  # never decided, past due
    reached_cs(NOW - HOUR, None, csm)  # still inside its window: not counted yet

    assert counts("csm_review") == {"hit": 2, "counted": 4}
    assert number("csm_review").display == "50 %"


def accepted(at: dt.datetime, kickoff: tuple[str, dt.timedelta] | None, csm):
    """Accepted at `at` with its kickoff deadline 5 days later, and its kickoff, if any."""
    packet = PacketFactory(csm=csm, status="accepted")
    move(packet, "in_review", "accepted", at, due=at + 5 * DAY)
    if kickoff:
        status, after = kickoff
        KickoffFactory(
            packet=packet, status=status, starts_at=at + after, deadline=at + 5 * DAY, booked_by=csm
        )
    return packet


def test_kickoff_on_time_needs_a_kickoff_held_by_its_deadline(csm):
    start = NOW - 20 * DAY
    accepted(start, ("held", 3 * DAY), csm)
    accepted(start, ("held", 8 * DAY), csm)  # held after its deadline
    accepted(start, ("cancelled", 2 * DAY), csm)  # deadline passed without a kickoff held
    accepted(NOW - DAY, ("booked", 2 * DAY), csm)  # not due yet: not counted
    accepted(NOW - 2 * DAY, ("held", -HOUR + 2 * DAY), csm)  # held early: counted before due

    assert counts("kickoff_on_time") == {"hit": 2, "counted": 4}
    assert number("kickoff_on_time").display == "50 %"


def test_the_quality_rating_is_the_mean_rating_of_acceptances(csm):
    for rating in (3, 8, 9):
        SignOffFactory(by=csm, rating=rating, created_at=NOW - 5 * DAY)
    SignOffFactory(by=csm, decision="returned", rating=None, created_at=NOW - 5 * DAY)

    result = number("quality_rating")

    assert float(result.value) == pytest.approx(6.6667, abs=0.001)
    assert result.display == "6.7 / 10"
    assert counts("quality_rating") == {"counted": 3}


def test_hours_saved_is_the_accepted_packets_times_the_assumed_hours(csm):
    for _ in range(4):
        SignOffFactory(by=csm, rating=7, created_at=NOW - 5 * DAY)

    default = number("hours_saved")
    stated = number(
        "hours_saved", year_scope(hours_without=Decimal("5"), hours_with=Decimal("1.5"))
    )

    # 4 packets x (3 h without a packet - 0.5 h with one) = 10 h; then 4 x (5 - 1.5) = 14 h.
    assert default.value == Decimal("10.0")
    assert default.display == "≈ 10 h"
    assert stated.value == Decimal("14.0")


def shipped(close: dt.date, score: int, csm, account=None):
    """A packet on a deal closed on `close`, accepted by a CSM with `score` of 8 complete."""
    opportunity = OpportunityFactory(close_date=close, account=account or AccountFactory())
    packet = PacketFactory(handoff=HandoffFactory(opportunity=opportunity), score=score, csm=csm)
    SignOffFactory(packet=packet, by=csm, rating=7, created_at=NOW - 5 * DAY)
    return packet


def test_churn_within_90_days_of_the_close_is_split_by_completeness_band(csm):
    today = timezone.localdate()
    close = today - dt.timedelta(days=200)
    churned = [shipped(close, 6, csm), shipped(close, 8, csm)]
    for packet in churned:
        account = packet.handoff.opportunity.account
        AccountOutcomeFactory(account=account, occurred_on=close + dt.timedelta(days=60))
    shipped(close, 5, csm)
    shipped(close, 7, csm)
    shipped(close, 8, csm)
    late = shipped(close, 8, csm)  # churned after 91 days: not within the window
    AccountOutcomeFactory(
        account=late.handoff.opportunity.account, occurred_on=close + dt.timedelta(days=91)
    )
    shipped(today - dt.timedelta(days=30), 5, csm)  # closed 30 days ago: not 90 days yet
    PacketFactory(handoff=HandoffFactory(opportunity=OpportunityFactory(close_date=close)))

    below, rest = headline(METRICS["churn_90d"], year_scope())

    assert (below.display, {c.figure.part: c.number for c in below.counts}) == (
        "50 %",
        {"hit": 1, "counted": 2},
    )
    assert (rest.display, {c.figure.part: c.number for c in rest.counts}) == (
        "25 %",
        {"hit": 1, "counted": 4},
    )


def test_nrr_divides_arr_after_by_arr_before_for_each_band(csm):
    today = timezone.localdate()
    close = today - dt.timedelta(days=300)
    low, high = shipped(close, 6, csm), shipped(close, 8, csm)
    low_account, high_account = low.handoff.opportunity.account, high.handoff.opportunity.account
    on = today - dt.timedelta(days=10)
    AccountOutcomeFactory(account=low_account, kind="churned", arr_before=40000, occurred_on=on)
    AccountOutcomeFactory(
        account=low_account, kind="renewed", arr_before=60000, arr_after=54000, occurred_on=on
    )
    AccountOutcomeFactory(
        account=high_account, kind="expanded", arr_before=50000, arr_after=65000, occurred_on=on
    )
    AccountOutcomeFactory(
        account=high_account, kind="renewed", arr_before=50000, arr_after=50000, occurred_on=on
    )
    AccountOutcomeFactory(account=high_account, currency="EUR", kind="churned", occurred_on=on)
    AccountOutcomeFactory(account=AccountFactory(), kind="churned", occurred_on=on)  # no packet

    below, rest = headline(METRICS["nrr"], year_scope())

    # Below the band: 54,000 / (40,000 + 60,000) = 54 %; the rest: 115,000 / 100,000 = 115 %.
    assert below.display == "54 %"
    assert rest.display == "115 %"
    assert [below.counts[0].number, rest.counts[0].number] == [2, 2]


def test_the_trend_reads_each_bucket_with_the_same_definition(analytics):
    this_quarter = quarter_start(timezone.localdate())
    earlier = timezone.make_aware(
        dt.datetime.combine(this_quarter - dt.timedelta(days=40), dt.time(12))
    )
    recent = timezone.make_aware(dt.datetime.combine(this_quarter, dt.time(12)))
    for at, to in ((earlier, "needs_ae"), (earlier, "ready_for_cs"), (recent, "ready_for_cs")):
        move(received(at, business_unit=analytics), "drafting", to, at + HOUR)
    scope = Scope(
        start=quarter_start(this_quarter - dt.timedelta(days=100)),
        end=next_quarter(this_quarter),
        bucket=Bucket.QUARTER,
    )

    (series,) = summarize(METRICS["first_pass"], scope).series

    assert series.trend_display == ["—", "50 %", "100 %"]
    assert series.display == "67 %"


def plan(kickoff: dt.date, first_value: dt.date | None, segment: str, window: tuple[int, int]):
    at = timezone.make_aware(dt.datetime.combine(kickoff, dt.time(9)))
    return SuccessPlanFactory(
        kickoff_at=at,
        first_value_on=first_value,
        segment=segment,
        first_value_min_days=window[0],
        first_value_max_days=window[1],
    )


def test_time_to_first_value_counts_business_days_as_the_plan_page_does():
    # Jul 3 2026 (Independence Day observed), Sep 7 (Labor Day), May 25 (Memorial Day) are off.
    plans = [
        plan(dt.date(2026, 6, 30), dt.date(2026, 7, 21), "saas", (14, 30)),  # 14 days: inside
        plan(dt.date(2026, 8, 3), dt.date(2026, 9, 21), "saas", (14, 30)),  # 34 days: late
        plan(dt.date(2026, 4, 1), dt.date(2026, 6, 10), "enterprise", (45, 90)),  # 49: inside
        plan(dt.date(2026, 3, 2), None, "platform", (45, 90)),  # no first value, window over
        plan(dt.date(2026, 11, 30), None, "platform", (45, 90)),  # still inside its window
    ]
    scope = Scope(
        start=dt.date(2026, 1, 1),
        end=dt.date(2027, 1, 1),
        bucket=Bucket.QUARTER,
        today=dt.date(2026, 12, 31),
    )

    mean = headline(METRICS["time_to_first_value"], scope)[0]
    in_window = headline(METRICS["first_value_in_window"], scope)[0]

    assert [first_value(p).days for p in plans[:3]] == [14, 34, 49]
    assert mean.display == "32.3 business days"  # (14 + 34 + 49) / 3
    assert {c.figure.part: c.number for c in mean.counts} == {"counted": 3}
    assert {c.figure.part: c.number for c in in_window.counts} == {"hit": 2, "counted": 4}
    assert in_window.display == "50 %"
