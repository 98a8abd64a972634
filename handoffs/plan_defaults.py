"""The operating model's plan templates, used until RevOps edits them.

First value is expected 14-30 business days after the kickoff for SaaS deals and 45-90 for
platform and enterprise deals. Defaults, not facts: RevOps changes them per segment.
"""

from handoffs.models import Owner, Segment

SSO = (
    "SSO live",
    "Single sign-on is enforced for every licensed user, and the technical buyer has signed "
    "in through it.",
    Owner.TECHNICAL_BUYER,
)
SAAS_MILESTONES = [
    (30, *SSO),
    (
        60,
        "First dashboard shared",
        "A dashboard built on the customer's own data is shared with the team that uses it, and "
        "the end-user lead confirms it answers one of the success criteria.",
        Owner.END_USER_LEAD,
    ),
    (
        90,
        "Outcome review",
        "The CSM and the economic buyer check each outcome against its target date and agree "
        "the next quarter's goals in writing.",
        Owner.CSM,
    ),
]
PLATFORM_MILESTONES = [
    (30, *SSO),
    (
        60,
        "First integration in production",
        "The first integration runs on live data for five business days without a manual fix, "
        "and the technical buyer confirms it.",
        Owner.TECHNICAL_BUYER,
    ),
    (
        90,
        "Executive outcome review",
        "The AE and the CSM review each outcome with the economic buyer against its target date; "
        "the expansion path is agreed or ruled out.",
        Owner.AE,
    ),
]

# segment: (first value from, first value by, milestones as (gate, title, done when, owner))
DEFAULT_TEMPLATES = {
    Segment.SAAS: (14, 30, SAAS_MILESTONES),
    Segment.PLATFORM: (45, 90, PLATFORM_MILESTONES),
    Segment.ENTERPRISE: (45, 90, PLATFORM_MILESTONES),
}
