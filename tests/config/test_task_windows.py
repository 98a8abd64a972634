"""Start-up refuses task windows that would let a crashed run's work stay undone."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ("Q_TIMEOUT_SECONDS", "Q_RETRY_SECONDS", "Q_CLAIM_SECONDS")


def check(**windows: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in WINDOWS}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, **windows},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_retry_no_longer_than_the_timeout_stops_start_up():
    result = check(Q_TIMEOUT_SECONDS="90", Q_RETRY_SECONDS="90")

    assert result.returncode != 0
    assert "Q_RETRY_SECONDS (90) must be more than Q_TIMEOUT_SECONDS (90)" in result.stderr


@pytest.mark.parametrize("claim", ["60", "90", "200"])
def test_a_claim_window_outside_timeout_and_retry_stops_start_up(claim):
    result = check(Q_TIMEOUT_SECONDS="60", Q_RETRY_SECONDS="90", Q_CLAIM_SECONDS=claim)

    assert result.returncode != 0
    assert (
        f"Q_CLAIM_SECONDS ({claim}) must lie between Q_TIMEOUT_SECONDS (60) and "
        "Q_RETRY_SECONDS (90)"
    ) in result.stderr


def test_the_default_windows_start():
    result = check()

    assert result.returncode == 0, result.stderr
