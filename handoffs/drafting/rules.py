"""The rules drafter: deterministic, offline, the default for every packet, and the floor
under every other drafter (see `floor`).

Where a field's sources are a choice (see governance's source mappings) it reads them in the
order RevOps mapped; a field with no builder of its own is drafted from its mapped sources.
"""

from governance.mapping_selectors import published_mapping, sources_by_attribute
from governance.models import MappingVersion
from governance.selectors import field_definitions
from handoffs.drafting import fields
from handoffs.drafting.base import DealContext, Draft
from handoffs.drafting.commitments import mine_commitments
from handoffs.drafting.mapped import mapped_field
from handoffs.drafting.risks import detect_risks, top_risks


class RulesDrafter:
    name = "rules"

    def __init__(self, mapping: MappingVersion | None = None) -> None:
        """`mapping` previews a draft mapping; by default the published one is read."""
        self.mapping = mapping

    def draft(self, context: DealContext) -> Draft:
        commitments = mine_commitments(context)
        risks = detect_risks(context, commitments)
        mapping = sources_by_attribute(self.mapping or published_mapping())
        drafted = {
            "economic_buyer_champion": fields.economic_buyer_champion(context),
            "success_criteria": fields.success_criteria(
                context, mapping.get(("success_criteria", "quote"), [])
            ),
            "risk_flags": fields.risk_flags(top_risks(risks)),
            "commercial_terms": fields.commercial_terms(context),
            "presale_promises": fields.presale_promises(context, commitments),
            "competitive_context": fields.competitive_context(context, mapping),
            "stakeholder_map": fields.stakeholder_map(context),
            "existing_relationships": fields.existing_relationships(context, mapping),
        }
        for definition in field_definitions():
            if definition.key not in drafted:
                drafted[definition.key] = mapped_field(context, definition, mapping)
        return Draft(
            fields=drafted,
            commitments=commitments,
            risks=risks,
            drafter=self.name,
            withheld=context.withheld,
        )
