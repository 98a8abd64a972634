"""Passages in a deal's sources that speak to the drafter instead of about the deal.

Anyone who writes into a source (a buyer on a call, whoever edits a CRM contact, a contract
clause, a product's telemetry labels) can address an LLM that later reads it: "ignore all
previous instructions", a fake system message, a role to play, an order to write something
into every field or to report no risks. Such a passage is no fact about the deal, so
`screen` takes it out of the sources before any drafter reads them, whichever drafter that
is, and records where it was and what it looked like, so RevOps can look and the packet can
say the drafter ignored it. Only the sentence or bracketed part that carries the
instruction goes; the rest of the turn or field stays.

Instructions are looked for as written and also decoded: unicode look-alikes, invisible and
full-width characters, rot13, base64, and invisible tag characters, and across two
neighbouring turns of a call.
"""

import base64
import binascii
import codecs
import functools
import itertools
import re
import sys
import unicodedata
from collections.abc import Iterator

from handoffs.drafting.base import DealContext

# The names an instruction addresses its reader by.
_READER = (
    r"(?:ai|a\.i\.|assistant|chat ?gpt|gpt|llm|large language model|language model|drafter|"
    r"summari[sz]er|note-?taker|copilot|chatbot|ai model|ai agent)"
)
PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (label, re.compile(pattern))
    for label, pattern in (
        (
            "ignore previous instructions",
            r"\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}?\b(?:previous|prior|"
            r"above|earlier|preceding|all|any|your|system|original|other)\b[^.!?\n]{0,30}?"
            r"\b(?:instructions?|prompts?|directives?)\b",
        ),
        (
            "a fake system message",
            r"(?:^|[\[(<{|#*]\s*)(?:system|developer)(?: message| prompt| override| note)?"
            r"\s*[:\]>]|<\|?im_(?:start|end)\|?>|\[/?inst\]|<</?sys>>|"
            r"\bsystem (?:prompt|message|override|instructions?)\b|"
            r"</?\s*(?:system|deal_data|instructions?|prompt)\s*>|"
            r"\bend of (?:the )?(?:transcript|deal data|data section|context|input)\b",
        ),
        (
            "a message to the AI",
            rf"(?:^|[\[(<{{|]\s*)(?:hey |dear |attention,? |ok(?:ay)?,? |note to )?(?:the )?"
            rf"{_READER}\s*[:,]|\b(?:note|message|instructions?|reminder|request)s? (?:to|for) "
            rf"(?:the |any |whatever |whichever )?{_READER}\b|\b(?:whoever|whatever|anyone|"
            rf"any {_READER}|the {_READER}) (?:is )?(?:drafting|summari[sz]ing|writing up|"
            rf"reading|processing)\b|\bif you are an? {_READER}\b",
        ),
        (
            "role-play",
            r"\byou are (?:now|no longer)\b|\bfrom now on,? you\b|\bpretend (?:to be|you are|"
            r"that you)\b|\b(?:act|behave|respond) as (?:if you|an? ai|the)\b|\brole-?play\b|"
            r"\bplay the (?:role|part) of\b|\b(?:developer|dan|jailbreak|god) mode\b|"
            r"\bnew persona\b|\blet's play a game\b",
        ),
        (
            "an order about the packet's fields",
            r"\b(?:write|put|insert|include|add|print|output|type|repeat|append|prepend|fill)\b"
            r"[^.!?\n]{0,80}?\b(?:in|into|to|at the (?:start|top|end) of|before|after)\s+"
            r"(?:every|each|all|any)\s+(?:of the )?(?:fields?|sections?|summar(?:y|ies)|"
            r"answers?|outputs?|repl(?:y|ies)|responses?|packets?)\b|"
            r"\b(?:mark|score|rate|set)\b[^.!?\n]{0,30}?\b(?:every|each|all)\b[^.!?\n]{0,10}?"
            r"\bfields?\b|\b(?:every|each|all)\b[^.!?\n]{0,10}?\bfields? (?:is|are|as) "
            r"(?:complete|done|filled)\b",
        ),
        (
            "an order to hide findings",
            r"\b(?:report|list|flag|mention|record|show)\s+(?:no|zero|none of the)\s+"
            r"(?:risks?|commitments?|promises?|objections?|issues|concerns)\b|"
            r"\b(?:do not|don't|never|must not)\s+(?:report|mention|flag|list|record|show)\b"
            r"[^.!?\n]{0,30}?\b(?:risks?|commitments?|promises?|objections?|departures?)\b|"
            r"\b(?:leave out|omit|suppress)\b[^.!?\n]{0,20}?\b(?:risks?|commitments?|"
            r"promises?|objections?|departures?)\b",
        ),
        (
            "an order to invent facts",
            r"\b(?:make up|fabricate)\b|\binvent (?:a|an|the|some)\b|"
            r"\b(?:record|list|name|set|enter)\b[^.!?\n]{0,40}?\bas (?:the )?(?:economic buyer|"
            r"budget owner|decision maker|signer)\b",
        ),
        (
            "new instructions",
            rf"\b(?:new|updated|real|actual|hidden|secret|additional|special) "
            rf"(?:instructions?|directives?)\b|\binstructions? (?:for|to) (?:the |any )?"
            rf"{_READER}\b",
        ),
    )
)

