"""The one derivation: everything a packet says that follows from its inputs.

Inputs are the field values drafters and people set (the shared ones held once on the handoff),
the mined commitments with the AE's reconciliation, the detected risks with the AE's answers,
CSM return reasons, and the governed field definitions (the published set; an accepted packet
keeps the set it was signed off on). From them `rederive` computes and stores, in one
transaction with the packet version it belongs to: the presale and risk fields, each risk's open
or resolved state, the rendered wording, field statuses and gaps, the score, the gate verdict,
the word count and the definitions version that scored it. Every change goes through it;
nothing patches derived state elsewhere.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from governance.definition_selectors import definitions_version, published_definitions
from governance.models import DefinitionsVersion
from handoffs.drafting.fields import promise_item
from handoffs.drafting.risks import top_risks
from handoffs.field_text import RENDERED
from handoffs.models import (
    AFTER_ACCEPTANCE,
    Author,
    FieldStatus,
    HandoffField,
    Packet,
    PacketField,
    PacketFieldVersion,
    RiskFlag,
)
from handoffs.scoring import PacketScore, score_packet

# Which packet field names the person in each role, for risks that hinge on a role.
ROLE_FIELDS = {
    "economic_buyer": "economic_buyer_champion",
    "champion": "economic_buyer_champion",
    "technical_buyer": "stakeholder_map",
    "executive_sponsor": "stakeholder_map",
}
ROLE_LABELS = {
    "economic_buyer": "economic buyer",
    "champion": "champion",
    "technical_buyer": "technical buyer",
    "executive_sponsor": "executive sponsor",
}


@dataclass(frozen=True)
class FieldInput:
    """A new value for one field, from a drafter or a person."""

    data: dict
    author: str
    evidence: list
    text: str = ""
    set_by: User | None = None


def _snapshot(field: PacketField) -> tuple:
    return (
        field.status,
        field.gaps,
        field.text,
        field.data,
        field.evidence,
        field.author,
        field.updated_by_id,
    )


@transaction.atomic
def rederive(
    packet: Packet,
    *,
    by: User | None = None,
    inputs: dict[str, FieldInput] | None = None,
    drafter: str = "",
) -> PacketScore:
    """Apply `inputs` (if any), recompute everything derived, and store what changed.

    Shared fields come from the handoff; a field whose stored state changes gets a new
    immutable version, attributed to whoever set it (or `by`, who caused the change, and the
    `drafter` whose draft this is)."""
    inputs = inputs or {}
    locked = Packet.objects.select_for_update().get(pk=packet.pk)
    fields = {field.key: field for field in PacketField.objects.filter(packet=locked)}
    before = {key: _snapshot(field) for key, field in fields.items()}
    for key, given in inputs.items():
        field = fields.setdefault(
            key, PacketField(packet=locked, key=key, status=FieldStatus.MISSING, version=0)
        )
        field.data, field.evidence, field.text = given.data, given.evidence, given.text
        field.author, field.updated_by = given.author, given.set_by
    for shared in HandoffField.objects.filter(handoff_id=locked.handoff_id):
        field = fields.setdefault(
            shared.key,
            PacketField(packet=locked, key=shared.key, status=FieldStatus.MISSING, version=0),
        )
        field.data, field.evidence, field.text = shared.data, shared.evidence, shared.text
        field.author, field.updated_by_id = shared.author, shared.updated_by_id

    commitments = {
        (c.transcript_ref, c.turn): c for c in locked.commitments.select_related("acknowledged_by")
    }
    flags = list(locked.risk_flags.select_related("resolved_by"))
    if "presale_promises" in fields:
        _derive_presale(fields["presale_promises"], commitments.values())
    _derive_risk_states(flags, fields, commitments)
    if "risk_flags" in fields:
        _derive_risk_field(fields["risk_flags"], flags)
    for key, render in RENDERED.items():
        if key in fields:
            fields[key].text = render(fields[key].data)

    definitions = scoring_definitions(locked)
    result = score_packet(
        {key: field.data for key, field in fields.items()},
        {key: field.review_gaps for key, field in fields.items()},
        definitions,
    )
    for key, scored in result.fields.items():
        field = fields.setdefault(
            key, PacketField(packet=locked, key=key, status=FieldStatus.MISSING, version=0)
        )
        field.status, field.gaps = scored.status, scored.gaps

    changed = False
    for key, field in fields.items():
        if field.pk is not None and _snapshot(field) == before.get(key):
            continue
        field.version += 1
        field.save()
        given = inputs.get(key)
        _write_version(
            field,
            set_by=given.set_by if given else by,
            drafter=drafter if field.author == Author.AGENT else "",
        )
        changed = True

    words = sum(len(field.text.split()) for field in fields.values())
    totals = {
        "score": result.score,
        "score_of": result.of,
        "gate": result.gate,
        "passed_gate": result.passed,
        "gate_blocked_by": result.blocked_by,
        "word_count": words,
        "length_verdict": definitions.length_verdict(words),
        "definitions_version_id": definitions.pk,
    }
    if changed or any(getattr(locked, name) != value for name, value in totals.items()):
        Packet.objects.filter(pk=locked.pk).update(**totals, version=F("version") + 1)
    packet.refresh_from_db()
    return result


def scoring_definitions(packet: Packet) -> DefinitionsVersion:
    """The published field definitions, except for a packet a CSM accepted: it keeps the set
    it was signed off on."""
    if packet.status in AFTER_ACCEPTANCE and packet.definitions_version_id is not None:
        return definitions_version(packet.definitions_version_id)
    return published_definitions()


def _write_version(field: PacketField, *, set_by: User | None, drafter: str) -> None:
    """The one writer of field history: a snapshot of the field exactly as it is now stored."""
    PacketFieldVersion.objects.create(
        field=field,
        version=field.version,
        status=field.status,
        text=field.text,
        data=field.data,
        gaps=field.gaps,
        evidence=field.evidence,
        author=field.author,
        set_by=set_by,
        drafter=drafter,
    )


def hold_shared_value(handoff_id: int, key: str, value: FieldInput) -> None:
    """Set the one value of a deal-wide field; callers then re-derive the packets."""
    HandoffField.objects.update_or_create(
        handoff_id=handoff_id,
        key=key,
        defaults={
            "data": value.data,
            "text": value.text,
            "evidence": value.evidence,
            "author": value.author,
            "updated_by": value.set_by,
        },
    )


def rederive_siblings(packet: Packet, *, by: User | None = None, drafter: str = "") -> None:
    """After a shared field changed: every other unit's packet not yet accepted re-derives;
    accepted ones keep the value their CSM signed off."""
    siblings = (
        Packet.objects.filter(handoff_id=packet.handoff_id)
        .exclude(pk=packet.pk)
        .exclude(status__in=AFTER_ACCEPTANCE)
    )
    for sibling in siblings:
        rederive(sibling, by=by, drafter=drafter)


def _derive_presale(field: PacketField, commitments) -> None:
    """The presale field lists every mined commitment with where it stands now."""
    field.data = {
        **field.data,
        "commitments": [
            {
                **promise_item(c),
                "reconciliation": c.reconciliation,
                "acknowledged": bool(c.reconciliation),
                "standing": c.standing,
            }
            for c in sorted(commitments, key=lambda c: (c.transcript_ref, c.turn))
        ],
    }


def _holder(fields: dict[str, PacketField], role: str) -> dict | None:
    """The person a field names in `role`, if named and still at the company."""
    field = fields.get(ROLE_FIELDS[role])
    person = (field.data if field else {}).get(role) or {}
    if person.get("name") and person.get("status") != "left_company":
        return person
    return None


def _resolver(fields: dict[str, PacketField], role: str) -> User | None:
    field = fields.get(ROLE_FIELDS[role])
    return field.updated_by if field and field.author != Author.AGENT else None


def _cause_gone(
    flag: RiskFlag, fields: dict[str, PacketField], commitments: dict
) -> tuple[bool, User | None, str]:
    """Whether what raised the flag is gone: (resolved, who resolved it, how)."""
    if not flag.still_detected:
        return True, None, "no longer found in the deal's sources after a later event."
    kind, _, rest = flag.cause.partition(":")
    if kind in ("commitment", "promise"):
        ref, _, turn = rest.rpartition(":")
        commitment = commitments.get((ref, int(turn))) if turn.isdigit() else None
        if commitment is not None and not commitment.is_ghost:
            return True, commitment.acknowledged_by, f"the promise is {commitment.standing}."
    elif kind == "role" and rest in ROLE_FIELDS:
        holder = _holder(fields, rest)
        if holder:
            return True, _resolver(fields, rest), f"{ROLE_LABELS[rest]} named: {holder['name']}."
    elif kind == "departed":
        roles, _, name = rest.partition(":")
        holders = {role: _holder(fields, role) for role in roles.split(",") if role in ROLE_FIELDS}
        if holders and all(h and h["name"] != name for h in holders.values()):
            replaced = ", ".join(f"{ROLE_LABELS[r]} {h['name']}" for r, h in holders.items())
            return True, _resolver(fields, next(iter(holders))), f"replaced by {replaced}."
    return False, None, ""


def _derive_risk_states(
    flags: list[RiskFlag], fields: dict[str, PacketField], commitments: dict
) -> None:
    """A flag whose cause is gone reads as resolved (who, how, since when); one whose cause
    returns opens again. Flags are never deleted."""
    now = timezone.now()
    for flag in flags:
        gone, resolver, how = _cause_gone(flag, fields, commitments)
        resolved_at = (flag.resolved_at or now) if gone else None
        state = (resolved_at, resolver.pk if resolver else None, how)
        if state == (flag.resolved_at, flag.resolved_by_id, flag.resolution):
            continue
        flag.resolved_at, flag.resolved_by, flag.resolution = resolved_at, resolver, how
        RiskFlag.objects.filter(pk=flag.pk).update(
            resolved_at=resolved_at, resolved_by=resolver, resolution=how
        )


def _derive_risk_field(field: PacketField, flags: list[RiskFlag]) -> None:
    """The risk field leads with the top open risks; resolved ones fill the rest, marked."""
    open_flags = top_risks([flag for flag in flags if flag.is_open])
    resolved = [flag for flag in flags if not flag.is_open]
    shown = (open_flags + resolved)[:3] if open_flags or resolved else []
    field.data = {
        "attested_none": bool(field.data.get("attested_none")),
        "flags": [
            {
                "kind": flag.kind,
                "severity": flag.severity,
                "summary": flag.summary,
                "evidence": flag.evidence,
                "response": flag.response,
                "resolution": _resolution_text(flag),
            }
            for flag in shown
        ],
    }
    field.evidence = [item for flag in shown for item in flag.evidence]


def _resolution_text(flag: RiskFlag) -> str:
    if flag.is_open:
        return ""
    who = flag.resolved_by.full_name if flag.resolved_by else "Handbrief"
    return f"by {who}: {flag.resolution}"
