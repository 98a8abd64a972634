"""Deploy checks (`manage.py check --deploy`) for what Django's own cannot know.

The records' triggers (config.records) hold only against a role that cannot drop, disable or
bypass them with TRUNCATE, and rate limits hold only in a cache every worker shares.
"""

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from config.records import guarded_tables

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)

ROLE_POWERS = """
SELECT r.rolsuper,
       coalesce(array_agg(c.relname ORDER BY c.relname)
                FILTER (WHERE pg_has_role(current_user, c.relowner, 'USAGE')), '{}'),
       coalesce(array_agg(c.relname ORDER BY c.relname)
                FILTER (WHERE has_table_privilege(c.oid, 'TRUNCATE')), '{}')
FROM pg_roles r
LEFT JOIN pg_class c ON c.relname = ANY(%s) AND c.relkind = 'r' AND pg_table_is_visible(c.oid)
WHERE r.rolname = current_user
GROUP BY r.rolsuper
"""

ROLE_HINT = (
    "Serve the app as a role that owns no table and has no TRUNCATE (NOSUPERUSER; SELECT, "
    "INSERT, UPDATE, DELETE only), and run migrations as the owner: README, section "
    '"PostgreSQL and Redis".'
)


@register(Tags.security, deploy=True)
def database_role_cannot_undo_records(app_configs, **kwargs) -> list[CheckMessage]:
    """PostgreSQL only: a superuser or a table's owner can disable or drop the triggers."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return []
    try:
        with connection.cursor() as cursor:
            cursor.execute(ROLE_POWERS, [guarded_tables()])
            superuser, owned, truncatable = cursor.fetchone()
    except DatabaseError as error:
        return [
            CheckWarning(
                f"Could not check the database role: {error}".strip(),
                hint=ROLE_HINT,
                id="handbrief.W002",
            )
        ]
    powers = []
    if superuser:
        powers.append("is a superuser")
    if owned:
        powers.append(f"owns {', '.join(owned)}")
    if truncatable and not superuser:
        powers.append(f"may TRUNCATE {', '.join(truncatable)}")
    if not powers:
        return []
    return [
        CheckWarning(
            f"The app's database role {connection.settings_dict['USER'] or '(default)'} "
            f"{' and '.join(powers)}: it could disable, drop or truncate past the triggers "
            "that keep sign-offs, field versions, transitions, prompt versions and the ledger.",
            hint=ROLE_HINT,
            id="handbrief.W001",
        )
    ]


@register(Tags.caches, deploy=True)
def cache_is_shared(app_configs, **kwargs) -> list[CheckMessage]:
    """Login rate limits live in the cache: a per-process one gives each worker its own count."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        CheckWarning(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) is per process, so every "
            "gunicorn worker counts login attempts on its own.",
            hint="Set REDIS_URL: the cache then lives in Redis, shared by all workers.",
            id="handbrief.W003",
        )
    ]
