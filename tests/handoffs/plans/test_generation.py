"""The plan made from the packet when the kickoff is held, generated again, and kept in step
with a kickoff that moves."""

import datetime as dt

import pytest
from django.urls import reverse

from handoffs.models import ItemStatus, PlanItem, Reconciliation, SuccessPlan
from handoffs.services import kickoffs, plan_sharing, plan_tracking, success_plans
from handoffs.services.editing import commitment_reconcile
from handoffs.services.plan_templates import MilestoneInput, template_for, template_update
from handoffs.sla import add_business_days
from tests.factories import CommitmentFactory
from tests.handoffs.plans.conftest import BUYER_WORDS, KICKOFF

pytestmark = pytest.mark.django_db


def milestone(plan: SuccessPlan, gate: int) -> PlanItem:
    return plan.items.get(gate=gate)


def test_holding_the_kickoff_makes_a_plan_with_the_buyers_words_as_outcomes(plan):
    [outcome] = plan.outcomes.all()

    assert outcome.quote == BUYER_WORDS
    assert outcome.speaker == "Luis Romero"
    assert outcome.target_date == dt.date(2026, 6, 30)
    assert {"label": "gong-88121, turn 4", "anchor": "field-success_criteria"} in outcome.evidence


def test_milestones_fall_due_in_business_days_from_the_kickoff(plan):
    assert milestone(plan, 30).due_on == dt.date(2026, 4, 13)
    assert milestone(plan, 60).due_on == add_business_days(KICKOFF, 60).date()
    assert milestone(plan, 90).due_on == add_business_days(KICKOFF, 90).date()


def test_each_milestone_has_an_owner_from_the_packet_and_a_definition_of_done(plan):
    sso, integration, review = (milestone(plan, gate) for gate in (30, 60, 90))

    assert (sso.title, sso.owner, sso.contact_name) == ("SSO live", "technical_buyer", "Grace Kim")
    assert integration.title == "First integration in production"
    assert review.owner == "ae"
    assert sso.definition_of_done.startswith("Single sign-on is enforced")
    assert {"label": "Stakeholder map", "anchor": "field-stakeholder_map"} in sso.evidence


def test_the_plan_takes_the_segments_first_value_window(plan):
    assert (plan.segment, plan.first_value_min_days, plan.first_value_max_days) == (
        "enterprise",
        45,
        90,
    )


def test_a_saas_deal_expects_first_value_in_14_to_30_business_days(booked, hold):
    booked.handoff.opportunity.segment = "saas"
    booked.handoff.opportunity.save()

    plan = hold(booked)

    assert (plan.first_value_min_days, plan.first_value_max_days) == (14, 30)
    assert milestone(plan, 60).title == "First dashboard shared"


def test_a_promise_reconciled_into_the_plan_becomes_a_task_due_when_promised(booked, hold):
    promise = CommitmentFactory(
        packet=booked,
        quote="We'll have the SIEM export for you by the end of April.",
        speaker="Ben Foster",
        due=dt.date(2026, 4, 30),
        reconciliation=Reconciliation.SUCCESS_PLAN,
    )
    CommitmentFactory(packet=booked, reconciliation=Reconciliation.IN_CONTRACT)

    plan = hold(booked)

    [task] = plan.items.filter(kind="task")
    assert task.commitment == promise
    assert task.title == promise.quote
    assert task.due_on == dt.date(2026, 4, 30)
    assert task.business_days is None
    assert task.owner == "csm"
    assert task.evidence == [{"label": "Pre-sale commitment", "anchor": f"commitment-{promise.pk}"}]


def test_a_promise_the_ae_made_is_theirs_and_falls_due_with_the_first_gate(booked, hold, ae):
    CommitmentFactory(
        packet=booked, speaker=ae.full_name, due=None, reconciliation=Reconciliation.SUCCESS_PLAN
    )

    plan = hold(booked)

    task = plan.items.get(kind="task")
    assert task.owner == "ae"
    assert task.due_on == milestone(plan, 30).due_on


def test_a_promise_reconciled_while_the_plan_exists_becomes_a_task_at_once(plan):
    promise = CommitmentFactory(packet=plan.packet, reconciliation=Reconciliation.SUCCESS_PLAN)

    task = success_plans.track_commitment(commitment=promise)

    assert task.plan == plan
    assert plan.items.get(commitment=promise) == task


def test_a_promise_reconciled_before_there_is_a_plan_waits_for_the_kickoff(booked, ae):
    type(booked).objects.filter(pk=booked.pk).update(status="needs_ae")
    booked.refresh_from_db()
    promise = CommitmentFactory(packet=booked)

    commitment_reconcile(
        commitment=promise, reconciliation=Reconciliation.SUCCESS_PLAN, note="", by=ae
    )

    assert not PlanItem.objects.exists()


def test_a_packet_without_success_criteria_gives_a_plan_that_asks_for_outcomes(
    booked, hold, client_for
):
    booked.fields.filter(key="success_criteria").update(data={"criteria": []})

    plan = hold(booked)
    page = client_for(booked.csm).get(reverse("packets:plan", args=[booked.pk]))

    assert plan.outcomes.count() == 0
    assert plan.items.filter(kind="milestone").count() == 3
    assert "The packet has no success criteria." in page.content.decode()
    assert "Add the outcomes the customer wants" in page.content.decode()


