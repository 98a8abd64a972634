import logging

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from config.records import truncate_allowed
from handoffs import benchmarks, http_bench
from handoffs.demo.seed import seed_people


class Command(BaseCommand):
    help = (
        "Measure Handbrief on this machine and print the figures. Run it against a database of "
        "its own (make bench does): it adds hundreds of deals."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--deals", type=int, default=500, help="Deals for the throughput run.")
        parser.add_argument(
            "--latency-events",
            type=int,
            default=40,
            help="Signed events timed from request to scored packet.",
        )
        parser.add_argument(
            "--packets",
            type=int,
            default=10_000,
            help="Packets in the database while page latency is measured.",
        )

    def handle(self, *args, deals: int, latency_events: int, packets: int, **options) -> None:
        name = str(settings.DATABASES["default"]["NAME"])
        if "bench" not in name:
            raise CommandError(
                f"Refusing to fill '{name}': point DATABASE_URL at a database "
                "whose name contains 'bench' (make bench does)."
            )
        logging.getLogger("django-q").setLevel(logging.WARNING)
        logging.getLogger("comp").setLevel(logging.ERROR)
        self._ensure_database()
        call_command("migrate", verbosity=0)
        with truncate_allowed():  # a bench database is thrown away; records refuse TRUNCATE
            call_command("flush", interactive=False, verbosity=0)
        self.stdout.write(f"Handbrief benchmark on {connection.vendor} ({name})\n")
        seed_people()
        figures = [
            *benchmarks.drafter_time_for_long_call(),
            *benchmarks.drafting_throughput(deals),
            *benchmarks.intake_to_scored_packet(latency_events),
            *benchmarks.llm_drafter_overhead(),
            *benchmarks.pdf_render_time(),
            *benchmarks.metrics_page_latency(packets),
            *benchmarks.page_latency(packets),
            *http_bench.pages_over_http(),
        ]
        width = max(len(figure.label) for figure in figures)
        for figure in figures:
            self.stdout.write(f"  {figure.label:<{width}}  {figure.value}")

    def _ensure_database(self) -> None:
        """Create the PostgreSQL bench database on first use; SQLite creates its file itself."""
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.postgresql":
            return
        import psycopg

        with psycopg.connect(
            host=database["HOST"],
            port=database["PORT"] or 5432,
            user=database["USER"],
            password=database["PASSWORD"],
            dbname="postgres",
            autocommit=True,
        ) as admin:
            found = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
            ).fetchone()
            if not found:
                admin.execute(f'CREATE DATABASE "{database["NAME"]}"')
