"""The OpenAPI schema validates with no warnings, so generated clients can trust it."""

from io import StringIO

from django.core.management import call_command


def test_the_schema_validates_without_warnings(tmp_path):
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yml"),
        stdout=StringIO(),
        stderr=StringIO(),
    )

    assert "/api/v1/intake/events/" in (tmp_path / "schema.yml").read_text()
