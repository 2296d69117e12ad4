"""Reading the audit log and the dataset: change history, export, stats.

``history()`` lists changes newest first, each as a :class:`ChangeView` with a one-line
human summary ("edit event #42: Amazon 2026-02-03 1,200 (confirmed) — count 1,000 → 1,200").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from bot.data.db import SUMMED_STATUSES, schema_version
from bot.data.layouts import EXPORT_COLUMNS
from bot.data.registry import resolve_company
from bot.data.validation import NotFoundError

__all__ = [
    "EXPORT_COLUMNS", "NOT_IMPORT_ROW", "ChangeView", "load_json", "get_change", "view", "history", "export_events", "stats",
    "undo_summary", "WARN_EXPORT_COLUMNS", "export_warn_notices",
]

#: SQL condition on ``changes``: not one of the per-row entries an import writes (its ``add``
#: and ``company`` rows), which are listed and undone through the import's own entry.
NOT_IMPORT_ROW = "NOT (import_id IS NOT NULL AND action IN ('add', 'company', 'sync-edit'))"


@dataclass(slots=True)
class ChangeView:
    """One audit-log entry, ready to show."""

    id: int
    at: str
    actor: str
    via: str
    action: str
    table_name: str
    row_id: int | None
    company: str | None
    summary: str
    reason: str | None = None
    import_id: int | None = None
    undoes: int | None = None
    undone_by: int | None = None
    before: dict[str, Any] | None = field(default=None, repr=False)
    after: dict[str, Any] | None = field(default=None, repr=False)


def load_json(text: str | None) -> dict[str, Any] | None:
    return None if text is None else json.loads(text)


def get_change(db: sqlite_utils.Database, change_id: int) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM changes WHERE id = ?", [change_id]))
    if not rows:
        raise NotFoundError("change", change_id)
    return rows[0]


def _fmt_count(value: Any) -> str:
    return "undisclosed" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def _summary(change: dict[str, Any], names: dict[int, str]) -> str:
    before, after = load_json(change["before"]), load_json(change["after"])
    action, table, row_id = change["action"], change["table_name"], change["row_id"]
    row = after or before or {}
    if table == "events":
        what = f"event #{row_id}: {names.get(row.get('company_id') or 0, '?')} {row.get('date')} {_fmt_count(row.get('count'))} ({row.get('status')})"
        if action in ("edit", "confirm", "retract", "undo", "sync-edit") and before and after:
            diffs = [
                f"{k} {_fmt_count(before.get(k)) if k == 'count' else before.get(k)!r} → {_fmt_count(after.get(k)) if k == 'count' else after.get(k)!r}"
                for k in after
                if before.get(k) != after.get(k) and k not in ("note",)
            ]
            if before.get("note") != after.get("note"):
                diffs.append("note changed")
            return f"{action} {what}" + (f" — {'; '.join(diffs)}" if diffs else "")
        if action == "undo" and after is None:
            return f"undo (removed) {what}"
        return f"{action} {what}"
    if table == "imports":
        data = after or {}
        if action == "import":
            return (
                f"import #{row_id} of {data.get('file_name')}: {data.get('added', 0):,} added, "
                f"{data.get('duplicates', 0):,} duplicates, {data.get('flagged', 0):,} flagged"
            )
        if action == "sync":
            return (
                f"sync #{row_id} of {data.get('file_name')}: {data.get('updated', 0):,} updated, "
                f"{data.get('added', 0):,} added, {data.get('missing', 0):,} flagged missing, "
                f"{data.get('conflicts', 0):,} conflicts"
            )
        if "restored_events" in data:
            return (f"{action} sync #{row_id} ({data.get('removed_events', 0):,} events removed, "
                    f"{data['restored_events']:,} restored)")
        if data.get("removed_warn_notices"):
            return f"{action} import #{row_id} ({data['removed_warn_notices']:,} WARN notices removed)"
        return f"{action} import #{row_id}" + (f" ({data.get('removed_events', 0):,} events removed)" if after else "")
    if table == "companies":
        return f"{action} company #{row_id}: {row.get('name')}"
    if table == "admins":
        return f"{action} admin {row.get('platform')} {row.get('kind')} {row.get('ident')}"
    if table == "subscriptions":
        return f"{action} subscription {row.get('platform')} {row.get('channel')} {row.get('company') or 'all companies'}"
    if action == "build":
        data = after or {}
        return f"build from data/ ({data.get('base_rows', 0):,} layoffs.fyi rows, {data.get('curated', 0)} curated rows)"
    return f"{action} {table}" + (f" #{row_id}" if row_id else "")


def _company_names(db: sqlite_utils.Database) -> dict[int, str]:
    return {r[0]: r[1] for r in db.execute("SELECT id, name FROM companies")}


def view(db: sqlite_utils.Database, change: dict[str, Any], names: dict[int, str] | None = None) -> ChangeView:
    names = names if names is not None else _company_names(db)
    before, after = load_json(change["before"]), load_json(change["after"])
    company_id = (after or before or {}).get("company_id") if change["table_name"] == "events" else None
    return ChangeView(
        id=change["id"],
        at=change["at"],
        actor=change["actor"],
        via=change["via"],
        action=change["action"],
        table_name=change["table_name"],
        row_id=change["row_id"],
        company=names.get(company_id) if company_id else None,
        summary=_summary(change, names),
        reason=change["reason"],
        import_id=change["import_id"],
        undoes=change["undoes"],
        undone_by=change["undone_by"],
        before=before,
        after=after,
    )


def undo_summary(db: sqlite_utils.Database, done: ChangeView) -> str:
    """Whose change an undo undid and what it was, in one line (plain text, every channel):
    ``change 42 by alice (2026-02-03T10:00:00+00:00, via cli): add event #4280: … — recorded as change 57``."""
    if done.undoes is None:
        return f"{done.summary} — recorded as change {done.id}"
    original = view(db, get_change(db, done.undoes))
    return (f"change {original.id} by {original.actor} ({original.at}, via {original.via}): {original.summary}"
            f" — recorded as change {done.id}")


