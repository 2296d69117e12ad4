"""Field rules shared by every write path (CSV import, CLI, chat).

Each parser takes a raw value (usually a string from a CSV cell, a CLI option or a chat form),
returns the clean value, or raises :class:`ValidationError` naming the field and the rule it
broke.  Blank strings and the usual spellings of "unknown" (``NULL``, ``n/a``, ``-``,
``undisclosed``...) become ``None``.

The errors live in :mod:`bot.errors` (re-exported here): attributes let an adapter show the
problem on the right form field (``exc.field``, ``exc.rule``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any
from urllib.parse import urlparse

from bot.data.db import PERCENTAGE_BASES, STATUSES
from bot.errors import (  # re-exported: their old home
    DatabaseFileError,
    DataError,
    ImportRefused,
    NotFoundError,
    UndoError,
    UnknownCompanyError,
    ValidationError,
)

__all__ = [
    "DataError",
    "DatabaseFileError",
    "ValidationError",
    "UnknownCompanyError",
    "NotFoundError",
    "UndoError",
    "ImportRefused",
    "UNKNOWN_WORDS",
    "is_unknown",
    "clean_text",
    "clean_name",
    "normalize_alias",
    "clean_country",
    "clean_industry",
    "parse_count",
    "parse_percentage",
    "parse_date",
    "parse_url",
    "parse_status",
    "parse_basis",
    "parse_bool",
    "parse_event_id",
    "is_url",
]


UNKNOWN_WORDS = frozenset(
    {"", "null", "none", "n/a", "na", "nan", "-", "--", "?", "unknown", "undisclosed", "not disclosed", "tbd"}
)


def is_unknown(value: Any) -> bool:
    """True for ``None``, blanks and the usual spellings of "unknown"."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return value.strip().lower() in UNKNOWN_WORDS
    return False


_SPACES = re.compile(r"\s+")


def clean_text(value: Any) -> str | None:
    """Trimmed text with single spaces, or ``None`` when unknown."""
    if is_unknown(value):
        return None
    return _SPACES.sub(" ", str(value)).strip() or None


def clean_name(value: Any) -> str | None:
    """A company or division name: trimmed, single spaces."""
    return clean_text(value)


def normalize_alias(value: str) -> str:
    """The key aliases are stored under: lower case, single spaces."""
    return _SPACES.sub(" ", value).strip().lower()


def clean_country(value: Any) -> str | None:
    """Country names as written, minus the trailing dot of circulating copies ("United States.")."""
    text = clean_text(value)
    if text is None:
        return None
    text = text.rstrip(".").strip()
    return {"UAE": "United Arab Emirates", "USA": "United States", "US": "United States"}.get(text, text) or None


_INDUSTRY_FIXES = {"crypto currency": "Crypto", "cryptocurrency": "Crypto", "crypto": "Crypto"}


def clean_industry(value: Any) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    return _INDUSTRY_FIXES.get(text.lower(), text)


_COUNT_RULE = "a non-negative integer, or blank/unknown"


def parse_count(value: Any, field: str = "count") -> int | None:
    """Head counts: ``"16000.0"`` -> 16000, ``"1,200"`` -> 1200; unknown -> None.

    A fractional count ("12.5") or a negative one is an error, never rounded silently.
    """
    if is_unknown(value):
        return None
    if isinstance(value, bool):
        raise ValidationError(field, _COUNT_RULE, value)
    if isinstance(value, int):
        number: float = value
    elif isinstance(value, float):
        number = value
    else:
        text = str(value).strip().replace(",", "").replace("_", "").replace("\u00a0", "").replace(" ", "")
        try:
            number = float(text)
        except ValueError:
            raise ValidationError(field, _COUNT_RULE, value) from None
    if not math.isfinite(number) or number < 0 or number != int(number):
        raise ValidationError(field, _COUNT_RULE, value)
    return int(number)


_PCT_RULE = "a percentage between 0 and 100 (e.g. 13, 13% or 0.13 as a fraction)"


def parse_percentage(value: Any, *, scale: str = "percent", field: str = "percentage") -> float | None:
    """A share of a workforce, stored as 0-100.

    ``scale``: ``"percent"`` (13 means 13%), ``"fraction"`` (0.13 means 13%; layoffs.fyi).
    A value written with ``%`` is always a percent.
    """
    if is_unknown(value):
        return None
    text = str(value).strip().replace(" ", "")
    percent_sign = text.endswith("%")
    if percent_sign:
        text = text[:-1]
    try:
        number = float(text)
    except ValueError:
        raise ValidationError(field, _PCT_RULE, value) from None
    if not math.isfinite(number):
        raise ValidationError(field, _PCT_RULE, value)
    if scale == "fraction" and not percent_sign:
        if not 0 <= number <= 1:
            raise ValidationError(field, "a fraction between 0 and 1 in this layout", value)
        number *= 100
    if not 0 <= number <= 100:
        raise ValidationError(field, _PCT_RULE, value)
    return round(number, 4)


_MDY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_DATE_RULE = "a real date (YYYY-MM-DD or M/D/YYYY)"


def parse_date(value: Any, field: str = "date", *, required: bool = True) -> str | None:
    """ISO ``YYYY-MM-DD`` from a date, ``YYYY-MM-DD`` (time ignored) or ``M/D/YYYY``."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if is_unknown(value):
        if required:
            raise ValidationError(field, _DATE_RULE, value, f"{field}: required, must be {_DATE_RULE}")
        return None
    text = str(value).strip()
    match = _ISO.match(text)
    try:
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        match = _MDY.match(text)
        if match:
            return dt.date(int(match[3]), int(match[1]), int(match[2])).isoformat()
    except ValueError:
        pass
    raise ValidationError(field, _DATE_RULE, value)


def is_url(value: str) -> bool:
    parsed = urlparse(value)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in value


def parse_url(value: Any, field: str = "source") -> str | None:
    """An ``http(s)://`` URL, or ``None`` when blank."""
    text = clean_text(value)
    if text is None:
        return None
    if not is_url(text):
        raise ValidationError(field, "an http(s) URL", value)
    return text


def parse_status(value: Any, field: str = "status", default: str | None = None) -> str:
    text = clean_text(value)
    if text is None:
        if default is None:
            raise ValidationError(field, f"one of {', '.join(STATUSES)}", value)
        return default
    lowered = text.lower()
    lowered = {"rumoured": "rumored", "confirm": "confirmed", "plan": "planned", "report": "reported"}.get(
        lowered, lowered
    )
    if lowered not in STATUSES:
        raise ValidationError(field, f"one of {', '.join(STATUSES)}", value)
    return lowered


def parse_basis(value: Any, field: str = "percentage_basis") -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    lowered = {"company-wide": "company", "all": "company", "corporate staff": "corporate"}.get(
        text.lower(), text.lower()
    )
    if lowered not in PERCENTAGE_BASES:
        raise ValidationError(field, f"one of {', '.join(PERCENTAGE_BASES)}", value)
    return lowered


def parse_bool(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if is_unknown(value):
        return False
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "y"):
        return True
    if text in ("0", "false", "no", "n"):
        return False
    raise ValidationError(field, "yes/no (1/0)", value)


def parse_event_id(value: Any, field: str) -> int | None:
    if is_unknown(value):
        return None
    try:
        number = parse_count(value, field)
    except ValidationError:
        raise ValidationError(field, "an event id (a positive integer)", value) from None
    if not number:
        raise ValidationError(field, "an event id (a positive integer)", value)
    return number
