"""The intake contract (v1) as a pydantic schema: one definition validates HTTP and file events.

Every value is bounded by what stores it (a column's length, PostgreSQL's integer, the money
columns' digits, sane years), so an event the contract accepts is one the worker can load.
`raw_problems` checks what pydantic never looks at: the raw body is stored as it arrived,
ignored keys included, so its depth, NUL characters, lone surrogates and non-finite numbers are
refused everywhere in it.
"""

import math
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from django.db.models import Model
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    model_validator,
)

from accounts.models import BusinessUnit
from handoffs.models import (
    Account,
    Contact,
    ContractClause,
    InboundEvent,
    Opportunity,
    OpportunityLine,
    Transcript,
    TranscriptTurn,
)

ContactRoleName = Literal[
    "economic_buyer",
    "champion",
    "technical_buyer",
    "security_reviewer",
    "end_user_lead",
    "executive_sponsor",
    "legal",
    "procurement",
]

MAX_DEPTH = 32
# PostgreSQL's `integer`, the column type of Django's (Positive)IntegerField.
DB_INTEGER_MAX = 2**31 - 1
# Text columns have no length of their own; one value of the contract still has a ceiling.
LONG_TEXT = 50_000
# Names and labels the event brings that are kept inside JSON columns.
LABEL = 200
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200
EVENT_ID_CHARACTERS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-"
)


def column_length(model: type[Model], field: str) -> int:
    return model._meta.get_field(field).max_length


def _event_id(value: str) -> str:
    """An event id names the event in its status URL, so it keeps to URL-safe characters."""
    longest = column_length(InboundEvent, "event_id")
    if not 1 <= len(value) <= longest:
        raise ValueError(f"an event id has 1 to {longest} characters")
    if not set(value) <= EVENT_ID_CHARACTERS or not value[0].isalnum():
        raise ValueError(
            "an event id starts with a letter or digit and uses only letters, digits and . _ : -"
        )
    return value


def _sane_year(value: date) -> date:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


def _email(value: str) -> str:
    """Addresses are matched without case, so they are kept lower-cased."""
    value = value.lower()
    if len(value) > column_length(Contact, "email"):
        raise ValueError(f"at most {column_length(Contact, 'email')} characters")
    return value


def _fits_url_column(value: HttpUrl) -> HttpUrl:
    if len(str(value)) > column_length(Contact, "linkedin_url"):
        raise ValueError(f"at most {column_length(Contact, 'linkedin_url')} characters")
    return value


EventDate = Annotated[date, AfterValidator(_sane_year)]
EventTime = Annotated[AwareDatetime, AfterValidator(_sane_year)]
Email = Annotated[str, AfterValidator(_email)]
Label = Annotated[str, Field(max_length=LABEL)]
LongText = Annotated[str, Field(max_length=LONG_TEXT)]
Money = Annotated[
    Decimal,
    Field(
        ge=0,
        max_digits=Opportunity._meta.get_field("amount").max_digits,
        decimal_places=Opportunity._meta.get_field("amount").decimal_places,
    ),
]
Count = Annotated[int, Field(ge=0, le=DB_INTEGER_MAX)]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class OpportunityLineIn(_Strict):
    product: str = Field(min_length=1, max_length=column_length(OpportunityLine, "product"))
    business_unit: str = Field(
        min_length=1,
        max_length=column_length(BusinessUnit, "slug"),
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
    )
    amount: Money


class OpportunityIn(_Strict):
    external_id: str = Field(min_length=1, max_length=column_length(Opportunity, "external_id"))
    name: str = Field(min_length=1, max_length=column_length(Opportunity, "name"))
    close_date: EventDate
    amount: Money
    currency: Currency = "USD"
    segment: Literal["saas", "platform", "enterprise"]
    motion: Literal["sales_led", "plg"] = "sales_led"
    owner_email: Email = ""
    lines: list[OpportunityLineIn] = Field(min_length=1)


class AccountIn(_Strict):
    external_id: str = Field(min_length=1, max_length=column_length(Account, "external_id"))
    name: str = Field(min_length=1, max_length=column_length(Account, "name"))
    domain: str = Field(default="", max_length=column_length(Account, "domain"))
    industry: str = Field(default="", max_length=column_length(Account, "industry"))
    employees: Count | None = None
    prior_vendors: list[Label] | None = None
    board_relationships: list[Label] | None = None
    internal_champions: list[Label] | None = None


class ContactIn(_Strict):
    external_id: str = Field(min_length=1, max_length=column_length(Contact, "external_id"))
    name: str = Field(min_length=1, max_length=column_length(Contact, "name"))
    title: str = Field(default="", max_length=column_length(Contact, "title"))
    email: Email = ""
    linkedin_url: Annotated[HttpUrl, AfterValidator(_fits_url_column)] | Literal[""] = ""
    role_start_date: EventDate | None = None
    roles: list[ContactRoleName] = []
    status: Literal["active", "left_company"] = "active"


class MeddpiccIn(_Strict):
    metrics: LongText = ""
    economic_buyer: LongText = ""
    decision_criteria: LongText = ""
    decision_process: LongText = ""
    paper_process: LongText = ""
    identify_pain: LongText = ""
    champion: LongText = ""
    competition: LongText = ""


class RampStepIn(_Strict):
    period: str = Field(min_length=1, max_length=50)
    amount: Money


class ClauseIn(_Strict):
    id: str = Field(min_length=1, max_length=column_length(ContractClause, "clause_id"))
    text: LongText = Field(min_length=1)


