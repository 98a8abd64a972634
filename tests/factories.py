"""Factories for every model, so each test arranges exactly the rows it talks about."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import BusinessUnit, Role, User
from governance.definition_services import (
    definitions_draft_start,
    definitions_field_save,
    definitions_gate_set,
    definitions_publish,
    definitions_submit,
)
from governance.models import AssignmentRule, DefinitionsVersion
from handoffs.models import (
    Account,
    AccountOutcome,
    ApiToken,
    Commitment,
    Contact,
    Contract,
    ContractClause,
    Handoff,
    InboundEvent,
    Integration,
    Kickoff,
    MeddpiccSnapshot,
    Opportunity,
    OpportunityLine,
    Packet,
    PacketField,
    PacketFieldVersion,
    PacketTransition,
    RiskFlag,
    SalesAssistTouch,
    SigningSecret,
    SignOff,
    SuccessPlan,
    Transcript,
    TranscriptTurn,
    UsageSnapshot,
)

PASSWORD = "correct-horse-battery"


class BusinessUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessUnit
        django_get_or_create = ["slug"]

    slug = "analytics"
    name = factory.LazyAttribute(lambda unit: unit.slug.title())


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@seller.example")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    role = Role.AE
    business_unit = factory.SubFactory(BusinessUnitFactory)
    password = factory.django.Password(PASSWORD)


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    external_id = factory.Sequence(lambda n: f"acct-{n}")
    name = factory.Sequence(lambda n: f"Customer {n}")
    domain = factory.LazyAttribute(lambda account: f"{account.external_id}.example")
    industry = "Healthcare"
    employees = 500


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    external_id = factory.Sequence(lambda n: f"opp-{n}")
    account = factory.SubFactory(AccountFactory)
    name = factory.LazyAttribute(lambda opp: f"{opp.account.name} - Platform")
    source = "salesforce"
    close_date = factory.LazyFunction(timezone.localdate)
    amount = Decimal("120000.00")
    currency = "USD"
    segment = "enterprise"
    motion = "sales_led"
    owner_email = "maya.chen@seller.example"


class OpportunityLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpportunityLine

    opportunity = factory.SubFactory(OpportunityFactory)
    product = "Analytics Platform"
    business_unit = factory.SubFactory(BusinessUnitFactory)
    amount = Decimal("120000.00")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    account = factory.SubFactory(AccountFactory)
    external_id = factory.Sequence(lambda n: f"contact-{n}")
    name = factory.Sequence(lambda n: f"Buyer {n}")
    title = "Chief Financial Officer"
    email = factory.LazyAttribute(lambda contact: f"{contact.external_id}@customer.example")
    linkedin_url = factory.LazyAttribute(
        lambda contact: f"https://www.linkedin.com/in/{contact.external_id}"
    )
    role_start_date = dt.date(2023, 6, 1)
    roles = factory.LazyFunction(lambda: ["economic_buyer"])
    status = "active"


class TranscriptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transcript

    opportunity = factory.SubFactory(OpportunityFactory)
    external_id = factory.Sequence(lambda n: f"gong-{n}")
    title = "Discovery call"
    occurred_at = factory.LazyFunction(timezone.now)
    source = "gong"
    participants = factory.LazyFunction(
        lambda: [
            {"name": "Maya Chen", "side": "seller", "email": "maya.chen@seller.example"},
            {"name": "Priya Natarajan", "side": "buyer", "email": ""},
        ]
    )


class TranscriptTurnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TranscriptTurn

    transcript = factory.SubFactory(TranscriptFactory)
    index = factory.Sequence(int)
    speaker = "Maya Chen"
    side = "seller"
    start_seconds = factory.LazyAttribute(lambda turn: turn.index * 15)
    text = "Thanks for making time today."


class MeddpiccSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeddpiccSnapshot

    opportunity = factory.SubFactory(OpportunityFactory)
    captured_at = factory.LazyFunction(timezone.now)
    metrics = "Cut report preparation from 12 analyst days to 2 by end of Q3."
    economic_buyer = "Priya Natarajan (CFO) signs."
    champion = "Luis Romero drove the evaluation."
    competition = "Evaluated Tableau; chose us for the Epic connector."


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    opportunity = factory.SubFactory(OpportunityFactory)
    acv = Decimal("120000.00")
    currency = "USD"
    term_months = 12
    start_date = factory.LazyFunction(timezone.localdate)
    prepaid = True
    prepay_terms = "Annual upfront, net 30."


class ContractClauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractClause

    contract = factory.SubFactory(ContractFactory)
    clause_id = factory.Sequence(lambda n: f"{n + 1}.1")
    text = "Vendor will deliver two onsite enablement workshops within the first 90 days."


class UsageSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UsageSnapshot

    opportunity = factory.SubFactory(OpportunityFactory, motion="plg", segment="saas")
    captured_at = factory.LazyFunction(timezone.now)
    active_seats = factory.LazyFunction(lambda: [{"date": "2027-06-01", "count": 51}])
    feature_adoption = factory.LazyFunction(lambda: [{"feature": "dashboards", "adoption_pct": 71}])
    integrations = factory.LazyFunction(lambda: [{"name": "Slack", "connected_at": "2027-04-19"}])


class SalesAssistTouchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalesAssistTouch

    opportunity = factory.SubFactory(OpportunityFactory, motion="plg", segment="saas")
    occurred_at = factory.LazyFunction(timezone.now)
    rep_email = "devon.price@seller.example"
    summary = "Asked about SSO and an annual invoice."


class HandoffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Handoff

    opportunity = factory.SubFactory(OpportunityFactory)
    opportunity_key = factory.LazyAttribute(lambda handoff: handoff.opportunity.external_id)
    ae = None


class PacketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Packet

    handoff = factory.SubFactory(HandoffFactory)
    business_unit = factory.SubFactory(BusinessUnitFactory)
    status = "drafting"


class PacketFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PacketField

    packet = factory.SubFactory(PacketFactory)
    key = "success_criteria"
    status = "complete"
    text = "Readmission dashboard live for all six hospitals by June 30."
    data = factory.LazyFunction(
        lambda: {"criteria": [{"quote": "dashboard live by June 30", "target_date": "2027-06-30"}]}
    )


class PacketFieldVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PacketFieldVersion

    field = factory.SubFactory(PacketFieldFactory)
    version = factory.Sequence(lambda n: n + 1)
    status = "complete"
    author = "agent"


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    packet = factory.SubFactory(PacketFactory)
    quote = "We'll have the SIEM export for you by the end of April."
    speaker = "Ben Foster"
    transcript_ref = "gong-88121"
    turn = factory.Sequence(int)


class RiskFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskFlag

    packet = factory.SubFactory(PacketFactory)
    kind = "security_review_delayed"
    severity = "high"
    summary = "The security review is still open."
    evidence = factory.LazyFunction(
        lambda: [{"kind": "transcript", "ref": "gong-88121", "turn": 5, "quote": "still open"}]
    )


class PacketTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PacketTransition

    packet = factory.SubFactory(PacketFactory)
    to_status = "drafting"


class SignOffFactory(factory.django.DjangoModelFactory):
    """A CSM's acceptance with a rating, unless told otherwise."""

    class Meta:
        model = SignOff

    packet = factory.SubFactory(PacketFactory)
    decision = "accepted"
    by = factory.SubFactory(UserFactory, role=Role.CSM)
    packet_version = 1
    rating = 7


class KickoffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kickoff

    packet = factory.SubFactory(PacketFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=2))
    deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=5))
    status = "booked"
    booked_by = factory.SubFactory(UserFactory, role=Role.CSM)


class SuccessPlanFactory(factory.django.DjangoModelFactory):
    """A SaaS plan (first value 14-30 business days after the kickoff) without first value."""

    class Meta:
        model = SuccessPlan

    packet = factory.SubFactory(PacketFactory, status="kickoff_held")
    kickoff_at = factory.LazyFunction(timezone.now)
    segment = "saas"
    first_value_min_days = 14
    first_value_max_days = 30


class AccountOutcomeFactory(factory.django.DjangoModelFactory):
    """A churn with its ARR, unless told otherwise; an outcome's ARR after defaults to 0 for a
    churn and to its ARR before otherwise."""

    class Meta:
        model = AccountOutcome

    account = factory.SubFactory(AccountFactory)
    external_id = factory.Sequence(lambda n: f"outcome-{n}")
    kind = "churned"
    occurred_on = factory.LazyFunction(timezone.localdate)
    arr_before = Decimal("50000.00")
    arr_after = factory.LazyAttribute(
        lambda outcome: Decimal(0) if outcome.kind == "churned" else outcome.arr_before
    )
    currency = "USD"


class IntegrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Integration
        django_get_or_create = ["name"]

    name = "Salesforce"


class SigningSecretFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SigningSecret

    integration = factory.SubFactory(IntegrationFactory)
    secret = factory.LazyFunction(SigningSecret.generate)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """Pass `raw=` to choose the token; only its hash is stored."""

    class Meta:
        model = ApiToken
        exclude = ["raw"]

    integration = factory.SubFactory(IntegrationFactory)
    raw = factory.LazyFunction(ApiToken.generate)
    prefix = factory.LazyAttribute(lambda token: token.raw[:8])
    token_hash = factory.LazyAttribute(lambda token: ApiToken.hash(token.raw))


class InboundEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InboundEvent

    event_id = factory.Sequence(lambda n: f"evt-{n}")
    event_type = "opportunity.closed_won"
    payload = factory.LazyFunction(dict)


def _publish(draft: DefinitionsVersion, author: User, approver: User | None):
    draft.change_note = "Changed for a test."
    draft.save(update_fields=["change_note"])
    definitions_submit(version=draft, by=author)
    return definitions_publish(
        version=draft, by=approver or UserFactory(role=Role.REVOPS_ADMIN, business_unit=None)
    )


def publish_definitions(
    *,
    fields: dict[str, dict] | None = None,
    gate_threshold: int | None = None,
    approver: User | None = None,
) -> DefinitionsVersion:
    """Field definitions published through the real services: a CS Ops draft changing or
    adding `fields` ({key: {label, guidance, required_attributes, blocks_gate}}, what is not
    named kept), then a RevOps admin's draft of the gate, each published by a colleague."""
    published = None
    if fields:
        cs_ops = UserFactory(role=Role.CS_OPS, business_unit=None)
        draft = definitions_draft_start(by=cs_ops)
        current = {field.key: field for field in draft.fields.all()}
        for key, change in fields.items():
            field = current.get(key)
            definitions_field_save(
                version=draft,
                key=key,
                label=change.get("label", field.label if field else key.replace("_", " ").title()),
                guidance=change.get("guidance", field.guidance if field else "Say what it is."),
                required_attributes=change.get(
                    "required_attributes", field.required_attributes if field else []
                ),
                blocks_gate=change.get("blocks_gate", field.blocks_gate if field else False),
                by=cs_ops,
            )
        published = _publish(draft, cs_ops, approver)
    if gate_threshold is not None:
        revops = UserFactory(role=Role.REVOPS_ADMIN, business_unit=None)
        draft = definitions_draft_start(by=revops)
        definitions_gate_set(version=draft, gate_threshold=gate_threshold, by=revops)
        published = _publish(
            draft, revops, approver or UserFactory(role=Role.CS_OPS, business_unit=None)
        )
    return published


class AssignmentRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssignmentRule

    business_unit = factory.SubFactory(BusinessUnitFactory)
    strategy = "round_robin"
