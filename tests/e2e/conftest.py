"""Playwright against Debian's Chromium and Django's live server.

Playwright's own browser download is not used (`playwright install` needs the network);
the system `chromium` is launched instead, headless and sandbox-free for containers.
"""

import os
import shutil

import pytest

from handoffs.queue import tasks_inline
from handoffs.services.intake import receive_event
from tests.factories import PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if os.environ.get("HANDBRIEF_REQUIRE_BROWSER"):
        raise pytest.UsageError("Browser tests need Debian's chromium: apt-get install chromium")
    skip = pytest.mark.skip(reason="chromium is not installed")
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture
def log_in(page, base_url):
    """Sign in through the login form, as a person would."""

    def sign_in(email: str, password: str = PASSWORD) -> None:
        page.goto(f"{base_url}/accounts/login/")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()

    return sign_in


@pytest.fixture
def brightpath(sales_team, example_event):
    """BrightPath drafted and waiting on Devon with a gap list (3 of 8)."""
    with tasks_inline():
        return receive_event(payload=example_event("brightpath-closed-won")).handoff.packets.get()
