"""What the demo deals are made of: fictional companies, people, products and buyer asks.

Kept apart from the generator so the wording can be tuned without touching the logic that
decides which deal gets which risk.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Company:
    name: str
    domain: str
    industry: str


@dataclass(frozen=True)
class Promise:
    """A buyer ask, the seller's answer as a noun phrase, and the clause that would cover it."""

    ask: str
    thing: str
    clause: str


@dataclass(frozen=True)
class Workaround:
    """A capability the product lacks and the stopgap a seller might offer instead."""

    missing: str
    stopgap: str


@dataclass(frozen=True)
class Objection:
    """A buyer worry, the seller's answer, and the buyer's reply either way."""

    topic: str
    concern: str
    answer: str
    settled: str
    unsettled: str
    needs_ramp: bool = False


COMPANIES: tuple[Company, ...] = (
    Company("Harborline Logistics", "harborline.example", "Logistics"),
    Company("Cedar & Vale Insurance", "cedarvale.example", "Insurance"),
    Company("Quillfeather Publishing", "quillfeather.example", "Media and publishing"),
    Company("Ostrander Manufacturing", "ostrander-mfg.example", "Industrial manufacturing"),
    Company("Bluefin Payments", "bluefinpay.example", "Financial services"),
    Company("Marigold Senior Living", "marigold-living.example", "Healthcare"),
    Company("Tessellate Architects", "tessellate.example", "Architecture and engineering"),
    Company("Kestrel Aerospace", "kestrel-aero.example", "Aerospace"),
    Company("Pinecrest University", "pinecrest-u.example", "Higher education"),
    Company("Juniper Retail Group", "juniper-retail.example", "Retail"),
    Company("Stonebridge Credit Union", "stonebridge-cu.example", "Banking"),
    Company("Verdant Grocers", "verdantgrocers.example", "Grocery retail"),
    Company("Halcyon Hotels", "halcyonhotels.example", "Hospitality"),
    Company("Ridgeway Energy", "ridgeway-energy.example", "Oil and gas"),
    Company("Corvid Security", "corvidsec.example", "Cybersecurity"),
    Company("Larkspur Biotech", "larkspurbio.example", "Biotechnology"),
    Company("Meridian Freight", "meridianfreight.example", "Transportation"),
    Company("Foxglove Pharmacy", "foxglove-rx.example", "Pharmacy retail"),
    Company("Atlas Civic Software", "atlascivic.example", "Government technology"),
    Company("Brambleworks Games", "brambleworks.example", "Video games"),
    Company("Sundial Solar", "sundialsolar.example", "Renewable energy"),
    Company("Orchard Lane Foods", "orchardlane.example", "Food and beverage"),
    Company("Polaris Staffing", "polarisstaffing.example", "Staffing"),
    Company("Wren & Hart", "wrenhart.example", "Legal services"),
    Company("Copperleaf Property", "copperleaf.example", "Real estate"),
    Company("Nimbus Telecom", "nimbustel.example", "Telecommunications"),
    Company("Beacon Hill Clinics", "beaconhill-clinics.example", "Healthcare"),
    Company("Trailhead Outfitters", "trailhead-outfitters.example", "Consumer goods"),
    Company("Saltmarsh Maritime", "saltmarsh.example", "Maritime shipping"),
    Company("Greywater Utilities", "greywater.example", "Utilities"),
)

