"""What people change on a packet: field values, commitment reconciliation, risk answers, submit.

Every save is checked against the version the editor started from (optimistic locking) and goes
through the one derivation, which writes the field's version and re-scores at once. A shared
field is saved once on the handoff and every sibling packet re-derives.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.errors import Conflict
from accounts.models import User
from handoffs.assignment import choose_csm
from handoffs.derivation import FieldInput, hold_shared_value, rederive, rederive_siblings
from handoffs.models import (
    COPYABLE_FIELD_KEYS,
    SHARED_FIELD_KEYS,
    WAITING_ON_AE,
    Author,
    Commitment,
    FieldDraft,
    Packet,
    PacketField,
    Reconciliation,
    RiskFlag,
    Status,
)
from handoffs.scoring import PacketScore
from handoffs.services.success_plans import track_commitment
from handoffs.workflow import TransitionRefused, transition

# Who may change a packet's inputs in which states: the AE while it waits on them, the CSM
# (validating) during review.
EDITABLE_WHILE = {Author.AE: WAITING_ON_AE, Author.CSM: frozenset({Status.IN_REVIEW})}


class StaleEdit(Conflict):
    """Someone saved the field after this editor loaded it."""

    def __init__(self, field: PacketField | None):
        who = field.updated_by.full_name if field and field.updated_by else "the drafting agent"
        super().__init__(
            f"This field was changed by {who} while you were editing. Reload to see "
            "their version; your text is kept as a draft."
        )
        self.field = field


@dataclass(frozen=True)
class Saved:
    field: PacketField
    score: PacketScore


def _check_editable(packet: Packet, author: str) -> None:
    if packet.status not in EDITABLE_WHILE.get(author, frozenset()):
        raise TransitionRefused(
            f"The packet is {packet.get_status_display().lower()}; it cannot be edited now."
        )


def _locked_field(packet: Packet, key: str) -> PacketField | None:
    return (
        PacketField.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(packet=packet, key=key)
        .first()
    )


def _set_field(packet: Packet, key: str, given: FieldInput) -> PacketScore:
    """Store a person's value: on the handoff for a shared field (then every sibling
    re-derives), on the packet otherwise. Answering a field clears the CSM's return reasons."""
    PacketField.objects.filter(packet=packet, key=key).update(review_gaps=[])
    if key not in SHARED_FIELD_KEYS:
        return rederive(packet, by=given.set_by, inputs={key: given})
    hold_shared_value(packet.handoff_id, key, given)
    score = rederive(packet, by=given.set_by)
    rederive_siblings(packet, by=given.set_by)
    return score


@transaction.atomic
def field_update(
    *,
    packet: Packet,
    key: str,
    data: dict,
    text: str,
    by: User,
    author: str,
    expected_version: int,
    evidence: list | None = None,
) -> Saved:
    """Save a person's value for one field, unless someone saved it since they loaded it."""
    _check_editable(packet, author)
    field = _locked_field(packet, key)
    if (field.version if field else 0) != expected_version:
        raise StaleEdit(field)
    score = _set_field(
        packet,
        key,
        FieldInput(
            data=data,
            text=text,
            evidence=evidence
            or [{"kind": "human", "ref": f"user:{by.pk}", "quote": f"Entered by {by}"}],
            author=author,
            set_by=by,
        ),
    )
    FieldDraft.objects.filter(packet=packet, key=key, author=by).delete()
    return Saved(field=PacketField.objects.get(packet=packet, key=key), score=score)


@transaction.atomic
def field_confirm(*, packet: Packet, key: str, by: User, author: str) -> PacketField:
    """The AE confirms the agent's value, or the CSM validates it during review, as it stands."""
    _check_editable(packet, author)
    field = _locked_field(packet, key)
    if field is None:
        raise ValidationError({"key": "That field is not on this packet."})
    _set_field(
        packet,
        key,
        FieldInput(
            data=field.data, text=field.text, evidence=field.evidence, author=author, set_by=by
        ),
    )
    return PacketField.objects.get(pk=field.pk)


@transaction.atomic
def field_copy_from_sibling(
    *, packet: Packet, key: str, source: Packet, by: User, expected_version: int
) -> Saved:
    """Fill a unit-specific field from another unit's packet of the same deal in one act."""
    if key in SHARED_FIELD_KEYS:
        raise ValidationError({"key": "This field is shared by the whole deal already."})
    if key not in COPYABLE_FIELD_KEYS:
        raise ValidationError({"key": "This field follows the packet's own findings."})
    if source.handoff_id != packet.handoff_id or source.pk == packet.pk:
        raise ValidationError({"source": "Copy only from another unit's packet of this deal."})
    copied = PacketField.objects.filter(packet=source, key=key).first()
    if copied is None or not copied.data:
        raise ValidationError({"source": f"The {source.business_unit} packet has no value here."})
    note = {
        "kind": "human",
        "ref": f"user:{by.pk}",
        "quote": f"Copied from the {source.business_unit} packet by {by}",
    }
    return field_update(
        packet=packet,
        key=key,
        data=copied.data,
        text=copied.text,
        by=by,
        author=Author.AE,
        expected_version=expected_version,
        evidence=[*copied.evidence, note],
    )


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
    """Send a completed gap list to CS: the stored gate verdict must pass; a CSM is chosen as
    on drafting."""
    current = Packet.objects.select_for_update().get(pk=packet.pk)
    if current.status not in WAITING_ON_AE:
        raise TransitionRefused("Only a packet waiting on the AE can be submitted to CS.")
    if not current.passed_gate:
        raise ValidationError(f"Not ready for CS yet. {current.gate_shortfall}")
    if current.csm_id is None:
        Packet.objects.filter(pk=current.pk).update(csm=choose_csm(current.business_unit))
        current.refresh_from_db()
    transition(
        current,
        Status.READY_FOR_CS,
        by=by,
        reason=f"Submitted by the AE with {current.score} of {current.score_of} fields complete.",
    )
    packet.refresh_from_db()
    return packet


@transaction.atomic
def commitment_reconcile(
    *, commitment: Commitment, reconciliation: str, note: str, by: User
) -> Commitment:
    """Say where a pre-sale promise lives now; the packet re-derives from the answer. Into the
    success plan means a task in it: at once if the plan exists, else when it is made."""
    if reconciliation not in Reconciliation.values:
        raise ValidationError("Choose in the contract, in the success plan, or acknowledged.")
    packet = commitment.packet
    _check_editable(packet, Author.AE)
    commitment.reconciliation = reconciliation
    commitment.acknowledged_by, commitment.acknowledged_note = by, note.strip()
    commitment.save(update_fields=["reconciliation", "acknowledged_by", "acknowledged_note"])
    rederive(packet, by=by)
    track_commitment(commitment=commitment)
    return commitment


@transaction.atomic
def risk_respond(*, flag: RiskFlag, response: str, by: User) -> RiskFlag:
    """The AE's context on a risk, shown to the CSM next to it and in the risk field."""
    _check_editable(flag.packet, Author.AE)
    flag.response = response.strip()
    flag.save(update_fields=["response"])
    rederive(flag.packet, by=by)
    return flag
