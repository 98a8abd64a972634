"""Sales-call transcripts for the demo deals, assembled from short exchanges ("beats").

Each beat carries a signal the rules drafter has to get right: a commitment phrase, a negation
that only sounds like a promise, an objection settled later in the call or never, a champion
announcing they are leaving. Spoken dates are offsets from the call day, so they stay current.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from handoffs.demo.catalog import FILLER, Objection, Promise, Workaround

MIN_TURNS = 8
MAX_BEATS = 6  # at most three lines each, so a call stays within 24 turns

COMMITMENTS = (
    "Absolutely, we can do {thing}. We'll have that for you {due}.",
    "Yes, that's included: the edition you're buying comes with {thing}.",
    "I will make sure you have {thing} {due}.",
    "No problem, we'll set up {thing} {due}.",
    "I'll personally make sure you get {thing} {due}.",
    "You can count on us to deliver {thing} {due}.",
    "We're going to have {thing} ready for you {due}.",
)
ACKNOWLEDGEMENTS = (
    "Good, please make sure that's written down somewhere.",
    "That helps a lot.",
    "Great, that was on my list.",
)
DECLINES = (
    (
        "buyer",
        "Could you include {x}?",
        "We can't do that, I'm afraid. {X} isn't something we offer, and I'd rather say so now.",
    ),
    (
        "engineer",
        "Could we do {x} for them as a one-off?",
        "No, we can't commit to that. It needs product sign-off, so let's not promise it here.",
    ),
    (
        "buyer",
        "Is {x} possible at all?",
        "Not today, and I don't want to over-promise. Let's keep {x} out of scope.",
    ),
)


@dataclass(frozen=True)
class Speaker:
    name: str
    email: str
    side: str


@dataclass(frozen=True)
class Cast:
    """Who can speak on this deal's calls; the champion stands in for any missing role."""

    ae: Speaker
    engineer: Speaker | None
    buyers: dict[str, Speaker]

    def buyer(self, *roles: str) -> Speaker:
        return next((self.buyers[r] for r in roles if r in self.buyers), self.buyers["champion"])

    @property
    def expert(self) -> Speaker:
        return self.engineer or self.ae


@dataclass(frozen=True)
class Story:
    """What happens across a deal's calls, decided before any line is written."""

    company: str
    unit: str
    pain: str
    promises: tuple[Promise, ...]
    declined: str | None
    objections: tuple[tuple[Objection, bool], ...]
    workaround: Workaround | None
    security_open: bool | None
    criteria: tuple[str, ...]
    competition: tuple[str, str, str] | None
    champion_leaves: bool


@dataclass
class Call:
    day: date
    kind: str
    lines: list[tuple[Speaker, str]] = field(default_factory=list)
    later: list[tuple[Speaker, str]] = field(default_factory=list)
    beats: list["Beat"] = field(default_factory=list)
    finale: list["Beat"] = field(default_factory=list)


Beat = Callable[[Call], None]


