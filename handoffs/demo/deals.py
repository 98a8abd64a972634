"""Thirty won deals (Closed-Won and PLG upgrades) as intake events for the current quarter.

Every date is an offset from `anchor`, the day the demo is seeded, and the seed is fixed. No
random draw depends on the anchor, so names, wording and record ids stay the same when the
demo is reseeded on a later day; only the dates move.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

from handoffs.demo.buyers import (
    Buyer,
    NamePool,
    contact_rows,
    crm_id,
    numbered_id,
    staff,
)
from handoffs.demo.catalog import (
    BOARD_MEMBERS,
    COMPANIES,
    COMPETITORS,
    CRITERIA,
    DECLINED,
    HOMEGROWN,
    INSIDERS,
    OBJECTIONS,
    PAINS,
    PRODUCTS,
    PROMISES,
    RE_EVALUATE,
    SALES_ENGINEERS,
    WHY_US,
    WORKAROUNDS,
    Company,
)
from handoffs.demo.conversations import Cast, Speaker, Story, spoken_date, transcripts
from handoffs.demo.people import PEOPLE, DemoPerson
from handoffs.demo.plg import plg_event

SEED = 20270312
# (sales-led, PLG) per AE. PLG upgrades land in the PLG business unit (analytics by default),
# so only the analytics AEs assist them.
DEALS_PER_AE = {
    "maya.chen@seller.example": (6, 2),
    "devon.price@seller.example": (5, 3),
    "sofia.ramirez@seller.example": (7, 0),
    "ethan.walsh@seller.example": (7, 0),
}
SEGMENTS = ["saas"] * 8 + ["platform"] * 9 + ["enterprise"] * 8
PLG_SEGMENTS = ["saas"] * 4 + ["enterprise"]
MULTI_BU, THIN_SALES_LED, THIN_PLG = 5, 8, 2
# What a thin deal lacks: two to four of these, enough to fail the completeness gate.
GAPS = ("economic_buyer", "success_criteria", "competition", "profiles")
HUBSPOT_SHARE = {"saas": 0.7, "platform": 0.3, "enterprise": 0.0}
DEAL_SIZE_K = {"saas": (18, 60), "platform": (60, 150), "enterprise": (150, 420)}
HEADCOUNT = {"saas": (80, 900), "platform": (600, 5000), "enterprise": (3000, 40000)}
TERMS = {"saas": (12, 12, 24), "platform": (12, 24, 36), "enterprise": (24, 36, 36)}
BILLING = (
    "Billed annually in advance, net 30.",
    "Billed annually in advance, net 45.",
    "Billed quarterly in advance, net 30.",
)
PREPAID = ("Full term paid upfront for a 5% discount.", "Year one paid upfront, then annually.")
OPT_OUTS = (  # (shortest term in months it makes sense for, clause)
    (24, "Customer may terminate for convenience at month 12 with 90 days written notice."),
    (12, "Customer may exit at month 6 if the go-live milestone in Exhibit A is missed."),
    (12, "Either party may terminate on 60 days notice if the uptime SLA is missed twice running."),
)
BOILERPLATE = (
    ("9.2", "Customer Data is processed under the Data Processing Addendum in Exhibit C."),
    ("11.1", "Support is provided under the Premier plan with a four-hour P1 response time."),
    ("12.3", "Liability is capped at twice the fees paid in the preceding twelve months."),
)


@dataclass(frozen=True)
class DealPlan:
    """The shape of one deal, fixed before any text is written so the quarter has its mix."""

    company: Company
    owner: DemoPerson
    segment: str
    plg: bool
    multi_bu: bool
    gaps: frozenset[str]
    days_ago: int
    departed: bool
    champion_leaves: bool
    security_open: bool
    workaround: bool


def demo_events(anchor: date) -> list[dict]:
    """The demo quarter's intake events, oldest first, closed over the ten weeks to `anchor`."""
    rng = random.Random(SEED)
    names = NamePool(rng)
    events = []
    for plan in _plan(rng):
        close = anchor - timedelta(days=plan.days_ago)
        if plan.plg:
            events.append(
                plg_event(
                    rng,
                    plan.company,
                    plan.owner,
                    plan.segment,
                    bool(plan.gaps),
                    close,
                    anchor,
                    names,
                )
            )
        else:
            events.append(_closed_won(rng, plan, close, anchor, names))
    return sorted(events, key=lambda event: event["occurred_at"])


