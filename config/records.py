"""Records of what happened are kept by PostgreSQL itself, not only by the models' save().

Sign-offs, field versions, transitions, published prompt versions and ledger entries are
evidence: a correction is a new row. Their triggers refuse to change, delete or truncate them
whoever connects, short of the tables' owner dropping the triggers, which is why production
runs as a role that owns nothing (README, "PostgreSQL and Redis"; `config.checks`). Deleting a
packet or a user that such rows point at is refused too (the cascade or SET NULL would change
them): packets are never deleted and people are deactivated, not deleted.
On SQLite the triggers do not exist; the models' own guards are what remains there.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pgtrigger
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created

REFUSE_TRUNCATE = "refuse_truncate"


def refuse_truncate() -> pgtrigger.Trigger:
    """TRUNCATE fires no row trigger, so it needs a statement trigger of its own."""
    return pgtrigger.Trigger(
        name=REFUSE_TRUNCATE,
        level=pgtrigger.Statement,
        when=pgtrigger.Before,
        operation=pgtrigger.Truncate,
        func="RAISE EXCEPTION '% is a record of what happened: TRUNCATE is refused', "
        "TG_TABLE_NAME;",
    )


def append_only() -> list[pgtrigger.Trigger]:
    """Rows may be added, never changed, deleted or truncated."""
    return [
        pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        refuse_truncate(),
    ]


def _truncate_guards() -> list[tuple[type, pgtrigger.Trigger]]:
    return [
        (model, trigger)
        for model, trigger in pgtrigger.registered()
        if trigger.name == REFUSE_TRUNCATE
    ]


def guarded_tables() -> list[str]:
    """The tables of records: every table whose TRUNCATE is refused."""
    return sorted(model._meta.db_table for model, _ in _truncate_guards())


def _let_truncate_through(execute, sql, params, many, context):
    if sql.lstrip()[:8].upper() == "TRUNCATE":
        pgids = ",".join(trigger.get_pgid(model) for model, trigger in _truncate_guards())
        sql = f"SELECT set_config('pgtrigger.ignore', '{{{pgids}}}', true); {sql}"
    return execute(sql, params, many, context)


@contextmanager
def truncate_allowed(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Let this process's TRUNCATEs past the guard, for a throwaway database only: Django's
    `flush` (between transactional tests, in `make bench`) truncates every table. Connections
    opened meanwhile (other threads, the live server) are let through too; UPDATE and DELETE
    stay refused."""

    def let_through(connection, **kwargs) -> None:
        if (
            connection.alias == using
            and connection.vendor == "postgresql"
            and _let_truncate_through not in connection.execute_wrappers
        ):
            connection.execute_wrappers.append(_let_truncate_through)

    current = connections[using]
    connection_created.connect(let_through, weak=False)
    let_through(current)
    try:
        yield
    finally:
        connection_created.disconnect(let_through)
        if _let_truncate_through in current.execute_wrappers:
            current.execute_wrappers.remove(_let_truncate_through)
