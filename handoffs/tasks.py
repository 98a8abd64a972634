"""django-q2 entry points: load ids, call a service. Each is safe to run twice."""

from handoffs.claims import queue_is_idle
from handoffs.services import (
    drafting,
    governance_alerts,
    intake,
    notifications,
    outbound,
    plan_tracking,
    replays,
    sla_checks,
)


def process_inbound_event(inbound_id: int) -> None:
    intake.process_inbound_event(inbound_id=inbound_id)


def draft_packet(packet_id: int) -> None:
    drafting.draft_packet(packet_id=packet_id)


def redraft_packet(packet_id: int) -> None:
    drafting.redraft_packet(packet_id=packet_id)


def flag_overdue_packets() -> int:
    return sla_checks.flag_overdue_packets()


def remind_about_slas() -> int:
    return notifications.remind_about_slas()


def requeue_stuck_work() -> int:
    """Scheduled every minute: queue again the events and drafts no live run holds, so work a
    crashed worker held (or a lost task) is finished whatever the broker."""
    idle = queue_is_idle()
    return intake.requeue_stuck_events(queue_idle=idle) + drafting.requeue_stuck_drafts(
        queue_idle=idle
    )


def check_success_plans() -> int:
    return plan_tracking.check_plans()


def send_webhook(delivery_id: int) -> bool:
    return outbound.send(delivery_id)


def send_due_webhooks() -> int:
    """Scheduled every minute: the retries whose backoff has passed, and any lost send."""
    return outbound.send_due()


def replay_deal(run_id: int, packet_id: int) -> None:
    replays.replay_deal(run_id=run_id, packet_id=packet_id)


def send_governance_reminders() -> int:
    return governance_alerts.send_governance_reminders()
