"""Factories for every model, so each test arranges exactly the rows it talks about."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import BusinessUnit, Role, User
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