FIRST_NAMES = (
    "Adaeze",
    "Bruno",
    "Camila",
    "Dmitri",
    "Elena",
    "Farah",
    "Gideon",
    "Hiroshi",
    "Ines",
    "Jamal",
    "Keiko",
    "Lars",
    "Mariana",
    "Nikhil",
    "Olu",
    "Paloma",
    "Quentin",
    "Rosa",
    "Sanjay",
    "Tamsin",
    "Umar",
    "Valeria",
    "Wesley",
    "Ximena",
    "Yusuf",
    "Zofia",
    "Anders",
    "Beatriz",
    "Colm",
    "Delphine",
    "Emeka",
    "Freya",
    "Goran",
    "Hollis",
    "Ingrid",
    "Joaquin",
)
LAST_NAMES = (
    "Abara",
    "Bergstrom",
    "Castellanos",
    "Dlamini",
    "Eriksen",
    "Fitzgerald",
    "Gallagher",
    "Hosseini",
    "Iwasaki",
    "Jablonski",
    "Kowalczyk",
    "Lindqvist",
    "Mbeki",
    "Novak",
    "Okafor",
    "Petrov",
    "Quiroga",
    "Rahman",
    "Sorensen",
    "Takahashi",
    "Underwood",
    "Varga",
    "Whitfield",
    "Yilmaz",
    "Zielinski",
    "Achebe",
    "Brennan",
    "Carvalho",
    "Delacroix",
    "Esposito",
)

TITLES: dict[str, tuple[str, ...]] = {
    "economic_buyer": (
        "Chief Financial Officer",
        "VP Finance",
        "Chief Operating Officer",
        "Chief Information Officer",
        "Chief Data Officer",
    ),
    "champion": (
        "Director of Business Intelligence",
        "Head of Revenue Operations",
        "Senior Manager, Data Platform",
        "Director of Integrations",
        "Head of Finance Systems",
    ),
    "technical_buyer": (
        "Principal Data Architect",
        "Director of Engineering",
        "Enterprise Architect",
        "Head of IT",
        "Staff Integration Engineer",
    ),
    "security_reviewer": (
        "Information Security Manager",
        "CISO",
        "Security Risk Analyst",
        "Director of GRC",
    ),
    "end_user_lead": (
        "Reporting Manager",
        "Finance Operations Lead",
        "Sales Operations Manager",
        "Integration Team Lead",
    ),
    "executive_sponsor": ("Chief Executive Officer", "Chief Revenue Officer", "SVP Operations"),
    "legal": ("Senior Counsel", "Deputy General Counsel"),
    "procurement": ("Procurement Manager", "Strategic Sourcing Lead"),
}

SALES_ENGINEERS: dict[str, tuple[str, ...]] = {
    "analytics": ("Ben Foster", "Chloe Marsh"),
    "integrations": ("Jonah Reyes", "Leah Goldberg"),
}

PRODUCTS: dict[str, tuple[str, ...]] = {
    "analytics": ("Analytics Platform", "Embedded Dashboards", "Forecasting Add-on"),
    "integrations": ("Data Connectors", "Integration Hub", "Sync API"),
}

COMPETITORS: dict[str, tuple[str, ...]] = {
    "analytics": ("Tableau", "Looker", "Power BI", "Qlik", "Sigma", "ThoughtSpot"),
    "integrations": ("MuleSoft", "Boomi", "Workato", "Fivetran", "Celigo", "Tray.io"),
}

WHY_US = (
    "the time to first dashboard in the trial",
    "the connector coverage for our stack",
    "pricing that scales with usage rather than seats",
    "how quickly your team answered questions",
    "the row-level security model",
)
RE_EVALUATE = (
    "the renewal price jumps",
    "the connector roadmap slips",
    "adoption stalls after rollout",
    "our incumbent bundles something similar into the enterprise renewal",
)

PAINS: dict[str, tuple[str, ...]] = {
    "analytics": (
        "Every Monday two analysts lose the morning stitching spreadsheets together for the "
        "pipeline review.",
        "Regional numbers never match finance's numbers, so every ops meeting starts with an "
        "argument about whose data is right.",
        "Month-end reporting takes five working days and it is mostly copy and paste.",
        "The board pack is rebuilt by hand every quarter and someone always finds a mistake.",
    ),
    "integrations": (
        "Orders get re-keyed from Shopify into NetSuite by hand, and we make mistakes every week.",
        "New hires wait two or three days for accounts because the Workday feed is a CSV someone "
        "uploads.",
        "Our legacy middleware fails silently and we only hear about it from customers.",
        "Claims data arrives in four formats and one engineer spends half her week fixing maps.",
    ),
}

