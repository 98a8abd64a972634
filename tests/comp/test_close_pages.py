"""The close on the page: the Comp page's exceptions, the preview, the close, the acts on each
exception, CSM statements and the payroll CSV, for each role."""

import csv
import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comp.close_selectors import comp_exceptions
from comp.models import (
    CompPlan,
    CsmStatement,
    EntryKind,
    ExceptionAcknowledgement,
    LedgerEntry,
    PayrollExport,
    SignalKind,
    StickinessSignal,
)
from comp.services.close import exception_acknowledge, quarter_close
from comp.services.ledger import ensure_accrued, settle_at_kickoff
from handoffs.models import Decision, Kickoff, KickoffStatus, Packet, SignOff
from tests.factories import OpportunityLineFactory, PacketFactory, UserFactory

pytestmark = pytest.mark.django_db
UTC = dt.UTC
ROLES = ("ae", "csm", "cs_ops", "revops_admin")


def held_deal(ae, close_date: dt.date, amount: str = "100000") -> Packet:
    """A deal of `ae` closed on `close_date`, accrued, its holdback held, no kickoff."""
    packet = PacketFactory(
        handoff__ae=ae,
        handoff__opportunity__close_date=close_date,
        business_unit=ae.business_unit,
        status="ready_for_cs",
    )
    OpportunityLineFactory(
        opportunity=packet.handoff.opportunity,
        business_unit=packet.business_unit,
        amount=Decimal(amount),
    )
    ensure_accrued(packet)
    return packet


def accepted_and_kicked_off(packet: Packet, csm, day: int) -> None:
    """`csm` accepted the packet on March `day`, 2025 and held its kickoff on time."""
    accepted = dt.datetime(2025, 3, day, 9, 0, tzinfo=UTC)
    SignOff.objects.create(
        packet=packet,
        decision=Decision.ACCEPTED,
        by=csm,
        packet_version=1,
        rating=8,
        created_at=accepted,
    )
    Kickoff.objects.create(
        packet=packet,
        starts_at=accepted + dt.timedelta(days=2),
        deadline=accepted + dt.timedelta(days=5),
        status=KickoffStatus.HELD,
        booked_by=csm,
    )


def acknowledge_all(by) -> None:
    for item in comp_exceptions(closing=None).open:
        exception_acknowledge(key=item.key, note="", by=by)


@pytest.fixture
def ended(ae, csm, q2_2025):
    """2025-Q1 with one deal of Maya's held past its window (an exception) and Nina's on-time
    kickoff on it; 2025-Q2 open after it."""
    kicked_off = held_deal(ae, dt.date(2025, 3, 3))
    accepted_and_kicked_off(kicked_off, csm, 5)
    settle_at_kickoff(kicked_off)
    return held_deal(ae, dt.date(2025, 3, 10))


def q1(ended) -> CompPlan:
    """2025-Q1 as it is now (closing it changes the row)."""
    return CompPlan.objects.get(name="2025-Q1")


GETS = {
    "comp:close_preview": lambda plan, csm: [plan.pk],
    "comp:csm_statement": lambda plan, csm: [plan.pk, csm.pk],
    "comp:payroll_csv": lambda plan, csm: [plan.pk],
}


@pytest.mark.parametrize(("url_name", "role"), [(u, r) for u in GETS for r in ROLES])
def test_the_close_preview_statements_and_payroll_are_for_revops_admins_only(
    url_name, role, request, client_for, ended, csm
):
    plan = q1(ended)
    url = reverse(url_name, args=GETS[url_name](plan, csm))

    response = client_for(request.getfixturevalue(role)).get(url)

    assert response.status_code == (200 if role == "revops_admin" else 403)


@pytest.mark.parametrize("url_name", GETS)
def test_a_visitor_is_sent_to_log_in(url_name, client, ended, csm):
    response = client.get(reverse(url_name, args=GETS[url_name](q1(ended), csm)))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def posts(plan: CompPlan, packet: Packet, csm) -> dict[str, tuple[str, dict]]:
    return {
        "close": (reverse("comp:plan_close", args=[plan.pk]), {}),
        "acknowledge": (reverse("comp:acknowledge"), {"key": f"no-plan:{packet.handoff_id}"}),
        "decide": (
            reverse("comp:decide_holdback", args=[packet.pk]),
            {"decision": "release", "reason": "Kickoff happened offline"},
        ),
        "pay": (reverse("comp:pay_difference", args=[plan.pk, csm.pk]), {}),
    }


