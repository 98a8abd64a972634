"""The fake OpenAI-compatible server, and Handbrief pointed at it with a small, fast budget."""

import pytest

from governance.models import DrafterKind, DraftingPolicy
from handoffs.llm_fake import FakeOpenAI


@pytest.fixture
def fake_openai(settings):
    """A running fake server; Handbrief's LLM settings point at it. Queue replies with
    `fake_openai.will(...)`; with nothing queued it answers with a faithful draft."""
    fake = FakeOpenAI().start()
    settings.HANDBRIEF = {
        **settings.HANDBRIEF,
        "OPENAI_API_KEY": "test",
        "OPENAI_BASE_URL": fake.base_url,
        "LLM_MODEL": "gpt-4o-mini",
        "LLM_MAX_ATTEMPTS": 3,
        "LLM_TIMEOUT_SECONDS": 2.0,
        "LLM_DEADLINE_SECONDS": 10.0,
        "LLM_RETRY_BACKOFF_SECONDS": 0.0,
    }
    yield fake
    fake.stop()


@pytest.fixture
def llm_drafting(db, fake_openai):
    """Every business unit drafts with the LLM drafter, against the fake server."""
    policy = DraftingPolicy.current()
    policy.drafter = DrafterKind.LLM
    policy.save()
    return fake_openai


@pytest.fixture
def no_llm_configured(settings):
    settings.HANDBRIEF = {**settings.HANDBRIEF, "OPENAI_API_KEY": "", "OPENAI_BASE_URL": ""}
