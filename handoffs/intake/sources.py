"""Load a validated intake event into the source models, updating what an earlier event stored.

Evidence cites sources by their external ids and turn indexes, so rows are upserted on those
keys (turns are rewritten by index): a redraft after a second event finds what the first cited.
"""

from decimal import Decimal

from django.conf import settings
from django.db import transaction

from accounts.models import BusinessUnit
from handoffs.intake.schema import IntakeEvent, TranscriptIn, opportunity_key
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


def units_named(event: IntakeEvent) -> dict[str, str]:
    """The business unit each packet of the event goes to, by where the event names it:
    each opportunity line's own, or for a product-led upgrade the configured PLG unit."""
    if event.event_type == "opportunity.closed_won":
        return {
            f"opportunity.lines.{index}.business_unit": line.business_unit
            for index, line in enumerate(event.opportunity.lines)
        }
    return {"trigger": settings.HANDBRIEF["PLG_BUSINESS_UNIT"]}


def unknown_units(event: IntakeEvent) -> dict[str, list[str]]:
    """Units RevOps has not set up, by where the event names them. Such an event is refused,
    never given a unit of its own: a made-up unit would get a packet nobody can work."""
    named = units_named(event)
    known = set(BusinessUnit.objects.filter(slug__in=named.values()).values_list("slug", flat=True))
    return {
        where: [f"No business unit {slug!r} is set up in Handbrief; RevOps adds it first."]
        for where, slug in named.items()
        if slug not in known
    }


def _unit(slug: str) -> BusinessUnit:
    try:
        return BusinessUnit.objects.get(slug=slug)
    except BusinessUnit.DoesNotExist:
        raise LookupError(f"Business unit {slug!r} was removed after the event arrived.") from None


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
            defaults={"rep_email": touch.rep_email},
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
            "owner_email": data.owner_email,
        },
    )
    opportunity.lines.all().delete()
    OpportunityLine.objects.bulk_create(
        OpportunityLine(
            opportunity=opportunity,
            product=line.product,
            business_unit=_unit(line.business_unit),
            amount=line.amount,
        )
        for line in data.lines
    )
    return opportunity


def _upsert_plg(event: IntakeEvent, account: Account) -> Opportunity:
    """A product-led upgrade has no CRM opportunity; the trigger and its rep stand in for one."""
    trigger = event.trigger
    touches = sorted(event.sales_assist_touches, key=lambda touch: touch.occurred_at)
    owner = touches[-1].rep_email if touches else ""
    plan = trigger.plan_to or trigger.kind
    upgrade = f" - {plan} upgrade"
    name = account.name[: Opportunity._meta.get_field("name").max_length - len(upgrade)] + upgrade
    opportunity, _ = Opportunity.objects.update_or_create(
        external_id=opportunity_key(event),
        defaults={
            "account": account,
            "name": name,
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
        business_unit=_unit(units_named(event)["trigger"]),
        amount=trigger.amount,
    )
    return opportunity


def _upsert_contacts(event: IntakeEvent, account: Account) -> None:
    for contact in event.contacts:
        data = contact.model_dump(mode="json")
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
