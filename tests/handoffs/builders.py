"""Build a DealContext from unsaved objects, so drafting rules are tested without a database."""

import datetime as dt

from handoffs.drafting.base import DealContext, TranscriptWithTurns
from tests.factories import (
    AccountFactory,
    ContactFactory,
    ContractClauseFactory,
    OpportunityFactory,
    TranscriptFactory,
    TranscriptTurnFactory,
)

CALL_TIME = dt.datetime(2027, 2, 20, 15, 0, tzinfo=dt.UTC)


def call(*turns: tuple[str, str, str], ref: str = "gong-1", when=CALL_TIME) -> TranscriptWithTurns:
    """turns are (speaker, side, text)."""
    return TranscriptWithTurns(
        transcript=TranscriptFactory.build(external_id=ref, occurred_at=when),
        turns=[
            TranscriptTurnFactory.build(index=index, speaker=speaker, side=side, text=text)
            for index, (speaker, side, text) in enumerate(turns)
        ],
    )


def seller(text: str, speaker: str = "Maya Chen") -> tuple[str, str, str]:
    return (speaker, "seller", text)


def buyer(text: str, speaker: str = "Priya Natarajan") -> tuple[str, str, str]:
    return (speaker, "buyer", text)


def contact(name: str, *roles: str, **fields):
    return ContactFactory.build(name=name, roles=list(roles), **fields)


def clause(clause_id: str, text: str):
    return ContractClauseFactory.build(clause_id=clause_id, text=text)


def deal(*, calls=(), contacts=(), clauses=(), meddpicc=None, segment="enterprise", **account):
    opportunity = OpportunityFactory.build(segment=segment, account=AccountFactory.build(**account))
    return DealContext(
        opportunity=opportunity,
        account=opportunity.account,
        business_unit_slug="analytics",
        lines=[],
        contacts=list(contacts),
        meddpicc=meddpicc,
        contract=None,
        clauses=list(clauses),
        transcripts=list(calls),
        usage=None,
        touches=[],
    )
