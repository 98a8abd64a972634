"""What a set of field definitions does to packets: the impact preview before publishing, and
the re-derivation of open packets once it is published.

Open packets are those scoring still decides for: waiting on the AE or with CS before a
decision. Accepted packets keep the set they were signed off on; drafts are scored when drafted.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet

from accounts.models import User
from governance.models import DefinitionsVersion
from governance.review_selectors import current_quarter, previous_quarter, quarter_bounds
from handoffs.derivation import rederive
from handoffs.models import WAITING_ON_AE, FieldStatus, Packet, PacketField, Status
from handoffs.scoring import score_packet

OPEN = frozenset({*WAITING_ON_AE, Status.READY_FOR_CS, Status.IN_REVIEW})


def open_packets() -> QuerySet[Packet]:
    return Packet.objects.filter(status__in=OPEN)


def rederive_open_packets(*, by: User | None) -> int:
    """Every open packet re-derives with the published definitions; returns how many."""
    count = 0
    for packet in open_packets().order_by("pk"):
        rederive(packet, by=by)
        count += 1
    return count


@dataclass(frozen=True)
class Change:
    packet: Packet
    score_now: int
    score_then: int
    of_then: int


@dataclass
class Impact:
    """Over one group of packets: who would flip at the gate, and which fields would move."""

    label: str
    total: int = 0
    to_fail: list[Change] = field(default_factory=list)
    to_pass: list[Change] = field(default_factory=list)
    field_moves: Counter = field(default_factory=Counter)

    @property
    def moves(self) -> list[tuple[str, int]]:
        """Fields that would change status, most first (templates cannot call a Counter's)."""
        return self.field_moves.most_common()


def impact(version: DefinitionsVersion, packets: QuerySet[Packet], label: str) -> Impact:
    """Score `packets` with `version` in memory and compare with their stored verdict; nothing
    is saved. A fixed number of queries, whatever the number of packets."""
    rows = list(
        packets.select_related("handoff__opportunity", "business_unit").order_by("-created_at")
    )
    values: dict[int, dict] = {packet.pk: {} for packet in rows}
    for packet_id, key, data, gaps, status in PacketField.objects.filter(
        packet__in=[packet.pk for packet in rows]
    ).values_list("packet_id", "key", "data", "review_gaps", "status"):
        values[packet_id][key] = (data, gaps, status)
    result = Impact(label=label, total=len(rows))
    labels = {definition.key: definition.label for definition in version.fields.all()}
    for packet in rows:
        fields = values[packet.pk]
        then = score_packet(
            {key: value[0] for key, value in fields.items()},
            {key: value[1] for key, value in fields.items()},
            version,
        )
        change = Change(packet, packet.score, then.score, then.of)
        if packet.passed_gate and not then.passed:
            result.to_fail.append(change)
        elif then.passed and not packet.passed_gate:
            result.to_pass.append(change)
        for key, scored in then.fields.items():
            before = fields.get(key, (None, None, FieldStatus.MISSING))[2]
            if scored.status != before:
                result.field_moves[labels[key]] += 1
    return result


def definitions_impact(version: DefinitionsVersion) -> list[Impact]:
    """The preview a reviewer reads before publishing: open packets, and last quarter's."""
    start, end = quarter_bounds(previous_quarter(current_quarter()))
    last_quarter = Packet.objects.filter(
        created_at__date__gte=start, created_at__date__lte=end
    ).exclude(status__in=[Status.DRAFTING, Status.DRAFT_FAILED])
    return [
        impact(version, open_packets(), "Open packets"),
        impact(
            version, last_quarter, f"Last quarter's packets ({previous_quarter(current_quarter())})"
        ),
    ]
