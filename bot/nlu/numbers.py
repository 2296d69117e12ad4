"""Number words: "top five" -> "top 5".

"one" is only read as a number after words that take a count ("top one", "last one month"),
because "which one" and "the one" are not numbers.
"""

from __future__ import annotations

import re

__all__ = ["WORD_NUMBERS", "replace_number_words"]

WORD_NUMBERS: dict[str, int] = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "twenty-five": 25, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
}
# Never inside a name: "7-eleven", "twenty-one-pilots" stay as written.
_NUMBER_WORD = re.compile(r"(?<![\w]-)\b(" + "|".join(sorted(map(re.escape, WORD_NUMBERS), key=len, reverse=True)) + r")\b(?!-\w)")
_ONE_AFTER = re.compile(r"\b(top|last|past|previous|first|biggest|largest) (one|a)\b(?! lot)")
_A_COUPLE = re.compile(r"\b(?:a )?couple(?: of)?\b")
_A_FEW = re.compile(r"\b(?:a )?few\b")


def replace_number_words(normalized: str) -> str:
    """Digits for number words in an already normalized text."""
    text = _NUMBER_WORD.sub(lambda m: str(WORD_NUMBERS[m.group(1)]), normalized)
    text = _ONE_AFTER.sub(lambda m: f"{m.group(1)} 1", text)
    text = _A_COUPLE.sub("2", text)
    text = _A_FEW.sub("3", text)
    return text
