"""The ``sources`` table: each tracked export's URL, layout, last fetch, last change and row count.

Written by the dataset build (the shipped layoffs.fyi export) and by ``layoffbot data sync``;
read by ``data stats`` and by the bot's "about the data" answer (:func:`freshness_lines`).
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

__all__ = ["freshness_lines"]


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
