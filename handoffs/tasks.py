"""django-q2 entry points: load ids, call a service. Each is safe to run twice."""

from handoffs.services import drafting, intake, notifications, sla_checks


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