def _plan(rng: random.Random) -> list[DealPlan]:
    aes = {person.email: person for person in PEOPLE}
    slots = [
        (aes[email], plg)
        for email, (led, plg_count) in DEALS_PER_AE.items()
        for plg in [False] * led + [True] * plg_count
    ]
    rng.shuffle(slots)
    led = [i for i, (_, plg) in enumerate(slots) if not plg]
    plg = [i for i, (_, is_plg) in enumerate(slots) if is_plg]
    segment = dict(zip(led, rng.sample(SEGMENTS, len(SEGMENTS)), strict=True))
    segment |= dict(zip(plg, rng.sample(PLG_SEGMENTS, len(PLG_SEGMENTS)), strict=True))
    multi = set(rng.sample([i for i in led if segment[i] != "saas"], MULTI_BU))
    thin = rng.sample(led, THIN_SALES_LED) + rng.sample(plg, THIN_PLG)
    gaps = {i: frozenset(rng.sample(GAPS, rng.randint(2, 4))) for i in thin}
    departed = set(rng.sample(led, 4))
    leaves = set(rng.sample([i for i in led if i not in departed], 3))
    security_open, workaround = set(rng.sample(led, 8)), set(rng.sample(led, 8))
    days = [1, 1, 2, 2] + [rng.randint(3, 70) for _ in range(len(slots) - 4)]
    rng.shuffle(days)
    companies = rng.sample(COMPANIES, len(slots))
    return [
        DealPlan(
            companies[i],
            owner,
            segment[i],
            is_plg,
            i in multi,
            gaps.get(i, frozenset()),
            days[i],
            i in departed,
            i in leaves,
            i in security_open,
            i in workaround,
        )
        for i, (owner, is_plg) in enumerate(slots)
    ]


def _closed_won(
    rng: random.Random, plan: DealPlan, close: date, anchor: date, names: NamePool
) -> dict:
    unit, company, thin = plan.owner.business_unit, plan.company, bool(plan.gaps)
    other = next(name for name in PRODUCTS if name != unit)
    crm = "hubspot" if rng.random() < HUBSPOT_SHARE[plan.segment] else "salesforce"
    if crm == "salesforce":
        event_id = f"sfdc-evt-{close:%Y%m%d}-{numbered_id(rng, '', 4)}"
        opportunity_id, account_id = crm_id(rng, "006"), crm_id(rng, "001")
        contact_id = partial(crm_id, rng, "003")
    else:
        event_id, opportunity_id = numbered_id(rng, "hs-evt-", 7), numbered_id(rng, "hs-deal-", 7)
        account_id = numbered_id(rng, "hs-company-", 5)
        contact_id = partial(numbered_id, rng, "hs-contact-", 6)
    low, high = DEAL_SIZE_K[plan.segment]
    amount = rng.randint(low * 2, high * 2) * 500
    lines = [{"product": rng.choice(PRODUCTS[unit]), "business_unit": unit, "amount": amount}]
    if plan.multi_bu:
        lines[0]["amount"] = round(amount * rng.choice((0.6, 0.7, 0.8)) / 500) * 500
        lines.append(
            {
                "product": rng.choice(PRODUCTS[other]),
                "business_unit": other,
                "amount": amount - lines[0]["amount"],
            }
        )
    term = rng.choice(TERMS[plan.segment])
    ramped = term > 12 and rng.random() < 0.45

    buyers = staff(rng, names, company.domain, _roles(rng, plan))
    holders = {role: buyer for buyer in buyers for role in buyer.roles}
    departed = rng.choice(("champion", "technical_buyer")) if plan.departed else None
    engineer = rng.choice(SALES_ENGINEERS[unit])
    with_engineer = rng.random() < (0.4 if thin else 0.85)
    cast = Cast(
        ae=Speaker(plan.owner.full_name, plan.owner.email, "seller"),
        engineer=Speaker(engineer, engineer.lower().replace(" ", ".") + "@seller.example", "seller")
        if with_engineer
        else None,
        buyers={role: buyer.speaker() for role, buyer in holders.items()},
    )
    story = _story(rng, plan, unit, other, ramped, close)
    reflected = [promise.clause for promise in story.promises if rng.random() < 0.5]
    if story.workaround and rng.random() < 0.3:
        reflected.append(
            f"Vendor will provide {story.workaround.stopgap} until "
            f"{story.workaround.missing} is generally available."
        )

    calls = 1 if thin else rng.randint(1, 2) if plan.segment == "saas" else rng.randint(2, 3)
    return {
        "event_id": event_id,
        "event_type": "opportunity.closed_won",
        "occurred_at": datetime.combine(
            close, time(rng.randint(15, 22), rng.randrange(0, 60, 5)), tzinfo=UTC
        ).isoformat(),
        "source": crm,
        "opportunity": {
            "external_id": opportunity_id,
            "name": f"{company.name} - {' + '.join(line['product'] for line in lines)}",
            "close_date": close.isoformat(),
            "amount": amount,
            "currency": "USD",
            "segment": plan.segment,
            "motion": "sales_led",
            "owner_email": plan.owner.email,
            "lines": lines,
        },
        "account": _account(rng, plan, account_id, unit),
        "contacts": contact_rows(
            rng, buyers, anchor, contact_id, thin="profiles" in plan.gaps, departed=departed
        ),
        "meddpicc": _meddpicc(rng, plan, story, holders, close),
        "contract": _contract(rng, thin, amount, term, ramped, close, reflected),
        "transcripts": transcripts(rng, story, cast, close, calls),
    }


