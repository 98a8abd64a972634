"""Which of a model's sentences a reader may see: only those that stand on checked evidence.

A model writes each field's prose, and a model can be talked into writing anything. So every
sentence it writes is kept only if the field's cited evidence checked out and every name,
number, date, link and quotation in the sentence is found in that evidence or in the field's
checked data; markup is never kept, nor a verdict (complete, no risks) that only Handbrief's
rules may give. A dropped sentence is counted by its reason; its words are not kept anywhere,
so what a planted instruction made the model write reaches no page, file or message.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from handoffs.drafting.language import compile_all

# Why a sentence was dropped, as a RevOps reviewer reads it beside a count.
NO_BASIS = "no cited evidence that checks out"
MARKUP = "markup or code"
LINK = "a link or address not in its evidence"
VERDICT = "a verdict only Handbrief's rules give"
MISQUOTE = "a quotation its evidence does not contain"
UNSUPPORTED = "a name, number or date not in its evidence"

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_MARKUP = re.compile(r"<\s*/?\s*[a-z!?]|&#?\w+;|\]\(|`|\{\{|\{%|\bjavascript:|\bdata:\w+/", re.I)
_LINK = re.compile(r"(?:https?://|www\.)[^\s\"'<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
_QUOTED = re.compile(r"[\u201c\"]([^\u201d\"]{3,})[\u201d\"]")
_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_TYPOGRAPHIC = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
VERDICTS = compile_all(
    r"\b(?:all|every|each)\b[^.]{0,20}\bfields?\b[^.]{0,20}\b(?:complete|filled|done)\b",
    r"\b(?:no|zero)\b[^.]{0,15}\b(?:risks?|commitments?|promises?|concerns?|objections?)\b",
    r"\bnothing to (?:watch|worry|flag|note)\b",
    r"\b(?:ready for cs|passe[sd] the gate|meets the gate)\b",
    r"\b\d+\s*(?:of|/)\s*8\b",
)
# Capitalised for grammar, not because they name anything.
SENTENCE_STARTS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "we",
        "our",
        "they",
        "their",
        "he",
        "she",
        "his",
        "her",
        "you",
        "your",
        "no",
        "yes",
        "both",
        "each",
        "every",
        "all",
        "any",
        "some",
        "if",
        "when",
        "while",
        "after",
        "before",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "on",
        "of",
        "to",
        "with",
        "and",
        "but",
        "or",
        "so",
        "there",
        "here",
        "what",
        "who",
        "why",
        "how",
        "which",
        "nothing",
        "none",
        "one",
        "also",
        "only",
        "most",
        "next",
        "first",
        "then",
        "since",
        "because",
        "although",
        "until",
        "not",
        "still",
        "overall",
    ]
)
# Words of the trade a sentence may use without its evidence naming them.
TRADE_WORDS = frozenset(["i", "crm", "csm", "cs", "ae", "acv", "meddpicc", "sla", "llm"])


def _normal(text: str) -> str:
    return " ".join(text.translate(_TYPOGRAPHIC).split()).casefold()


def _digits(text: str) -> str:
    return re.sub(r"(?<=\d),(?=\d)", "", text)


@dataclass
class ProseCheck:
    """Checks one draft's model sentences and counts what it kept and dropped, and why."""

    kept: int = 0
    dropped: Counter = field(default_factory=Counter)

    def check(self, text: str, basis: str, *, cited_nothing_valid: bool = False) -> str:
        """The sentences of `text` that `basis` (the field's checked evidence and data as
        text) supports, joined; empty when none is."""
        kept = []
        for sentence in sentences(text):
            reason = NO_BASIS if cited_nothing_valid or not basis.strip() else None
            reason = reason or why_unsupported(sentence, _normal(basis))
            if reason:
                self.dropped[reason] += 1
            else:
                kept.append(sentence)
        self.kept += len(kept)
        return " ".join(kept)

    def summary(self) -> list[dict]:
        return [{"reason": reason, "count": count} for reason, count in self.dropped.most_common()]


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE.split(text or "") if part.strip()]


def _found(needle: str, basis: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(_normal(needle))}(?!\w)", basis) is not None


def why_unsupported(sentence: str, basis: str) -> str | None:
    """Why `sentence` may not be shown, or None; `basis` is already normalised."""
    if _MARKUP.search(sentence):
        return MARKUP
    if any(not _found(link.rstrip(".,;:)"), basis) for link in _LINK.findall(sentence)):
        return LINK
    plain = sentence.translate(_TYPOGRAPHIC)
    if any(pattern.search(plain) for pattern in VERDICTS):
        return VERDICT
    if any(_normal(quoted).rstrip(".!?,;:") not in basis for quoted in _QUOTED.findall(plain)):
        return MISQUOTE
    numbers = _digits(basis)
    if any(_digits(number) not in numbers for number in _NUMBER.findall(sentence)):
        return UNSUPPORTED
    for position, word in enumerate(_WORD.findall(_LINK.sub(" ", sentence))):
        word = re.sub(r"['\u2019]s$", "", word).strip("'\u2019-")
        if not word or not word[0].isupper() or word.casefold() in TRADE_WORDS:
            continue
        if position == 0 and word.casefold() in SENTENCE_STARTS:
            continue
        if not _found(word, basis):
            return UNSUPPORTED
    return None
