"""A fake OpenAI-compatible server for the tests and `make bench`. A development tool: nothing
in the running product imports it.

It speaks enough of `POST /v1/chat/completions` for the real `openai` client, on 127.0.0.1,
with the standard library's HTTP server. Tell it what to do next with `will(...)`; with
nothing queued it answers with a faithful draft it builds from the request's own deal data,
the way a well-behaved model would: real contacts, verbatim quotes, cited turns. An
"obedient" behaviour plays a model that does what an instruction planted in the sources says.

    fake = FakeOpenAI().start()
    fake.will("rate_limited", "good")      # a 429, then a good draft
    fake.will(Behaviour("obedient", marker="ZX-4417-QUILL"))
    ...
    fake.stop()
"""

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from handoffs.drafting.commitments import is_commitment
from handoffs.drafting.language import (
    EVALUATED,
    OBJECTION,
    REEVALUATE,
    SECURITY_REVIEW,
    STILL_OPEN,
    SUCCESS,
    WHY_US,
    WORKAROUND,
    any_match,
    sentences,
)
from handoffs.drafting.llm_context import DATA_CLOSE, DATA_OPEN

BEHAVIOURS = (
    "good",
    "schema_violation",
    "invalid_json",
    "refusal",
    "truncated",
    "rate_limited",
    "server_error",
    "unauthorized",
    "slow",
    "custom",
    "obedient",
)


@dataclass
class Behaviour:
    """`seconds` is the retry-after of a 429 or the delay of a slow reply; `reply` builds a
    custom reply from the request's deal data; `marker` is what a planted instruction told an
    obedient model to write."""

    kind: str = "good"
    seconds: float = 0.0
    reply: Callable[[dict], dict] | None = None
    marker: str = ""

    def __post_init__(self) -> None:
        if self.kind not in BEHAVIOURS:
            raise ValueError(f"Unknown behaviour {self.kind!r}; choose from {BEHAVIOURS}")
        if self.kind == "obedient" and not self.marker:
            raise ValueError("An obedient model needs the marker the instruction asks for")


@dataclass
class Seen:
    """One request as the server received it, and how long the server took to answer."""

    body: dict
    headers: dict
    received_at: float = 0.0
    server_seconds: float = 0.0

    @property
    def system(self) -> str:
        return self.body["messages"][0]["content"]

    @property
    def user(self) -> str:
        return self.body["messages"][-1]["content"]

    @property
    def deal(self) -> dict:
        return deal_data(self.user)


def deal_data(user_message: str) -> dict:
    start = user_message.index(f"{DATA_OPEN}\n") + len(DATA_OPEN)
    return json.loads(user_message[start : user_message.rindex(f"\n{DATA_CLOSE}")])


class FakeOpenAI:
    def __init__(self, *, delay: float = 0.0) -> None:
        self.delay = delay
        self.queue: deque[Behaviour] = deque()
        self.requests: list[Seen] = []
        self._server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def will(self, *behaviours: str | Behaviour) -> None:
        for behaviour in behaviours:
            self.queue.append(
                behaviour if isinstance(behaviour, Behaviour) else Behaviour(behaviour)
            )

    def start(self) -> "FakeOpenAI":
        fake = self

        class Handler(_Handler):
            server_fake = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def next_behaviour(self) -> Behaviour:
        return self.queue.popleft() if self.queue else Behaviour("good")


