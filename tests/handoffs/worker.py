"""A real `manage.py qcluster` process on the test database, for the worker tests."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def start_qcluster(log: Path, **env: str) -> subprocess.Popen:
    """Start a worker cluster in its own process group (so `kill_hard` reaches every process
    of it), logging to `log`; `env` adds settings such as the task windows."""
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    environment = {**os.environ, "DATABASE_URL": url, "Q_POLL_SECONDS": "0.05", **env}
    environment.pop("REDIS_URL", None)
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def kill_hard(process: subprocess.Popen) -> None:
    """SIGKILL to the cluster and every worker it forked, as when a machine dies."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=30)
