"""Load a validated intake event into the source models, updating what an earlier event stored.

Evidence cites sources by their external ids and turn indexes, so rows are upserted on those
keys (turns are rewritten by index): a redraft after a second event finds what the first cited.
"""

from decimal import Decimal

from django.conf import settings
from django.db import transaction

from accounts.models import BusinessUnit
from handoffs.intake.schema import IntakeEvent, TranscriptIn
from handoffs.models import (
    Account,
    Contact,
    Contract,
    ContractClause,
    MeddpiccSnapshot,
    Opportunity,
    OpportunityLine,
    SalesAssistTouch,
    Transcript,
    TranscriptTurn,
    UsageSnapshot,
)

PLG_ENTERPRISE_FLOOR = Decimal("100000")


def business_unit_for(slug: str) -> BusinessUnit:
    """Units are data: an event may name one nobody configured yet; RevOps names it later."""
    unit, _ = BusinessUnit.objects.get_or_create(
        slug=slug, defaults={"name": slug.replace("_", " ").replace("-", " ").title()}
    )
    return unit


def opportunity_key(event: IntakeEvent) -> str:
    """The natural key of the deal an event is about; a handoff is unique on it."""
    if event.event_type == "opportunity.closed_won":
        return event.opportunity.external_id
    plan = event.trigger.plan_to or event.trigger.kind
    return f"plg:{event.account.external_id}:{plan}".lower()


@transaction.atomic
def load_sources(event: IntakeEvent) -> Opportunity:
    account = _upsert_account(event)
    opportunity = (
        _upsert_closed_won(event, account)
        if event.event_type == "opportunity.closed_won"
        else _upsert_plg(event, account)
    )
    _upsert_contacts(event, account)
    if event.meddpicc is not None:
        MeddpiccSnapshot.objects.update_or_create(
            opportunity=opportunity,
            captured_at=event.occurred_at,
            defaults=event.meddpicc.model_dump(),
        )
    if event.contract is not None:
        _upsert_contract(event, opportunity)
    for transcript in event.transcripts:
        _upsert_transcript(transcript, opportunity)
    if event.telemetry is not None:
        UsageSnapshot.objects.update_or_create(
            opportunity=opportunity,
            captured_at=event.occurred_at,
            defaults=event.telemetry.model_dump(mode="json"),
        )
    for touch in event.sales_assist_touches:
        SalesAssistTouch.objects.get_or_create(
            opportunity=opportunity,
            occurred_at=touch.occurred_at,
            summary=touch.summary,
            defaults={"rep_email": touch.rep_email.lower()},
        )
    return opportunity


def _upsert_account(event: IntakeEvent) -> Account:
    data = event.account.model_dump()
    account, _ = Account.objects.update_or_create(
        external_id=data.pop("external_id"), defaults=data
    )
    return account


def _upsert_closed_won(event: IntakeEvent, account: Account) -> Opportunity:
    data = event.opportunity
    opportunity, _ = Opportunity.objects.update_or_create(
        external_id=data.external_id,
        defaults={
            "account": account,
            "name": data.name,
            "source": event.source,
            "close_date": data.close_date,
            "amount": data.amount,
            "currency": data.currency,
            "segment": data.segment,
            "motion": data.motion,
            "owner_email": data.owner_email.lower(),
        },
    )
    opportunity.lines.all().delete()
    OpportunityLine.objects.bulk_create(
        OpportunityLine(
            opportunity=opportunity,
            product=line.product,
            business_unit=business_unit_for(line.business_unit),
            amount=line.amount,
        )
        for line in data.lines
    )
    return opportunity


def _upsert_plg(event: IntakeEvent, account: Account) -> Opportunity:
    """A product-led upgrade has no CRM opportunity; the trigger and its rep stand in for one."""
    trigger = event.trigger
    touches = sorted(event.sales_assist_touches, key=lambda touch: touch.occurred_at)
    owner = touches[-1].rep_email.lower() if touches else ""
    plan = trigger.plan_to or trigger.kind
    opportunity, _ = Opportunity.objects.update_or_create(
        external_id=opportunity_key(event),
        defaults={
            "account": account,
            "name": f"{account.name} - {plan} upgrade",
            "source": event.source,
            "close_date": event.occurred_at.date(),
            "amount": trigger.amount,
            "currency": trigger.currency,
            "segment": "enterprise" if trigger.amount >= PLG_ENTERPRISE_FLOOR else "saas",
            "motion": "plg",
            "owner_email": owner,
            "trigger": trigger.model_dump(mode="json"),
        },
    )
    opportunity.lines.all().delete()
    OpportunityLine.objects.create(
        opportunity=opportunity,
        product=f"{plan} plan",
        business_unit=business_unit_for(settings.HANDBRIEF["PLG_BUSINESS_UNIT"]),
        amount=trigger.amount,
    )
    return opportunity


def _upsert_contacts(event: IntakeEvent, account: Account) -> None:
    for contact in event.contacts:
        data = contact.model_dump(mode="json")
        data["email"] = data["email"].lower()
        data["role_start_date"] = contact.role_start_date
        Contact.objects.update_or_create(
            account=account, external_id=data.pop("external_id"), defaults=data
        )


def _upsert_contract(event: IntakeEvent, opportunity: Opportunity) -> None:
    data = event.contract
    contract, _ = Contract.objects.update_or_create(
        opportunity=opportunity,
        defaults={
            "acv": data.acv,
            "currency": data.currency,
            "term_months": data.term_months,
            "start_date": data.start_date,
            "prepaid": data.prepaid,
            "prepay_terms": data.prepay_terms,
            "opt_outs": data.opt_outs,
            "ramp": [step.model_dump(mode="json") for step in data.ramp],
        },
    )
    for clause in data.clauses:
        ContractClause.objects.update_or_create(
            contract=contract, clause_id=clause.id, defaults={"text": clause.text}
        )


def _upsert_transcript(data: TranscriptIn, opportunity: Opportunity) -> None:
    sides = {participant.name: participant.side for participant in data.participants}
    transcript, _ = Transcript.objects.update_or_create(
        opportunity=opportunity,
        external_id=data.external_id,
        defaults={
            "title": data.title,
            "occurred_at": data.occurred_at,
            "source": data.source,
            "participants": [participant.model_dump() for participant in data.participants],
        },
    )
    # Evidence cites turns by transcript id and index, never by row, so replacing them is safe.
    transcript.turns.all().delete()
    TranscriptTurn.objects.bulk_create(
        TranscriptTurn(
            transcript=transcript,
            index=index,
            speaker=turn.speaker,
            side=sides[turn.speaker],
            start_seconds=turn.start_seconds,
            text=turn.text,
        )
        for index, turn in enumerate(data.turns)
    )
