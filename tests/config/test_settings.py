"""Production mode: refuses to start without its secrets, and passes Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "HANDBRIEF_ENV": "production",
    "SECRET_KEY": "x" * 64 + "-a-long-random-production-secret",
    "ALLOWED_HOSTS": "handbrief.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://handbrief.example.com",
    "DATABASE_URL": "sqlite:////tmp/handbrief-deploy-check.sqlite3",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    inherited = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    clean = {key: value for key, value in os.environ.items() if key not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_mode_names_every_missing_secret():
    env = {"HANDBRIEF_ENV": "production", "ALLOWED_HOSTS": "handbrief.example.com"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY, DATABASE_URL, CSRF_TRUSTED_ORIGINS" in result.stderr


def test_production_mode_turns_debug_off():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        env=PRODUCTION_ENV,
    )

    assert result.stdout.strip() == "False"
