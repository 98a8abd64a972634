"""The eight packet fields as the operating model defines them (DESIGN section 2).

Used to seed `FieldDefinition` rows; after that the rows, not this module, are the rules.
"""

DEFAULT_FIELDS: list[dict] = [
    {
        "key": "economic_buyer_champion",
        "label": "Economic buyer & champion",
        "guidance": "Name the economic buyer and the champion, each with title, role start date "
        "and LinkedIn URL.",
        "required_attributes": ["name", "title", "role_start_date", "linkedin_url"],
        "blocks_gate": False,
    },
    {
        "key": "success_criteria",
        "label": "Success criteria",
        "guidance": "At least one criterion quoted verbatim from the buyer, each with a target "
        "date.",
        "required_attributes": ["quote", "target_date"],
        "blocks_gate": False,
    },
    {
        "key": "risk_flags",
        "label": "Risk flags",
        "guidance": "The top three risks (unresolved objections, failure patterns), each with "
        "evidence, or an explicit attestation that there are none.",
        "required_attributes": ["evidence"],
        "blocks_gate": False,
    },
    {
        "key": "commercial_terms",
        "label": "Commercial terms",
        "guidance": "ACV, term or multi-year, ramp, prepay terms and opt-outs. An explicit "
        '"none" counts.',
        "required_attributes": ["acv", "term_months", "ramp", "prepay_terms", "opt_outs"],
        "blocks_gate": False,
    },
    {
        "key": "presale_promises",
        "label": "Pre-sale promises",
        "guidance": "Every commitment made before signature, reconciled: in the contract, in the "
        "success plan, or acknowledged.",
        "required_attributes": ["reconciled"],
        "blocks_gate": False,
    },
    {
        "key": "competitive_context",
        "label": "Competitive context",
        "guidance": "Who they evaluated, why they chose us, and what would make them re-evaluate.",
        "required_attributes": ["evaluated", "why_us", "reevaluate_if"],
        "blocks_gate": False,
    },
    {
        "key": "stakeholder_map",
        "label": "Stakeholder map",
        "guidance": "Technical buyer, security reviewer and end-user lead, each named and still "
        "at the company.",
        "required_attributes": ["technical_buyer", "security_reviewer", "end_user_lead"],
        "blocks_gate": False,
    },
    {
        "key": "existing_relationships",
        "label": "Existing relationships",
        "guidance": 'Prior vendors, internal champions and board exposure. An explicit "none" '
        "counts.",
        "required_attributes": ["prior_vendors", "internal_champions", "board_relationships"],
        "blocks_gate": False,
    },
]

FIELD_KEYS: list[str] = [field["key"] for field in DEFAULT_FIELDS]
