"""Comp listens to success plans: a milestone marked done counts toward day-45 stickiness,
like a milestone signal from the product."""

from django.dispatch import receiver

from comp.services.stickiness import record_plan_milestone
from handoffs.signals import plan_milestone_done


@receiver(plan_milestone_done)
def count_a_done_milestone(sender, packet, title, at, **kwargs) -> None:
    record_plan_milestone(packet=packet, title=title, at=at)