class ContractIn(_Strict):
    acv: Money
    currency: Currency = "USD"
    term_months: int = Field(ge=1, le=120)
    start_date: EventDate | None = None
    ramp: list[RampStepIn] = []
    prepaid: bool = False
    prepay_terms: LongText = ""
    opt_outs: list[LongText] = []
    clauses: list[ClauseIn] = []


class ParticipantIn(_Strict):
    name: str = Field(min_length=1, max_length=column_length(TranscriptTurn, "speaker"))
    side: Literal["seller", "buyer"]
    email: str = Field(default="", max_length=column_length(Contact, "email"))


class TurnIn(_Strict):
    speaker: str = Field(min_length=1, max_length=column_length(TranscriptTurn, "speaker"))
    start_seconds: Count = 0
    text: LongText = Field(min_length=1)


class TranscriptIn(_Strict):
    external_id: str = Field(min_length=1, max_length=column_length(Transcript, "external_id"))
    title: str = Field(min_length=1, max_length=column_length(Transcript, "title"))
    occurred_at: EventTime
    source: str = Field(default="", max_length=column_length(Transcript, "source"))
    participants: list[ParticipantIn] = Field(min_length=1)
    turns: list[TurnIn] = Field(min_length=1)

    @model_validator(mode="after")
    def _speakers_are_participants(self) -> "TranscriptIn":
        names = {participant.name for participant in self.participants}
        strangers = sorted({turn.speaker for turn in self.turns} - names)
        if strangers:
            raise ValueError(f"speakers not among the participants: {', '.join(strangers)}")
        return self


class TriggerIn(_Strict):
    kind: str = Field(min_length=1, max_length=50)
    detail: LongText = ""
    plan_from: str = Field(default="", max_length=50)
    plan_to: str = Field(default="", max_length=50)
    amount: Money
    currency: Currency = "USD"


class SeatCountIn(_Strict):
    date: EventDate
    count: Count


class FeatureAdoptionIn(_Strict):
    feature: Label = Field(min_length=1)
    adoption_pct: float = Field(ge=0, le=100)


class IntegrationIn(_Strict):
    name: Label = Field(min_length=1)
    connected_at: EventDate | None = None


class TelemetryIn(_Strict):
    active_seats: list[SeatCountIn] = []
    feature_adoption: list[FeatureAdoptionIn] = []
    integrations: list[IntegrationIn] = []


class SalesAssistTouchIn(_Strict):
    occurred_at: EventTime
    rep_email: Email = ""
    summary: LongText = Field(min_length=1)


class IntakeEvent(_Strict):
    """One Closed-Won or PLG-trigger event; which blocks are required depends on the type."""

    event_id: Annotated[str, AfterValidator(_event_id)]
    event_type: Literal["opportunity.closed_won", "account.plg_trigger"]
    occurred_at: EventTime
    source: str = Field(default="", max_length=column_length(Opportunity, "source"))
    opportunity: OpportunityIn | None = None
    account: AccountIn
    contacts: list[ContactIn] = []
    meddpicc: MeddpiccIn | None = None
    contract: ContractIn | None = None
    transcripts: list[TranscriptIn] = []
    trigger: TriggerIn | None = None
    telemetry: TelemetryIn | None = None
    sales_assist_touches: list[SalesAssistTouchIn] = []

    @model_validator(mode="after")
    def _blocks_match_the_type(self) -> "IntakeEvent":
        if self.event_type == "opportunity.closed_won" and self.opportunity is None:
            raise ValueError("opportunity.closed_won events need an `opportunity` block")
        if self.event_type == "account.plg_trigger" and self.trigger is None:
            raise ValueError("account.plg_trigger events need a `trigger` block")
        longest = column_length(Opportunity, "external_id")
        if len(opportunity_key(self)) > longest:
            raise ValueError(
                f"account.external_id and the trigger's plan make a deal key longer than "
                f"{longest} characters"
            )
        return self


def opportunity_key(event: IntakeEvent) -> str:
    """The natural key of the deal an event is about; a handoff is unique on it."""
    if event.event_type == "opportunity.closed_won":
        return event.opportunity.external_id
    plan = event.trigger.plan_to or event.trigger.kind
    return f"plg:{event.account.external_id}:{plan}".lower()


def raw_problems(payload: object) -> dict[str, list[str]]:
    """What the stored body may not hold, by dotted path: nesting deeper than MAX_DEPTH, NUL
    characters and lone surrogates (in keys too), and numbers that are not finite."""
    problems: dict[str, list[str]] = {}
    pending: list[tuple[object, str, int]] = [(payload, "", 1)]
    while pending:
        value, path, depth = pending.pop()
        where = path or "event"
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                problems.setdefault(where, []).append(f"nested deeper than {MAX_DEPTH} levels")
                continue
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if problem := _text_problem(str(key)):
                    problems.setdefault(where, []).append(f"a key {problem}")
                    continue
                pending.append((item, f"{path}.{key}" if path else str(key), depth + 1))
        elif isinstance(value, str) and (problem := _text_problem(value)):
            problems.setdefault(where, []).append(problem)
        elif isinstance(value, float) and not math.isfinite(value):
            problems.setdefault(where, []).append("must be a finite number")
    return problems


def _text_problem(text: str) -> str:
    if "\x00" in text:
        return "contains a NUL character (\\u0000), which cannot be stored"
    try:
        text.encode()
    except UnicodeEncodeError:
        return "is not valid Unicode (it holds a lone surrogate)"
    return ""
