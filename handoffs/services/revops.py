"""What RevOps does to unblock the pipeline: map an unknown AE, retry a failed draft."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Role, User
from handoffs.models import Handoff, Packet, Status
from handoffs.queue import enqueue_on_commit
from handoffs.workflow import transition


def handoff_assign_ae(*, handoff: Handoff, ae: User, by: User) -> Handoff:
    """Give a handoff whose CRM owner matched nobody its AE; their gap lists reach them now."""
    if ae.role != Role.AE or not ae.is_active:
        raise ValidationError("Choose an active account executive.")
    handoff.ae = ae
    handoff.save(update_fields=["ae", "updated_at"])
    return handoff


@transaction.atomic
def packet_retry_draft(*, packet: Packet, by: User) -> Packet:
    """Send a failed packet back through the drafter now, instead of waiting for the backoff."""
    transition(packet, Status.DRAFTING, by=by, reason="Draft retried by RevOps")
    enqueue_on_commit("handoffs.tasks.draft_packet", packet.pk)
    return packet
