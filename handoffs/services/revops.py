"""What RevOps does to unblock the pipeline: map a handoff whose CRM owner is no AE."""

from django.core.exceptions import ValidationError

from accounts.models import Role, User
from handoffs.models import Handoff


def handoff_assign_ae(*, handoff: Handoff, ae: User, by: User) -> Handoff:
    """Give a handoff whose CRM owner matched nobody its AE; their gap lists reach them now."""
    if ae.role != Role.AE or not ae.is_active:
        raise ValidationError("Choose an active account executive.")
    handoff.ae = ae
    handoff.save(update_fields=["ae", "updated_at"])
    return handoff
