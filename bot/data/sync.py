"""Sync a newer export of a tracker (layoffs.fyi) onto the rows imported from it before.

``sync_csv(db, content, ...) -> SyncReport`` is used by ``layoffbot data sync`` and by chat admins
(``bot.admin.sync.stage_sync``).  Every tracker row the database holds carries its *origin*:
``events.origin_key`` (``"layoffs.fyi|<company id>|<date>|<source URL>"``) and
``events.origin_hash`` (a digest of the tracker's values as last imported or synced).

Matching strategy, in order (each step only among the rows the previous steps left):

1. the same origin key (company, date and source URL);
2. the same company and source URL (the tracker corrected the date);
3. the same company and date (the tracker corrected the source; a curated row that adjusted its
   tracker row is found here when it has no origin key yet).

Then a matched row whose values changed is **updated** (before -> after, field by field) unless
it is protected — a curated row (``data/curated_events.csv``) or a row an admin edited,
confirmed or retracted — in which case it is listed as a **conflict** for review and left as
is.  A file row matching nothing is **added** (unless the same company, date and count is
already in the database).  A tracker row of the database that the file no longer has is
**flagged** (``tracker_state = 'missing'``), never deleted; a flagged row that comes back is
unflagged.  Rejected rows abort the sync (nothing written), like an import.

The whole sync is one transaction and one audited change (an ``imports`` row of kind ``sync``,
``changes`` rows ``sync-edit``/``add`` per row plus one ``sync`` entry): ``data undo`` reverts
all of it.  ``dry_run`` never writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlite_utils

from bot.data.audit import (
    EVENT_COLUMNS,
    default_actor,
    now_iso,
    record_change,
    refresh_data_as_of,
)
from bot.data.db import write_transaction
from bot.data.importer import RowIssue
from bot.data.layouts import decode, detect_layout, parse_row
from bot.data.origin import TRACKED_FIELDS, TRACKER_LAYOUTS, origin_hash, origin_key
from bot.data.registry import CompanyRegistry
from bot.data.validation import ImportRefused, ValidationError, normalize_alias

__all__ = [
    "FieldChange",
    "SyncItem",
    "SyncReport",
    "record_source",
    "sync_csv",
]

#: Audit actions of admin writes: a row they touched is never overwritten by a tracker row.
_ADMIN_ACTIONS = ("edit", "confirm", "retract")
#: Fields whose difference makes a conflict on a protected row (besides a source it does not link).
_CONFLICT_FIELDS = ("date", "count", "percentage")


# --------------------------------------------------------------------------- report


@dataclass(slots=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(slots=True)
class SyncItem:
    """One row of the report: an update, addition, flag or conflict."""

    kind: str  # update | add | missing | conflict | back
    company: str
    date: str
    count: int | None
    event_id: int | None = None
    row: int | None = None
    changes: list[FieldChange] = field(default_factory=list)
    reason: str | None = None

    def describe(self) -> str:
        where = f"#{self.event_id} " if self.event_id is not None else f"row {self.row}: " if self.row else ""
        size = "undisclosed" if self.count is None else f"{self.count:,}"
        diffs = "; ".join(f"{c.field} {_show(c.before)} -> {_show(c.after)}" for c in self.changes)
        text = f"{where}{self.company} {self.date} {size}"
        if diffs:
            text += f": {diffs}"
        if self.reason:
            text += f" ({self.reason})"
        return text


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@dataclass(slots=True)
class SyncReport:
    file_name: str
    sha256: str
    layout: str
    tracker: str
    dry_run: bool
    rows_read: int = 0
    unchanged: int = 0
    duplicates: int = 0
    updated: list[SyncItem] = field(default_factory=list)
    added: list[SyncItem] = field(default_factory=list)
    missing: list[SyncItem] = field(default_factory=list)
    back: list[SyncItem] = field(default_factory=list)
    conflicts: list[SyncItem] = field(default_factory=list)
    rejected: list[RowIssue] = field(default_factory=list)
    new_companies: list[str] = field(default_factory=list)
    committed: bool = False
    import_id: int | None = None
    change_id: int | None = None
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        """True when applying the sync would change the database."""
        return bool(self.updated or self.added or self.missing or self.back)

    @property
    def aborted(self) -> bool:
        return bool(self.rejected) and not self.dry_run

    def summary(self, limit: int = 50) -> str:
        """Plain-text report: counts, then each change as before -> after."""
        verb = "would " if self.dry_run or self.aborted else ""
        lines = [
            f"{self.file_name}: {self.layout} layout ({self.tracker}), {self.rows_read:,} rows read",
            f"  unchanged: {self.unchanged:,}; repeated or already in the database: {self.duplicates:,}",
            f"  {verb}update: {len(self.updated):,}",
            f"  {verb}add: {len(self.added):,}",
            f"  {verb}flag as missing from this export (kept, not deleted): {len(self.missing):,}",
        ]
        if self.back:
            lines.append(f"  {verb}unflag (back in this export): {len(self.back):,}")
        lines.append(f"  conflicts with curated or admin-edited rows (not changed, to review): {len(self.conflicts):,}")
        lines.append(f"  rejected: {len(self.rejected):,}")
        if self.new_companies:
            shown = ", ".join(self.new_companies[:10]) + (" ..." if len(self.new_companies) > 10 else "")
            lines.append(f"  new companies: {len(self.new_companies):,} ({shown})")
        for title, items in (("Updated", self.updated), ("Added", self.added), ("Missing", self.missing),
                             ("Back", self.back), ("Conflict", self.conflicts)):
            for item in items[:limit]:
                lines.append(f"  {title}: {item.describe()}")
            if len(items) > limit:
                lines.append(f"  ... and {len(items) - limit:,} more ({title.lower()})")
        for issue in self.rejected[:limit]:
            lines.append(f"  row {issue.row}: {issue.message}")
        if self.aborted:
            lines.append("Nothing was synced: fix the rows above.")
        elif self.dry_run:
            lines.append("Dry run: nothing was written." if self.changed else "Nothing to change.")
        elif self.committed:
            lines.append(f"Sync #{self.import_id} done (undo it with: layoffbot data undo {self.change_id}).")
        elif not self.changed:
            lines.append("Nothing to change.")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["changed"] = self.changed
        data["aborted"] = self.aborted
        return data


# --------------------------------------------------------------------------- sync


@dataclass(slots=True)
class _FileRow:
    number: int
    company_name: str
    company_id: int | None
    values: dict[str, Any]
    key: str
    digest: str


@dataclass(slots=True)
class _Known:
    id: int
    company_id: int
    values: dict[str, Any]
    key: str | None
    digest: str | None
    state: str | None
    protected: str | None  # why a tracker row may not overwrite it
    other_sources: str | None = None


def sync_csv(
    db: sqlite_utils.Database,
    content: bytes | str,
    *,
    file_name: str = "export.csv",
    dry_run: bool = False,
    actor: str | None = None,
    via: str = "cli",
    progress: Callable[[int], None] | None = None,
    today: dt.date | None = None,
) -> SyncReport:
    """Compare a tracker export with the database and (unless ``dry_run``) apply the difference.

    Raises :class:`ImportRefused` when the file is not a tracker export.  See the module docstring.
    """
    started = dt.datetime.now()
    actor = actor or default_actor()
    raw_bytes = content.encode("utf-8") if isinstance(content, str) else content
    text = decode(content)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = next(reader)
    except StopIteration:
        raise ImportRefused("The file is empty: no header row.", [], ["company", "date"]) from None
    try:
        layout = detect_layout(headers)
    except ImportRefused as exc:
        raise ImportRefused("data sync works on tracker exports (layoffs.fyi layouts) and these headers are not "
                            "one: " + ", ".join(repr(h.strip()) for h in headers) + ". Use `layoffbot data import`.",
                            exc.headers, exc.needed) from None
    tracker = TRACKER_LAYOUTS.get(layout.name)
    if tracker is None:
        raise ImportRefused(
            f"data sync works on tracker exports (layoffs.fyi layouts); this file is a {layout.description}. "
            "Use `layoffbot data import` for it.", [h.strip() for h in headers], ["company", "date"])
    report = SyncReport(file_name, hashlib.sha256(raw_bytes).hexdigest(), layout.name, tracker, dry_run)
    header_index = {h.strip(): i for i, h in enumerate(headers)}
    index = {f: header_index[h] for f, h in layout.columns.items()}
    today_iso = (today or dt.date.today()).isoformat()
    companies = CompanyRegistry(db)
    new_names: dict[str, str] = {}
    rows = _read_rows(reader, index, layout, today_iso, companies, new_names, tracker, report, progress)
    report.new_companies = sorted(new_names.values(), key=str.lower)

    known = _known_rows(db, tracker)
    plan = _match(rows, known)
    existing = {(c, d, n) for c, d, n in db.execute("SELECT company_id, date, count FROM events")}
    to_add: list[_FileRow] = []
    updates: list[tuple[_Known, _FileRow, list[FieldChange]]] = []
    rehash: list[tuple[str, str, int]] = []
    for old, new in plan.pairs:
        if old.digest == new.digest and old.state is None:
            report.unchanged += 1
            continue
        diffs = [FieldChange(f, old.values.get(f), new.values.get(f))
                 for f in TRACKED_FIELDS if old.values.get(f) != new.values.get(f)]
        name = companies.names.get(old.company_id, "?")
        if old.protected:
            # Only what the tracker says about the round itself: curated notes, divisions and
            # links differ from the tracker's by design.
            diffs = [c for c in diffs if c.field in _CONFLICT_FIELDS]
            if new.values.get("source") and new.values["source"] not in (
                    old.values.get("source"), *(old.other_sources or "").split()):
                diffs.append(FieldChange("source", old.values.get("source"), new.values["source"]))
            if diffs:
                report.conflicts.append(SyncItem("conflict", name, old.values["date"], old.values.get("count"),
                                                 old.id, new.number, diffs, old.protected))
            else:
                report.unchanged += 1
            continue
        if not diffs:
            report.unchanged += 1
            if old.state is not None:
                report.back.append(SyncItem("back", name, old.values["date"], old.values.get("count"), old.id, new.number))
                updates.append((old, new, []))
            elif old.digest != new.digest or old.key != new.key:
                rehash.append((new.key, new.digest, old.id))
            continue
        report.updated.append(SyncItem("update", name, old.values["date"], old.values.get("count"), old.id,
                                       new.number, diffs))
        updates.append((old, new, diffs))
    for new in plan.unmatched_new:
        if new.company_id is not None and (new.company_id, new.values["date"], new.values["count"]) in existing:
            report.duplicates += 1
            continue
        to_add.append(new)
        report.added.append(SyncItem("add", new.company_name, new.values["date"], new.values["count"], None, new.number))
    flags = [old for old in plan.unmatched_old if old.state is None and old.key is not None]
    for old in flags:
        report.missing.append(SyncItem("missing", companies.names.get(old.company_id, "?"), old.values["date"],
                                       old.values.get("count"), old.id, reason="not in this export"))

    if dry_run or report.rejected or not (report.changed or rehash):
        report.seconds = (dt.datetime.now() - started).total_seconds()
        return report
    with write_transaction(db):
        _write(db, report, companies, new_names, to_add, updates, flags, rehash, actor, via, tracker)
    report.seconds = (dt.datetime.now() - started).total_seconds()
    return report


def _read_rows(reader: Iterable[list[str]], index: dict[str, int], layout: Any, today: str,
               companies: CompanyRegistry, new_names: dict[str, str], tracker: str, report: SyncReport,
               progress: Callable[[int], None] | None) -> list[_FileRow]:
    seen: set[bytes] = set()
    rows: list[_FileRow] = []
    for offset, raw in enumerate(reader):
        if progress is not None and offset % 250 == 0:
            progress(250)
        if not any(c.strip() for c in raw):
            continue
        number = offset + 2
        report.rows_read += 1
        fingerprint = hashlib.blake2b("\x1f".join(c.strip() for c in raw).encode(), digest_size=16).digest()
        if fingerprint in seen:
            report.duplicates += 1
            continue
        seen.add(fingerprint)

        def cell(name: str, _raw: list[str] = raw) -> str | None:
            col = index.get(name)
            return None if col is None or col >= len(_raw) else _raw[col]

        try:
            row = parse_row(number, cell, layout, layout.percentage_scale, "reported", tracker, today)
        except ValidationError as exc:
            report.rejected.append(RowIssue(number, exc.field, exc.rule, str(exc),
                                            None if exc.value is None else str(exc.value)))
            continue
        resolved = companies.resolve(row.company_name)
        company_id = None
        if resolved is None:
            new_names.setdefault(normalize_alias(row.company_name), row.company_name)
        else:
            company_id, _canonical, division = resolved
            if division and not row.values["division"]:
                row.values["division"] = division
                if row.values["percentage"] is not None:
                    row.values["percentage_basis"] = "division"
        values = row.values
        rows.append(_FileRow(number, row.company_name, company_id, values,
                             origin_key(tracker, company_id, values["date"], values["source"]), origin_hash(values)))
    return rows


def _known_rows(db: sqlite_utils.Database, tracker: str) -> list[_Known]:
    """The database's rows of this tracker, and curated rows (matched by company and date)."""
    edited = {r[0] for r in db.execute(
        f"SELECT DISTINCT row_id FROM changes WHERE table_name = 'events' AND undone_by IS NULL"
        f" AND action IN ({', '.join('?' * len(_ADMIN_ACTIONS))})", _ADMIN_ACTIONS)}
    columns = ("id", "company_id", "origin_key", "origin_hash", "tracker_state", "origin", "curation_key",
               "other_sources", *TRACKED_FIELDS)
    known: list[_Known] = []
    for row in db.execute(
        f"SELECT {', '.join(columns)} FROM events WHERE origin_key >= ? AND origin_key < ?"
        " OR (origin_key IS NULL AND curation_key IS NOT NULL)",
        [tracker + "|", tracker + "}"],
    ):
        data = dict(zip(columns, row, strict=True))
        protected = None
        if data["curation_key"] or data["origin"] == "curated":
            protected = f"curated row {data['curation_key'] or ''}".strip()
        elif data["id"] in edited:
            protected = "edited by an admin"
        known.append(_Known(data["id"], data["company_id"], {f: data[f] for f in TRACKED_FIELDS},
                            data["origin_key"], data["origin_hash"], data["tracker_state"], protected,
                            data["other_sources"]))
    return known


