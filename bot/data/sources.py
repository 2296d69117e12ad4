"""The ``sources`` table: each tracked export's URL, layout, last fetch, last change and row count.

Written by the dataset build (the shipped layoffs.fyi export) and by ``layoffbot data sync``;
read by ``data stats`` and by the bot's "about the data" answer (:func:`freshness_lines`).
Also the ``pending_syncs`` a scheduled dry run leaves for an admin to apply as reviewed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import sqlite_utils

from bot.data.audit import now_iso
from bot.data.db import write_transaction
from bot.data.validation import NotFoundError

__all__ = ["PendingSync", "freshness_lines", "list_pending", "mark_applied", "save_pending", "take_pending"]


def _day(stamp: str | None) -> str:
    return stamp[:10] if stamp else "never"


def freshness_lines(db: sqlite_utils.Database) -> list[str]:
    """One plain sentence per source: "layoffs.fyi export: 4,277 rows, fetched 2026-01-28, last changed ...".

    Empty when the database predates the sources table or has no source.
    """
    try:
        rows = db.execute("SELECT name, rows, last_fetch, last_change FROM sources ORDER BY name").fetchall()
    except sqlite3.OperationalError:  # an older schema, opened read-only
        return []
    return [
        f"Source {name}: {count:,} rows, last fetched {_day(fetched)}, last changed {_day(changed)}."
        for name, count, fetched, changed in rows
    ]


# --------------------------------------------------------------------------- pending syncs


@dataclass(slots=True)
class PendingSync:
    """A fetched export a dry run found changes in, waiting for an admin (``data sync --pending ID``)."""

    id: int
    source: str
    url: str | None
    file_name: str
    sha256: str
    fetched_at: str
    summary: str
    state: str


def save_pending(db: sqlite_utils.Database, *, source: str, url: str | None, file_name: str, sha256: str,
                 content: bytes, summary: str) -> int:
    """Keep a dry-run's file for review; an older pending sync of the same source is superseded.
    The same file fetched again keeps its pending entry (returns its id)."""
    with write_transaction(db):
        same = db.execute("SELECT id FROM pending_syncs WHERE source = ? AND sha256 = ? AND state = 'pending'",
                          [source, sha256]).fetchone()
        if same is not None:
            db.execute("UPDATE pending_syncs SET summary = ?, fetched_at = ? WHERE id = ?", [summary, now_iso(), same[0]])
            return int(same[0])
        db.execute("UPDATE pending_syncs SET state = 'superseded' WHERE source = ? AND state = 'pending'", [source])
        return int(db.execute(
            "INSERT INTO pending_syncs (source, url, file_name, sha256, fetched_at, content, summary)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", [source, url, file_name, sha256, now_iso(), content, summary],
        ).lastrowid or 0)


def take_pending(db: sqlite_utils.Database, pending_id: int) -> tuple[PendingSync, bytes]:
    """The pending sync and its file; :class:`NotFoundError` unless it is still pending."""
    row = db.execute(
        "SELECT id, source, url, file_name, sha256, fetched_at, summary, state, content FROM pending_syncs WHERE id = ?",
        [pending_id],
    ).fetchone()
    if row is None or row[7] != "pending":
        raise NotFoundError("pending sync", pending_id)
    return PendingSync(*row[:8]), bytes(row[8])


def mark_applied(db: sqlite_utils.Database, pending_id: int) -> None:
    with write_transaction(db):
        db.execute("UPDATE pending_syncs SET state = 'applied', content = x'' WHERE id = ?", [pending_id])


def list_pending(db: sqlite_utils.Database) -> list[PendingSync]:
    try:
        rows = db.execute(
            "SELECT id, source, url, file_name, sha256, fetched_at, summary, state FROM pending_syncs"
            " WHERE state = 'pending' ORDER BY id"
        ).fetchall()
    except sqlite3.OperationalError:
        return []
    return [PendingSync(*r) for r in rows]
