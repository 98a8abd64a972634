"""Connections to the test database beside Django's own: as the owner, and as the app role.

`HANDBRIEF_DB_APP_ROLE` names a role that owns nothing and is no superuser (.ci/run creates
`handbrief_app`); it is granted what README's production role gets, on the test database.
"""

import os
from collections.abc import Iterator

import psycopg
import pytest
from django.db import connection
from psycopg import sql

APP_ROLE = os.environ.get("HANDBRIEF_DB_APP_ROLE", "")

GRANTS = [
    "GRANT CONNECT ON DATABASE {database} TO {role}",
    "GRANT USAGE ON SCHEMA public TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
]


def connect(user: str) -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        dbname=settings["NAME"],
        user=user,
        password=settings["PASSWORD"] if user == settings["USER"] else None,
        autocommit=True,
    )


@pytest.fixture(scope="session")
def app_role(django_db_setup, django_db_blocker) -> str:
    """The role, granted DML (no TRUNCATE) on the test database's tables."""
    if not APP_ROLE:
        pytest.skip("set HANDBRIEF_DB_APP_ROLE to a non-owner role (.ci/run creates one)")
    names = {"database": connection.settings_dict["NAME"], "role": APP_ROLE}
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for grant in GRANTS:
            statement = sql.SQL(grant).format(
                **{key: sql.Identifier(value) for key, value in names.items()}
            )
            cursor.execute(statement.as_string(cursor.connection))
    return APP_ROLE


@pytest.fixture
def as_app_role(app_role) -> Iterator[psycopg.Connection]:
    with connect(app_role) as conn:
        yield conn


@pytest.fixture
def as_owner(django_db_setup) -> Iterator[psycopg.Connection]:
    """The owner on a connection of its own, outside the test suite's flush allowance."""
    with connect(connection.settings_dict["USER"]) as conn:
        yield conn
