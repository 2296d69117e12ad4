"""Stated causes of layoff rounds: the ``causes`` table and ``data/causes.csv``.

A cause tag says why a round happened **as a source states it** — never guessed: each tag
carries the quote and the source URL that state it (and, in ``evidence``, where the curation
found it).  A round without a tag has "cause not stated".

``data/causes.csv`` columns: ``key`` (a curated round's key in ``curated_events.csv``), or
``company`` + ``date`` (+ ``count``) naming exactly one layoffs.fyi round; ``cause`` (one of
:data:`CAUSES`); ``quote``; ``source`` (an http(s) URL); ``evidence``.  A row that matches no
round, or several, fails the build (like a curated row).

Admins curate tags with :func:`tag_cause` / :func:`untag_cause` (``layoffbot causes add`` /
``remove``): validated, one transaction (like every store write), audited in ``changes``
(actions ``add`` / ``untag`` on table ``causes``) and undoable with ``layoffbot data undo``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import sqlite_utils

from bot.data.audit import default_actor, record_change
from bot.data.db import write_transaction
from bot.data.validation import DataError, NotFoundError, ValidationError, clean_text, parse_count, parse_date, parse_url
from bot.errors import DatasetError

__all__ = ["CAUSES", "CAUSE_LABELS", "load_causes", "causes_of", "tag_cause", "untag_cause", "list_causes"]

#: cause -> how an answer names it.
CAUSE_LABELS: dict[str, str] = {
    "ai": "AI",
    "restructuring": "restructuring",
    "cost": "cost cutting",
    "acquisition": "an acquisition or takeover",
    "closure": "a closure",
    "relocation": "a relocation",
}
CAUSES = tuple(CAUSE_LABELS)


def _event_id(db: sqlite_utils.Database, row: dict[str, str], where: str) -> int:
    key = clean_text(row.get("key"))
    if key:
        found = db.execute("SELECT id FROM events WHERE curation_key = ?", [key]).fetchall()
        if not found:
            raise DatasetError(f"{where}: no curated round has key {key!r}")
        return int(found[0][0])
    company, date = clean_text(row.get("company")), clean_text(row.get("date"))
    if not company or not date:
        raise DatasetError(f"{where}: give a curated round's key, or company and date")
    sql = ("SELECT e.id FROM events e JOIN companies c ON c.id = e.company_id "
           "WHERE c.name = ? COLLATE NOCASE AND e.date = ?")
    try:
        params: list[object] = [company, parse_date(date)]
    except DataError as exc:
        raise DatasetError(f"{where}: {exc}") from None
    count = clean_text(row.get("count"))
    if count:
        sql += " AND e.count = ?"
        try:
            params.append(parse_count(count))
        except DataError as exc:
            raise DatasetError(f"{where}: {exc}") from None
    found = db.execute(sql, params).fetchall()
    if len(found) != 1:
        raise DatasetError(f"{where}: {company} {date} matches {len(found)} rounds, not exactly one")
    return int(found[0][0])


def load_causes(db: sqlite_utils.Database, path: Path) -> int:
    """Load ``path`` (inside the build's transaction) into ``causes``; returns the tags loaded."""
    if not path.is_file():
        return 0
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    for line, row in enumerate(rows, start=2):
        where = f"{path.name} row {line}"
        cause = (clean_text(row.get("cause")) or "").lower()
        if cause not in CAUSES:
            raise DatasetError(f"{where}: cause {cause!r} is not one of {', '.join(CAUSES)}")
        quote = clean_text(row.get("quote"))
        if not quote:
            raise DatasetError(f"{where}: every cause needs the quote that states it")
        try:
            source = parse_url(row.get("source"))
        except DataError as exc:
            raise DatasetError(f"{where}: {exc}") from None
        if not source:
            raise DatasetError(f"{where}: every cause needs a source URL")
        db.execute(
            "INSERT INTO causes (event_id, cause, quote, source, evidence) VALUES (?, ?, ?, ?, ?)",
            [_event_id(db, row, where), cause, quote, source, clean_text(row.get("evidence")) or None],
        )
    return len(rows)


def causes_of(db: sqlite_utils.Database, event_ids: list[int]) -> dict[int, list[tuple[str, str, str]]]:
    """event id -> [(cause, quote, source)] for the given rounds (absent: cause not stated)."""
    if not event_ids:
        return {}
    marks = ", ".join("?" for _ in event_ids)
    out: dict[int, list[tuple[str, str, str]]] = {}
    for event_id, cause, quote, source in db.execute(
        f"SELECT event_id, cause, quote, source FROM causes WHERE event_id IN ({marks}) ORDER BY event_id, cause",
        event_ids,
    ):
        out.setdefault(event_id, []).append((cause, quote, source))
    return out


def _row(db: sqlite_utils.Database, tag_id: int) -> dict[str, object] | None:
    rows = list(db.query("SELECT * FROM causes WHERE id = ?", [tag_id]))
    return rows[0] if rows else None


def tag_cause(db: sqlite_utils.Database, event_id: int, cause: str, *, quote: str, source: str,
              evidence: str | None = None, actor: str | None = None, via: str = "cli") -> int:
    """Tag round ``event_id`` with ``cause``, stated by ``quote`` at ``source``; returns the change id.

    Validation, in order: a known cause, a quote, an http(s) source, an existing round, no
    such tag on it yet; nothing is written otherwise."""
    cause = (clean_text(cause) or "").lower()
    if cause not in CAUSES:
        raise ValidationError("cause", f"one of {', '.join(CAUSES)}", cause)
    quote_text = clean_text(quote)
    if not quote_text:
        raise ValidationError("quote", "the words of the source that state the cause", quote)
    url = parse_url(source)
    if not url:
        raise ValidationError("source", "an http(s) URL", source)
    with write_transaction(db):
        if db.execute("SELECT 1 FROM events WHERE id = ?", [event_id]).fetchone() is None:
            raise NotFoundError("event", event_id)
        if db.execute("SELECT 1 FROM causes WHERE event_id = ? AND cause = ?", [event_id, cause]).fetchone():
            raise ValidationError("cause", "not already on that round", cause,
                                  message=f"round {event_id} already has the {cause!r} cause tag")
        cursor = db.execute("INSERT INTO causes (event_id, cause, quote, source, evidence) VALUES (?, ?, ?, ?, ?)",
                            [event_id, cause, quote_text, url, clean_text(evidence)])
        tag_id = int(cursor.lastrowid or 0)
        return record_change(db, actor=actor or default_actor(), via=via, action="add", table_name="causes",
                             row_id=tag_id, before=None, after=_row(db, tag_id))


def untag_cause(db: sqlite_utils.Database, event_id: int, cause: str, *, reason: str,
                actor: str | None = None, via: str = "cli") -> int:
    """Remove ``cause`` from round ``event_id`` (audited with ``reason``); returns the change id."""
    cause = (clean_text(cause) or "").lower()
    with write_transaction(db):
        found = db.execute("SELECT id FROM causes WHERE event_id = ? AND cause = ?", [event_id, cause]).fetchone()
        if found is None:
            raise ValidationError("cause", "a tag of that round", cause,
                                  message=f"round {event_id} has no {cause!r} cause tag")
        before = _row(db, int(found[0]))
        db.execute("DELETE FROM causes WHERE id = ?", [found[0]])
        return record_change(db, actor=actor or default_actor(), via=via, action="untag", table_name="causes",
                             row_id=int(found[0]), before=before, after=None, reason=reason)


def list_causes(db: sqlite_utils.Database, cause: str | None = None) -> list[dict[str, object]]:
    """Every tag (or one cause's), with its round's company, date, count and status."""
    sql = ("SELECT k.id, k.event_id, k.cause, c.name AS company, e.date, e.count, e.status, k.quote, k.source "
           "FROM causes k JOIN events e ON e.id = k.event_id JOIN companies c ON c.id = e.company_id")
    params: list[object] = []
    if cause:
        sql += " WHERE k.cause = ?"
        params.append(cause.lower())
    return list(db.query(sql + " ORDER BY e.date DESC, k.id", params))
