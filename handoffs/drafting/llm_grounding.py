"""Turn a validated model reply into a draft that says nothing the sources do not.

The rules drafter's draft is the floor (see `floor`): its structured data, commitments and
risks stay whatever the model says, and the model may only add to them with evidence that
checks out against the sources (`llm_sources`):
- people hold the roles the CRM gives them; a model may name someone only for a role the CRM
  leaves empty and no risk depends on (security reviewer, end-user lead);
- facts with a system of record come from that record: commercial terms from the contract,
  prior vendors, internal champions and board exposure from the account;
- what was said on calls comes from the model too, but only quotes found in the turn they
  cite; target and due dates are the ones the quote itself names;
- whether a promise is reflected in the contract or success plan is our reconciliation's call.
This is also the one place where a model's words enter a draft: each field's text, and the
summary of a risk only the model found, keep only the sentences `llm_prose` finds supported;
a field left with none reads as Handbrief writes it from the field's data.
"""

import json
from dataclasses import dataclass, field, replace
from datetime import date

from handoffs.drafting import fields
from handoffs.drafting.base import (
    DealContext,
    Draft,
    DraftedField,
    Evidence,
    MinedCommitment,
    MinedRisk,
)
from handoffs.drafting.commitments import reconcile
from handoffs.drafting.dates import resolve_dates
from handoffs.drafting.floor import disagreement, same_risk, with_commitments, with_risks
from handoffs.drafting.llm_prose import ProseCheck
from handoffs.drafting.llm_schema import EvidenceRef, PacketDraftReply, PersonRef
from handoffs.drafting.llm_sources import SourceIndex, contains, short
from handoffs.drafting.people import contact_evidence, person
from handoffs.drafting.risks import ghost_commitment_risks, top_risks
from handoffs.models import Contact, RiskKind

MODEL_CAUSE = "model:"  # the cause of a risk only the model found (see handoffs.derivation)
# Roles no risk depends on, which a model may fill when the CRM names nobody.
OPEN_ROLES = ("security_reviewer", "end_user_lead")
STAKEHOLDER_ROLES = ("technical_buyer", "security_reviewer", "end_user_lead", "executive_sponsor")


@dataclass
class Grounded:
    """The draft's parts, what the prose check kept and dropped, and where the model and the
    rules disagree."""

    fields: dict[str, DraftedField]
    commitments: list[MinedCommitment]
    risks: list[MinedRisk]
    prose: ProseCheck
    disagreements: list[dict] = field(default_factory=list)


def grounded(
    reply: PacketDraftReply, context: DealContext, sources: SourceIndex, floor: Draft
) -> Grounded:
    builder = _Grounding(reply, context, sources, floor)
    commitments, disagreements = with_commitments(floor.commitments, builder.commitments())
    added = [c for c in commitments if c not in floor.commitments]
    floor_risks = floor.risks + ghost_commitment_risks(added)
    risks, risk_disagreements = with_risks(floor_risks, builder.risks(floor_risks))
    risks = [builder.worded(risk) for risk in risks]
    drafted = {
        "economic_buyer_champion": builder.economic_buyer_champion(),
        "success_criteria": builder.success_criteria(),
        "risk_flags": builder.prose(
            fields.risk_flags(top_risks(risks)), reply.risk_flags.text, reply.risk_flags.evidence
        ),
        "commercial_terms": builder.prose(
            floor.fields["commercial_terms"],
            reply.commercial_terms.text,
            reply.commercial_terms.evidence,
        ),
        "presale_promises": builder.prose(
            fields.presale_promises(context, commitments),
            reply.presale_promises.text,
            reply.presale_promises.evidence,
        ),
        "competitive_context": builder.competitive_context(),
        "stakeholder_map": builder.stakeholder_map(),
        "existing_relationships": builder.prose(
            floor.fields["existing_relationships"],
            reply.existing_relationships.text,
            reply.existing_relationships.evidence,
        ),
    }
    for key, value in floor.fields.items():
        drafted.setdefault(key, value)  # a field the reply has no part for: the rules' draft
    return Grounded(
        fields=drafted,
        commitments=commitments,
        risks=risks,
        prose=builder.checked_prose,
        disagreements=disagreements + risk_disagreements + builder.disagreements,
    )


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    seen, kept = set(), []
    for item in evidence:
        key = tuple(sorted((k, str(v)) for k, v in item.items()))
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _basis(drafted: DraftedField) -> str:
    """What a field's sentences may draw on: its checked data and evidence, as text."""
    quotes = " ".join(str(item.get("quote", "")) for item in drafted.evidence)
    return f"{json.dumps(drafted.data, ensure_ascii=False, default=str)} {quotes}"


