"""Markers shared by the handoffs tests."""

import pytest
from django.db import connection

# SQLite stores a NUL character; only PostgreSQL refuses it (the 500 these tests guard against).
nul_is_refused_by_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite accepts NUL in text, so only PostgreSQL shows the refusal (CI runs on it)",
)