CRITERIA: dict[str, tuple[str, ...]] = {
    "analytics": (
        "the weekly pipeline report running automatically with no spreadsheet work",
        "month-end reporting down from five days to two",
        "every regional manager using the forecast dashboard each week",
        "the board pack generated from the platform instead of by hand",
        "self-serve dashboards for all store managers",
    ),
    "integrations": (
        "orders syncing from Shopify to NetSuite in under five minutes",
        "zero manual CSV uploads into payroll",
        "every new hire provisioned from Workday on day one",
        "the legacy middleware switched off",
        "the claims feed reconciled automatically every night",
    ),
}

PROMISES: dict[str, tuple[Promise, ...]] = {
    "analytics": (
        Promise(
            "Our audit logs have to land in Splunk, or security won't approve this.",
            "audit log export to your SIEM",
            "Vendor will provide audit log export to Customer's SIEM.",
        ),
        Promise(
            "Each region should only see its own numbers.",
            "row-level security by region",
            "Vendor will configure row-level security by region before go-live.",
        ),
        Promise(
            "My analysts are going to need proper hands-on training.",
            "two onsite enablement workshops",
            "Vendor will deliver two onsite enablement workshops within the first 90 days.",
        ),
        Promise(
            "We'd want a direct line to your support engineers.",
            "a shared Slack channel with our support engineers",
            "Vendor will provide a shared Slack channel with its support engineers.",
        ),
        Promise(
            "The board pack is what the executives actually look at.",
            "custom dashboard templates for your board pack",
            "Vendor will build custom dashboard templates for Customer's board pack.",
        ),
        Promise(
            "We have three years of Looker content to move over.",
            "a migration of your existing Looker dashboards",
            "Vendor will migrate up to 50 existing Looker dashboards at no additional cost.",
        ),
        Promise(
            "Our data has to stay in the EU.",
            "EU data residency",
            "Vendor will host all Customer Data in its EU region.",
        ),
    ),
    "integrations": (
        Promise(
            "NetSuite is our system of record, so that connector is non-negotiable.",
            "the NetSuite connector with custom-record support",
            "Vendor will provide the NetSuite connector with custom-record support.",
        ),
        Promise(
            "Orders can't sit in a queue; downtime costs us real money.",
            "a 99.9% uptime SLA on the sync API",
            "Vendor commits to a 99.9% uptime SLA on the sync API with service credits.",
        ),
        Promise(
            "We don't have integration engineers of our own.",
            "a named integration engineer for the first 90 days",
            "Vendor will assign a named integration engineer for the first 90 days.",
        ),
        Promise(
            "When Workday has an outage we lose events and nobody notices.",
            "webhook retries with a dead-letter queue",
            "Vendor will provide webhook retries with a dead-letter queue.",
        ),
        Promise(
            "Our Salesforce org is full of custom objects.",
            "field-level mapping for your custom objects",
            "Vendor will support field-level mapping for Customer's custom objects.",
        ),
        Promise(
            "Everything has to go through Azure AD.",
            "SSO with your Azure AD tenant",
            "Vendor will provide SSO with Customer's Azure AD tenant.",
        ),
        Promise(
            "If a sync breaks we need to replay a whole day.",
            "30 days of replayable sync history",
            "Vendor will retain 30 days of replayable sync history.",
        ),
    ),
}

DECLINED: dict[str, tuple[str, ...]] = {
    "analytics": (
        "an on-premise deployment",
        "a perpetual licence",
        "unlimited free viewer seats",
        "a custom forecasting model built for you",
    ),
    "integrations": (
        "a mainframe connector",
        "a five-second sync guarantee on every object",
        "source-code escrow",
        "a flat fee for unlimited connectors",
    ),
}

