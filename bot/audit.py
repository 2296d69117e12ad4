"""Shared helpers of every write path: the company index (names and aliases), the audit log
(``changes`` rows with the row before and after as JSON), the data's as-of date.

Used by :mod:`bot.importer`, :mod:`bot.store`, :mod:`bot.dataset` and :mod:`bot.admin`.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from bot.validation import UnknownCompanyError, ValidationError, clean_name, normalize_alias

__all__ = [
    "EVENT_COLUMNS",
    "CompanyIndex",
    "now_iso",
    "default_actor",
    "event_row",
    "record_change",
    "refresh_data_as_of",
    "resolve_company",
]

EVENT_COLUMNS = (
    "company_id",
    "division",
    "date",
    "count",
    "announced_count",
    "percentage",
    "percentage_basis",
    "status",
    "location",
    "country",
    "industry",
    "stage",
    "funds_raised_musd",
    "source",
    "other_sources",
    "unsourced",
    "includes_event_id",
    "part_of_event_id",
    "note",
    "date_added",
    "origin",
    "import_id",
    "curation_key",
)

#: Fields a CSV column can be mapped to (``--map HEADER=FIELD``), with what they hold.

def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def default_actor() -> str:
    """The OS user (the CLI's default ``--actor``)."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


# --------------------------------------------------------------------------- companies


class CompanyIndex:
    """Company names and aliases, loaded once per operation.

    Lookup order: an alias (normalised: lower case, single spaces; may carry a division),
    then a company's canonical name (case-insensitive).
    """

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.by_name: dict[str, tuple[int, str]] = {}
        for company_id, name in db.execute("SELECT id, name FROM companies"):
            self.by_name[normalize_alias(name)] = (company_id, name)
        self.names = {cid: name for cid, name in self.by_name.values()}
        self.aliases: dict[str, tuple[int, str | None]] = {}
        for alias, company_id, division in db.execute("SELECT alias, company_id, division FROM aliases"):
            self.aliases[alias] = (company_id, division)

    def resolve(self, name: str) -> tuple[int, str, str | None] | None:
        """``(company_id, canonical name, division or None)``, or ``None`` when unknown."""
        key = normalize_alias(name)
        hit = self.aliases.get(key)
        if hit is not None:
            return hit[0], self.names[hit[0]], hit[1]
        found = self.by_name.get(key)
        if found is not None:
            return found[0], found[1], None
        return None

    def create(self, name: str, **attributes: Any) -> int:
        """Insert a company (inside the caller's transaction) and index it."""
        values = {k: v for k, v in attributes.items() if v is not None}
        cursor = self.db.execute(
            f"INSERT INTO companies (name{''.join(', ' + k for k in values)}) VALUES (?{', ?' * len(values)})",
            [name, *values.values()],
        )
        company_id = int(cursor.lastrowid or 0)
        self.by_name[normalize_alias(name)] = (company_id, name)
        self.names[company_id] = name
        return company_id

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        try:
            from rapidfuzz import process
        except ImportError:  # pragma: no cover - rapidfuzz is a core dependency
            return []
        choices = list(self.names.values())
        return [match for match, score, _ in process.extract(name, choices, limit=limit) if score >= 70]


# --------------------------------------------------------------------------- audit helpers


def event_row(db: sqlite_utils.Database, event_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM events WHERE id = ?", [event_id]))
    return rows[0] if rows else None


def record_change(
    db: sqlite_utils.Database,
    *,
    actor: str,
    via: str,
    action: str,
    table_name: str,
    row_id: int | None,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    reason: str | None = None,
    import_id: int | None = None,
    undoes: int | None = None,
    at: str | None = None,
) -> int:
    """Append one row to the audit log (inside the caller's transaction); returns its id."""
    cursor = db.execute(
        "INSERT INTO changes (at, actor, via, action, table_name, row_id, before, after, reason, import_id, undoes)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            at or now_iso(),
            actor,
            via,
            action,
            table_name,
            row_id,
            None if before is None else json.dumps(dict(before), sort_keys=True, ensure_ascii=False),
            None if after is None else json.dumps(dict(after), sort_keys=True, ensure_ascii=False),
            reason,
            import_id,
            undoes,
        ],
    )
    return int(cursor.lastrowid or 0)


def refresh_data_as_of(db: sqlite_utils.Database) -> None:
    """``meta.data_as_of`` = the latest date of a round that is not retracted."""
    latest = db.execute("SELECT max(date) FROM events WHERE status != 'retracted'").fetchone()[0]
    if latest:
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('data_as_of', ?)", [latest])
    else:
        db.execute("DELETE FROM meta WHERE key = 'data_as_of'")


def resolve_company(
    db: sqlite_utils.Database, name: Any, *, new_company: bool = False
) -> tuple[int | None, str, str | None]:
    """``(company_id, canonical name, alias division)``; id ``None`` means "create it".

    Unknown names raise :class:`UnknownCompanyError` (with suggestions) unless ``new_company``.
    """
    clean = clean_name(name)
    if clean is None:
        raise ValidationError("company", "a company name (required)", name)
    companies = CompanyIndex(db)
    found = companies.resolve(clean)
    if found is not None:
        return found
    if not new_company:
        raise UnknownCompanyError(clean, companies.suggest(clean))
    return None, clean, None