# Where a source text splits into parts that are withheld or kept whole: sentences, lines,
# bracketed asides, and parts set off with a bar or a dash.
_PARTS = re.compile(
    r"(?<=[.!?])\s+|\n+|\s*(?=[\[(<{])|(?<=[\])>}])\s*|\s+[|\u2014\u2013]\s+|\s+--\s+"
)
# Letters of other scripts that pass for Latin ones, by their Unicode names.
_LOOKALIKE_NAMES = {
    "CYRILLIC SMALL LETTER": {
        "A": "a", "IE": "e", "O": "o", "ER": "p", "ES": "c", "U": "y", "HA": "x",
        "BYELORUSSIAN-UKRAINIAN I": "i", "JE": "j", "DZE": "s", "KA": "k",
    },
    "CYRILLIC CAPITAL LETTER": {
        "A": "A", "VE": "B", "IE": "E", "KA": "K", "EM": "M", "EN": "H", "O": "O", "ER": "P",
        "ES": "C", "TE": "T", "HA": "X", "BYELORUSSIAN-UKRAINIAN I": "I",
    },
    "GREEK SMALL LETTER": {
        "OMICRON": "o", "ALPHA": "a", "EPSILON": "e", "IOTA": "i", "NU": "v", "TAU": "t",
        "RHO": "p", "KAPPA": "k",
    },
}  # fmt: skip
_LOOKALIKES = str.maketrans(
    {
        unicodedata.lookup(f"{script} {name}"): latin
        for script, names in _LOOKALIKE_NAMES.items()
        for name, latin in names.items()
    }
)
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")
_TAGS = range(0xE0000, 0xE0080)


