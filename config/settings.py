"""Handbrief settings, read from the environment with safe development defaults.

Set HANDBRIEF_ENV=production for a deployment: it turns DEBUG off, requires the secrets and
turns on the HTTPS-only protections that `manage.py check --deploy` asks for.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_float, env_int, env_list, env_str, require

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = env_str("HANDBRIEF_ENV", "development") == "production"

if PRODUCTION:
    require(["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CSRF_TRUSTED_ORIGINS"])

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_q",
    "django_htmx",
    "template_partials",
    "csp",
    "pgtrigger",
    "config.apps.SiteConfig",
    "accounts",
    "governance",
    "handoffs",
    "comp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "accounts.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.DenyByDefaultMiddleware",
]

if PRODUCTION:
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "handoffs.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'handbrief.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

Q_CLUSTER = {
    "name": "handbrief",
    "workers": env_int("Q_WORKERS", 2),
    # A task's time limit; the worker running it is killed after it.
    "timeout": env_int("Q_TIMEOUT_SECONDS", 60),
    # When a task that was not acknowledged (its worker died) is presented again.
    "retry": env_int("Q_RETRY_SECONDS", 90),
    "max_attempts": 3,
    "catch_up": False,
    "label": "Background tasks",
    # How often the database broker looks for new tasks (Redis does not poll).
    "poll": float(env_str("Q_POLL_SECONDS", "0.2")),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
# How long a task's claim on an event or a draft holds (handoffs/claims.py). Older than the
# time limit, so a claim that old belongs to a run that is gone; younger than the retry, so a
# task presented again after a crash finds that claim stale and finishes the work.
TASK_CLAIM_SECONDS = env_int("Q_CLAIM_SECONDS", 75)
if Q_CLUSTER["retry"] <= Q_CLUSTER["timeout"]:
    raise ImproperlyConfigured(
        f"Q_RETRY_SECONDS ({Q_CLUSTER['retry']}) must be more than Q_TIMEOUT_SECONDS "
        f"({Q_CLUSTER['timeout']}): django-q2 would present a task again while it still runs."
    )
if not Q_CLUSTER["timeout"] < TASK_CLAIM_SECONDS < Q_CLUSTER["retry"]:
    raise ImproperlyConfigured(
        f"Q_CLAIM_SECONDS ({TASK_CLAIM_SECONDS}) must lie between Q_TIMEOUT_SECONDS "
        f"({Q_CLUSTER['timeout']}) and Q_RETRY_SECONDS ({Q_CLUSTER['retry']}): a shorter claim "
        "lets two runs work on one event, a longer one leaves work a crashed run held undone."
    )

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "accounts.adapters.InviteOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Handbrief] "
ACCOUNT_PREVENT_ENUMERATION = True

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Handbrief <handbrief@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.api_permissions.PolicyPermission"],
    "EXCEPTION_HANDLER": "accounts.api_errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Handbrief API",
    "DESCRIPTION": "Closed-Won intake, handoff packets, sign-offs and commission signals.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["accounts.api_permissions.PolicyPermission"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PacketStatusEnum": "handoffs.models.packets.Status",
        "FieldStatusEnum": "handoffs.models.packets.FieldStatus",
    },
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

HANDBRIEF = {
    "HOLIDAY_COUNTRY": env_str("HANDBRIEF_HOLIDAY_COUNTRY", "US"),
    "MAX_INTAKE_BYTES": env_int("HANDBRIEF_MAX_INTAKE_BYTES", 5 * 1024 * 1024),
    "OPENAI_API_KEY": env_str("OPENAI_API_KEY"),
    "OPENAI_BASE_URL": env_str("OPENAI_BASE_URL"),
    "LLM_MODEL": env_str("HANDBRIEF_LLM_MODEL", "gpt-4o-mini"),
    # The LLM drafter's budget: attempts and seconds per packet stay under the worker's timeout.
    "LLM_MAX_ATTEMPTS": env_int("HANDBRIEF_LLM_MAX_ATTEMPTS", 3),
    "LLM_TIMEOUT_SECONDS": env_float("HANDBRIEF_LLM_TIMEOUT_SECONDS", 20.0),
    "LLM_DEADLINE_SECONDS": env_float("HANDBRIEF_LLM_DEADLINE_SECONDS", 45.0),
    "LLM_RETRY_BACKOFF_SECONDS": env_float("HANDBRIEF_LLM_RETRY_BACKOFF_SECONDS", 1.0),
    "LLM_INPUT_TOKEN_BUDGET": env_int("HANDBRIEF_LLM_INPUT_TOKEN_BUDGET", 12000),
    "LLM_MAX_OUTPUT_TOKENS": env_int("HANDBRIEF_LLM_MAX_OUTPUT_TOKENS", 4000),
    "PLG_BUSINESS_UNIT": env_str("HANDBRIEF_PLG_BUSINESS_UNIT", "analytics"),
    # A published prompt or set of field definitions unchanged this long reads as stale.
    "GOVERNANCE_STALE_MONTHS": env_int("HANDBRIEF_GOVERNANCE_STALE_MONTHS", 12),
}

# Intake bodies over HANDBRIEF["MAX_INTAKE_BYTES"] get a 413; Django's own cap sits above it.
DATA_UPLOAD_MAX_MEMORY_SIZE = HANDBRIEF["MAX_INTAKE_BYTES"] + 1024 * 1024

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
