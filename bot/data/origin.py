"""Where a tracker row came from: its origin key and the digest of its tracked values.

Set by the importer on every row of a tracker export (layoffs.fyi layouts) and compared by
:mod:`bot.data.sync` when a newer export of the same tracker is synced.
"""

from __future__ import annotations

import hashlib
import sqlite3
from typing import Any

__all__ = ["TRACKED_FIELDS", "TRACKER_LAYOUTS", "backfill_origin_keys", "origin_hash", "origin_key"]

#: Layouts of tracker exports -> the tracker (origin keys are per tracker, not per layout).
TRACKER_LAYOUTS = {"layoffs.fyi": "layoffs.fyi", "layoffs.fyi-9": "layoffs.fyi"}
#: The values a tracker row sets, compared (and updated) by a sync.
TRACKED_FIELDS = (
    "date", "count", "percentage", "percentage_basis", "division", "source", "unsourced",
    "location", "country", "industry", "stage", "funds_raised_musd", "note",
)


def origin_key(tracker: str, company_id: int | None, date: str, source: str | None) -> str:
    """The stable key of a tracker row: tracker, company, date and source URL."""
    return f"{tracker}|{company_id if company_id is not None else '?'}|{date}|{source or ''}"


def origin_hash(values: dict[str, Any]) -> str:
    """Digest of a row's tracked values (unchanged rows are recognised without a field compare)."""
    # repr of a tuple of str/int/float/None is stable across runs and ~3x cheaper than JSON.
    payload = repr(tuple(values.get(f) for f in TRACKED_FIELDS))
    return hashlib.blake2b(payload.encode(), digest_size=12).hexdigest()


def backfill_origin_keys(conn: sqlite3.Connection) -> int:
    """Give existing tracker rows their origin (migration v3).  Curated rows are left out: their
    values are the curators', not the tracker's; a sync matches them by company and date."""
    columns = ("id", "company_id", *TRACKED_FIELDS)
    rows = conn.execute(
        f"SELECT {', '.join('e.' + c for c in columns)} FROM events e LEFT JOIN imports i ON i.id = e.import_id"
        " WHERE e.origin_key IS NULL AND e.curation_key IS NULL"
        " AND (e.origin = 'layoffs.fyi' OR i.layout IN ('layoffs.fyi', 'layoffs.fyi-9'))"
    ).fetchall()
    updates = []
    for row in rows:
        values = dict(zip(columns, row, strict=True))
        updates.append((origin_key("layoffs.fyi", values["company_id"], values["date"], values["source"]),
                        origin_hash(values), values["id"]))
    conn.executemany("UPDATE events SET origin_key = ?, origin_hash = ? WHERE id = ?", updates)
    return len(updates)
