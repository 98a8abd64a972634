"""The rules drafter: deterministic, offline, the default for every packet, and the floor
under every other drafter (see `floor`)."""

from handoffs.drafting import fields
from handoffs.drafting.base import DealContext, Draft
from handoffs.drafting.commitments import mine_commitments
from handoffs.drafting.risks import detect_risks, top_risks


class RulesDrafter:
    name = "rules"

    def draft(self, context: DealContext) -> Draft:
        commitments = mine_commitments(context)
        risks = detect_risks(context, commitments)
        return Draft(
            fields={
                "economic_buyer_champion": fields.economic_buyer_champion(context),
                "success_criteria": fields.success_criteria(context),
                "risk_flags": fields.risk_flags(top_risks(risks)),
                "commercial_terms": fields.commercial_terms(context),
                "presale_promises": fields.presale_promises(context, commitments),
                "competitive_context": fields.competitive_context(context),
                "stakeholder_map": fields.stakeholder_map(context),
                "existing_relationships": fields.existing_relationships(context),
            },
            commitments=commitments,
            risks=risks,
            drafter=self.name,
            withheld=context.withheld,
        )
