"""Load everything a drafter reads about one packet's deal in a fixed number of queries, with
the passages that speak to the drafter taken out (see `instructions`)."""

from django.db.models import Prefetch

from handoffs.drafting.base import DealContext, TranscriptWithTurns
from handoffs.drafting.instructions import screen
from handoffs.models import Contract, Opportunity, Packet, TranscriptTurn


def load_deal_context(packet: Packet) -> DealContext:
    opportunity = (
        Opportunity.objects.select_related("account")
        .prefetch_related(
            "lines__business_unit",
            "account__contacts",
            "transcripts",
            Prefetch("transcripts__turns", queryset=TranscriptTurn.objects.order_by("index")),
            "sales_assist_touches",
        )
        .get(pk=packet.handoff.opportunity_id)
    )
    try:
        contract = opportunity.contract
        clauses = list(contract.clauses.all())
    except Contract.DoesNotExist:
        contract, clauses = None, []
    context = DealContext(
        opportunity=opportunity,
        account=opportunity.account,
        business_unit_slug=packet.business_unit.slug,
        lines=list(opportunity.lines.all()),
        contacts=list(opportunity.account.contacts.all()),
        meddpicc=opportunity.meddpicc.order_by("-captured_at").first(),
        contract=contract,
        clauses=clauses,
        transcripts=[
            TranscriptWithTurns(transcript=t, turns=list(t.turns.all()))
            for t in opportunity.transcripts.all()
        ],
        usage=opportunity.usage.order_by("-captured_at").first(),
        touches=list(opportunity.sales_assist_touches.all()),
    )
    context.withheld = screen(context)
    return context