@dataclass(slots=True)
class _Plan:
    pairs: list[tuple[_Known, _FileRow]]
    unmatched_new: list[_FileRow]
    unmatched_old: list[_Known]


def _match(rows: list[_FileRow], known: list[_Known]) -> _Plan:
    """Pair file rows with database rows: by origin key, then company + source, then company + date."""
    pairs: list[tuple[_Known, _FileRow]] = []
    new_left = rows
    old_left = known
    steps: list[Callable[[Any], Any]] = [
        lambda r: r.key,
        lambda r: (r.company_id, r.values["source"]) if r.values["source"] else None,
        lambda r: (r.company_id, r.values["date"]),
    ]
    for step, key_of in enumerate(steps):
        pool: dict[Any, list[_Known]] = {}
        for old in old_left:
            if step == 0 and old.key is None:
                continue
            key = key_of(old)
            if key is not None:
                pool.setdefault(key, []).append(old)
        taken: set[int] = set()
        still_new: list[_FileRow] = []
        for new in new_left:
            key = key_of(new)
            candidates = pool.get(key) if key is not None and new.company_id is not None else None
            if candidates:
                old = candidates.pop(0)
                taken.add(old.id)
                pairs.append((old, new))
            else:
                still_new.append(new)
        new_left = still_new
        old_left = [old for old in old_left if old.id not in taken]
    return _Plan(pairs, new_left, old_left)


