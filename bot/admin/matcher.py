"""The one matcher of alerts: does a round concern a channel subscription or a personal watch?

A :class:`Criteria` holds up to four conditions, each ``None`` = "any": the company, the
industry, a minimum count and a location.  Channel subscriptions use the company only
(``None`` = every company); watchlists use any mix ("fintech layoffs over 500", "WA").
:func:`round_facts` reads what the matcher looks at from the database, :func:`matches` decides.

Location rule, in order: a US state (its two-letter code as written in capitals, or its name)
matches a round whose location names the state, its code (``Seattle, WA``) or one of the
state's big tech cities listed in :data:`CITY_STATE`; any other place matches the round's
country or one of its comma-separated location parts, ignoring case.  WARN notices, when they
are imported, carry their state and will match the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlite_utils

__all__ = ["CITY_STATE", "US_STATES", "Criteria", "RoundFacts", "matches", "round_facts", "state_code"]

US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}
"""US states (and DC) by postal code."""

CITY_STATE: dict[str, str] = {
    "seattle": "WA", "redmond": "WA", "bellevue": "WA", "sf bay area": "CA", "san francisco": "CA",
    "los angeles": "CA", "san diego": "CA", "san jose": "CA", "mountain view": "CA", "menlo park": "CA",
    "palo alto": "CA", "sunnyvale": "CA", "santa clara": "CA", "cupertino": "CA", "new york city": "NY",
    "austin": "TX", "dallas": "TX", "houston": "TX", "boston": "MA", "chicago": "IL", "denver": "CO",
    "atlanta": "GA", "miami": "FL", "portland": "OR", "salt lake city": "UT", "washington d.c.": "DC",
    "philadelphia": "PA", "pittsburgh": "PA", "minneapolis": "MN", "detroit": "MI", "raleigh": "NC",
    "phoenix": "AZ", "nashville": "TN",
}
"""The tracker writes cities without their state ("Seattle"): the big ones, so "WA" finds them."""

_NAME_TO_CODE = {name.lower(): code for code, name in US_STATES.items()}


def state_code(term: str) -> str | None:
    """The state a watch term names: a capitalised code ("WA") or a name ("washington")."""
    term = term.strip()
    if term in US_STATES:
        return term
    return _NAME_TO_CODE.get(term.lower())


@dataclass(frozen=True, slots=True)
class Criteria:
    """What a subscription or a watch wants; every ``None`` means "any"."""

    company_id: int | None = None
    industry: str | None = None
    min_count: int | None = None
    """The round's count must be known and at least this."""
    location: str | None = None
    """A US state code ("WA"), or a country/city as written ("India")."""


@dataclass(frozen=True, slots=True)
class RoundFacts:
    """What the matcher looks at in a round (its own industry/location, else its company's)."""

    company_id: int
    count: int | None
    industry: str | None
    location: str | None
    country: str | None


def round_facts(db: sqlite_utils.Database, event_id: int) -> RoundFacts | None:
    row = db.execute(
        "SELECT e.company_id, e.count, coalesce(e.industry, c.industry), coalesce(e.location, c.location),"
        " coalesce(e.country, c.country) FROM events e JOIN companies c ON c.id = e.company_id WHERE e.id = ?",
        [event_id],
    ).fetchone()
    return RoundFacts(*row) if row else None


def facts_of(event: Mapping[str, Any]) -> RoundFacts:
    """Facts from an event row that already carries them (``company_id``, ``count`` ...)."""
    return RoundFacts(event["company_id"], event.get("count"), event.get("industry"), event.get("location"),
                      event.get("country"))


def _location_matches(term: str, location: str | None, country: str | None) -> bool:
    parts = [p.strip().lower() for p in re.split(r"[,;/]", location or "") if p.strip()]
    code = state_code(term)
    if code is not None:
        name = US_STATES[code].lower()
        return any(p in (code.lower(), name) or CITY_STATE.get(p) == code for p in parts)
    wanted = term.strip().lower()
    return wanted == (country or "").strip().lower() or wanted in parts


def matches(criteria: Criteria, facts: RoundFacts) -> bool:
    """True when the round meets every condition the criteria set."""
    if criteria.company_id is not None and criteria.company_id != facts.company_id:
        return False
    if criteria.industry is not None and (facts.industry or "").lower() != criteria.industry.lower():
        return False
    if criteria.min_count is not None and (facts.count is None or facts.count < criteria.min_count):
        return False
    if criteria.location is not None and not _location_matches(criteria.location, facts.location, facts.country):
        return False
    return True
