"""Production mode: refuses to start without its secrets, and passes Django's deploy checks."""

from tests.config.production import PRODUCTION_ENV, manage


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


def test_production_on_a_per_process_cache_fails_the_deploy_checks():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "REDIS_URL"}

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "handbrief.W003" in result.stderr
    assert "Set REDIS_URL" in result.stderr


def test_redis_url_gives_every_worker_one_shared_cache():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; c = settings.CACHES['default']; "
        "print(c['BACKEND'], c['LOCATION'])",
        env=PRODUCTION_ENV,
    )

    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/0",
    ]
