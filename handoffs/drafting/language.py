"""Sentence splitting and the phrase patterns the rules drafter listens for on calls."""

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“])")


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]


def any_match(patterns: list[re.Pattern], text: str) -> bool:
    """Match on a copy with typographic apostrophes straightened; quotes stay verbatim."""
    plain = text.replace("\u2019", "'")
    return any(pattern.search(plain) for pattern in patterns)


def compile_all(*patterns: str) -> list[re.Pattern]:
    return [re.compile(pattern, re.I) for pattern in patterns]


WE = r"(?:we|our team|i)"
WILL = r"(?:'ll| will| are going to|'re going to| am going to|'m going to)"

COMMITMENT = compile_all(
    rf"\b{WE}{WILL} (?:personally |definitely |absolutely |certainly )?"
    r"(?:have|get|set up|deliver|build|make sure|provide|give|send|add|ship|handle|include|"
    r"arrange|ensure|enable|extend|waive|cover|take care)\b",
    r"\b(?:we|i) can (?:definitely |absolutely |certainly )?"
    r"(?:do|get|deliver|build|provide|support|set up|include|give|make|offer)\b",
    r"\babsolutely,? (?:we|i) can\b",
    r"\byes,? (?:that's|that is|it's|it is) included\b",
    r"\b(?:that's|that is|it's|it is) (?:all )?(?:part of|included in) "
    r"(?:the|your) (?:package|plan|edition|subscription|platform|contract|deal|bundle)\b",
    r"\bno problem,? we(?:'ll| will)\b",
    r"\bcount on us\b",
    r"\bwe (?:guarantee|commit to|promise)\b",
    r"\byou have my word\b",
)
NEGATION = compile_all(
    r"\b(?:we|i) (?:can't|cannot|can not|won't|will not|are not able|aren't able|"
    r"don't|do not|wouldn't|shouldn't)\b",
    r"\b(?:isn't|is not|not) (?:included|part of|possible|something we)\b",
    r"\bno way\b",
    r"\bunfortunately\b",
)
HYPOTHETICAL = compile_all(
    r"^\s*(?:if|hypothetically|in theory|assuming|suppose|supposing|say)\b",
    r"\b(?:we|i) (?:would|could|might|may) (?:be able to|potentially|possibly|maybe)?\b",
    r"\b(?:maybe|perhaps|possibly|potentially)\b",
)

WORKAROUND = compile_all(
    r"\bcustom (?:work|build|integration|script|development|connector|export|workaround|feature)\b",
    r"\bwork-?arounds?\b",
    r"\bbuild (?:you |it |this )?(?:a |an )?custom\b",
    r"\b(?:on|in) (?:our|the) roadmap\b",
    r"\broadmap item\b",
    r"\buntil the native\b",
    r"\b(?:in|with) (?:a|the) (?:future|next|upcoming) release\b",
    r"\bbespoke\b",
)

OBJECTION = compile_all(
    r"\bconcern(?:ed|s)?\b",
    r"\bworr(?:y|ied|ies)\b",
    r"\bnot (?:comfortable|convinced|sure about)\b",
    r"\buncomfortable\b",
    r"\btoo (?:expensive|pricey|high|slow|complex|complicated)\b",
    r"\bsteep\b",
    r"\bhesitant\b",
    r"\bblocker\b",
    r"\bdeal[- ]?breaker\b",
    r"\b(?:doesn't|does not|won't|will not) work for us\b",
    r"\bpush ?back\b",
    r"\bproblem for us\b",
)
RESOLUTION = compile_all(
    r"^\s*(?:okay|ok|great|perfect|understood|fair enough|got it|that works|sounds good|"
    r"makes sense|alright|all right)\b",
    r"\bthat (?:works|helps|answers|addresses|resolves|solves)\b",
    r"\b(?:works|fine) for (?:me|us)\b",
    r"\b(?:i'm|i am|we're|we are) (?:comfortable|happy|satisfied|good) (?:with|now)\b",
    r"\bthat (?:settles|covers) it\b",
    r"\bno (?:more )?(?:concerns|objections)\b",
)
RESTATED = compile_all(r"\bstill\b")

DEPARTURE = compile_all(
    r"\bgave (?:(?:her|his|their) )?notice\b",
    r"\bhanded in (?:her|his|their) notice\b",
    r"\b(?:is|are|was) leaving\b",
    r"\b(?:left|leaving) the company\b",
    r"\blast day\b",
    r"\bmoving on\b",
    r"\bresign(?:ed|ing)\b",
    r"\bstepping down\b",
    r"\bdeparting\b",
    r"\bno longer (?:with|at) (?:us|the company)\b",
)

FIRST_PERSON = compile_all(r"\b(?:my|i'm|i am|i've|i have|i)\b")

SECURITY_REVIEW = compile_all(r"\bsecurity (?:review|questionnaire|assessment|sign-?off)\b")
STILL_OPEN = compile_all(
    r"\bnot (?:yet )?(?:finished|complete|completed|done|started|signed off|approved)\b",
    r"\b(?:haven't|have not|hasn't|has not) (?:yet )?(?:finished|completed|done|started|"
    r"signed off|approved)\b",
    r"\bstill (?:open|pending|in progress|running|ongoing|under way|underway)\b",
    r"\b(?:pending|outstanding|in progress|delayed|on hold)\b",
    r"\bwaiting (?:on|for)\b",
)

SUCCESS = compile_all(
    r"(?<!what )\bsuccess (?:for (?:me|us) )?(?:is|looks like|means|would be|will be)\b(?! like\b)",
    r"\bfor (?:me|us),? success\b",
    r"\b(?:we'll|we will|i'll|i will) (?:call|consider) (?:this|it) a success\b",
    r"\bwhat (?:we|i) need to see\b",
    r"\bour (?:main |key )?goal is\b",
    r"\bwe(?:'ll| will) (?:know|judge) (?:it|this) (?:worked|works|succeeded)\b",
)

EVALUATED = compile_all(
    r"\bevaluat(?:ed|ing)\b",
    r"\blooked (?:hard )?at\b",
    r"\bcompared\b",
    r"\bshortlist",
    r"\bbake-?off\b",
    r"\bincumbent\b",
    r"\bagainst\b",
)
WHY_US = compile_all(
    r"\bchose (?:us|you)\b",
    r"\bpicked (?:us|you)\b",
    r"\bwon (?:us|them|me) over\b",
    r"\bwent with (?:us|you)\b",
    r"\bselected (?:us|you)\b",
    r"\bwhy (?:we|they) chose\b",
    r"\bbecause (?:of )?(?:your|the)\b",
)
REEVALUATE = compile_all(
    r"\bre-?evaluate\b",
    r"\brevisit\b",
    r"\bswitch(?:ing)? back\b",
    r"\breconsider\b",
    r"\bif (?:that|the|your) .{3,60} (?:slips|fails|is late|doesn't|does not)\b",
    r"\bwalk away\b",
)