@pytest.mark.parametrize("act", ["close", "acknowledge", "decide", "pay"])
@pytest.mark.parametrize("role", ["ae", "csm", "cs_ops"])
def test_only_revops_admins_close_and_act_on_exceptions(act, role, request, client_for, ended, csm):
    url, data = posts(q1(ended), ended, csm)[act]
    count = LedgerEntry.objects.count()

    response = client_for(request.getfixturevalue(role)).post(url, data)

    assert response.status_code == 403
    assert LedgerEntry.objects.count() == count
    assert not ExceptionAcknowledgement.objects.exists()
    assert not q1(ended).is_closed


@pytest.mark.parametrize("act", ["close", "acknowledge", "decide", "pay"])
def test_the_acts_refuse_get(act, client_for, revops_admin, ended, csm):
    url, _ = posts(q1(ended), ended, csm)[act]

    assert client_for(revops_admin).get(url).status_code == 405


def test_the_comp_page_counts_the_exceptions_and_lists_them_with_a_way_to_act(
    client_for, revops_admin, ended
):
    page = client_for(revops_admin).get(reverse("comp:home")).content.decode()

    assert "1 exception</strong> needs a decision" in page
    assert "Holdbacks past their window" in page
    assert reverse("comp:decide_holdback", args=[ended.pk]) in page
    assert "Preview the close of 2025-Q1" in page
    assert "USD 2,500" in page  # the holdback: 10 % of 100,000, 25 % held


def test_cs_ops_sees_the_exceptions_but_no_pay(client_for, cs_ops, ended):
    page = client_for(cs_ops).get(reverse("comp:home")).content.decode()

    assert "Holdbacks past their window" in page
    assert "USD 2,500" not in page and "Payout" not in page and "Held back" not in page
    assert "Payroll CSV" not in page and "Statement" not in page
    assert reverse("comp:decide_holdback", args=[ended.pk]) not in page


def test_the_preview_shows_holdbacks_variable_movements_and_why_it_cannot_close(
    client_for, revops_admin, ended
):
    page = client_for(revops_admin).get(reverse("comp:close_preview", args=[q1(ended).pk]))

    text = page.content.decode()
    assert "1 exception still needs a decision or an acknowledgement." in text
    assert "Carried to the next quarter (the plan&#x27;s policy)" in text
    assert "Nina Patel" in text and "USD 4,000" in text  # 40,000 x 20 % x (1 + 0) / 2
    assert "was never downloaded: every movement in it is listed" in text
    assert '<button type="submit" class="btn btn-danger" disabled>' in text


def test_closing_with_an_open_exception_answers_409_on_the_preview(client_for, revops_admin, ended):
    response = client_for(revops_admin).post(reverse("comp:plan_close", args=[q1(ended).pk]))

    assert response.status_code == 409
    assert "1 exception still needs a decision" in response.content.decode()
    assert not q1(ended).is_closed


def test_revops_acknowledges_then_closes_and_the_statements_are_final(
    client_for, revops_admin, ended, csm
):
    client = client_for(revops_admin)
    plan = q1(ended)
    preview = reverse("comp:close_preview", args=[plan.pk])
    key = f"holdback:{ended.pk}:{LedgerEntry.objects.filter(packet=ended).latest('id').pk}"

    acknowledged = client.post(reverse("comp:acknowledge"), {"key": key, "next": preview})
    closed = client.post(reverse("comp:plan_close", args=[plan.pk]))
    pdf = client.get(reverse("comp:csm_statement", args=[plan.pk, csm.pk]))

    assert acknowledged.status_code == 302 and acknowledged["Location"] == preview
    assert closed.status_code == 302
    assert q1(ended).closed_by == revops_admin
    assert LedgerEntry.objects.get(packet=ended, kind=EntryKind.CARRY).plan == plan
    assert CsmStatement.objects.get(plan=plan, csm=csm).payout == Decimal("4000.00")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert 'filename="variable-2025-Q1-nina.patel.pdf"' in pdf["Content-Disposition"]


