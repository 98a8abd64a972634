"""The quarter close: every holdback decided, each CSM's variable frozen into a statement, the
quarter locked; and what RevOps does with the exceptions before and after."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.errors import Conflict, NotVisible
from accounts.models import User
from comp.close_selectors import CompException, close_preview, comp_exceptions
from comp.models import CompPlan, CsmAdjustment, ExceptionAcknowledgement, PayrollExport
from comp.services.holdbacks import settle_at_close
from comp.services.ledger import posting_quarter
from handoffs.money import format_money


@transaction.atomic
def quarter_close(*, plan: CompPlan, by: User) -> CompPlan:
    """Close `plan` once nothing stands in the way (see `ClosePreview.blockers`): decide each
    open holdback of its deals or earlier ones, freeze every CSM's statement, then lock it."""
    plan = CompPlan.objects.select_for_update().get(pk=plan.pk)
    preview = close_preview(plan)
    if preview.blockers:
        raise Conflict(" ".join(preview.blockers))
    for holdback in preview.holdbacks:
        settle_at_close(packet=holdback.packet, closing=plan)
    now = timezone.now()
    for statement in preview.statements:
        statement.frozen_at, statement.frozen_by = now, by
        statement.save()
    plan.closed_at, plan.closed_by = now, by
    plan.save(update_fields=["closed_at", "closed_by"])
    return plan


def _current(key: str) -> CompException:
    found = next((item for item in comp_exceptions(closing=None).items if item.key == key), None)
    if found is None:
        raise NotVisible("That exception is gone or has changed since; look at the list again.")
    return found


def _acknowledge(exception: CompException, *, note: str, by: User) -> ExceptionAcknowledgement:
    try:
        with transaction.atomic():
            return ExceptionAcknowledgement.objects.create(
                key=exception.key, summary=exception.summary, note=note.strip(), by=by
            )
    except IntegrityError:
        return ExceptionAcknowledgement.objects.get(key=exception.key)


def exception_acknowledge(*, key: str, note: str, by: User) -> ExceptionAcknowledgement:
    """Let an exception stand: the close's policy decides the holdback, the frozen statement
    stays as paid, the deal stays without a plan. Acknowledging twice keeps the first."""
    return _acknowledge(_current(key), note=note, by=by)


@transaction.atomic
def csm_difference_pay(*, plan: CompPlan, csm: User, by: User) -> CsmAdjustment:
    """Pay what a closed quarter's CSM variable came to after its close, in the open quarter;
    the frozen statement stays as it was."""
    changed = next(
        (
            item
            for item in comp_exceptions(closing=None).csm_changed
            if item.frozen.plan_id == plan.pk and item.frozen.csm_id == csm.pk
        ),
        None,
    )
    if changed is None:
        raise NotVisible(f"{csm.full_name}'s {plan} variable has not changed since the close.")
    if not changed.difference:
        raise Conflict("The difference is already paid; acknowledge the change instead.")
    quarter = posting_quarter(plan)
    if quarter is None:
        raise Conflict("No quarter is open to pay it in: create the next quarter's plan first.")
    was, now = changed.frozen, changed.now
    adjustment = CsmAdjustment.objects.create(
        plan=quarter,
        for_plan=plan,
        csm=csm,
        amount=changed.difference,
        currency=was.currency,
        reason=f"{plan} variable worked out again after its close: "
        f"{format_money(now.payout, now.currency)} instead of "
        f"{format_money(was.payout, was.currency)}",
        idempotency_key=changed.key,
        created_by=by,
    )
    _acknowledge(changed, note=f"Paid {format_money(adjustment.amount)} in {quarter}.", by=by)
    return adjustment


def payroll_export_record(*, plan: CompPlan, by: User, rows: int) -> PayrollExport:
    """Note a payroll download, so the next close preview shows what moved since."""
    return PayrollExport.objects.create(plan=plan, by=by, rows=rows)