def _roles(rng: random.Random, plan: DealPlan) -> list[tuple[str, ...]]:
    """Rich deals map the whole buying group; thin ones know little beyond the champion."""
    if plan.gaps:
        roles = [("champion",), ("technical_buyer",)]
        if rng.random() < 0.5:
            roles.append(("end_user_lead",))
    elif rng.random() < 0.35:
        roles = [("champion", "end_user_lead"), ("technical_buyer",), ("security_reviewer",)]
    else:
        roles = [("champion",), ("technical_buyer",), ("security_reviewer",), ("end_user_lead",)]
    if "economic_buyer" not in plan.gaps:
        roles.insert(0, ("economic_buyer",))
    if plan.segment == "enterprise" and not plan.gaps:
        roles.append(rng.choice((("executive_sponsor",), ("legal",), ("procurement",))))
    return roles


def _story(
    rng: random.Random, plan: DealPlan, unit: str, other: str, ramped: bool, close: date
) -> Story:
    thin = bool(plan.gaps)
    promises = rng.sample(PROMISES[unit], rng.randint(1, 2) if thin else rng.randint(2, 4))
    if plan.multi_bu:
        promises.append(rng.choice(PROMISES[other]))
    worries = [o for o in OBJECTIONS if ramped or not o.needs_ramp]
    criteria = []
    if "success_criteria" not in plan.gaps:
        for goal in rng.sample(CRITERIA[unit], rng.randint(1, 2)):
            target = close + timedelta(days=rng.randint(30, 150))
            when = rng.choice((f"by {spoken_date(target)}", f"by the end of {target:%B}"))
            criteria.append(f"{goal} {when}")
    return Story(
        company=plan.company.name,
        unit=unit,
        pain=rng.choice(PAINS[unit]),
        promises=tuple(promises),
        declined=rng.choice(DECLINED[unit]) if rng.random() < 0.8 else None,
        objections=tuple((o, rng.random() < 0.5) for o in rng.sample(worries, rng.randint(1, 2))),
        workaround=rng.choice(WORKAROUNDS[unit]) if plan.workaround else None,
        security_open=True if plan.security_open else (False if rng.random() < 0.4 else None),
        criteria=tuple(criteria),
        competition=None
        if "competition" in plan.gaps
        else (rng.choice(COMPETITORS[unit]), rng.choice(WHY_US), rng.choice(RE_EVALUATE)),
        champion_leaves=plan.champion_leaves,
    )