def test_an_acknowledgement_goes_back_only_to_our_own_pages(client_for, revops_admin, ended):
    key = f"holdback:{ended.pk}:{LedgerEntry.objects.filter(packet=ended).latest('id').pk}"

    response = client_for(revops_admin).post(
        reverse("comp:acknowledge"), {"key": key, "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("comp:home")


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({}, 400, "Key: This field is required."),
        ({"key": "holdback:0:0"}, 404, "That exception is gone or has changed since"),
    ],
)
def test_acknowledging_bad_input_is_refused_on_the_preview(
    data, status, message, client_for, revops_admin, ended
):
    response = client_for(revops_admin).post(reverse("comp:acknowledge"), data)

    assert response.status_code == status
    assert message in response.content.decode()
    assert not ExceptionAcknowledgement.objects.exists()


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"decision": "keep", "reason": "x"}, 400, "Decision: Select a valid choice."),
        ({"decision": "release", "reason": ""}, 400, "Reason: This field is required."),
    ],
)
def test_a_decision_needs_a_choice_and_a_reason(
    data, status, message, client_for, revops_admin, ended
):
    url = reverse("comp:decide_holdback", args=[ended.pk])

    response = client_for(revops_admin).post(url, data)

    assert response.status_code == status
    assert message in response.content.decode()
    assert not LedgerEntry.objects.filter(packet=ended, kind=EntryKind.RELEASE).exists()


def test_a_decision_releases_the_holdback_and_a_second_one_is_a_409(
    client_for, revops_admin, ended
):
    client = client_for(revops_admin)
    url = reverse("comp:decide_holdback", args=[ended.pk])
    data = {"decision": "release", "reason": "Kickoff happened offline"}

    first = client.post(url, data)
    second = client.post(url, data)

    release = LedgerEntry.objects.get(packet=ended, kind=EntryKind.RELEASE)
    assert first.status_code == 302
    assert (release.amount, release.plan.name) == (Decimal("2500.00"), "2025-Q1")
    assert second.status_code == 409
    assert "Nothing is held on this deal any more." in second.content.decode()


def test_a_decision_on_a_packet_that_does_not_exist_is_a_404(client_for, revops_admin, ended):
    url = reverse("comp:decide_holdback", args=[999999])

    response = client_for(revops_admin).post(url, {"decision": "release", "reason": "x"})

    assert response.status_code == 404


def test_paying_a_difference_that_is_not_there_is_a_404(client_for, revops_admin, ended, csm):
    acknowledge_all(revops_admin)
    plan = quarter_close(plan=q1(ended), by=revops_admin)

    response = client_for(revops_admin).post(reverse("comp:pay_difference", args=[plan.pk, csm.pk]))

    assert response.status_code == 404
    assert "has not changed since the close" in response.content.decode()


def test_a_late_signal_shows_on_the_comp_page_and_revops_pays_the_difference(
    client_for, revops_admin, ended, csm
):
    acknowledge_all(revops_admin)
    plan = quarter_close(plan=q1(ended), by=revops_admin)
    for kind, milestone in ((SignalKind.LOGIN, ""), (SignalKind.MILESTONE, "SSO live")):
        StickinessSignal.objects.create(
            handoff=Kickoff.objects.get().packet.handoff,
            external_id=f"late-{kind}",
            kind=kind,
            milestone=milestone,
            occurred_at=dt.datetime(2025, 3, 20, tzinfo=UTC),
        )
    client = client_for(revops_admin)

    page = client.get(reverse("comp:home")).content.decode()
    paid = client.post(reverse("comp:pay_difference", args=[plan.pk, csm.pk]))

    assert "CSM variable changed after its close" in page
    assert "sticky 0/1 → 1/1" in page
    assert paid.status_code == 302
    assert csm.csm_adjustments.get().amount == Decimal("4000.00")


def test_the_payroll_csv_totals_equal_the_ledgers_for_the_period(
    client_for, revops_admin, ended, ae, csm
):
    acknowledge_all(revops_admin)
    quarter_close(plan=q1(ended), by=revops_admin)
    q2 = CompPlan.objects.get(name="2025-Q2")
    Packet.objects.filter(pk=ended.pk).update(gate_passed_at=dt.datetime(2025, 3, 11, tzinfo=UTC))
    ended.refresh_from_db()
    settle_at_kickoff(ended)  # late: released in 2025-Q2
    held_deal(ae, dt.date(2025, 5, 2), amount="50000.50")
    accepted_and_kicked_off(held_deal(UserFactory(role="ae"), dt.date(2025, 4, 9)), csm, 31)
    client = client_for(revops_admin)

    for plan in (q1(ended), q2):
        response = client.get(reverse("comp:payroll_csv", args=[plan.pk]))
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        paid: dict[str, Decimal] = defaultdict(Decimal)
        for row in rows:
            if row["payee_role"] == "ae":
                paid[row["currency"]] += Decimal(row["payable"])
        ledger: dict[str, Decimal] = defaultdict(Decimal)
        for entry in LedgerEntry.objects.filter(plan=plan):
            sign = {"accrual": 1, "release": 1, "adjustment": 1, "holdback": -1}
            ledger[entry.currency] += sign.get(entry.kind, 0) * entry.amount
        csm_paid = sum(Decimal(r["payable"]) for r in rows if r["payee_role"] == "csm")
        statements = sum(s.total for s in CsmStatement.objects.filter(plan=plan))

        assert paid == ledger
        if plan.is_closed:
            assert csm_paid == statements
    late = next(r for r in rows if r["deal_quarter"] == "2025-Q1")
    assert late["released"] == "2500.00" and late["payable"] == "2500.00"
    assert PayrollExport.objects.filter(by=revops_admin).count() == 2


