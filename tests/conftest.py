"""Shared fixtures: one user per role (healthchecks' alice/bob/charlie pattern) and fast hashing."""

import json
from pathlib import Path

import pytest
from django.test import Client

from accounts.models import Role
from config.records import truncate_allowed
from handoffs.queue import tasks_inline
from handoffs.services.intake import receive_event
from tests.factories import BusinessUnitFactory, UserFactory

# The example intake events ship with the project, so a lone clone can run the suite.
EXAMPLES = Path(__file__).resolve().parents[1] / "handoffs" / "examples"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests that flush the database (transactional ones, browser journeys) run after all the
    others, as Django orders them: pytest groups tests by parametrised session fixtures (the
    browser) after pytest-django has sorted, which would put a flush in the middle and leave
    later tests without the rows the migrations seed."""

    def flushes(item) -> bool:
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and marker.kwargs.get("transaction"))
        return transactional or "live_server" in getattr(item, "fixturenames", ())

    items.sort(key=flushes)


@pytest.fixture(scope="session", autouse=True)
def _flush_between_transactional_tests():
    """A transactional test ends with Django's flush, one TRUNCATE of every table, which the
    records' guard refuses (config.records); the test database lets that through."""
    with truncate_allowed():
        yield


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def analytics():
    return BusinessUnitFactory(slug="analytics", name="Analytics")


@pytest.fixture
def integrations():
    return BusinessUnitFactory(slug="integrations", name="Integrations")


@pytest.fixture
def ae(analytics):
    return UserFactory(
        email="maya.chen@seller.example",
        full_name="Maya Chen",
        role=Role.AE,
        business_unit=analytics,
    )


@pytest.fixture
def csm(analytics):
    return UserFactory(
        email="nina.patel@seller.example",
        full_name="Nina Patel",
        role=Role.CSM,
        business_unit=analytics,
    )


@pytest.fixture
def cs_ops():
    return UserFactory(
        email="casey.brooks@seller.example",
        full_name="Casey Brooks",
        role=Role.CS_OPS,
        business_unit=None,
    )


@pytest.fixture
def revops_admin():
    return UserFactory(
        email="riley.adams@seller.example",
        full_name="Riley Adams",
        role=Role.REVOPS_ADMIN,
        business_unit=None,
    )


@pytest.fixture
def users_by_role(ae, csm, cs_ops, revops_admin):
    return {Role.AE: ae, Role.CSM: csm, Role.CS_OPS: cs_ops, Role.REVOPS_ADMIN: revops_admin}


@pytest.fixture
def client_for():
    """A test client already signed in as the given user."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def example_event(analytics, integrations):
    """One of the real-shaped intake payloads in handoffs/examples, parsed. The business units
    they name exist, as intake refuses units RevOps has not set up."""

    def load(name: str) -> dict:
        return json.loads((EXAMPLES / f"{name}.json").read_text())

    return load


@pytest.fixture
def ingest(django_capture_on_commit_callbacks):
    """Run an event through the real intake path, with the background tasks run in-process."""

    def run(payload: dict, integration=None):
        with tasks_inline(), django_capture_on_commit_callbacks(execute=True):
            return receive_event(payload=payload, integration=integration)

    return run


@pytest.fixture
def sales_team(analytics, integrations):
    """The AEs and CSMs named in handoffs/examples, one CSM per business unit."""
    return {
        "maya": UserFactory(
            email="maya.chen@seller.example",
            full_name="Maya Chen",
            role=Role.AE,
            business_unit=analytics,
        ),
        "devon": UserFactory(
            email="devon.price@seller.example",
            full_name="Devon Price",
            role=Role.AE,
            business_unit=analytics,
        ),
        "nina": UserFactory(
            email="nina.patel@seller.example",
            full_name="Nina Patel",
            role=Role.CSM,
            business_unit=analytics,
        ),
        "marcus": UserFactory(
            email="marcus.green@seller.example",
            full_name="Marcus Green",
            role=Role.CSM,
            business_unit=integrations,
        ),
    }
