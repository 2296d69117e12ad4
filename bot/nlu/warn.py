"""Recognising questions about WARN notices: a small, separate recogniser (called once, by the engine).

A question is about WARN notices when it says so ("WARN notices", "WARN filings", "WARN Act",
"filed WARN", or "WARN" written in capitals), or asks whether a site is hit ("is my office
affected?", "is our Seattle site affected").  It is then read, in order, as:

1. a period (:func:`bot.nlu.timephrase.parse_period`, removed from the text);
2. states: full names ("Washington", "New York", "District of Columbia") anywhere, postal
   codes only as written in capitals ("WA", "in CA") so "in", "or", "me" stay words;
3. companies (the alias index, as in every question);
4. a city or site: what is left of "in <place>" / the words left over after the above
   ("is my office affected? Amazon Seattle" -> Seattle), at most three words.

Everything else about WARN is decided by :mod:`bot.answers.warn`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.nlu.companies import CompanyIndex
from bot.nlu.text import clean
from bot.nlu.timephrase import parse_period
from bot.nlu.words import QUESTION_WORDS

__all__ = ["STATES", "WarnQuery", "parse_warn"]

#: Postal code -> state name.
STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming",
}
_BY_NAME = {name.lower(): code for code, name in STATES.items()}
_STATE_NAME = re.compile(
    r"\b(" + "|".join(sorted((re.escape(n) for n in _BY_NAME), key=len, reverse=True)) + r")(?: state)?\b"
)
_STATE_CODE = re.compile(r"(?<![\w.])(" + "|".join(STATES) + r")(?![\w.])")  # on the display text: capitals only

_WARN = re.compile(
    r"\bwarn (?:act |notice |layoff )?(?:notices?|filings?|letters?|act|data|records?|reports?)\b"
    r"|\bfiled (?:a |any )?warns?\b|\bwarn(?:ed)? (?:in|by|for|from)\b"
)
_WARN_CAPS = re.compile(r"(?<![\w])WARN(?![\w])")
_SITE = re.compile(
    r"\b(?:is|are|was|will) (?:my|our|the|their|\w+'s|\w+) (?:\w+ ){0,2}?(?:office|site|location|plant|warehouse|"
    r"building|campus|facility|branch|store|team|hub)s? (?:\w+ ){0,2}?(?:affected|hit|impacted|included|on the list)\b"
    r"|\b(?:my|our) (?:office|site|location|plant|warehouse|campus|facility) (?:affected|hit|impacted)\b"
)
_NOISE = frozenset(
    ["warn", "warned", "notice", "notices", "filing", "filings", "filed", "file", "files", "act", "letter", "letters", "record", "records", "report", "reports", "affected", "hit", "impacted", "included", "office", "offices", "site", "sites", "location", "locations", "plant", "plants", "warehouse", "warehouses", "building", "buildings", "campus", "facility", "facilities", "branch", "store", "stores", "hub", "hubs", "state", "states", "city", "list"]
)


@dataclass(slots=True)
class WarnQuery:
    """A question about WARN notices, as data."""

    text: str
    companies: list[str] = field(default_factory=list)
    division: str | None = None
    states: list[str] = field(default_factory=list)
    """Postal codes."""
    city: str | None = None
    """A city or site word to look for in the notices' locations ("seattle")."""
    start: dt.date | None = None
    end: dt.date | None = None
    site_question: bool = False
    """Asked "is my office affected?": answered yes/no for the site."""
    unknown_names: list[str] = field(default_factory=list)


def _remove(text: str, start: int, end: int) -> str:
    return re.sub(r"\s+", " ", text[:start] + " " + text[end:]).strip()


def parse_warn(text: str, index: CompanyIndex, today: dt.date) -> WarnQuery | None:
    """A :class:`WarnQuery` when ``text`` asks about WARN notices, else ``None``."""
    if not text or not isinstance(text, str):
        return None
    display, normalized = clean(text[:500])
    site = bool(_SITE.search(normalized))
    if not (_WARN.search(normalized) or _WARN_CAPS.search(display) or site):
        return None
    query = WarnQuery(text=display, site_question=site)
    rest = normalized
    period = parse_period(rest, today)
    if period is not None:
        query.start, query.end = period.start, period.end
        rest = _remove(rest, *period.span)
    for match in list(_STATE_NAME.finditer(rest))[::-1]:
        code = _BY_NAME[match.group(1)]
        if code not in query.states:
            query.states.insert(0, code)
        rest = _remove(rest, *match.span())
    for match in _STATE_CODE.finditer(display):
        code = match.group(1)
        if code not in query.states:
            query.states.append(code)
        rest = re.sub(rf"\b{code.lower()}\b", " ", rest, count=1)
    resolution = index.resolve(rest, display, bare_ok=True)
    query.companies = resolution.companies
    query.division = resolution.division
    query.unknown_names = [] if resolution.companies else list(resolution.unknown)
    for mention in sorted(resolution.mentions, key=lambda m: m.start, reverse=True):
        rest = rest.replace(mention.surface, " ", 1)
    place = re.search(r"\b(?:in|at|near|around) ([a-z][a-z .'-]{1,40})$", rest.strip())
    words = (place.group(1) if place else rest).split()
    unknown = {w for name in query.unknown_names for w in name.split()}
    left = [w for w in words if w not in QUESTION_WORDS and w not in _NOISE and not w.isdigit() and len(w) > 1]
    if site and query.companies:
        query.unknown_names = []  # "is my office affected? Amazon Seattle": Seattle is the place
    else:
        left = [w for w in left if w not in unknown]  # "WARN notices of Nvidia": a company we lack, not a place
    if left and (site or place or not query.states) and len(left) <= 3:
        query.city = " ".join(left)
    return query
