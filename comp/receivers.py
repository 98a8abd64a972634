"""Comp listens to the handoff workflow; nothing in handoffs knows comp exists."""

from django.dispatch import receiver

from comp.services.ledger import ensure_accrued, settle_at_kickoff
from handoffs.signals import kickoff_held, packet_opened, packet_transitioned


@receiver(packet_opened)
def accrue_on_open(sender, packet, **kwargs) -> None:
    ensure_accrued(packet)


@receiver(packet_transitioned)
def accrue_when_the_ae_is_known(sender, packet, **kwargs) -> None:
    ensure_accrued(packet)


@receiver(kickoff_held)
def settle_on_kickoff(sender, packet, **kwargs) -> None:
    settle_at_kickoff(packet)