def test_the_preview_lists_only_what_moved_since_the_last_payroll_export(
    client_for, revops_admin, ended, ae
):
    client = client_for(revops_admin)
    plan = q1(ended)
    client.get(reverse("comp:payroll_csv", args=[plan.pk]))
    late = held_deal(ae, dt.date(2025, 3, 28), amount="12000")

    page = client.get(reverse("comp:close_preview", args=[plan.pk])).content.decode()

    assert "payroll CSV was last downloaded" in page
    assert page.count(f"{late.handoff.opportunity.name} <span") == 2  # its accrual and holdback
    assert ended.handoff.opportunity.name + " <span" not in page


def test_the_comp_page_and_the_preview_cost_the_same_queries_for_more_deals(
    client_for, revops_admin, ended, ae, csm, django_assert_num_queries
):
    client = client_for(revops_admin)
    urls = [reverse("comp:home") + "?plan=" + str(q1(ended).pk)]
    urls.append(reverse("comp:close_preview", args=[q1(ended).pk]))
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        counts.append(len(few.captured_queries))
    for day in (4, 6, 7):
        accepted_and_kicked_off(held_deal(ae, dt.date(2025, 3, day)), csm, day + 1)
    held_deal(ae, dt.date(2025, 2, 1))
    UserFactory(role="csm", full_name="Another CSM")

    for url, count in zip(urls, counts, strict=True):
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200


def test_the_csm_statement_api_is_for_revops_admins(client_for, revops_admin, cs_ops, ended, csm):
    url = reverse("comp_api:csm_statement", args=[q1(ended).pk, csm.email])

    statement = client_for(revops_admin).get(url)
    refused = client_for(cs_ops).get(url)

    assert statement.status_code == 200
    assert statement.json()["final"] is False
    assert statement.json()["payout"] == "4000.00"
    assert statement.json()["accounts"][0]["on_time"] is True
    assert refused.status_code == 403


def test_a_closed_quarter_without_a_statement_for_someone_answers_404(
    client_for, revops_admin, ended
):
    acknowledge_all(revops_admin)
    plan = quarter_close(plan=q1(ended), by=revops_admin)
    newcomer = UserFactory(role="csm")

    page = client_for(revops_admin).get(reverse("comp:csm_statement", args=[plan.pk, newcomer.pk]))
    api = client_for(revops_admin).get(
        reverse("comp_api:csm_statement", args=[plan.pk, newcomer.email])
    )

    assert page.status_code == 404
    assert api.status_code == 404


def test_the_csm_sees_their_frozen_statement_after_the_close(client_for, revops_admin, ended, csm):
    acknowledge_all(revops_admin)
    plan = quarter_close(plan=q1(ended), by=revops_admin)
    Kickoff.objects.update(starts_at=dt.datetime(2025, 3, 30, tzinfo=UTC))  # late, after the close

    page = client_for(csm).get(reverse("csm_comp:variable") + f"?plan={plan.pk}").content.decode()

    assert "USD 4,000 of USD 40,000 \N{MULTIPLICATION SIGN} 20 %" in page
    assert "final" in page


def test_the_ledger_api_names_the_closed_quarter_a_late_movement_is_for(
    client_for, revops_admin, ended
):
    acknowledge_all(revops_admin)
    quarter_close(plan=q1(ended), by=revops_admin)
    settle_at_kickoff(ended)

    entries = client_for(revops_admin).get(reverse("comp_api:ledger") + "?plan=2025-Q2").json()

    [late] = entries["results"]
    assert (late["kind"], late["plan"], late["late_for"]) == ("forfeit", "2025-Q2", "2025-Q1")
