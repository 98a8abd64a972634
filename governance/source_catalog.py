"""What a source mapping may point at, and the mapping Handbrief ships with.

Each source kind has a fixed list of locators the rules drafter knows how to read, except
transcript mining and contract clauses, which also take keywords (`keywords:a|b`, matched in
buyer sentences, or in clause text). RevOps chooses and orders them per field attribute.
"""

from governance.models import SourceKind

KEYWORDS = "keywords:"

LOCATORS: dict[str, dict[str, str]] = {
    SourceKind.CRM: {
        "account.prior_vendors": "Account: prior vendors",
        "account.internal_champions": "Account: internal champions",
        "account.board_relationships": "Account: board relationships",
        "account.industry": "Account: industry",
        "account.domain": "Account: domain",
        "account.employees": "Account: employees",
        "opportunity.source": "Opportunity: source",
        "opportunity.segment": "Opportunity: segment",
        "opportunity.amount": "Opportunity: amount",
        "opportunity.owner_email": "Opportunity: owner",
    },
    SourceKind.MEDDPICC: {
        "metrics": "M: metrics",
        "economic_buyer": "E: economic buyer",
        "decision_criteria": "D: decision criteria",
        "decision_process": "D: decision process",
        "paper_process": "P: paper process",
        "identify_pain": "I: identify pain",
        "champion": "C: champion",
        "competition": "C: competition",
    },
    SourceKind.CONTRACT: {
        "acv": "ACV",
        "term_months": "Term (months)",
        "prepay_terms": "Prepay terms",
        "opt_outs": "Opt-outs",
    },
    SourceKind.TRANSCRIPT: {
        "success": "Buyer sentences about success",
        "evaluated": "Buyer sentences about who else they evaluated",
        "why_us": "Buyer sentences about why they chose us",
        "reevaluate_if": "Buyer sentences about what would make them re-evaluate",
    },
    SourceKind.TELEMETRY: {
        "active_seats": "Active seats",
        "feature_adoption": "Feature adoption",
        "integrations": "Integrations connected",
    },
}
TAKES_KEYWORDS = frozenset({SourceKind.TRANSCRIPT, SourceKind.CONTRACT})


def locator_error(source: str, locator: str) -> str:
    """Why `locator` cannot be read from `source` ("" when it can)."""
    if source not in LOCATORS:
        return f"Unknown source: {source}."
    if locator in LOCATORS[source]:
        return ""
    if source in TAKES_KEYWORDS and locator.startswith(KEYWORDS):
        words = keywords(locator)
        if words and all(len(word) <= 50 for word in words):
            return ""
        return "Give keywords like keywords:partner|integrator."
    known = ", ".join(LOCATORS[source])
    extra = " or keywords:a|b" if source in TAKES_KEYWORDS else ""
    return f"{SourceKind(source).label} has no “{locator}”. Use one of {known}{extra}."


def keywords(locator: str) -> list[str]:
    return [word.strip().lower() for word in locator[len(KEYWORDS) :].split("|") if word.strip()]


def describe(source: str, locator: str) -> str:
    """How a mapping row reads on the page."""
    if locator.startswith(KEYWORDS):
        return f"{SourceKind(source).label}: mentions of {', '.join(keywords(locator))}"
    return f"{SourceKind(source).label}: {LOCATORS.get(source, {}).get(locator, locator)}"


# The sources the rules drafter used before mappings were governed, in the same order.
DEFAULT_MAPPINGS: list[tuple[str, str, str, str]] = [
    ("success_criteria", "quote", SourceKind.TRANSCRIPT, "success"),
    ("success_criteria", "quote", SourceKind.MEDDPICC, "metrics"),
    ("competitive_context", "evaluated", SourceKind.MEDDPICC, "competition"),
    ("competitive_context", "evaluated", SourceKind.TRANSCRIPT, "evaluated"),
    ("competitive_context", "evaluated", SourceKind.CRM, "account.prior_vendors"),
    ("competitive_context", "why_us", SourceKind.MEDDPICC, "competition"),
    ("competitive_context", "why_us", SourceKind.TRANSCRIPT, "why_us"),
    ("competitive_context", "reevaluate_if", SourceKind.MEDDPICC, "competition"),
    ("competitive_context", "reevaluate_if", SourceKind.TRANSCRIPT, "reevaluate_if"),
    ("existing_relationships", "prior_vendors", SourceKind.CRM, "account.prior_vendors"),
    ("existing_relationships", "internal_champions", SourceKind.CRM, "account.internal_champions"),
    (
        "existing_relationships",
        "board_relationships",
        SourceKind.CRM,
        "account.board_relationships",
    ),
]
DEFAULT_MAPPING_NOTE = "As Handbrief ships: the sources the rules drafter has always read."

# Fields whose sources are fixed by what they are, so they are not mapped.
FIXED_SOURCES: dict[str, str] = {
    "economic_buyer_champion": "CRM contacts by role, with MEDDPICC E and C notes",
    "stakeholder_map": "CRM contacts by role",
    "commercial_terms": "The contract; the CRM amount when there is none",
    "presale_promises": "Commitments mined from seller turns, reconciled with the contract",
    "risk_flags": "Risks detected across every source",
}
