"""The intake contract (v1) as a pydantic schema: one definition validates HTTP and file events."""

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, HttpUrl, model_validator

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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class OpportunityLineIn(_Strict):
    product: str = Field(min_length=1, max_length=200)
    business_unit: str = Field(min_length=1, max_length=50, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    amount: Decimal = Field(ge=0, max_digits=14, decimal_places=2)


class OpportunityIn(_Strict):
    external_id: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=200)
    close_date: date
    amount: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    segment: Literal["saas", "platform", "enterprise"]
    motion: Literal["sales_led", "plg"] = "sales_led"
    owner_email: str = Field(default="", max_length=254)
    lines: list[OpportunityLineIn] = Field(min_length=1)


class AccountIn(_Strict):
    external_id: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=200)
    domain: str = Field(default="", max_length=200)
    industry: str = Field(default="", max_length=100)
    employees: int | None = Field(default=None, ge=0)
    prior_vendors: list[str] | None = None
    board_relationships: list[str] | None = None
    internal_champions: list[str] | None = None


class ContactIn(_Strict):
    external_id: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=200)
    title: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=254)
    linkedin_url: HttpUrl | Literal[""] = ""
    role_start_date: date | None = None
    roles: list[ContactRoleName] = []
    status: Literal["active", "left_company"] = "active"


class MeddpiccIn(_Strict):
    metrics: str = ""
    economic_buyer: str = ""
    decision_criteria: str = ""
    decision_process: str = ""
    paper_process: str = ""
    identify_pain: str = ""
    champion: str = ""
    competition: str = ""


class RampStepIn(_Strict):
    period: str = Field(min_length=1, max_length=50)
    amount: Decimal = Field(ge=0)


class ClauseIn(_Strict):
    id: str = Field(min_length=1, max_length=30)
    text: str = Field(min_length=1)


class ContractIn(_Strict):
    acv: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    term_months: int = Field(ge=1, le=120)
    start_date: date | None = None
    ramp: list[RampStepIn] = []
    prepaid: bool = False
    prepay_terms: str = ""
    opt_outs: list[str] = []
    clauses: list[ClauseIn] = []


class ParticipantIn(_Strict):
    name: str = Field(min_length=1, max_length=200)
    side: Literal["seller", "buyer"]
    email: str = ""


class TurnIn(_Strict):
    speaker: str = Field(min_length=1, max_length=200)
    start_seconds: int = Field(default=0, ge=0)
    text: str = Field(min_length=1)


class TranscriptIn(_Strict):
    external_id: str = Field(min_length=1, max_length=100)
    title: str = Field(min_length=1, max_length=300)
    occurred_at: AwareDatetime
    source: str = ""
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
    detail: str = ""
    plan_from: str = ""
    plan_to: str = ""
    amount: Decimal = Field(ge=0)
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")


class SeatCountIn(_Strict):
    date: date
    count: int = Field(ge=0)


class FeatureAdoptionIn(_Strict):
    feature: str = Field(min_length=1)
    adoption_pct: float = Field(ge=0, le=100)


class IntegrationIn(_Strict):
    name: str = Field(min_length=1)
    connected_at: date | None = None


class TelemetryIn(_Strict):
    active_seats: list[SeatCountIn] = []
    feature_adoption: list[FeatureAdoptionIn] = []
    integrations: list[IntegrationIn] = []


class SalesAssistTouchIn(_Strict):
    occurred_at: AwareDatetime
    rep_email: str = ""
    summary: str = Field(min_length=1)


class IntakeEvent(_Strict):
    """One Closed-Won or PLG-trigger event; which blocks are required depends on the type."""

    event_id: str = Field(min_length=1, max_length=200)
    event_type: Literal["opportunity.closed_won", "account.plg_trigger"]
    occurred_at: AwareDatetime
    source: str = Field(default="", max_length=50)
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
        return self