def _weekday(day: date) -> date:
    """Calls happen on working days; a weekend date slides back to the Friday."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def spoken_date(day: date) -> str:
    return f"{day:%B} {day.day}"


def spoken_due(rng: random.Random, day: date) -> str:
    """A due date the way people say it: relative, by month, by day, or none at all."""
    style, target = rng.randrange(4), day + timedelta(days=rng.randint(21, 80))
    return (
        "by the end of next month",
        f"by the end of {target:%B}",
        f"by {spoken_date(target)}",
        "in the first week after kickoff",
    )[style]


def transcripts(
    rng: random.Random, story: Story, cast: Cast, close: date, calls: int
) -> list[dict]:
    """At least `calls` calls before `close`, and more while one would run past 24 turns."""
    first: list[Beat] = [lambda call: _pain(rng, story, cast, call)]
    loose: list[Beat] = [
        *(lambda call, p=p: _commit(rng, cast, call, p) for p in story.promises),
        *(
            lambda call, o=o, ok=ok: _objection(rng, cast, call, o, ok)
            for o, ok in story.objections
        ),
    ]
    if story.declined:
        loose.append(lambda call: _decline(rng, cast, call, story.declined))
    if story.workaround:
        loose.append(lambda call: _workaround(rng, cast, call, story.workaround))
    if story.security_open is not None:
        loose.append(lambda call: _security(cast, call, story.security_open))
    last: list[Beat] = []
    if story.criteria:
        last.append(lambda call: _criteria(cast, call, story.criteria))
    if story.competition:
        last.append(lambda call: _competition(cast, call, *story.competition))
    if story.champion_leaves:
        last.append(lambda call: _farewell(rng, cast, call))
    needed = -(-(len(first) + len(loose) + len(last)) // MAX_BEATS)
    days = [_weekday(close - timedelta(days=rng.randint(1, 6)))]
    while len(days) < min(3, max(calls, needed)):
        days.insert(0, _weekday(days[0] - timedelta(days=rng.randint(5, 14))))
    kinds = {
        1: ["evaluation call"],
        2: ["discovery", "commercial review"],
        3: ["discovery", "technical deep dive", "closing call"],
    }[len(days)]
    plan = [Call(day, kind) for day, kind in zip(days, kinds, strict=True)]
    plan[0].beats += first
    plan[-1].finale += last
    rng.shuffle(loose)
    for beat in loose:
        min(plan, key=lambda call: len(call.beats) + len(call.finale)).beats.append(beat)
    ids = rng.sample(range(10000, 99999), len(plan))
    return [
        _render(rng, story, cast, call, f"gong-{number}")
        for call, number in zip(plan, ids, strict=True)
    ]


def _render(rng: random.Random, story: Story, cast: Cast, call: Call, external_id: str) -> dict:
    _opening(rng, cast, call)
    for beat in call.beats + call.finale:
        beat(call)
    questions = rng.sample(FILLER[story.unit], len(FILLER[story.unit]))
    while questions and len(call.lines) + len(call.later) + 2 < MIN_TURNS:
        question, answer = questions.pop()
        call.lines += [
            (cast.buyer("technical_buyer", "end_user_lead"), question),
            (cast.expert, answer),
        ]
    call.lines += call.later
    _closing(rng, cast, call)
    speakers = {speaker for speaker, _ in call.lines} | {cast.buyers["champion"]}
    sellers = [s for s in (cast.ae, cast.engineer) if s is not None]
    buyers = sorted((s for s in speakers if s.side == "buyer"), key=lambda s: s.name)
    turns, clock = [], 0
    for speaker, text in call.lines:
        turns.append({"speaker": speaker.name, "start_seconds": clock, "text": text})
        clock += max(6, len(text) // 14) + rng.randint(2, 15)
    at = time(rng.choice((14, 15, 16, 17, 18, 19)), rng.choice((0, 30)))
    return {
        "external_id": external_id,
        "title": f"{story.company} - {call.kind}",
        "occurred_at": datetime.combine(call.day, at, tzinfo=UTC).isoformat(),
        "source": "gong",
        "participants": [
            {"name": s.name, "side": s.side, "email": s.email} for s in [*sellers, *buyers]
        ],
        "turns": turns,
    }


def _opening(rng: random.Random, cast: Cast, call: Call) -> None:
    agenda = {
        "discovery": "I'd love to understand how things work today and where it hurts.",
        "technical deep dive": "Today we want to work through the technical questions you sent.",
        "commercial review": "I'd like to walk through the order form and what is still open.",
        "closing call": "I'd like to make sure nothing is left open before signature.",
        "evaluation call": "I'd like to cover your requirements and then the commercials.",
    }[call.kind]
    hello = rng.choice(
        (
            "Thanks for making time.",
            "Thanks for joining, everyone.",
            "Appreciate you fitting us in this week.",
        )
    )
    reply = rng.choice(
        ("Sounds good.", "Great, we have a few questions lined up.", "Sure, go ahead.")
    )
    call.lines += [(cast.ae, f"{hello} {agenda}"), (cast.buyers["champion"], reply)]


def _closing(rng: random.Random, cast: Cast, call: Call) -> None:
    wrap = rng.choice(
        (
            "Recap and next steps will be in your inbox this afternoon.",
            "Expect the notes and the updated order form tonight.",
        )
    )
    thanks = rng.choice(
        ("Perfect, thanks everyone.", "Great, talk next week.", "Thanks, this was useful.")
    )
    call.lines += [(cast.ae, wrap), (cast.buyers["champion"], thanks)]


def _pain(rng: random.Random, story: Story, cast: Cast, call: Call) -> None:
    echo = rng.choice(
        (
            "That's the pattern we hear most often.",
            "That's exactly the problem the platform was built for.",
        )
    )
    call.lines += [
        (cast.ae, "Walk me through what happens today."),
        (cast.buyer("end_user_lead", "champion"), story.pain),
        (cast.ae, echo),
    ]


def _commit(rng: random.Random, cast: Cast, call: Call, promise: Promise) -> None:
    template, due = rng.choice(COMMITMENTS), spoken_due(rng, call.day)
    asker = cast.buyer(rng.choice(("technical_buyer", "security_reviewer", "champion")))
    promiser = rng.choice((cast.ae, cast.expert))
    call.lines += [(asker, promise.ask), (promiser, template.format(thing=promise.thing, due=due))]
    if rng.random() < 0.5:
        call.lines.append((asker, rng.choice(ACKNOWLEDGEMENTS)))


def _decline(rng: random.Random, cast: Cast, call: Call, wish: str) -> None:
    asker, question, answer = rng.choice(DECLINES)
    speaker = cast.engineer if asker == "engineer" and cast.engineer else cast.buyer("champion")
    text = answer.format(x=wish, X=wish[0].upper() + wish[1:])
    call.lines += [(speaker, question.format(x=wish)), (cast.ae, text)]


def _objection(
    rng: random.Random, cast: Cast, call: Call, objection: Objection, resolved: bool
) -> None:
    buyer = cast.buyer("economic_buyer", "champion")
    call.lines += [(buyer, objection.concern), (cast.ae, objection.answer)]
    if not resolved:
        call.lines.append((buyer, objection.unsettled))
    elif rng.random() < 0.5:
        call.lines.append((buyer, objection.settled))
    else:
        call.later.append(
            (buyer, f"Going back to {objection.topic} for a second. {objection.settled}")
        )


def _workaround(rng: random.Random, cast: Cast, call: Call, gap: Workaround) -> None:
    quarter = (call.day.month - 1) // 3 + 2
    roadmap = f"Q{quarter}" if quarter <= 4 else "Q1 next year"
    call.lines += [
        (
            cast.buyer("technical_buyer"),
            f"We also need {gap.missing}, and I know that isn't in your product today.",
        ),
        (
            cast.expert,
            f"Right, {gap.missing} is on our roadmap for {roadmap}. Until it ships, our team can "
            f"build {gap.stopgap} as a custom workaround. We'll have that for you "
            f"{spoken_due(rng, call.day)}.",
        ),
        (cast.buyer("technical_buyer"), "Okay, as long as it holds until the real thing ships."),
    ]


def _security(cast: Cast, call: Call, still_open: bool) -> None:
    reviewer = cast.buyer("security_reviewer", "technical_buyer")
    if still_open:
        call.lines += [
            (
                reviewer,
                "Our security review is still open. We haven't finished your vendor "
                "questionnaire and I still need the latest pen test report.",
            ),
            (cast.ae, "The SOC 2 report and the pen test summary are on their way today."),
            (reviewer, "Thanks. Until that's closed I can't approve production data going in."),
        ]
    else:
        call.lines += [
            (reviewer, "Quick update from security: the review is finished, no open findings."),
            (cast.ae, "Great, thank you for turning it around so quickly."),
        ]


def _criteria(cast: Cast, call: Call, criteria: tuple[str, ...]) -> None:
    said = f"For us, success is {criteria[0]}."
    if len(criteria) > 1:
        said += f" And a second one: {criteria[1]}."
    call.lines += [
        (cast.ae, "Before we finish, what does success look like for you in the first months?"),
        (cast.buyer("economic_buyer", "champion"), said),
        (cast.ae, "That's clear. I'll put that in the success plan word for word."),
    ]


def _competition(cast: Cast, call: Call, rival: str, why: str, trigger: str) -> None:
    call.lines += [
        (cast.ae, "Can I ask what put us ahead in the end?"),
        (
            cast.buyer("economic_buyer", "champion"),
            f"We looked hard at {rival}, but {why} won us over. "
            f"If {trigger}, we'd have to revisit.",
        ),
    ]


def _farewell(rng: random.Random, cast: Cast, call: Call) -> None:
    champion = cast.buyers["champion"]
    heirs = [
        cast.buyers[role]
        for role in ("end_user_lead", "technical_buyer", "economic_buyer")
        if cast.buyers.get(role, champion) != champion
    ]
    heir = heirs[0].name if heirs else None
    last_day = spoken_date(call.day + timedelta(days=rng.randint(10, 30)))
    call.lines += [
        (
            champion,
            f"Before we wrap, you should hear this from me: I've accepted a role at "
            f"another company and my last day is {last_day}. {heir or 'My manager'} will "
            f"pick up the rollout.",
        ),
        (
            cast.ae,
            f"Congratulations, {champion.name.split()[0]}, and since your last day is "
            f"{last_day}, let's get {heir or 'your manager'} into the kickoff.",
        ),
    ]