WORKAROUNDS: dict[str, tuple[Workaround, ...]] = {
    "analytics": (
        Workaround("the Salesforce Education Cloud sync", "a nightly CSV export"),
        Workaround("native Snowflake write-back", "a scheduled reverse-ETL script"),
        Workaround("a scheduled PDF board pack", "a script that emails the PDFs"),
    ),
    "integrations": (
        Workaround("the SAP S/4HANA connector", "a REST bridge"),
        Workaround("two-way Zendesk sync", "a one-way sync plus a webhook"),
        Workaround("an EDI 850 parser", "an EDI mapping"),
    ),
}

OBJECTIONS: tuple[Objection, ...] = (
    Objection(
        "the year-two price",
        "My concern is the year-two price. If adoption is slow, that number is hard to "
        "defend to my board.",
        "I understand. That's why the ramp is there: year one carries less risk while "
        "your teams get going.",
        "Okay, with the adoption review before the second invoice, I can live with the "
        "year-two number.",
        "I'm still not comfortable with the year-two number, but we'll move forward.",
        needs_ramp=True,
    ),
    Objection(
        "implementation time",
        "Honestly I'm worried about implementation time. We cannot take on a six-month "
        "project this year.",
        "Most teams your size are live in six to eight weeks; the plan we shared has "
        "your first use case in week three.",
        "Seeing the week-by-week plan helps. I'm comfortable with the timeline now.",
        "I've heard six weeks from every vendor. I'm not convinced, to be honest.",
    ),
    Objection(
        "adoption",
        "My worry is the regional teams. They love their spreadsheets and they won't "
        "switch just because we bought something.",
        "That's common. We usually start with one team that feels the pain most and use "
        "them as the example.",
        "Starting with one team makes sense. That works for me.",
        "Maybe, but that's still my biggest worry going into rollout.",
    ),
    Objection(
        "data volumes",
        "I'm worried about scale. The last tool we trialled fell over with our data volumes.",
        "We load-tested with a dataset three times your size during the trial.",
        "Right, the trial numbers were solid. That answers it for me.",
        "The trial wasn't peak season though. I'm still not convinced.",
    ),
    Objection(
        "the liability cap",
        "Our legal team is not comfortable with the liability cap in your paper.",
        "We moved the cap to twice annual fees, which is as far as we can go.",
        "Legal came back this morning, and twice fees works for us.",
        "That's still a problem for us; our general counsel won't move on it.",
    ),
)

FILLER: dict[str, tuple[tuple[str, str], ...]] = {
    "analytics": (
        (
            "How do refresh schedules work if a source is late?",
            "Each dataset has its own schedule, and a late source just delays that one refresh.",
        ),
        (
            "Can managers build their own views, or does everything go through my team?",
            "Managers can save their own views; your team controls the certified datasets.",
        ),
        (
            "What happens to our dashboards if we change the warehouse schema?",
            "Lineage shows every dashboard that touches a column before you change it.",
        ),
        (
            "Is there a mobile view for the field team?",
            "The dashboards are responsive, and there's a read-only mobile app.",
        ),
    ),
    "integrations": (
        (
            "How do you handle a field that gets renamed in the source system?",
            "The mapping flags it and pauses that flow instead of writing bad data.",
        ),
        (
            "Where do we see failed records?",
            "There's an errors view per flow, and each failed record can be replayed.",
        ),
        (
            "Do we need to open firewall ports for the on-prem database?",
            "No, the agent makes outbound connections only.",
        ),
        (
            "How are credentials stored?",
            "Encrypted per connection, and your admins can rotate them without downtime.",
        ),
    ),
}

BOARD_MEMBERS = ("Jordan Alvarez", "Helen Okoro", "Martin Voss")
INSIDERS = (
    "Sam Ortiz (our VP Solutions) ran an earlier pilot with their data team",
    "Rita Gomez (our Head of Partnerships) knows their CTO from a previous company",
    "Our CFO presented at their finance leadership offsite last year",
)
HOMEGROWN = ("an in-house reporting team", "a homegrown ETL pipeline", "spreadsheets and macros")
