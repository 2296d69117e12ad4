"""A figure stated in the question ("amazon cut 18000 in jan 2023 right?", "cut 12k"): a slot of
its own, so the answer can say whether the data agrees (:mod:`bot.answers.claims`)."""

from __future__ import annotations

import re

__all__ = ["STATED_FIGURE", "stated_figure"]

STATED_FIGURE = re.compile(
    r"\b(?:cut|cuts|laid off|lay off|let go(?: of)?|axed|fired|sacked|shed|eliminated|slashed|dropped)\s+"
    r"(?:about |around |roughly |nearly |almost |over |some |approximately |~)?"
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s?k|\d{3,7})(?![\d%])"
)


def stated_figure(normalized: str) -> int | None:
    """The count a question states ("cut 18000", "laid off 15,000", "cut 12k"), or ``None``."""
    match = STATED_FIGURE.search(normalized)
    if match is None:
        return None
    raw = match["n"].replace(",", "").replace(" ", "")
    value = float(raw[:-1]) * 1000 if raw.endswith("k") else float(raw)
    return int(value) if value >= 10 else None
