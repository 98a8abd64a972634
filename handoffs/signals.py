"""What the handoff workflow announces to other apps (comp listens); sent after commit."""

from django.dispatch import Signal

# packet, transition: every state change.
packet_transitioned = Signal()
# packet, at: the packet reached CS for the first time (the comp plan's completeness window).
packet_passed_gate = Signal()
# packet, at: the triad kickoff took place (releases the AE holdback).
kickoff_held = Signal()
# packet, at: a packet was opened for a won deal (comp accrues the commission).
packet_opened = Signal()
# handoff, event: an event's sources were loaded into the handoff's deal (its amount may differ).
deal_loaded = Signal()
# packet, title, at: a success plan milestone was marked done (comp counts it toward stickiness).
plan_milestone_done = Signal()