def history(
    db: sqlite_utils.Database,
    *,
    company: str | None = None,
    event_id: int | None = None,
    limit: int = 20,
) -> list[ChangeView]:
    """Recent changes, newest first.  With ``company``: changes to that company's rounds
    (including each row an import added); without: one line per import, not per row."""
    where, params = ["1 = 1"], []  # type: ignore[var-annotated]
    if company:
        company_id, _, _ = resolve_company(db, company)
        where.append(
            "table_name = 'events' AND (json_extract(after, '$.company_id') = ? OR json_extract(before, '$.company_id') = ?)"
        )
        params += [company_id, company_id]
    elif event_id is not None:
        where.append("table_name = 'events' AND row_id = ?")
        params.append(event_id)
    else:
        where.append(NOT_IMPORT_ROW)
    params.append(max(1, int(limit)))
    rows = list(db.query(f"SELECT * FROM changes WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?", params))
    names = _company_names(db)
    return [view(db, row, names) for row in rows]


# --------------------------------------------------------------------------- export, stats


def export_events(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """One dict per event (every status), in :data:`EXPORT_COLUMNS` order, by date then id."""
    select = ", ".join("c.name AS company" if c == "company" else f"e.{c}" for c in EXPORT_COLUMNS)
    return list(db.query(f"SELECT {select} FROM events e JOIN companies c ON c.id = e.company_id ORDER BY e.date, e.id"))


#: Columns of ``data export --warn``: the notice as filed (``company`` = the legal name) and the
#: company it was resolved to (``resolved_company``, empty while no alias maps the legal name).
WARN_EXPORT_COLUMNS = (
    "id", "state", "company", "resolved_company", "division", "location", "notice_date", "effective_date", "workers",
    "is_temporary", "is_closure", "is_amendment", "is_superseded", "likely_ancestor", "layout", "source",
    "source_file",
)


def export_warn_notices(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """One dict per WARN notice (amended and superseded ones too, flagged), by notice date, state, id."""
    select = ", ".join("c.name AS resolved_company" if c == "resolved_company" else f"w.{c}" for c in WARN_EXPORT_COLUMNS)
    return list(db.query(
        f"SELECT {select} FROM warn_notices w LEFT JOIN companies c ON c.id = w.company_id"
        " ORDER BY w.notice_date, w.state, w.id"
    ))


def stats(db: sqlite_utils.Database) -> dict[str, Any]:
    """Counts for ``data stats`` (and an admin's "status" command)."""
    one = lambda sql, *p: db.execute(sql, p).fetchone()[0]  # noqa: E731
    summed = ", ".join(f"'{s}'" for s in SUMMED_STATUSES)
    meta = {r[0]: r[1] for r in db.execute("SELECT key, value FROM meta")}
    return {
        "schema_version": schema_version(db),
        "events": one("SELECT count(*) FROM events"),
        "by_status": {r[0]: r[1] for r in db.execute("SELECT status, count(*) FROM events GROUP BY status ORDER BY 2 DESC")},
        "by_origin": {r[0]: r[1] for r in db.execute("SELECT origin, count(*) FROM events GROUP BY origin ORDER BY 2 DESC")},
        "undisclosed_rounds": one(f"SELECT count(*) FROM events WHERE count IS NULL AND status IN ({summed})"),
        "summed_total": one(
            f"SELECT coalesce(sum(count), 0) FROM events WHERE status IN ({summed}) AND part_of_event_id IS NULL"
        ),
        "unsourced": one("SELECT count(*) FROM events WHERE unsourced = 1"),
        "first_date": one("SELECT min(date) FROM events"),
        "last_date": one("SELECT max(date) FROM events"),
        "companies": one("SELECT count(*) FROM companies"),
        "aliases": one("SELECT count(*) FROM aliases"),
        "aggregates": one("SELECT count(*) FROM aggregates"),
        "imports": one("SELECT count(*) FROM imports WHERE state = 'done'"),
        "warn_notices": one("SELECT count(*) FROM warn_notices"),
        "warn_unresolved": one("SELECT count(*) FROM warn_notices WHERE company_id IS NULL"),
        "changes": one("SELECT count(*) FROM changes"),
        "admins": one("SELECT count(*) FROM admins"),
        "subscriptions": one("SELECT count(*) FROM subscriptions"),
        "data_as_of": meta.get("data_as_of"),
        "base_as_of": meta.get("base_as_of"),
        "built_from": meta.get("built_from"),
        "built_at": meta.get("built_at"),
        "initialized": meta.get("initialized"),
        "missing_from_source": one("SELECT count(*) FROM events WHERE tracker_state = 'missing'"),
        "sources": [
            dict(zip(("name", "url", "layout", "last_fetch", "last_change", "rows"), r, strict=True))
            for r in db.execute("SELECT name, url, layout, last_fetch, last_change, rows FROM sources ORDER BY name")
        ],
    }
