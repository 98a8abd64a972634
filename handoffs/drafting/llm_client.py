"""One structured-output call to an OpenAI-compatible server, retried within a small budget.

The client's own retries are off: this loop retries what is worth retrying (timeouts, 429s
after their retry-after, 5xx, refusals, truncated or invalid replies) and stops at the
attempt limit or the deadline, whichever comes first, so a draft never outlives the worker.
Tokens are counted from every reply the server sent, including the ones that failed.
"""

import functools
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import pydantic
from django.conf import settings

from handoffs.drafting.llm_schema import PacketDraftReply

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LlmBudget:
    max_attempts: int
    timeout: float
    deadline: float
    backoff: float
    max_output_tokens: int
    input_tokens: int

    @classmethod
    def from_settings(cls) -> "LlmBudget":
        conf = settings.HANDBRIEF
        return cls(
            max_attempts=max(1, conf["LLM_MAX_ATTEMPTS"]),
            timeout=conf["LLM_TIMEOUT_SECONDS"],
            deadline=conf["LLM_DEADLINE_SECONDS"],
            backoff=conf["LLM_RETRY_BACKOFF_SECONDS"],
            max_output_tokens=conf["LLM_MAX_OUTPUT_TOKENS"],
            input_tokens=conf["LLM_INPUT_TOKEN_BUDGET"],
        )


@dataclass
class CallResult:
    model: str
    reply: PacketDraftReply | None = None
    calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    failures: list[str] = field(default_factory=list)

    def failure_summary(self) -> str:
        """Each distinct failure once, with how often it happened, in the order seen."""
        counts = Counter(self.failures)
        return "; ".join(
            reason + (f", {counts[reason]} times" if counts[reason] > 1 else "")
            for reason in dict.fromkeys(self.failures)
        )


class Refused(Exception):
    """The model declined to answer, or answered nothing usable."""


def request_reply(
    *, messages: list[dict], model: str, temperature: Decimal, budget: LlmBudget
) -> CallResult:
    """Ask for a `PacketDraftReply`; `reply` stays None when every attempt failed."""
    import openai  # about a second to import: only when an LLM draft actually runs

    client = _client(settings.HANDBRIEF["OPENAI_API_KEY"], settings.HANDBRIEF["OPENAI_BASE_URL"])
    result = CallResult(model=model)
    deadline = time.monotonic() + budget.deadline
    for attempt in range(1, budget.max_attempts + 1):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            result.failures.append("ran out of time")
            break
        result.calls = attempt
        try:
            result.reply = _attempt(
                client,
                result,
                messages=messages,
                temperature=temperature,
                max_tokens=budget.max_output_tokens,
                timeout=min(budget.timeout, remaining),
            )
            return result
        except (openai.OpenAIError, pydantic.ValidationError, Refused) as error:
            reason, retry, wait = _classify(error, openai)
            logger.warning("LLM draft attempt %s failed: %s", attempt, reason)
            result.failures.append(reason)
        if not retry or attempt == budget.max_attempts:
            break
        wait = budget.backoff * 2 ** (attempt - 1) if wait is None else wait
        if wait >= deadline - time.monotonic():
            result.failures.append(f"the next try ({wait:g} s away) is past the deadline")
            break
        time.sleep(wait)
    return result


@functools.lru_cache(maxsize=4)
def _client(api_key: str, base_url: str):
    """One client per server, kept: building one loads the TLS trust store (about 20 ms), and
    a kept client reuses its connections. Retries are ours, so the client's own are off."""
    import openai

    return openai.OpenAI(api_key=api_key or "unused", base_url=base_url or None, max_retries=0)


def _attempt(client, result: CallResult, *, messages, temperature, max_tokens, timeout):
    raw = client.chat.completions.with_raw_response.parse(
        model=result.model,
        messages=messages,
        response_format=PacketDraftReply,
        temperature=float(temperature),
        max_completion_tokens=max_tokens,
        timeout=timeout,
    )
    _count_usage(result, raw.http_response)
    choices = raw.parse().choices
    if not choices:
        raise Refused("the reply had no message")
    message = choices[0].message
    if message.refusal:
        raise Refused(f"the model refused: {message.refusal[:200]}")
    if message.parsed is None:
        raise Refused("the reply was empty")
    return message.parsed


def _count_usage(result: CallResult, response) -> None:
    try:
        body = response.json()
    except ValueError:
        return
    usage = (body.get("usage") if isinstance(body, dict) else None) or {}
    result.tokens_in += int(usage.get("prompt_tokens") or 0)
    result.tokens_out += int(usage.get("completion_tokens") or 0)


def _classify(error: Exception, openai) -> tuple[str, bool, float | None]:
    """(reason a person can read, whether another attempt may help, seconds to wait)."""
    if isinstance(error, openai.APITimeoutError):
        return "timed out", True, None
    if isinstance(error, openai.APIConnectionError):
        return "could not reach the server", True, None
    if isinstance(error, openai.RateLimitError):
        wait = retry_after(error.response.headers)
        return "rate limited (429)", True, wait
    if isinstance(error, openai.InternalServerError):
        return f"server error ({error.status_code})", True, None
    if isinstance(error, openai.APIStatusError):
        return f"request refused ({error.status_code}): {error.message[:200]}", False, None
    if isinstance(error, openai.LengthFinishReasonError):
        return "reply cut off at the token limit (finish_reason: length)", True, None
    if isinstance(error, openai.ContentFilterFinishReasonError):
        return "reply blocked by the content filter", True, None
    if isinstance(error, pydantic.ValidationError):
        problems = error.errors()
        if any(problem["type"] == "json_invalid" for problem in problems):
            return "reply was not valid JSON", True, None
        where = ".".join(str(part) for part in problems[0]["loc"]) or "the top level"
        return f"reply broke the schema at {where}: {problems[0]['msg'][:120]}", True, None
    if isinstance(error, Refused):
        return str(error), True, None
    return f"{type(error).__name__}: {str(error)[:200]}", True, None


def retry_after(headers) -> float | None:
    """Seconds the server asked us to wait (retry-after-ms or retry-after in seconds)."""
    for header, divisor in (("retry-after-ms", 1000), ("retry-after", 1)):
        value = headers.get(header)
        if value is None:
            continue
        try:
            return max(0.0, float(value) / divisor)
        except ValueError:
            continue
    return None
