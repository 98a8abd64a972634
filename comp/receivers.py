"""Comp listens to the handoff workflow; nothing in handoffs knows comp exists."""

import logging
from collections.abc import Callable

from django.dispatch import receiver

from accounts.errors import Conflict
from comp.services.holdbacks import correct_for_amount
from comp.services.ledger import ensure_accrued, settle_at_kickoff
from handoffs.signals import deal_loaded, kickoff_held, packet_opened, packet_transitioned

logger = logging.getLogger(__name__)


def _post_or_log(post: Callable[[], object]) -> None:
    """The workflow goes on when a posting cannot be made (its quarter closed and no later one
    is open); the holdback stays held and shows among the comp exceptions."""
    try:
        post()
    except Conflict as refused:
        logger.warning("Comp posting refused: %s", refused)


@receiver(packet_opened)
def accrue_on_open(sender, packet, **kwargs) -> None:
    _post_or_log(lambda: ensure_accrued(packet))


@receiver(packet_transitioned)
def accrue_when_the_ae_is_known(sender, packet, **kwargs) -> None:
    _post_or_log(lambda: ensure_accrued(packet))


@receiver(kickoff_held)
def settle_on_kickoff(sender, packet, **kwargs) -> None:
    _post_or_log(lambda: settle_at_kickoff(packet))


@receiver(deal_loaded)
def correct_when_the_amount_changes(sender, handoff, event, **kwargs) -> None:
    for packet in handoff.packets.select_related("handoff__opportunity", "business_unit"):
        _post_or_log(lambda packet=packet: correct_for_amount(packet=packet, event=event))