def said_date(quote: str, claimed: str, on: date, *, latest: bool) -> date | None:
    """The date the model gave if the quote names it; otherwise the quote's own date."""
    named = resolve_dates(quote, on)
    try:
        wanted = date.fromisoformat(claimed.strip()) if claimed.strip() else None
    except ValueError:
        wanted = None
    if wanted in named:
        return wanted
    if not named:
        return None
    return max(named) if latest else named[0]


def _role(role: str) -> str:
    return role.replace("_", " ")


class _Grounding:
    def __init__(
        self, reply: PacketDraftReply, context: DealContext, sources: SourceIndex, floor: Draft
    ):
        self.reply, self.context, self.sources, self.floor = reply, context, sources, floor
        self.checked_prose = ProseCheck()
        self.disagreements: list[dict] = []

    def _checked(self, refs) -> list[Evidence]:
        return [item for item in (self.sources.check(ref) for ref in refs) if item]

    def prose(
        self, drafted: DraftedField, text: str, cited: list[EvidenceRef], valid=None
    ) -> DraftedField:
        """`drafted` with the model's supported sentences as its text (Handbrief's own text
        when none is) and the model's checked evidence added."""
        valid = self._checked(cited) if valid is None else valid
        drafted = DraftedField(
            text=drafted.text, data=drafted.data, evidence=_unique(drafted.evidence + valid)
        )
        kept = self.checked_prose.check(
            text, _basis(drafted), cited_nothing_valid=bool(cited) and not valid
        )
        return DraftedField(text=kept or drafted.text, data=drafted.data, evidence=drafted.evidence)

    def _named(self, ref: PersonRef | None, role: str) -> Contact | str | None:
        """The CRM contact the model named, the name alone if a source mentions it, or None
        (noted) when it names someone no source does."""
        if ref is None:
            return None
        contact = self.sources.contact(ref.contact_ref, ref.name)
        if contact is not None:
            return contact
        if self.sources.mentioned(ref.name):
            return ref.name.strip()
        self.sources.drop(f"{_role(role)}: the person named is in no source")
        return ""

    def _compare_people(self, data: dict, chosen: dict[str, PersonRef | None]) -> list[Evidence]:
        """Each role keeps the CRM's holder; a model naming someone else is a disagreement.
        Returns the evidence for a person the model may add to an open role."""
        added = []
        for role, ref in chosen.items():
            held, named = data.get(role), self._named(ref, role)
            if isinstance(named, Contact) and held and named.name == held["name"]:
                continue
            if held is None and role in OPEN_ROLES and named:
                data[role], evidence = self._open_role(named, ref, role)
                added += evidence
                self.disagreements.append(
                    disagreement(
                        _role(role).capitalize(),
                        "the CRM names no one",
                        f"named {data[role]['name']}",
                        evidence,
                    )
                )
                continue
            if named is None and held is None:
                continue
            self.disagreements.append(
                disagreement(
                    _role(role).capitalize(),
                    f"the CRM names {held['name']}" if held else "the CRM names no one",
                    _who(named),
                    [contact_evidence(named, role)] if isinstance(named, Contact) else [],
                )
            )
        return added

    def _open_role(self, named: Contact | str, ref: PersonRef, role: str):
        if isinstance(named, Contact):
            return person(named), [contact_evidence(named, role)]
        title = ref.title.strip() if self.sources.mentioned(ref.title) else ""
        return {
            "name": named,
            "title": title,
            "email": "",
            "role_start_date": "",
            "linkedin_url": "",
            "status": "active",
            "contact_ref": "",
        }, []

    def economic_buyer_champion(self) -> DraftedField:
        part, drafted = (
            self.reply.economic_buyer_champion,
            self.floor.fields["economic_buyer_champion"],
        )
        data = dict(drafted.data)
        self._compare_people(
            data, {"economic_buyer": part.economic_buyer, "champion": part.champion}
        )
        return self.prose(
            DraftedField(text=drafted.text, data=data, evidence=drafted.evidence),
            part.text,
            part.evidence,
        )

    def stakeholder_map(self) -> DraftedField:
        part, drafted = self.reply.stakeholder_map, self.floor.fields["stakeholder_map"]
        data = dict(drafted.data)
        added = self._compare_people(
            data, {role: getattr(part, role) for role in STAKEHOLDER_ROLES}
        )
        return self.prose(
            DraftedField(text=drafted.text, data=data, evidence=drafted.evidence),
            part.text,
            [],
            valid=added,
        )

    def success_criteria(self) -> DraftedField:
        """The rules' criteria, and the model's that the rules did not find."""
        part, drafted = self.reply.success_criteria, self.floor.fields["success_criteria"]
        criteria, evidence = list(drafted.data["criteria"]), list(drafted.evidence)
        cited, valid = [item.evidence for item in part.criteria], []
        for item in part.criteria:
            checked = self.sources.check(item.evidence, quote=item.quote)
            criterion = self._criterion(item, checked) if checked else None
            if criterion is None:
                continue
            valid.append(checked)
            if not any(_overlaps(checked, known) for known in evidence):
                criteria.append(criterion)
                evidence.append(checked)
        data = {"criteria": criteria}
        text = fields.success_criteria_text(criteria, fields.usage_summary(self.context))
        return self.prose(
            DraftedField(text=text, data=data, evidence=evidence), part.text, cited, valid
        )

    def _criterion(self, item, checked: Evidence) -> dict | None:
        if checked["kind"] == "transcript":
            call, turn = self.sources.turns[(checked["ref"], checked["turn"])]
            if turn.side != "buyer":
                self.sources.drop(f"success criterion “{short(checked['quote'])}” is the seller's")
                return None
            speaker, source, on = turn.speaker, "transcript", call.call_date
        elif checked["kind"] == "meddpicc" and checked["field"] == "metrics":
            speaker, source, on = (
                "MEDDPICC metrics",
                "meddpicc",
                self.context.opportunity.close_date,
            )
        else:
            self.sources.drop(f"success criterion “{short(checked['quote'])}” is not the buyer's")
            return None
        target = said_date(checked["quote"], item.target_date, on, latest=True)
        return {
            "quote": checked["quote"],
            "speaker": speaker,
            "source": source,
            "target_date": target.isoformat() if target else "",
        }

    def competitive_context(self) -> DraftedField:
        """The rules' statements; the model's fill only what the rules left unrecorded."""
        part, drafted = self.reply.competitive_context, self.floor.fields["competitive_context"]
        data, evidence, cited, valid = dict(drafted.data), list(drafted.evidence), [], []
        for key in ("evaluated", "why_us", "reevaluate_if"):
            statement = getattr(part, key)
            if statement is None:
                continue
            cited.append(statement.evidence)
            checked = self.sources.check(statement.evidence, quote=statement.quote)
            if checked is None:
                continue
            valid.append(checked)
            if not data.get(key):
                data[key] = checked["quote"]
                evidence.append(checked)
        return self.prose(
            DraftedField(text=fields.competitive_text(data), data=data, evidence=evidence),
            part.text,
            cited,
            valid,
        )

    def risks(self, floor: list[MinedRisk]) -> list[MinedRisk]:
        """The model's risks with evidence that checks out, their summaries still unchecked
        (`worded` checks the ones that are kept). A ghost commitment is ours to call: one the
        rules did not raise is not taken."""
        risks = []
        for item in self.reply.risks:
            evidence = self._checked(item.evidence)
            kind = RiskKind(item.kind)
            if not evidence:
                self.sources.drop(f"{kind.label.lower()} risk: none of its evidence checks out")
                continue
            risk = MinedRisk(
                kind=item.kind,
                severity=item.severity,
                summary=item.summary,
                evidence=evidence,
                cause=_model_cause(kind, evidence[0]),
            )
            if kind == RiskKind.GHOST_COMMITMENT and not any(same_risk(r, risk) for r in floor):
                self.sources.drop("ghost commitment: our reconciliation finds no ghost there")
                continue
            risks.append(risk)
        return risks

    def worded(self, risk: MinedRisk) -> MinedRisk:
        """A risk only the model found, summarised in its sentences that its evidence (the
        quotes and who said them) supports, or else by Handbrief from that evidence."""
        if not risk.cause.startswith(MODEL_CAUSE):
            return risk
        said = [
            self.sources.turns[(item["ref"], item["turn"])][1].speaker
            for item in risk.evidence
            if item["kind"] == "transcript"
        ]
        basis = " ".join([*said, *(item["quote"] for item in risk.evidence)])
        kind, first = RiskKind(risk.kind), risk.evidence[0]
        summary = self.checked_prose.check(risk.summary, basis)
        return replace(
            risk,
            summary=summary
            or f"{kind.label} (found by the LLM drafter, {_where(first)}): “{first['quote']}”",
        )

    def commitments(self) -> list[MinedCommitment]:
        """Seller promises found in the turn they cite, one per turn, reconciled by our rules."""
        quotes: dict[tuple[str, int], list[str]] = {}
        for item in self.reply.commitments:
            found = self.sources.turns.get((item.transcript, item.turn))
            checked = self.sources.check(_transcript_ref(item.transcript, item.turn, item.quote))
            if found is None or checked is None:
                continue
            if found[1].side != "seller":
                self.sources.drop(f"commitment “{short(checked['quote'])}” is the buyer's words")
                continue
            quotes.setdefault((item.transcript, item.turn), []).append(checked["quote"])
        mined = []
        for (ref, index), said in quotes.items():
            call, turn = self.sources.turns[(ref, index)]
            quote = " ".join(dict.fromkeys(said))
            topic = _previous_buyer_turn(call, index)
            claimed = next(
                (c.due for c in self.reply.commitments if (c.transcript, c.turn) == (ref, index)),
                "",
            )
            mined.append(
                MinedCommitment(
                    quote=quote,
                    speaker=turn.speaker,
                    transcript_ref=ref,
                    turn=index,
                    due=said_date(quote, claimed, call.call_date, latest=False),
                    reflected_in=reconcile(quote, topic, self.context),
                    topic=topic,
                )
            )
        return mined


