"""Product-led upgrade events: usage crossed a line, a rep assisted, and now a CSM is needed.

These carry no CRM opportunity or transcripts; the packet is built from telemetry and the
sales-assist touches, and the last touch's rep becomes the deal owner.
"""

import random
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

from handoffs.demo.buyers import Buyer, NamePool, contact_rows, numbered_id, staff
from handoffs.demo.catalog import COMPETITORS, CRITERIA, RE_EVALUATE, WHY_US, Company
from handoffs.demo.conversations import spoken_date
from handoffs.demo.people import DemoPerson

TRIGGERS = {
    "saas": (
        (
            "usage_threshold",
            "Active seats crossed {seats} (threshold {seats}) and the workspace "
            "upgraded from Team to Business.",
            "Team",
            "Business",
        ),
        (
            "self_serve_upgrade",
            "A workspace admin upgraded from Team to Business and switched to annual billing.",
            "Team",
            "Business",
        ),
    ),
    "enterprise": (
        (
            "enterprise_request",
            "A workspace admin asked for SSO, audit logs and an annual invoice; "
            "the account moved from Business to Enterprise at {seats} seats.",
            "Business",
            "Enterprise",
        ),
    ),
}
FEATURES = (
    "dashboards",
    "alerts",
    "scheduled_reports",
    "row_level_security",
    "embedded_analytics",
    "forecasting",
)
APPS = ("Snowflake", "BigQuery", "Slack", "dbt Cloud", "Salesforce", "Google Sheets")
TOUCHES = (
    "{name} asked about SSO and an annual invoice; sent the {plan} plan security overview.",
    "Walked {name} through admin roles and seat management on the {plan} plan.",
    "{name} asked how row-level security works; shared the docs and offered an SE call.",
    "Call with {name} about folding three team workspaces into one {plan} account.",
)


def plg_event(
    rng: random.Random,
    company: Company,
    rep: DemoPerson,
    segment: str,
    thin: bool,
    day: date,
    anchor: date,
    names: NamePool,
) -> dict:
    kind, detail, plan_from, plan_to = rng.choice(TRIGGERS[segment])
    threshold = rng.choice((200, 250)) if segment == "enterprise" else rng.choice((25, 50))
    amount = rng.randint(110, 180) * 1000 if segment == "enterprise" else rng.randint(12, 45) * 1000
    seats = _seat_curve(rng, threshold)
    roles = [
        ("champion", "end_user_lead"),
        ("technical_buyer",),
        ("economic_buyer",),
        ("security_reviewer",),
    ]
    buyers = staff(rng, names, company.domain, roles[: rng.randint(1, 2) if thin else 4])
    champion = buyers[0].name.split()[0]
    touch_days = sorted((rng.randint(3, 45) for _ in range(rng.randint(1, 3))), reverse=True)
    event = {
        "event_id": numbered_id(rng, f"prod-evt-{day.isoformat()}-", 4),
        "event_type": "account.plg_trigger",
        "occurred_at": datetime.combine(day, time(rng.randint(7, 11), 0), tzinfo=UTC).isoformat(),
        "source": "product",
        "trigger": {
            "kind": kind,
            "detail": detail.format(seats=threshold),
            "plan_from": plan_from,
            "plan_to": plan_to,
            "amount": amount,
            "currency": "USD",
        },
        "account": {
            "external_id": numbered_id(rng, f"ws-{company.domain.split('.')[0]}-", 4),
            "name": company.name,
            "domain": company.domain,
            "industry": company.industry,
            "employees": rng.randint(120, 2500),
        },
        "contacts": contact_rows(
            rng, buyers, anchor, partial(numbered_id, rng, "ws-user-", 5), thin=thin
        ),
        "telemetry": {
            "active_seats": [
                {"date": _month_start(day, back).isoformat(), "count": count}
                for back, count in zip((3, 2, 1, 0), seats, strict=True)
            ],
            "feature_adoption": [
                {"feature": feature, "adoption_pct": rng.randint(0, 85)}
                for feature in rng.sample(FEATURES, 3)
            ],
            "integrations": [
                {"name": app, "connected_at": (day - timedelta(rng.randint(10, 110))).isoformat()}
                for app in rng.sample(APPS, rng.randint(1, 3))
            ],
        },
        "sales_assist_touches": [
            {
                "occurred_at": datetime.combine(
                    day - timedelta(ago), time(rng.randint(13, 20), 0), tzinfo=UTC
                ).isoformat(),
                "rep_email": rep.email,
                "summary": rng.choice(TOUCHES).format(name=champion, plan=plan_to),
            }
            for ago in touch_days
        ],
        "transcripts": [],
    }
    if not thin:
        _add_assisted_record(rng, event, buyers, day)
    return event


def _add_assisted_record(rng: random.Random, event: dict, buyers: list[Buyer], day: date) -> None:
    """What a rep captures on an assisted upgrade: the paper, the goals, what they moved off."""
    rival = rng.choice(COMPETITORS["analytics"])
    goals = [
        f"{goal} by {spoken_date(day + timedelta(days=rng.randint(30, 120)))}"
        for goal in rng.sample(CRITERIA["analytics"], rng.randint(1, 2))
    ]
    event["account"] |= {
        "prior_vendors": [rival],
        "board_relationships": [],
        "internal_champions": [],
    }
    event["meddpicc"] = {
        "metrics": "; ".join(goals),
        "economic_buyer": f"{buyers[2].name} ({buyers[2].title}) approved the annual plan.",
        "champion": f"{buyers[0].name} grew the workspace team by team.",
        "competition": f"Compared us with {rival} before upgrading. Chose us for "
        f"{rng.choice(WHY_US)}. Would re-evaluate if {rng.choice(RE_EVALUATE)}.",
    }
    event["contract"] = {
        "acv": event["trigger"]["amount"],
        "currency": "USD",
        "term_months": 12,
        "start_date": (day + timedelta(days=1)).isoformat(),
        "ramp": [],
        "prepaid": True,
        "prepay_terms": rng.choice(
            ("Paid annually upfront by card.", "Annual invoice, paid upfront, net 30.")
        ),
        "opt_outs": [],
        "clauses": [],
    }


def _seat_curve(rng: random.Random, threshold: int) -> list[int]:
    """Four monthly seat counts climbing from a small team to just past the threshold."""
    start, end = rng.randint(threshold // 5, threshold // 3), threshold + rng.randint(0, 4)
    middle = sorted(rng.randint(start, end) for _ in range(2))
    return [start, *middle, end]


def _month_start(day: date, months_back: int) -> date:
    month = day.month - 1 - months_back
    return date(day.year + month // 12, month % 12 + 1, 1)