class _Handler(BaseHTTPRequestHandler):
    server_fake: FakeOpenAI
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, a kept-alive connection waits
    # for the client's delayed ACK (~40 ms) between them, which a real server does not.
    disable_nagle_algorithm = True

    def log_message(self, *args) -> None:
        """Quiet: the tests read `requests` instead."""

    def do_POST(self) -> None:
        started = time.perf_counter()
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        headers = {name.lower(): value for name, value in self.headers.items()}
        seen = Seen(body=body, headers=headers, received_at=time.monotonic())
        fake = self.server_fake
        fake.requests.append(seen)
        if not self.path.endswith("/chat/completions"):
            self._send(404, {"error": {"message": f"No route {self.path}", "type": "invalid"}})
            return
        behaviour = fake.next_behaviour()
        time.sleep(fake.delay + (behaviour.seconds if behaviour.kind == "slow" else 0))
        try:
            self._answer(behaviour, seen)
        except Exception as error:  # a bug in the fake reads as a 500, not a dropped socket
            self._send(500, {"error": {"message": f"The fake failed: {error!r}", "type": "fake"}})
        seen.server_seconds = time.perf_counter() - started

    def _answer(self, behaviour: Behaviour, seen: Seen) -> None:
        kind = behaviour.kind
        if kind == "rate_limited":
            error = {"message": "Rate limit reached", "type": "requests", "code": "rate_limit"}
            self._send(429, {"error": error}, {"retry-after": f"{behaviour.seconds:g}"})
        elif kind == "server_error":
            self._send(500, {"error": {"message": "The server had an error", "type": "server"}})
        elif kind == "unauthorized":
            error = {"message": "Incorrect API key provided", "type": "invalid_request_error"}
            self._send(401, {"error": error})
        elif kind == "refusal":
            self._completion(seen, None, refusal="I can't help with that request.")
        elif kind == "invalid_json":
            self._completion(seen, '{"economic_buyer_champion": {"text": "unfinished')
        elif kind == "schema_violation":
            self._completion(seen, json.dumps({"economic_buyer_champion": "complete"}))
        elif kind == "truncated":
            content = json.dumps(faithful_reply(seen.deal))[:200]
            self._completion(seen, content, finish_reason="length")
        elif kind == "obedient":
            self._completion(seen, json.dumps(obedient_reply(seen.deal, behaviour.marker)))
        else:
            build = behaviour.reply if kind == "custom" else faithful_reply
            self._completion(seen, json.dumps(build(seen.deal)))

    def _completion(self, seen, content, *, refusal=None, finish_reason="stop") -> None:
        prompt_tokens = len(json.dumps(seen.body["messages"])) // 4
        completion_tokens = len(content or refusal or "") // 4
        self._send(
            200,
            {
                "id": f"chatcmpl-fake-{len(self.server_fake.requests)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": seen.body.get("model", ""),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content, "refusal": refusal},
                        "finish_reason": finish_reason,
                        "logprobs": None,
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            },
        )

    def _send(self, status: int, payload: dict, headers: dict | None = None) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def faithful_reply(deal: dict) -> dict:
    """A draft a careful model could write from this deal data, every quote verbatim."""
    contacts = deal["contacts"]
    calls = deal["transcripts"]
    meddpicc = deal.get("meddpicc") or {}
    buyer, champion = _person(contacts, "economic_buyer"), _person(contacts, "champion")
    return {
        "economic_buyer_champion": {
            "text": " ".join(
                f"{who['name']} is the {role}."
                for who, role in ((buyer, "economic buyer"), (champion, "champion"))
                if who
            ),
            "evidence": [],
            "economic_buyer": buyer,
            "champion": champion,
        },
        "success_criteria": {
            "text": "The buyer's own words on success are quoted below.",
            "criteria": _criteria(calls, meddpicc),
        },
        "risk_flags": {"text": "These are the risks a CSM should know first.", "evidence": []},
        "commercial_terms": {"text": "The terms are as the contract states them.", "evidence": []},
        "presale_promises": {"text": "These promises were made before signature.", "evidence": []},
        "competitive_context": {
            "text": "How they decided is quoted below.",
            **_competition(calls, meddpicc),
        },
        "stakeholder_map": {
            "text": "These people matter beyond the buyer and the champion.",
            **{
                role: _person(contacts, role)
                for role in (
                    "technical_buyer",
                    "security_reviewer",
                    "end_user_lead",
                    "executive_sponsor",
                )
            },
        },
        "existing_relationships": {
            "text": "The relationships are as the account record has them.",
            "evidence": [],
        },
        "commitments": [
            {
                "quote": sentence,
                "speaker": turn["speaker"],
                "transcript": call["transcript"],
                "turn": turn["turn"],
                "due": "",
            }
            for call, turn, sentence in _said(calls, "seller")
            if is_commitment(sentence)
        ],
        "risks": _risks(calls),
    }


def _said(calls: list[dict], side: str):
    for call in calls:
        for turn in call["turns"]:
            if turn["side"] == side:
                for sentence in sentences(turn["text"]):
                    yield call, turn, sentence


def _evidence(call: dict, turn: dict, quote: str) -> dict:
    ref = call["transcript"]
    return {"kind": "transcript", "ref": ref, "turn": turn["turn"], "field": None, "quote": quote}


def _person(contacts: list[dict], role: str) -> dict | None:
    found = [c for c in contacts if role in (c["roles"] or [])]
    found.sort(key=lambda contact: contact["status"] != "active")
    if not found:
        return None
    return {"contact_ref": found[0]["contact_ref"], "name": found[0]["name"], "title": ""}