def _account(rng: random.Random, plan: DealPlan, external_id: str, unit: str) -> dict:
    """Thin deals leave relationships unrecorded; in rich ones an empty list means "none"."""
    account = {
        "external_id": external_id,
        "name": plan.company.name,
        "domain": plan.company.domain,
        "industry": plan.company.industry,
        "employees": rng.randint(*HEADCOUNT[plan.segment]),
    }
    if not plan.gaps:
        board = f"Our board member {rng.choice(BOARD_MEMBERS)} advises {plan.company.name}'s CEO."
        account |= {
            "prior_vendors": [rng.choice(COMPETITORS[unit]), rng.choice(HOMEGROWN)],
            "board_relationships": [board] if rng.random() < 0.3 else [],
            "internal_champions": [rng.choice(INSIDERS)] if rng.random() < 0.4 else [],
        }
    return account


def _meddpicc(
    rng: random.Random, plan: DealPlan, story: Story, holders: dict[str, Buyer], close: date
) -> dict:
    thin, buyer, champion = bool(plan.gaps), holders.get("economic_buyer"), holders["champion"]
    budget = rng.choice(("operations", "IT", "finance transformation", "data"))
    signer = buyer.title if buyer else "budget holder"
    chosen = story.competition[0] if story.competition else ""
    rival = rng.choice([name for name in COMPETITORS[story.unit] if name != chosen])
    return {
        "metrics": "; ".join(story.criteria),
        "economic_buyer": (
            f"{buyer.name} ({buyer.title}) signs; budget from the FY{close:%y} {budget} line."
        )
        if buyer
        else "",
        "decision_criteria": "Must have " + ", ".join(p.thing for p in story.promises[:3]) + ".",
        "decision_process": ""
        if rng.random() < (0.7 if thin else 0.2)
        else (f"Champion-led evaluation, technical deep dive, security review, {signer} sign-off."),
        "paper_process": ""
        if rng.random() < (0.5 if thin else 0.2)
        else (
            "Click-through order form."
            if plan.segment == "saas"
            else f"MSA and order form; legal redlines took two weeks; signed {close.isoformat()}."
        ),
        "identify_pain": story.pain,
        "champion": champion.name
        if thin
        else (f"{champion.name} drove the evaluation and built the business case."),
        "competition": ""
        if story.competition is None
        else (
            f"Evaluated {story.competition[0]} and {rival}. Chose us for {story.competition[1]}. "
            f"Would re-evaluate if {story.competition[2]}."
        ),
    }


def _contract(
    rng: random.Random,
    thin: bool,
    acv: int,
    term: int,
    ramped: bool,
    close: date,
    reflected: list[str],
) -> dict:
    ramp = []
    if ramped:
        first_year = round(acv * rng.choice((0.7, 0.75, 0.8, 0.85)) / 500) * 500
        ramp = [
            {"period": f"Year {year}", "amount": first_year if year == 1 else acv}
            for year in range(1, term // 12 + 1)
        ]
    prepaid = rng.random() < 0.3
    terms = rng.choice(PREPAID if prepaid else BILLING)
    exits = [text for shortest, text in OPT_OUTS if term >= shortest]
    clauses = [{"id": f"4.{n}", "text": text} for n, text in enumerate(reflected, start=1)]
    clauses += [{"id": i, "text": t} for i, t in rng.sample(BOILERPLATE, rng.randint(0, 2))]
    return {
        "acv": acv,
        "currency": "USD",
        "term_months": term,
        "start_date": (close + timedelta(days=rng.randint(1, 21))).isoformat(),
        "ramp": ramp,
        "prepaid": prepaid,
        "prepay_terms": "" if thin and rng.random() < 0.5 else terms,
        "opt_outs": [rng.choice(exits)] if rng.random() < 0.4 else [],
        "clauses": clauses,
    }
