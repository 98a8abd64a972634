"""What the AE does with a gap list: edit fields, reconcile commitments, answer risks, submit.

Every save is checked against the version the editor started from (optimistic locking), writes
a field version with its author, and re-scores the packet at once.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from accounts.models import Role, User
from handoffs.assignment import choose_csm
from handoffs.models import (
    WAITING_ON_AE,
    Author,
    Commitment,
    FieldDraft,
    Packet,
    PacketField,
    PacketFieldVersion,
    Reconciliation,
    RiskFlag,
    Status,
)
from handoffs.scoring import PacketScore
from handoffs.services.drafting import rescore
from handoffs.workflow import TransitionRefused, transition

EDITABLE_BY_CSM = frozenset({Status.IN_REVIEW})


class StaleEdit(Exception):
    """Someone saved the field after this editor loaded it."""

    def __init__(self, field: PacketField):
        who = field.updated_by.full_name if field.updated_by else "the drafting agent"
        super().__init__(
            f"This field was changed by {who} while you were editing. Reload to see "
            "their version; your text is kept as a draft."
        )
        self.field = field


@dataclass(frozen=True)
class Saved:
    field: PacketField
    score: PacketScore


def _author_for(user: User) -> Author:
    return Author.CSM if user.role == Role.CSM else Author.AE


def _check_editable(packet: Packet, by: User) -> None:
    allowed = EDITABLE_BY_CSM if by.role == Role.CSM else WAITING_ON_AE
    if packet.status not in allowed:
        raise TransitionRefused(
            f"The packet is {packet.get_status_display().lower()}; its fields cannot be edited now."
        )


@transaction.atomic
def field_update(
    *, packet: Packet, key: str, data: dict, text: str, by: User, expected_version: int
) -> Saved:
    """Save a person's value for one field, unless someone saved it since they loaded it."""
    _check_editable(packet, by)
    field = (
        PacketField.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(packet=packet, key=key)
        .first()
    )
    if field is None:
        field = PacketField.objects.create(packet=packet, key=key, status="missing", version=0)
    if field.version != expected_version:
        raise StaleEdit(field)
    field.data, field.text = data, text
    field.author, field.updated_by = _author_for(by), by
    field.review_gaps = []
    field.evidence = [{"kind": "human", "ref": f"user:{by.pk}", "quote": f"Entered by {by}"}]
    field.version += 1
    field.save()
    PacketFieldVersion.objects.create(
        field=field,
        version=field.version,
        status=field.status,
        text=text,
        data=data,
        evidence=field.evidence,
        author=field.author,
        set_by=by,
    )
    FieldDraft.objects.filter(packet=packet, key=key, author=by).delete()
    Packet.objects.filter(pk=packet.pk).update(version=F("version") + 1)
    score = rescore(packet)
    field.refresh_from_db()
    return Saved(field=field, score=score)


@transaction.atomic
def field_confirm(*, packet: Packet, key: str, by: User) -> PacketField:
    """The AE confirms the agent's value, or the CSM validates it during review, as it stands."""
    _check_editable(packet, by)
    field = PacketField.objects.select_for_update().get(packet=packet, key=key)
    field.author, field.updated_by = _author_for(by), by
    field.version += 1
    field.save(update_fields=["author", "updated_by", "version", "updated_at"])
    PacketFieldVersion.objects.create(
        field=field,
        version=field.version,
        status=field.status,
        text=field.text,
        data=field.data,
        gaps=field.gaps,
        evidence=field.evidence,
        author=field.author,
        set_by=by,
    )
    return field


def field_autosave(*, packet: Packet, key: str, payload: dict, by: User, base_version: int) -> None:
    """Keep what someone typed but has not saved, so navigation or an error never loses it."""
    FieldDraft.objects.update_or_create(
        packet=packet,
        key=key,
        author=by,
        defaults={"payload": payload, "base_version": base_version},
    )


@transaction.atomic
def packet_submit_to_cs(*, packet: Packet, by: User) -> Packet:
    """Send a completed gap list to CS: the gate must pass, and a CSM is chosen as on drafting."""
    result = rescore(packet)
    packet.refresh_from_db()
    if packet.status not in WAITING_ON_AE:
        raise TransitionRefused("Only a packet waiting on the AE can be submitted to CS.")
    if not result.passed:
        raise ValidationError(
            f"{result.score} of {result.of} fields are complete; the gate needs {result.gate}."
        )
    if packet.csm_id is None:
        Packet.objects.filter(pk=packet.pk).update(csm=choose_csm(packet.business_unit))
        packet.refresh_from_db()
    transition(
        packet,
        Status.READY_FOR_CS,
        by=by,
        reason=f"Submitted by the AE with {result.score} of {result.of} fields complete.",
    )
    return packet


@transaction.atomic
def commitment_reconcile(
    *, commitment: Commitment, reconciliation: str, note: str, by: User
) -> Commitment:
    """Say where a pre-sale promise lives now; the presale field is re-scored from the answers."""
    if reconciliation not in Reconciliation.values:
        raise ValidationError("Choose in the contract, in the success plan, or acknowledged.")
    packet = commitment.packet
    _check_editable(packet, by)
    commitment.reconciliation = reconciliation
    commitment.acknowledged_by, commitment.acknowledged_note = by, note.strip()
    commitment.save(update_fields=["reconciliation", "acknowledged_by", "acknowledged_note"])
    sync_presale_field(packet)
    rescore(packet)
    return commitment


def sync_presale_field(packet: Packet) -> None:
    """Mirror the commitments' reconciliation into the presale field the scorer reads."""
    field = packet.fields.filter(key="presale_promises").first()
    if field is None:
        return
    answers = {(c.transcript_ref, c.turn): c for c in Commitment.objects.filter(packet=packet)}
    items = []
    for item in field.data.get("commitments", []):
        commitment = answers.get((item.get("transcript"), item.get("turn")))
        items.append(
            {
                **item,
                "acknowledged": bool(commitment and commitment.reconciliation),
                "reconciliation": commitment.reconciliation if commitment else "",
            }
        )
    PacketField.objects.filter(pk=field.pk).update(data={**field.data, "commitments": items})


def risk_respond(*, flag: RiskFlag, response: str, by: User) -> RiskFlag:
    """The AE's context on a risk, shown to the CSM next to it."""
    if by.role != Role.AE:
        raise PermissionDenied("Only the AE answers risk flags.")
    flag.response = response.strip()
    flag.save(update_fields=["response"])
    return flag