# --------------------------------------------------------------------------- write


def _public(db: sqlite_utils.Database, event_id: int) -> dict[str, Any]:
    columns = ("id", *EVENT_COLUMNS)
    row = db.execute(f"SELECT {', '.join(columns)} FROM events WHERE id = ?", [event_id]).fetchone()
    return dict(zip(columns, row, strict=True))


def _write(db: sqlite_utils.Database, report: SyncReport, companies: CompanyRegistry, new_names: dict[str, str],
           to_add: list[_FileRow], updates: list[tuple[_Known, _FileRow, list[FieldChange]]], flags: list[_Known],
           rehash: list[tuple[str, str, int]], actor: str, via: str, tracker: str) -> None:
    at = now_iso()
    import_id = int(db.execute(
        "INSERT INTO imports (started_at, actor, via, file_name, sha256, layout, default_status, rows_read, kind)"
        " VALUES (?, ?, ?, ?, ?, ?, 'reported', ?, 'sync')",
        [at, actor, via, report.file_name, report.sha256, report.layout, report.rows_read],
    ).lastrowid or 0)
    # Origin refreshes of unchanged rows (a key or digest computed another way) are not changes.
    db.conn.executemany("UPDATE events SET origin_key = ?, origin_hash = ? WHERE id = ?", rehash)
    audit: list[list[Any]] = []
    for old, new, diffs in updates:
        before = _public(db, old.id)
        assignments = {c.field: c.after for c in diffs} | {
            "origin_key": new.key, "origin_hash": new.digest, "tracker_state": None}
        db.execute(f"UPDATE events SET {', '.join(f'{k} = ?' for k in assignments)} WHERE id = ?",
                   [*assignments.values(), old.id])
        audit.append([old.id, before, _public(db, old.id)])
    for old in flags:
        before = _public(db, old.id)
        db.execute("UPDATE events SET tracker_state = 'missing' WHERE id = ?", [old.id])
        audit.append([old.id, before, {**before, "tracker_state": "missing"}])
    db.conn.executemany(
        "INSERT INTO changes (at, actor, via, action, table_name, row_id, before, after, reason, import_id)"
        " VALUES (?, ?, ?, 'sync-edit', 'events', ?, ?, ?, ?, ?)",
        [[at, actor, via, event_id, json.dumps(b, sort_keys=True, ensure_ascii=False),
          json.dumps(a, sort_keys=True, ensure_ascii=False), f"sync #{import_id}", import_id]
         for event_id, b, a in audit],
    )
    for norm, name in new_names.items():
        company_id = companies.create(name)
        record_change(db, actor=actor, via=via, action="company", table_name="companies", row_id=company_id,
                      before=None, after={"id": company_id, "name": name, "key": norm}, import_id=import_id)
    columns = ("id", *EVENT_COLUMNS)
    items = {item.row: item for item in report.added}
    next_id = (db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0] or 0) + 1
    inserted = []
    for offset, new in enumerate(to_add):
        if new.company_id is None:
            found = companies.resolve(new.company_name)
            new.company_id = found[0] if found else None
            new.key = origin_key(tracker, new.company_id, new.values["date"], new.values["source"])
        values = {**new.values, "id": next_id + offset, "company_id": new.company_id, "import_id": import_id,
                  "origin": tracker, "origin_key": new.key, "origin_hash": new.digest}
        inserted.append(values)
        items[new.number].event_id = values["id"]
    db.conn.executemany(
        f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [[v.get(c) for c in columns] for v in inserted],
    )
    db.conn.executemany(
        "INSERT INTO changes (at, actor, via, action, table_name, row_id, before, after, import_id)"
        " VALUES (?, ?, ?, 'add', 'events', ?, NULL, ?, ?)",
        [[at, actor, via, v["id"], json.dumps({c: v.get(c) for c in columns}, sort_keys=True, ensure_ascii=False,
                                              default=str), import_id] for v in inserted],
    )
    db.execute(
        "UPDATE imports SET finished_at = ?, added = ?, duplicates = ?, flagged = ? WHERE id = ?",
        [now_iso(), len(inserted), report.duplicates, len(flags), import_id],
    )
    report.import_id = import_id
    report.change_id = record_change(
        db, actor=actor, via=via, action="sync", table_name="imports", row_id=import_id, before=None,
        after={"file_name": report.file_name, "sha256": report.sha256, "layout": report.layout,
               "rows_read": report.rows_read, "updated": len(report.updated), "added": len(inserted),
               "missing": len(flags), "back": len(report.back), "conflicts": len(report.conflicts)},
        import_id=import_id,
    )
    refresh_data_as_of(db)
    report.committed = True


# --------------------------------------------------------------------------- sources


def record_source(db: sqlite_utils.Database, *, name: str, layout: str, url: str | None, sha256: str,
                  rows: int, changed: bool, at: str | None = None) -> None:
    """Note a fetch (or file sync) of a source: last fetch always, last change when it changed."""
    at = at or now_iso()
    with write_transaction(db):
        current = db.execute("SELECT sha256 FROM sources WHERE name = ?", [name]).fetchone()
        if current is None:
            db.execute(
                "INSERT INTO sources (name, url, layout, last_fetch, last_change, rows, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [name, url, layout, at, at, rows, sha256],
            )
        else:
            db.execute(
                "UPDATE sources SET url = coalesce(?, url), layout = ?, last_fetch = ?, rows = ?, sha256 = ?,"
                " last_change = CASE WHEN ? THEN ? ELSE last_change END WHERE name = ?",
                [url, layout, at, rows, sha256, int(changed), at, name],
            )
