"""Turn a validated model reply into packet fields, keeping only what the sources support.

The scorer reads each field's `data`, so `data` is built the way the rules drafter builds it:
- facts with a system of record come from that record: a person's title, start date and
  LinkedIn URL from the CRM contact the model named; commercial terms from the contract;
  prior vendors, internal champions and board exposure from the account;
- what was said on calls comes from the model, but only quotes found in the turn they cite;
  target and due dates are the ones the quote itself names;
- whether a promise is reflected in the contract or success plan is decided by our
  reconciliation, never by the model.
The model's prose becomes each field's text; a completeness claim in it changes nothing.
"""

from datetime import date

from handoffs.drafting import fields
from handoffs.drafting.base import (
    DealContext,
    DraftedField,
    Evidence,
    MinedCommitment,
    MinedRisk,
)
from handoffs.drafting.commitments import reconcile
from handoffs.drafting.dates import resolve_dates
from handoffs.drafting.llm_schema import EvidenceRef, PacketDraftReply, PersonRef
from handoffs.drafting.llm_sources import SourceIndex, short
from handoffs.drafting.people import contact_evidence, person
from handoffs.drafting.risks import SEVERITY_ORDER, top_risks

NO_TEXT = "The agent wrote no summary for this field."
STAKEHOLDER_ROLES = ("technical_buyer", "security_reviewer", "end_user_lead", "executive_sponsor")


def grounded(
    reply: PacketDraftReply, context: DealContext, sources: SourceIndex
) -> tuple[dict[str, DraftedField], list[MinedCommitment], list[MinedRisk]]:
    builder = _Grounding(reply, context, sources)
    commitments = builder.commitments()
    risks = builder.risks()
    return (
        {
            "economic_buyer_champion": builder.economic_buyer_champion(),
            "success_criteria": builder.success_criteria(),
            "risk_flags": builder.risk_flags(risks),
            "commercial_terms": builder.from_records(
                fields.commercial_terms(context), reply.commercial_terms
            ),
            "presale_promises": builder.from_records(
                fields.presale_promises(context, commitments), reply.presale_promises
            ),
            "competitive_context": builder.competitive_context(),
            "stakeholder_map": builder.stakeholder_map(),
            "existing_relationships": builder.from_records(
                fields.existing_relationships(context), reply.existing_relationships
            ),
        },
        commitments,
        risks,
    )


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    seen, kept = set(), []
    for item in evidence:
        key = tuple(sorted((k, str(v)) for k, v in item.items()))
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


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


