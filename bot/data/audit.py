"""Shared helpers of every write path: the audit log (``changes`` rows with the row before and
after as JSON) and the data's as-of date.

Used by :mod:`bot.data.importer`, :mod:`bot.data.store`, :mod:`bot.data.dataset` and :mod:`bot.admin`.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Mapping
from typing import Any

import sqlite_utils

__all__ = [
    "EVENT_COLUMNS",
    "now_iso",
    "default_actor",
    "event_row",
    "record_change",
    "refresh_data_as_of",
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
    "origin_key",
    "origin_hash",
    "tracker_state",
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
