import logging
import time

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings

from governance.models import DrafterKind, DraftingPolicy
from handoffs.demo.seed import seed_people
from handoffs.drafting.injection_cases import base_deal, injection_cases
from handoffs.injection_eval import ingest, run_suite
from handoffs.llm_fake import FakeOpenAI


class Command(BaseCommand):
    help = (
        "Draft the injection suite's cases with a model that obeys the planted instructions "
        "(the fake OpenAI server) and print what held: markers leaked, floor findings lost, "
        "score changes, model sentences dropped. Everything it writes is rolled back."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--pdf-every",
            type=int,
            default=1,
            help="Render the PDF of every n-th case (1: every case; it is the slow output).",
        )

    def handle(self, *args, pdf_every: int, **options) -> None:
        for name in ("comp.services.ledger", "httpx2", "handoffs.drafting.llm"):
            logging.getLogger(name).setLevel(logging.ERROR)
        fake = FakeOpenAI().start()
        llm = {"OPENAI_API_KEY": "eval", "OPENAI_BASE_URL": fake.base_url, "LLM_MAX_ATTEMPTS": 1}
        started = time.perf_counter()
        try:
            with (
                override_settings(
                    HANDBRIEF={**settings.HANDBRIEF, **llm},
                    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                    ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
                ),
                transaction.atomic(),
            ):
                mail.outbox = []
                figures = self._run(fake, pdf_every)
                transaction.set_rollback(True)
        finally:
            fake.stop()
        for label, value in figures.lines:
            self.stdout.write(f"{label:<40} {value}")
        self.stdout.write(f"{'Seconds':<40} {time.perf_counter() - started:.1f}")
        for result in figures.results:
            if not result.held:
                problems = result.leaks + result.findings_lost + result.score_changes
                self.stdout.write(f"  {result.case.name}: {'; '.join(problems)}")

    def _run(self, fake: FakeOpenAI, pdf_every: int):
        seed_people()
        policy = DraftingPolicy.current()
        policy.drafter = DrafterKind.LLM
        policy.save()
        base = base_deal()
        base_packet = ingest(base)
        return run_suite(injection_cases(base), fake, base_packet=base_packet, pdf_every=pdf_every)
