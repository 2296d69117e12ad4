"""Text cleanup: chat markup, emoji, case and punctuation, very long input.

Order of the cleanup (each step assumes the previous one):
1. cap the raw text at :data:`MAX_INPUT_CHARS` (a pasted novel is not a question);
2. chat markup, generically: a labelled link ``<https://x|label>`` keeps its label; any other
   angle-bracket token without spaces (``<https://x>``, ``<@id>``, ``<#id|name>``, ``<!word>``...)
   is removed, and so are bare URLs and ``:shortcode:`` emoji.  Which platform spells what
   is the adapters' business: each converts its own markup in (``adapters/*/convert``) before
   the question reaches the core; this step only makes sure that whatever slips through is
   never read as words;
3. Unicode emoji and other pictographs are removed, typographic quotes/dashes made ASCII;
4. :func:`normalize` lower-cases and keeps only the characters questions need.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_INPUT_CHARS", "strip_markup", "normalize", "clean"]

MAX_INPUT_CHARS = 500

_LABELLED_LINK = re.compile(r"<(?:https?|mailto):[^|>\s]*\|([^>]*)>")
_ANGLE_TOKEN = re.compile(r"<[^<>\s]{1,121}>")  # any token in angle brackets, no spaces
_SHORTCODE = re.compile(r"(?<!\w):[a-z0-9_+\-]{2,40}:(?!\w)")
_BARE_URL = re.compile(r"https?://\S+")
_TRANSLATE = str.maketrans(
    {
        "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
        "\u2013": "-", "\u2014": " - ", "\u2212": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
        "\u2026": " ",
    }
)
_NOT_KEPT = re.compile(r"[^a-z0-9%&'.\-+/$ ]+")
_SPACES = re.compile(r"\s+")
_THOUSANDS = re.compile(r"(\d),(\d{3})\b")
_DROP_CATEGORIES = frozenset({"So", "Sk", "Cs", "Co", "Cn", "Cf", "Mn", "Me", "Cc"})


def _drop_pictographs(text: str) -> str:
    if text.isascii():
        return text
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        cat = unicodedata.category(ch)
        if cat in _DROP_CATEGORIES:
            out.append(" ")
            continue
        # Accented letters keep their base letter ("Nestlé" -> "nestle").
        base = unicodedata.normalize("NFKD", ch)
        out.append("".join(c for c in base if not unicodedata.combining(c)) or " ")
    return "".join(out)


def strip_markup(text: str) -> str:
    """Steps 1-3: capped, without chat markup or emoji, still in the user's case."""
    text = (text or "")[:MAX_INPUT_CHARS]
    text = text.translate(_TRANSLATE)
    text = _LABELLED_LINK.sub(r" \1 ", text)
    text = _ANGLE_TOKEN.sub(" ", text)
    text = _BARE_URL.sub(" ", text)
    text = _SHORTCODE.sub(" ", text)
    text = _drop_pictographs(text)
    return _SPACES.sub(" ", text).strip()


_EDGE_PUNCT = "'.-/+&"


def normalize(text: str) -> str:
    """Lower case, only ``a-z 0-9 % & ' . - + / $`` kept, single spaces, edge punctuation trimmed
    from every word ("amazon's?" -> "amazon's", "2023." -> "2023")."""
    text = _THOUSANDS.sub(r"\1\2", text.lower())
    text = _NOT_KEPT.sub(" ", text)
    words = [w.strip(_EDGE_PUNCT) if w not in ("%",) else w for w in text.split()]
    return " ".join(w for w in words if w)


def clean(text: str) -> tuple[str, str]:
    """(display text without markup, normalized text)."""
    display = strip_markup(text)
    return display, normalize(display)