def _plain(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").casefold()


@functools.cache
def _as_read() -> dict[int, str | None]:
    """One table for `str.translate`: invisible (format) characters to nothing, look-alikes to
    the Latin letters they imitate. Built once, on first use."""
    invisible = (
        code for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cf"
    )
    return {**dict.fromkeys(invisible), **_LOOKALIKES}


def visible(text: str) -> str:
    """Full-width and other compatibility forms folded, invisible characters dropped,
    look-alike letters from other scripts read as the Latin ones they imitate."""
    return unicodedata.normalize("NFKC", text).translate(_as_read())


def _decoded_base64(text: str) -> Iterator[str]:
    for token in _BASE64.findall(text):
        try:
            raw = base64.b64decode(token + "=" * (-len(token) % 4), altchars=b"-_")
            decoded = raw.decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
        if decoded.isprintable():
            yield decoded


def _readings(text: str) -> Iterator[tuple[str, str]]:
    """(how it was hidden, what it says) for each way the text can be read."""
    yield "", text
    shown = visible(text)
    if shown != text:
        yield "hidden with look-alike or invisible characters", shown
    tags = "".join(chr(ord(char) - 0xE0000) for char in text if ord(char) in _TAGS)
    if tags:
        yield "hidden in invisible tag characters", tags
    yield "rot13", codecs.decode(shown, "rot13")
    for decoded in _decoded_base64(shown):
        yield "base64", decoded


def instruction_in(text: str) -> str | None:
    """What kind of instruction to the drafter the text carries, or None."""
    for hidden, reading in _readings(text):
        said = _plain(reading)
        for label, pattern in PATTERNS:
            if pattern.search(said):
                return f"{label} ({hidden})" if hidden else label
    return None


def parts(text: str) -> list[str]:
    return [part for part in _PARTS.split(text) if part and part.strip()]


class _Screen:
    """Withholds what speaks to the drafter, one source text at a time, noting each."""

    def __init__(self) -> None:
        self.withheld: list[dict] = []

    def note(self, where: str, pattern: str) -> None:
        self.withheld.append({"where": where, "pattern": pattern})

    def text(self, text: str, where: str) -> str:
        if not text or not text.strip():
            return text
        pieces = parts(text)
        kept = []
        for piece in pieces:
            found = instruction_in(piece)
            if found:
                self.note(where, found)
            else:
                kept.append(piece)
        if len(kept) == len(pieces):
            return text
        return " ".join(piece for piece in kept if any(char.isalnum() for char in piece))

    def attr(self, record, name: str, where: str) -> None:
        setattr(record, name, self.text(getattr(record, name) or "", where))

    def strings(self, values: list | None, where: str) -> list | None:
        if values is None:
            return None
        cleaned = [self.text(str(value), where) for value in values]
        return [value for value in cleaned if value.strip()]

    def labels(self, items: list[dict] | None, key: str, where: str) -> None:
        for item in items or []:
            if isinstance(item.get(key), str):
                item[key] = self.text(item[key], where)

    def call(self, turns: list, ref: str) -> None:
        for turn in turns:
            self.attr(turn, "speaker", f"{ref}, turn {turn.index}: speaker")
            self.attr(turn, "text", f"{ref}, turn {turn.index}")
        self.split_turns(turns, ref)

    def split_turns(self, turns: list, ref: str) -> None:
        """An instruction cut in two across neighbouring turns: the end of one and the start
        of the next are withheld when only together they read as one."""
        for before, after in itertools.pairwise(turns):
            tail, head = parts(before.text)[-1:], parts(after.text)[:1]
            if not tail or not head:
                continue
            found = instruction_in(f"{tail[0]} {head[0]}")
            if found is None:
                continue
            self.note(f"{ref}, turns {before.index} and {after.index}", f"{found}, split")
            before.text = before.text.rpartition(tail[0])[0].rstrip()
            after.text = after.text.partition(head[0])[2].lstrip()


def screen_call(turns: list, ref: str) -> list[dict]:
    """Withhold what speaks to the drafter in one call's turns, given in order: for showing
    turns as stored (a cited turn in full, say) without what was withheld from the draft.
    Changes the loaded turns in memory only."""
    screen = _Screen()
    screen.call(turns, ref)
    return screen.withheld


def screen(context: DealContext) -> list[dict]:
    """Withhold every passage of the sources that speaks to the drafter; say where each was.
    Changes the loaded records in memory only; nothing is saved."""
    screen = _Screen()
    opportunity, account = context.opportunity, context.account
    screen.attr(opportunity, "name", "opportunity name")
    screen.attr(account, "name", "account name")
    screen.attr(account, "industry", "account industry")
    for name in ("prior_vendors", "internal_champions", "board_relationships"):
        setattr(account, name, screen.strings(getattr(account, name), f"account {name}"))
    for contact in context.contacts:
        for name in ("name", "title"):
            screen.attr(contact, name, f"contact {contact.external_id}: {name}")
    if context.meddpicc is not None:
        for name, letter in context.meddpicc.LETTERS.items():
            screen.attr(context.meddpicc, name, f"MEDDPICC {letter}")
    if context.contract is not None:
        contract = context.contract
        screen.attr(contract, "prepay_terms", "contract prepay terms")
        contract.opt_outs = screen.strings(contract.opt_outs, "contract opt-outs")
        screen.labels(contract.ramp, "period", "contract ramp")
        for clause in context.clauses:
            screen.attr(clause, "text", f"contract clause {clause.clause_id}")
    if context.usage is not None:
        screen.labels(context.usage.feature_adoption, "feature", "usage: feature label")
        screen.labels(context.usage.integrations, "name", "usage: integration label")
    for number, touch in enumerate(context.touches, start=1):
        screen.attr(touch, "summary", f"sales-assist note {number}")
    for call in context.transcripts:
        screen.attr(call.transcript, "title", f"{call.transcript.external_id}: title")
        screen.call(call.turns, call.transcript.external_id)
    return screen.withheld
