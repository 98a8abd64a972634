"""Handoffs' side of governance's announcements (governance never imports handoffs)."""

from django.dispatch import receiver

from governance.signals import definitions_published
from handoffs.services.definitions_impact import rederive_open_packets


@receiver(definitions_published)
def rederive_on_publish(sender, version, by, **kwargs) -> None:
    """Publishing field definitions re-scores every open packet in the same transaction, so
    no open packet is left scored by the set that was retired."""
    rederive_open_packets(by=by)
