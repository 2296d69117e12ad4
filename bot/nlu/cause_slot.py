"""The cause slot: "blamed on AI", "AI layoffs", "due to restructuring" -> a cause tag.

A table of rules, each a cause and the words that name it; two shapes per cause — a cause
phrase ("blamed on AI", "because of an acquisition") and a cause word before a layoff noun
("AI layoffs", "cost-cutting job cuts").  :func:`find_cause` returns the cause and the question
without the cause words, so the rest is understood as usual ("how many layoffs were blamed on
AI in 2025?" -> ``ai`` and "how many layoffs were in 2025?").  Kept apart from the parser: the
engine makes one call.
"""

from __future__ import annotations

import re

__all__ = ["CAUSE_WORDS", "find_cause"]

#: (cause, the words naming it).  Add a row for a new cause or a new way of saying one.
CAUSE_WORDS: tuple[tuple[str, str], ...] = (
    ("ai", r"(?:generative )?(?:ai|a\.i\.|artificial intelligence|automation|ai agents|ai tools)"),
    ("restructuring", r"(?:a |the )?(?:restructurings?|reorgani[sz]ations?|reorgs?)"),
    ("cost", r"(?:cost[- ]cutting|cost (?:cuts|reductions?|savings)|costs?|budget cuts)"),
    ("acquisition", r"(?:an? |the )?(?:acquisitions?|mergers?|takeovers?)"),
    ("closure", r"(?:an? |the )?(?:(?:office|site|plant|store|unit) )?closures?"),
    ("relocation", r"(?:an? |the )?(?:relocations?|offshoring)"),
)
_INTRO = r"(?:blamed on|due to|because of|caused by|attributed to|driven by|linked to|tied to|citing|over)"
_NOUN = r"(?:layoffs?|lay-?offs?|job cuts?|cuts|redundancies|firings)"

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    rule
    for cause, words in CAUSE_WORDS
    for rule in (
        # "blamed on AI": drop the whole phrase
        (cause, re.compile(rf"\b(?:(?:that|which) (?:were|was) )?{_INTRO} {words}\b", re.I)),
        # "AI layoffs", "AI-driven job cuts": drop the cause word, keep the layoff noun
        (cause, re.compile(rf"\b{words}(?:[- ](?:related|driven|linked|led))? (?={_NOUN}\b)", re.I)),
    )
)


def find_cause(text: str) -> tuple[str | None, str]:
    """(the cause asked about, the question without its cause words); ``(None, text)`` if none."""
    for cause, pattern in _RULES:
        match = pattern.search(text or "")
        if match:
            rest = (text[: match.start()] + " " + text[match.end():]).strip()
            return cause, re.sub(r"\s+", " ", rest).replace(" ?", "?")
    return None, text
