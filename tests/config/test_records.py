"""Records refuse UPDATE, DELETE and TRUNCATE in PostgreSQL itself, whoever sends the SQL.

Raw SQL on connections of their own, as the app's role (owns nothing, no TRUNCATE grant) and
as the owner. The triggers are PostgreSQL's; on SQLite only the models' own guards remain.
"""

import datetime as dt
from decimal import Decimal

import psycopg
import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from comp.models import (
    CompPlan,
    CsmAdjustment,
    CsmStatement,
    ExceptionAcknowledgement,
    LedgerEntry,
    PayrollExport,
)
from config.records import guarded_tables
from governance.models import PromptState, PromptVersion
from governance.selectors import published_prompt
from handoffs.models import SignOff
from tests.factories import PacketFieldVersionFactory, PacketTransitionFactory, UserFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers are PostgreSQL's"
)

TAMPERING = {
    "comp_csmadjustment": "UPDATE comp_csmadjustment SET amount = 0",
    "comp_csmstatement": "UPDATE comp_csmstatement SET payout = 0",
    "comp_exceptionacknowledgement": "UPDATE comp_exceptionacknowledgement SET note = 'x'",
    "comp_ledgerentry": "UPDATE comp_ledgerentry SET amount = 0",
    "comp_payrollexport": "UPDATE comp_payrollexport SET rows = 0",
    "governance_promptversion": "UPDATE governance_promptversion SET text = 'Obey the call.'",
    "handoffs_packetfieldversion": "UPDATE handoffs_packetfieldversion SET text = 'tampered'",
    "handoffs_packettransition": "UPDATE handoffs_packettransition SET reason = 'tampered'",
    "handoffs_signoff": "UPDATE handoffs_signoff SET reasons = '[]'",
}


@pytest.fixture
def records(transactional_db, analytics) -> None:
    """One committed row in every table of records, so other connections see them."""
    packet = PacketFieldVersionFactory(field__packet__business_unit=analytics).field.packet
    PacketTransitionFactory(packet=packet, reason="Drafted")
    csm = UserFactory(role="csm", business_unit=analytics)
    SignOff.objects.create(
        packet=packet, decision="returned", by=csm, packet_version=1, reasons=[{"key": "x"}]
    )
    published_prompt()
    today = dt.date.today()
    plan = CompPlan.objects.create(
        name="Now", starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=30)
    )
    LedgerEntry.objects.create(
        plan=plan,
        ae=UserFactory(),
        packet=packet,
        kind="accrual",
        amount=Decimal("100.00"),
        currency="USD",
        reason="Closed-Won",
        cause="test",
        idempotency_key="test-accrual",
    )
    closed = CompPlan.objects.create(
        name="Closed",
        starts_on=today - dt.timedelta(days=90),
        ends_on=today - dt.timedelta(days=31),
    )
    CsmStatement.objects.create(
        plan=closed,
        csm=csm,
        accepted=0,
        on_time=0,
        matured=0,
        sticky=0,
        attainment=0,
        target=Decimal("30000"),
        onboarding_share_pct=Decimal("20"),
        payout=0,
        currency="USD",
    )
    CsmAdjustment.objects.create(
        plan=plan,
        for_plan=closed,
        csm=csm,
        amount=Decimal("10"),
        currency="USD",
        reason="Late signal",
        idempotency_key="test-adjustment",
        created_by=csm,
    )
    ExceptionAcknowledgement.objects.create(key="test", summary="Seen", by=csm)
    PayrollExport.objects.create(plan=plan, by=csm, rows=1)


def attempts(conn: psycopg.Connection, statements: dict[str, str]) -> dict[str, str]:
    """Run each statement; what PostgreSQL answered, by table ("done" if it let it through)."""
    answers = {}
    for table, statement in statements.items():
        try:
            conn.execute(statement)
        except psycopg.Error as error:
            answers[table] = type(error).__name__
        else:
            answers[table] = "done"
    return answers


def test_every_table_of_records_is_attacked_here():
    assert set(TAMPERING) == set(guarded_tables())


def test_the_app_role_cannot_update_a_record(records, as_app_role):
    answers = attempts(as_app_role, TAMPERING)

    assert answers == dict.fromkeys(TAMPERING, "RaiseException")


def test_the_app_role_cannot_delete_a_record(records, as_app_role):
    deletes = {table: f'DELETE FROM "{table}"' for table in TAMPERING}

    answers = attempts(as_app_role, deletes)

    assert answers == dict.fromkeys(TAMPERING, "RaiseException")
    assert all(as_app_role.execute(f'SELECT 1 FROM "{table}"').fetchone() for table in TAMPERING)


def test_the_app_role_may_not_truncate_records(as_app_role):
    truncates = {table: f'TRUNCATE "{table}" CASCADE' for table in TAMPERING}

    answers = attempts(as_app_role, truncates)

    assert answers == dict.fromkeys(TAMPERING, "InsufficientPrivilege")


def test_the_app_role_cannot_switch_the_triggers_off(as_app_role):
    switches = {table: f'ALTER TABLE "{table}" DISABLE TRIGGER ALL' for table in TAMPERING}

    answers = attempts(as_app_role, switches)

    assert answers == dict.fromkeys(TAMPERING, "InsufficientPrivilege")


def test_even_the_owner_cannot_truncate_records(as_owner):
    truncates = {table: f'TRUNCATE "{table}" CASCADE' for table in TAMPERING}

    answers = attempts(as_owner, truncates)

    assert answers == dict.fromkeys(TAMPERING, "RaiseException")


def test_truncating_a_packet_cascades_into_records_and_is_refused(as_owner):
    with pytest.raises(psycopg.errors.RaiseException, match="TRUNCATE is refused"):
        as_owner.execute("TRUNCATE handoffs_packet CASCADE")


def published() -> PromptVersion:
    return PromptVersion.objects.get(state=PromptState.PUBLISHED)


def refused(**changes) -> bool:
    try:
        with transaction.atomic():
            PromptVersion.objects.filter(pk=published().pk).update(**changes)
    except DatabaseError:
        return True
    return False


@pytest.mark.django_db
def test_a_published_version_retires_when_its_successor_is_published():
    version = published()

    PromptVersion.objects.filter(pk=version.pk).update(
        state=PromptState.RETIRED, retired_at=timezone.now()
    )

    version.refresh_from_db()
    assert version.state == PromptState.RETIRED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"text": "Obey the call."},
        {"temperature": Decimal("1.5")},
        {"state": PromptState.DRAFT},
        {"published_at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)},
        {"retired_at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)},
    ],
)
def test_a_published_version_changes_in_no_other_way(changes):
    assert refused(**changes)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"state": PromptState.PUBLISHED},
        {"retired_at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)},
        {"change_note": "Rewritten history."},
    ],
)
def test_a_retired_version_never_changes_again(changes):
    version = published()
    PromptVersion.objects.filter(pk=version.pk).update(state=PromptState.RETIRED)

    with pytest.raises(DatabaseError), transaction.atomic():
        PromptVersion.objects.filter(pk=version.pk).update(**changes)


@pytest.mark.django_db
def test_a_published_version_is_never_deleted():
    with pytest.raises(DatabaseError), transaction.atomic():
        PromptVersion.objects.filter(pk=published().pk).delete()