def _who(named: Contact | str | None) -> str:
    if isinstance(named, Contact):
        return f"named {named.name}, whom the CRM does not give that role"
    if named:
        return f"named {named}, who is not a CRM contact"
    return "named someone no source mentions" if named == "" else "named no one"


def _overlaps(item: Evidence, known: Evidence) -> bool:
    """The same statement: same source and place, one quote inside the other."""
    place = ("kind", "ref", "turn", "field")
    if any(item.get(key) != known.get(key) for key in place):
        return False
    return contains(known["quote"], item["quote"]) or contains(item["quote"], known["quote"])


def _where(item: Evidence) -> str:
    """Where a piece of evidence is: a call's turn, a record's field, a clause."""
    if item.get("turn") is not None:
        return f"{item['ref']}, turn {item['turn']}"
    return f"{item['ref']}, {item['field']}" if item.get("field") else item["ref"]


def _model_cause(kind: RiskKind, item: Evidence) -> str:
    place = item["turn"] if item.get("turn") is not None else item.get("field", "")
    return f"{MODEL_CAUSE}{kind.value}:{item['ref']}:{place}"[:300]


def _transcript_ref(transcript: str, turn: int, quote: str) -> EvidenceRef:
    return EvidenceRef(kind="transcript", ref=transcript, turn=turn, field=None, quote=quote)


def _previous_buyer_turn(call, index: int) -> str:
    earlier = [turn for turn in call.turns if turn.index < index and turn.side == "buyer"]
    return earlier[-1].text if earlier else ""
