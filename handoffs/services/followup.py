"""After acceptance: the internal AE + CSM warm call and the soft signals they trade."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from handoffs.models import Packet, SignalKind, SoftSignal, Status, WarmCall
from handoffs.workflow import TransitionRefused

AFTER_ACCEPTANCE = frozenset({Status.ACCEPTED, Status.KICKOFF_BOOKED, Status.KICKOFF_HELD})


def warm_call_confirm(*, packet: Packet, by: User) -> WarmCall:
    """Each side (the deal's AE, or its CSM) confirms the call; the first confirmation dates it."""
    if packet.status not in AFTER_ACCEPTANCE:
        raise TransitionRefused("The warm handoff call follows the CSM's acceptance.")
    call, _ = WarmCall.objects.get_or_create(packet=packet)
    now = timezone.now()
    call.held_at = call.held_at or now
    if by.pk == packet.handoff.ae_id:
        call.confirmed_by_ae_at = call.confirmed_by_ae_at or now
    else:
        call.confirmed_by_csm_at = call.confirmed_by_csm_at or now
    call.save()
    return call


def soft_signal_add(*, packet: Packet, kind: str, note: str, by: User) -> SoftSignal:
    if kind not in SignalKind.values:
        raise ValidationError({"kind": "Choose what kind of signal this is."})
    if not note.strip():
        raise ValidationError({"note": "Describe the signal."})
    return SoftSignal.objects.create(
        handoff=packet.handoff, kind=kind, note=note.strip(), author=by
    )
