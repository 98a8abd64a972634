"""Account outcomes (churned, renewed, expanded, with ARR) from the API or a CSV import.

Idempotent on the sender's `external_id`: a repeat is accepted and ignored, so a CRM sync may
send the same outcome as often as it likes.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date

from handoffs.models import Account, AccountOutcome, OutcomeKind

EARLIEST = date(2000, 1, 1)
# A churn may be known ahead of its date (a notice of non-renewal), but not years ahead.
FURTHEST_AHEAD = timedelta(days=366)
CSV_COLUMNS = [
    "account_external_id",
    "external_id",
    "kind",
    "occurred_on",
    "arr_before",
    "arr_after",
    "currency",
]


@dataclass(frozen=True)
class Recorded:
    outcome: AccountOutcome
    duplicate: bool


def _check(
    *, kind: str, occurred_on: date, arr_before: Decimal, arr_after: Decimal, currency: str
) -> None:
    errors: dict[str, str] = {}
    if kind not in OutcomeKind.values:
        errors["kind"] = "kind is churned, renewed or expanded."
    latest = timezone.localdate() + FURTHEST_AHEAD
    if not EARLIEST <= occurred_on <= latest:
        errors["occurred_on"] = f"occurred_on lies between {EARLIEST} and {latest}."
    if arr_before < 0 or arr_after < 0:
        errors["arr_after" if arr_after < 0 else "arr_before"] = "ARR cannot be negative."
    elif kind == OutcomeKind.CHURNED and arr_after != 0:
        errors["arr_after"] = "A churned account has no ARR after: send 0."
    elif kind == OutcomeKind.EXPANDED and arr_after <= arr_before:
        errors["arr_after"] = "An expansion ends with more ARR than it started with."
    if not (len(currency) == 3 and currency.isalpha() and currency.isupper()):
        errors["currency"] = "currency is a three-letter ISO code such as USD."
    if errors:
        raise ValidationError(errors)


def record_outcome(
    *,
    account_external_id: str,
    external_id: str,
    kind: str,
    occurred_on: date,
    arr_before: Decimal,
    arr_after: Decimal,
    currency: str,
    source: str = "api",
) -> Recorded:
    if existing := AccountOutcome.objects.filter(external_id=external_id).first():
        return Recorded(existing, True)
    _check(
        kind=kind,
        occurred_on=occurred_on,
        arr_before=arr_before,
        arr_after=arr_after,
        currency=currency,
    )
    account = Account.objects.filter(external_id=account_external_id).first()
    if account is None:
        raise ValidationError({"account_external_id": "No account has that external id."})
    try:
        with transaction.atomic():
            outcome = AccountOutcome.objects.create(
                account=account,
                external_id=external_id,
                kind=kind,
                occurred_on=occurred_on,
                arr_before=arr_before,
                arr_after=arr_after,
                currency=currency,
                source=source,
            )
    except IntegrityError:
        return Recorded(AccountOutcome.objects.get(external_id=external_id), True)
    return Recorded(outcome, False)


def _amount(row: dict, name: str) -> Decimal:
    try:
        return Decimal((row.get(name) or "").strip())
    except InvalidOperation:
        raise ValidationError({name: f"{name} is a number such as 48000.00."}) from None


def _recorded_from_row(row: dict) -> Recorded:
    occurred_on = parse_date((row.get("occurred_on") or "").strip())
    if occurred_on is None:
        raise ValidationError({"occurred_on": "occurred_on is a date such as 2027-03-31."})
    if not (row.get("external_id") or "").strip():
        raise ValidationError({"external_id": "Give each outcome an external_id."})
    return record_outcome(
        account_external_id=(row.get("account_external_id") or "").strip(),
        external_id=row["external_id"].strip(),
        kind=(row.get("kind") or "").strip(),
        occurred_on=occurred_on,
        arr_before=_amount(row, "arr_before"),
        arr_after=_amount(row, "arr_after"),
        currency=(row.get("currency") or "").strip(),
        source="csv",
    )


def import_csv(*, text: str) -> dict:
    """Each row like the API's body; a bad row is reported by its line, the good ones load."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in CSV_COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            f"The CSV needs the columns {', '.join(CSV_COLUMNS)}; missing: {', '.join(missing)}."
        )
    added, repeated, errors = 0, 0, []
    for line, row in enumerate(reader, start=2):
        try:
            recorded = _recorded_from_row(row)
        except ValidationError as invalid:
            errors.append(f"Line {line}: {' '.join(invalid.messages)}")
            continue
        repeated += recorded.duplicate
        added += not recorded.duplicate
    return {"added": added, "repeated": repeated, "errors": errors}