def test_generating_again_keeps_the_csms_changes_and_renews_the_rest(plan, csm):
    sso = milestone(plan, 30)
    plan_tracking.item_edit(
        item=sso,
        title="SSO and SCIM live",
        definition_of_done="Users provisioned by SCIM.",
        owner="technical_buyer",
        contact_name="Grace Kim",
        due=dt.date(2026, 4, 20),
        by=csm,
    )
    plan_tracking.outcome_add(
        plan=plan, quote="Nurses stop re-keying.", speaker="", target=None, by=csm
    )
    plan.packet.fields.filter(key="success_criteria").update(
        data={"criteria": [{"quote": "New words.", "speaker": "Luis Romero", "target_date": ""}]}
    )
    PlanItem.objects.filter(plan=plan, gate=90).update(title="Changed behind its back")

    success_plans.plan_generate(packet=plan.packet, by=csm)

    assert milestone(plan, 30).title == "SSO and SCIM live"
    assert milestone(plan, 30).due_on == dt.date(2026, 4, 20)
    assert milestone(plan, 90).title == "Executive outcome review"
    assert sorted(plan.outcomes.values_list("quote", flat=True)) == [
        "New words.",
        "Nurses stop re-keying.",
    ]


def test_a_shared_plan_is_no_longer_generated_again(plan, csm, client_for):
    plan_sharing.share_create(plan=plan, days=7, by=csm)

    response = client_for(csm).post(reverse("packets:plan_generate", args=[plan.packet_id]))

    assert response.status_code == 409
    assert "shared with the customer" in response.content.decode()


def test_a_plan_is_not_made_before_the_kickoff_is_booked(booked, csm, client_for):
    type(booked).objects.filter(pk=booked.pk).update(status="accepted")

    response = client_for(csm).post(reverse("packets:plan_generate", args=[booked.pk]))

    assert response.status_code == 409
    assert not SuccessPlan.objects.exists()


def test_a_plan_made_ahead_of_the_kickoff_moves_with_it_done_items_keep_their_dates(
    booked, csm, django_capture_on_commit_callbacks
):
    plan = success_plans.plan_generate(packet=booked, by=csm)
    promised = CommitmentFactory(
        packet=booked, due=dt.date(2026, 4, 30), reconciliation=Reconciliation.SUCCESS_PLAN
    )
    success_plans.plan_generate(packet=booked, by=csm)
    sso = milestone(plan, 30)
    plan_tracking.item_set_status(item=sso, status=ItemStatus.DONE, by=csm)
    later = dt.datetime(2030, 3, 4, 15, tzinfo=dt.UTC)

    kickoffs.kickoff_reschedule(packet=booked, starts_at=later, note="Buyer travelling", by=csm)

    plan.refresh_from_db()
    assert plan.kickoff_at == later
    assert milestone(plan, 30).due_on == dt.date(2026, 4, 13)
    assert milestone(plan, 60).due_on == add_business_days(later, 60).date()
    assert plan.items.get(commitment=promised).due_on == dt.date(2026, 4, 30)


def test_rebooking_after_a_cancellation_moves_the_plan_to_the_new_kickoff(booked, csm):
    plan = success_plans.plan_generate(packet=booked, by=csm)
    kickoffs.kickoff_cancel(packet=booked, note="", by=csm)
    booked.refresh_from_db()
    later = dt.datetime(2030, 3, 4, 15, tzinfo=dt.UTC)

    kickoffs.kickoff_book(packet=booked, starts_at=later, duration_minutes=45, by=csm)

    assert milestone(plan, 30).due_on == add_business_days(later, 30).date()


def test_a_template_changed_later_leaves_plans_already_made_as_they_were(plan, revops_admin):
    template = template_for("enterprise")
    template_update(
        template=template,
        first_value_min_days=10,
        first_value_max_days=20,
        at_risk_business_days=5,
        milestones=[
            MilestoneInput(m.gate, m.title, m.definition_of_done, m.owner, m.business_days)
            for m in template.milestones.all()
        ],
        by=revops_admin,
    )

    plan.refresh_from_db()
    assert (plan.first_value_min_days, plan.first_value_max_days) == (45, 90)


def test_a_criterion_from_the_meddpicc_notes_names_no_speaker(booked, hold):
    booked.fields.filter(key="success_criteria").update(
        data={
            "criteria": [
                {
                    "quote": "Report prep from 12 analyst days to 2",
                    "speaker": "MEDDPICC metrics",
                    "source": "meddpicc",
                    "target_date": "2026-09-30",
                }
            ]
        },
        evidence=[
            {"kind": "meddpicc", "ref": "M", "quote": "Report prep from 12 analyst days to 2"}
        ],
    )

    [outcome] = hold(booked).outcomes.all()

    assert outcome.speaker == ""
    assert {"label": "MEDDPICC metrics", "anchor": "field-success_criteria"} in outcome.evidence