class _Grounding:
    def __init__(self, reply: PacketDraftReply, context: DealContext, sources: SourceIndex):
        self.reply, self.context, self.sources = reply, context, sources

    def _checked(self, refs) -> list[Evidence]:
        return [item for item in (self.sources.check(ref) for ref in refs) if item]

    def _people(self, chosen: dict[str, PersonRef | None]) -> tuple[dict, list[Evidence]]:
        data, evidence = {}, []
        for role, ref in chosen.items():
            contact = self.sources.contact(ref.contact_ref, ref.name) if ref else None
            if contact is not None:
                data[role] = person(contact)
                evidence.append(contact_evidence(contact, role))
            else:
                data[role] = self._named_only(ref, role)
        return data, evidence

    def _named_only(self, ref: PersonRef | None, role: str) -> dict | None:
        """Someone who is not a CRM contact keeps a name and title, nothing the CRM vouches
        for; a name that appears in no source is dropped."""
        if ref is None:
            return None
        if not self.sources.mentioned(ref.name):
            self.sources.drop(f"{role.replace('_', ' ')}: {ref.name or 'unnamed'} is in no source")
            return None
        return {
            "name": ref.name.strip(),
            "title": ref.title.strip(),
            "email": "",
            "role_start_date": "",
            "linkedin_url": "",
            "status": "active",
            "contact_ref": "",
        }

    def economic_buyer_champion(self) -> DraftedField:
        part = self.reply.economic_buyer_champion
        data, evidence = self._people(
            {"economic_buyer": part.economic_buyer, "champion": part.champion}
        )
        return DraftedField(
            text=part.text.strip() or NO_TEXT,
            data=data,
            evidence=_unique(evidence + self._checked(part.evidence)),
        )

    def success_criteria(self) -> DraftedField:
        part, criteria, evidence = self.reply.success_criteria, [], []
        for item in part.criteria:
            checked = self.sources.check(item.evidence, quote=item.quote)
            if checked is None:
                continue
            if checked["kind"] == "transcript":
                call, turn = self.sources.turns[(checked["ref"], checked["turn"])]
                if turn.side != "buyer":
                    self.sources.drop(
                        f"success criterion “{short(item.quote)}” is the seller's words"
                    )
                    continue
                speaker, source, on = turn.speaker, "transcript", call.call_date
            elif checked["kind"] == "meddpicc" and checked["field"] == "metrics":
                speaker, source, on = (
                    "MEDDPICC metrics",
                    "meddpicc",
                    self.context.opportunity.close_date,
                )
            else:
                self.sources.drop(f"success criterion “{short(item.quote)}” is not the buyer's")
                continue
            target = said_date(item.quote, item.target_date, on, latest=True)
            criteria.append(
                {
                    "quote": checked["quote"],
                    "speaker": speaker,
                    "source": source,
                    "target_date": target.isoformat() if target else "",
                }
            )
            evidence.append(checked)
        return DraftedField(
            text=part.text.strip() or NO_TEXT, data={"criteria": criteria}, evidence=evidence
        )

    def risks(self) -> list[MinedRisk]:
        risks = []
        for item in self.reply.risks:
            evidence = self._checked(item.evidence)
            if item.evidence and not evidence:
                self.sources.drop(f"risk “{short(item.summary)}”: none of its evidence checks out")
                continue
            risks.append(
                MinedRisk(
                    kind=item.kind,
                    severity=item.severity,
                    summary=item.summary.strip(),
                    evidence=evidence,
                    cause=f"model:{short(item.summary)}",
                )
            )
        return sorted(risks, key=lambda risk: SEVERITY_ORDER[risk.severity])

    def risk_flags(self, risks: list[MinedRisk]) -> DraftedField:
        """The top three, as the rules drafter picks them; only a person attests to none."""
        shaped = fields.risk_flags(top_risks(risks))
        part = self.reply.risk_flags
        return DraftedField(
            text=part.text.strip() or shaped.text,
            data=shaped.data,
            evidence=_unique(shaped.evidence + self._checked(part.evidence)),
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
                self.sources.drop(f"commitment “{short(item.quote)}” is the buyer's words")
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

    def competitive_context(self) -> DraftedField:
        part, data, evidence = self.reply.competitive_context, {}, []
        for key in ("evaluated", "why_us", "reevaluate_if"):
            statement = getattr(part, key)
            checked = (
                self.sources.check(statement.evidence, quote=statement.quote) if statement else None
            )
            data[key] = checked["quote"] if checked else ""
            evidence += [checked] if checked else []
        return DraftedField(text=part.text.strip() or NO_TEXT, data=data, evidence=evidence)

    def stakeholder_map(self) -> DraftedField:
        part = self.reply.stakeholder_map
        data, evidence = self._people({role: getattr(part, role) for role in STAKEHOLDER_ROLES})
        data["others"] = fields.stakeholder_map(self.context).data["others"]
        return DraftedField(text=part.text.strip() or NO_TEXT, data=data, evidence=evidence)

    def from_records(self, recorded: DraftedField, part) -> DraftedField:
        """A field whose facts have a system of record: its data, the model's words."""
        return DraftedField(
            text=part.text.strip() or recorded.text,
            data=recorded.data,
            evidence=_unique(recorded.evidence + self._checked(part.evidence)),
        )


def _transcript_ref(transcript: str, turn: int, quote: str) -> EvidenceRef:
    return EvidenceRef(kind="transcript", ref=transcript, turn=turn, field=None, quote=quote)


def _previous_buyer_turn(call, index: int) -> str:
    earlier = [turn for turn in call.turns if turn.index < index and turn.side == "buyer"]
    return earlier[-1].text if earlier else ""
