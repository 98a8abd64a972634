"""Stickiness signals (logins, milestones) from the API, a CSV import or a success plan's
milestones marked done; a repeat is ignored."""

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime

from comp.models import CompPlan, SignalKind, StickinessSignal
from handoffs.models import Handoff, Packet


@dataclass(frozen=True)
class Recorded:
    signal: StickinessSignal
    duplicate: bool


def record_signal(
    *,
    opportunity_external_id: str,
    external_id: str,
    kind: str,
    occurred_at: datetime,
    milestone: str = "",
    source: str = "api",
) -> Recorded:
    if kind not in SignalKind.values:
        raise ValidationError({"kind": "kind is login or milestone."})
    if kind == SignalKind.MILESTONE and not milestone.strip():
        raise ValidationError({"milestone": "Name the milestone that was completed."})
    handoff = Handoff.objects.filter(opportunity_key=opportunity_external_id).first()
    if handoff is None:
        raise ValidationError({"opportunity_external_id": "No handoff for that opportunity."})
    if existing := StickinessSignal.objects.filter(external_id=external_id).first():
        return Recorded(existing, True)
    try:
        with transaction.atomic():
            signal = StickinessSignal.objects.create(
                handoff=handoff,
                external_id=external_id,
                kind=kind,
                milestone=milestone.strip(),
                occurred_at=occurred_at,
                source=source,
            )
    except IntegrityError:
        return Recorded(StickinessSignal.objects.get(external_id=external_id), True)
    return Recorded(signal, False)


def record_plan_milestone(*, packet: Packet, title: str, at: datetime) -> Recorded:
    """A milestone done in the deal's success plan counts as that milestone completed, under
    the name a comp plan asks for when it is the same but for case; once per packet."""
    asked = {
        name.casefold(): name
        for names in CompPlan.objects.values_list("sticky_milestones", flat=True)
        for name in names
    }
    name = title.strip()
    return record_signal(
        opportunity_external_id=packet.handoff.opportunity_key,
        external_id=f"success-plan:{packet.pk}:{name.casefold()}"[:200],
        kind=SignalKind.MILESTONE,
        milestone=asked.get(name.casefold(), name)[:100],
        occurred_at=at,
        source="success_plan",
    )


CSV_COLUMNS = ["opportunity_external_id", "external_id", "kind", "milestone", "occurred_at"]


def import_csv(*, text: str) -> dict:
    """Each row like the API's body; bad rows are reported by line, good ones still load."""
    reader = csv.DictReader(io.StringIO(text))
    missing = set(CSV_COLUMNS) - set(reader.fieldnames or [])
    if missing - {"milestone"}:
        raise ValidationError(f"The CSV needs the columns {', '.join(CSV_COLUMNS)}.")
    added, repeated, errors = 0, 0, []
    for line, row in enumerate(reader, start=2):
        occurred = parse_datetime(row.get("occurred_at") or "")
        try:
            if occurred is None:
                raise ValidationError({"occurred_at": "Use ISO 8601 with a time zone."})
            recorded = record_signal(
                opportunity_external_id=row["opportunity_external_id"],
                external_id=row["external_id"],
                kind=row["kind"],
                milestone=row.get("milestone", ""),
                occurred_at=occurred,
                source="csv",
            )
        except ValidationError as invalid:
            errors.append(f"Line {line}: {' '.join(invalid.messages)}")
            continue
        repeated += recorded.duplicate
        added += not recorded.duplicate
    return {"added": added, "repeated": repeated, "errors": errors}