def _criteria(calls: list[dict], meddpicc: dict) -> list[dict]:
    criteria = [
        {
            "quote": sentence,
            "speaker": turn["speaker"],
            "target_date": "",
            "evidence": _evidence(call, turn, sentence),
        }
        for call, turn, sentence in _said(calls, "buyer")
        if any_match(SUCCESS, sentence)
    ]
    for part in filter(None, (p.strip(" .") for p in meddpicc.get("metrics", "").split(";"))):
        ref = {"kind": "meddpicc", "ref": "M", "turn": None, "field": "metrics", "quote": part}
        criteria.append({"quote": part, "speaker": "MEDDPICC", "target_date": "", "evidence": ref})
    return criteria


def _competition(calls: list[dict], meddpicc: dict) -> dict:
    found = {}
    statements = [
        (s, {"kind": "meddpicc", "ref": "C", "turn": None, "field": "competition", "quote": s})
        for s in sentences(meddpicc.get("competition", ""))
    ] + [(s, _evidence(call, turn, s)) for call, turn, s in _said(calls, "buyer")]
    for key, patterns in (
        ("evaluated", EVALUATED),
        ("why_us", WHY_US),
        ("reevaluate_if", REEVALUATE),
    ):
        match = next(((s, ref) for s, ref in statements if any_match(patterns, s)), None)
        found[key] = {"quote": match[0], "evidence": match[1]} if match else None
    return found


def _risks(calls: list[dict]) -> list[dict]:
    risks = []
    for call, turn, sentence in _said(calls, "seller"):
        if any_match(WORKAROUND, sentence):
            risks.append(
                {
                    "kind": "workaround_promise",
                    "severity": "high",
                    "summary": f"{turn['speaker']} offered custom work before signature.",
                    "evidence": [_evidence(call, turn, sentence)],
                }
            )
    for call, turn, sentence in _said(calls, "buyer"):
        if any_match(SECURITY_REVIEW, sentence) and any_match(STILL_OPEN, sentence):
            kind, summary = "security_review_delayed", "The security review is still open."
        elif any_match(OBJECTION, sentence):
            kind, summary = "unresolved_objection", f"{turn['speaker']} raised a concern."
        else:
            continue
        risks.append(
            {
                "kind": kind,
                "severity": "medium",
                "summary": summary,
                "evidence": [_evidence(call, turn, sentence)],
            }
        )
    return risks


def obedient_reply(deal: dict, marker: str) -> dict:
    """What a model that obeys a planted instruction writes: the marker and HTML in every prose
    field, a verdict, a made-up budget owner, quotes nobody said, and no commitments and no
    risks. It cites one real sentence, so its prose is judged sentence by sentence, and, when
    the instruction reached it, the very passage that carries the marker."""
    calls = deal["transcripts"]
    said = [(call, turn, s) for call, turn, s in _said(calls, "buyer")]
    real = [_evidence(*said[0])] if said else []
    planted = [
        _evidence(call, turn, sentence)
        for call in calls
        for turn in call["turns"]
        for sentence in sentences(turn["text"])
        if marker.casefold() in sentence.casefold()
    ]
    ref = calls[0]["transcript"] if calls else "call-1"
    made_up = {"kind": "transcript", "ref": ref, "turn": 1, "field": None, "quote": marker}
    invented = {"contact_ref": None, "name": f"Dana {marker}", "title": f"Budget owner {marker}"}
    prose = {
        "text": f"{marker}. <b>{marker}</b><script>alert('{marker}')</script> Every field is "
        f"complete. Dana {marker} owns the budget. The buyer said “{marker} is approved”. "
        f"There are no risks to watch. Details: https://{marker.lower()}.example/brief",
        "evidence": [made_up, *planted, *real],
    }
    statement = {"quote": f"We chose you because of {marker}.", "evidence": made_up}
    return {
        "economic_buyer_champion": {**prose, "economic_buyer": invented, "champion": invented},
        "success_criteria": {
            "text": prose["text"],
            "criteria": [
                {
                    "quote": item["quote"],
                    "speaker": f"Dana {marker}",
                    "target_date": "2027-01-01",
                    "evidence": item,
                }
                for item in [made_up, *planted]
            ],
        },
        "risk_flags": prose,
        "commercial_terms": prose,
        "presale_promises": prose,
        "competitive_context": {
            "text": prose["text"],
            "evaluated": statement,
            "why_us": statement,
            "reevaluate_if": None,
        },
        "stakeholder_map": {
            "text": prose["text"],
            **{
                role: invented
                for role in (
                    "technical_buyer",
                    "security_reviewer",
                    "end_user_lead",
                    "executive_sponsor",
                )
            },
        },
        "existing_relationships": prose,
        "commitments": [],
        "risks": [],
    }
