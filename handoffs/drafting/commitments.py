"""Commitment mining: what sellers promised on calls, and whether the paper reflects it.

A seller sentence with commitment language is a commitment unless it is negated, a question
or a hypothetical. Each is reconciled against contract clauses and success-plan items by the
words they share; one reflected nowhere is a ghost commitment.
"""

import re

from handoffs.drafting.base import DealContext, MinedCommitment
from handoffs.drafting.dates import resolve_dates
from handoffs.drafting.language import (
    COMMITMENT,
    HYPOTHETICAL,
    NEGATION,
    any_match,
    sentences,
)

_WORD = re.compile(r"[a-z][a-z0-9]+")
_GENERIC = frozenset(
    [
        "about",
        "after",
        "again",
        "also",
        "always",
        "available",
        "because",
        "before",
        "being",
        "between",
        "could",
        "customer",
        "customers",
        "deliver",
        "delivered",
        "does",
        "doing",
        "done",
        "during",
        "each",
        "every",
        "first",
        "from",
        "going",
        "have",
        "help",
        "into",
        "just",
        "know",
        "make",
        "more",
        "most",
        "much",
        "need",
        "needs",
        "next",
        "other",
        "over",
        "provide",
        "really",
        "same",
        "should",
        "some",
        "such",
        "sure",
        "team",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "thing",
        "think",
        "this",
        "those",
        "through",
        "under",
        "until",
        "vendor",
        "very",
        "want",
        "well",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "within",
        "would",
        "year",
        "years",
        "your",
        "yours",
        "absolutely",
        "included",
        "include",
        "including",
        "problem",
        "thanks",
        "thank",
        "great",
        "okay",
        "right",
        "yeah",
    ]
)
MIN_SHARED_WORDS = 2


def is_commitment(sentence: str) -> bool:
    if sentence.rstrip().endswith("?"):
        return False
    return (
        any_match(COMMITMENT, sentence)
        and not any_match(NEGATION, sentence)
        and not any_match(HYPOTHETICAL, sentence)
    )


def significant_words(text: str) -> set[str]:
    words = {word.rstrip("s") for word in _WORD.findall(text.lower().replace("-", " "))}
    return {word for word in words if len(word) >= 4 and word not in _GENERIC}


def reconcile(promise: str, topic: str, context: DealContext) -> list[str]:
    """Where the promise is written down: contract clauses (`contract:3.1`) or plan items."""
    wanted = significant_words(f"{promise} {topic}")
    places = [(f"contract:{clause.clause_id}", clause.text) for clause in context.clauses]
    places += [(f"success_plan:{i}", item) for i, item in enumerate(context.success_plan_items)]
    return [
        ref for ref, text in places if len(wanted & significant_words(text)) >= MIN_SHARED_WORDS
    ]


def mine_commitments(context: DealContext) -> list[MinedCommitment]:
    mined: list[MinedCommitment] = []
    for call in context.transcripts:
        previous_buyer_text = ""
        for turn in call.turns:
            if turn.side != "seller":
                previous_buyer_text = turn.text
                continue
            promised = [sentence for sentence in sentences(turn.text) if is_commitment(sentence)]
            if not promised:
                continue
            quote = " ".join(promised)
            dates = resolve_dates(quote, call.call_date)
            mined.append(
                MinedCommitment(
                    quote=quote,
                    speaker=turn.speaker,
                    transcript_ref=call.transcript.external_id,
                    turn=turn.index,
                    due=dates[0] if dates else None,
                    reflected_in=reconcile(quote, previous_buyer_text, context),
                    topic=previous_buyer_text,
                )
            )
    return mined
