"""The deploy check names a database role that could undo the records' triggers."""

import pytest
from django.db import connection

from tests.config.production import PRODUCTION_ENV, manage

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the role check reads PostgreSQL's catalogue"
)


def deploy_check_as(role: str) -> tuple[int, str]:
    settings = connection.settings_dict
    url = f"postgres://{role}@{settings['HOST']}:{settings['PORT'] or 5432}/{settings['NAME']}"
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, "DATABASE_URL": url}
    )
    return result.returncode, result.stderr


def test_serving_as_the_tables_owner_fails_the_deploy_checks(django_db_setup):
    returncode, report = deploy_check_as(connection.settings_dict["USER"])

    assert returncode != 0
    assert "handbrief.W001" in report
    assert "owns comp_csmadjustment, comp_csmstatement" in report


def test_serving_as_a_role_that_owns_nothing_passes_the_deploy_checks(app_role):
    returncode, report = deploy_check_as(app_role)

    assert returncode == 0, report
