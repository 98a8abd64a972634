"""First value: recorded once per plan, by the CSM or by a signal from the product (the API or
a CSV, idempotent on the sender's id, like comp's stickiness signals)."""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.errors import Conflict
from accounts.models import User
from handoffs.models import SuccessPlan
from handoffs.plan_webhooks import PLAN_UPDATED, announce
from handoffs.services.success_plans import touch


@dataclass(frozen=True)
class Recorded:
    plan: SuccessPlan
    duplicate: bool


def _check_day(plan: SuccessPlan, on: date, field: str) -> None:
    kickoff_day = timezone.localdate(plan.kickoff_at)
    if on < kickoff_day:
        raise ValidationError({field: f"First value comes after the kickoff ({kickoff_day})."})
    if on > timezone.localdate():
        raise ValidationError({field: "First value cannot be in the future."})


def _record(plan: SuccessPlan, *, on: date, note: str, source: str, by, external_id) -> None:
    SuccessPlan.objects.filter(pk=plan.pk).update(
        first_value_on=on,
        first_value_note=note.strip(),
        first_value_source=source,
        first_value_by=by,
        first_value_external_id=external_id,
    )
    plan.refresh_from_db()
    touch(plan)
    announce(plan, PLAN_UPDATED)


@transaction.atomic
def first_value_record(*, plan: SuccessPlan, on: date, note: str, by: User) -> SuccessPlan:
    """The CSM records the day the customer first got the value they bought."""
    plan = SuccessPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.first_value_on is not None:
        raise Conflict(f"First value was already recorded for {plan.first_value_on:%b %-d, %Y}.")
    _check_day(plan, on, "on")
    _record(plan, on=on, note=note, source="csm", by=by, external_id=None)
    return plan


def _plan_for(opportunity_external_id: str, business_unit: str) -> SuccessPlan:
    plans = SuccessPlan.objects.filter(packet__handoff__opportunity_key=opportunity_external_id)
    if business_unit:
        plans = plans.filter(packet__business_unit__slug=business_unit)
    found = list(plans[:2])
    if not found:
        raise ValidationError(
            {"opportunity_external_id": "No success plan for that opportunity (and unit)."}
        )
    if len(found) > 1:
        raise ValidationError(
            {"business_unit": "The deal has a plan per business unit: name the unit."}
        )
    return found[0]


def record_signal(
    *,
    opportunity_external_id: str,
    external_id: str,
    occurred_at,
    business_unit: str = "",
    note: str = "",
    source: str = "api",
) -> Recorded:
    """A product's first-value event. A repeated id, or a plan whose first value is already
    recorded, is accepted and changes nothing."""
    if not external_id.strip():
        raise ValidationError({"external_id": "Give the signal's own id, so a repeat is ignored."})
    if known := SuccessPlan.objects.filter(first_value_external_id=external_id).first():
        return Recorded(known, True)
    plan = _plan_for(opportunity_external_id, business_unit.strip())
    try:
        with transaction.atomic():
            plan = SuccessPlan.objects.select_for_update().get(pk=plan.pk)
            if plan.first_value_on is not None:
                return Recorded(plan, True)
            on = timezone.localdate(occurred_at)
            _check_day(plan, on, "occurred_at")
            _record(plan, on=on, note=note, source=source, by=None, external_id=external_id)
    except IntegrityError:  # the same id, sent twice at once
        return Recorded(SuccessPlan.objects.get(first_value_external_id=external_id), True)
    return Recorded(plan, False)


def _moment(text: str):
    """An ISO 8601 time with its zone, or None (malformed or impossible dates included)."""
    try:
        moment = parse_datetime(text.strip())
    except ValueError:
        return None
    return moment if moment and moment.tzinfo else None


CSV_COLUMNS = ["opportunity_external_id", "business_unit", "external_id", "occurred_at", "note"]
REQUIRED_COLUMNS = {"opportunity_external_id", "external_id", "occurred_at"}


def import_csv(*, text: str) -> dict:
    """Each row like the API's body; bad rows are reported by line, good ones still load."""
    reader = csv.DictReader(io.StringIO(text))
    if REQUIRED_COLUMNS - set(reader.fieldnames or []):
        raise ValidationError(f"The CSV needs the columns {', '.join(CSV_COLUMNS)}.")
    added, repeated, errors = 0, 0, []
    for line, row in enumerate(reader, start=2):
        occurred = _moment(row.get("occurred_at") or "")
        try:
            if occurred is None:
                raise ValidationError({"occurred_at": "Use ISO 8601 with a time zone."})
            recorded = record_signal(
                opportunity_external_id=row.get("opportunity_external_id") or "",
                business_unit=row.get("business_unit") or "",
                external_id=row.get("external_id") or "",
                occurred_at=occurred,
                note=row.get("note") or "",
                source="csv",
            )
        except ValidationError as invalid:
            errors.append(f"Line {line}: {' '.join(invalid.messages)}")
            continue
        repeated += recorded.duplicate
        added += not recorded.duplicate
    return {"added": added, "repeated": repeated, "errors": errors}
