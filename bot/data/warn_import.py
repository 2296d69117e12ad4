"""Import a WARN notice file into ``warn_notices``: detect, validate, resolve names, one transaction.

``import_warn(db, content, ...) -> WarnImportReport`` backs ``layoffbot data warn import FILE``.

Steps, in order:

1. Layout: by the headers (:mod:`bot.data.warn_layouts`); an unknown layout is refused with the
   headers seen and the layouts known.  ``state`` keeps only that state's rows of a
   multi-state (warn-transformer) file, and must match a state file's own state.
2. Each row: cells trimmed; dates ISO, ``YYYY-MM-DD HH:MM:SS`` or ``M/D/YYYY``; workers
   "1,234" / "1234.0" -> 1234, blank = unknown.  An invalid row is rejected with its
   spreadsheet row number (header = row 1).
3. Duplicates: a row whose origin key (hash_id, else state + company + notice date + site)
   repeats an earlier row of the file replaces it (a later posting of the same notice: the
   amendment wins) and is counted; a row already in the database, by origin key or by match
   key (the same notice from another layout), is skipped and counted.
4. Names: legal names are resolved through the aliases with the suffix rules of
   :mod:`bot.data.warn_names`; unresolved names are kept (``company_id`` NULL, never a new
   company) and listed in the report for an admin to map with ``layoffbot data alias add``.
5. Write: all or nothing in one transaction -- an ``imports`` row (layout ``warn:...``), the
   notices, one ``add`` change per notice and one ``import`` change, so ``layoffbot data undo``
   removes the whole import.  Rejected rows abort unless ``skip_invalid``; ``dry_run`` never writes.
6. Freshness: in the same transaction the import is noted in the ``sources`` table
   (:func:`bot.data.sync.record_source`) under the layout's name -- "warn-scraper WA", or
   "warn-transformer consolidated CA" with ``state`` -- with the file name, the rows read for that
   source, and a last change when notices were added; ``data stats`` and "about the data" show it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlite_utils

from bot.data.audit import default_actor, now_iso, record_change
from bot.data.db import write_transaction
from bot.data.importer import RowIssue, outcome_line, rejected_lines
from bot.data.layouts import decode
from bot.data.sync import record_source
from bot.data.validation import ImportRefused, ValidationError
from bot.data.warn_layouts import (
    STATE_AGENCIES,
    WARN_LAYOUTS,
    WarnRow,
    detect_warn_layout,
    header_key,
    read_warn_row,
)
from bot.data.warn_names import LegalNameResolver

__all__ = ["WARN_COLUMNS", "UnresolvedName", "WarnImportReport", "import_warn", "is_warn_file", "unresolved_names", "warn_source_name"]

#: Columns of ``warn_notices`` an import writes (besides ``id``).
WARN_COLUMNS = (
    "state", "company", "company_id", "division", "location", "notice_date", "effective_date", "workers",
    "is_temporary", "is_closure", "is_amendment", "is_superseded", "likely_ancestor", "layout", "source",
    "source_file", "origin_key", "match_key", "import_id",
)


@dataclass(slots=True)
class UnresolvedName:
    """A legal name no alias matched: how many notices and workers it has in the file."""

    name: str
    notices: int
    workers: int


@dataclass(slots=True)
class WarnImportReport:
    file_name: str
    sha256: str
    layout: str
    dry_run: bool
    state: str | None = None
    rows_read: int = 0
    to_add: int = 0
    added: int = 0
    repeated_in_file: int = 0
    already_in_database: int = 0
    other_state: int = 0
    resolved: dict[str, str] = field(default_factory=dict)
    """Legal name -> company (and division) it was read as."""
    unresolved: list[UnresolvedName] = field(default_factory=list)
    rejected: list[RowIssue] = field(default_factory=list)
    states: dict[str, int] = field(default_factory=dict)
    skip_invalid: bool = False
    committed: bool = False
    import_id: int | None = None
    change_id: int | None = None

    @property
    def aborted(self) -> bool:
        return bool(self.rejected) and not self.skip_invalid and not self.dry_run

    def summary(self) -> str:
        verb = "would add" if self.dry_run or self.aborted else "added"
        number = self.to_add if (self.dry_run or self.aborted) else self.added
        states = ", ".join(f"{s} {n:,}" for s, n in sorted(self.states.items()))
        lines = [
            f"{self.file_name}: {self.layout} layout (WARN notices), {self.rows_read:,} rows read",
            f"  {verb}: {number:,} notices" + (f" ({states})" if states else ""),
            f"  repeated in the file (a later posting kept): {self.repeated_in_file:,}",
            f"  already in the database: {self.already_in_database:,}",
            f"  rejected: {len(self.rejected):,}",
        ]
        if self.other_state:
            lines.append(f"  left out (not {self.state}): {self.other_state:,}")
        if self.resolved:
            shown = "; ".join(f"{k} -> {v}" for k, v in sorted(self.resolved.items())[:10])
            more = f" ... and {len(self.resolved) - 10} more" if len(self.resolved) > 10 else ""
            lines.append(f"  legal names read as companies: {len(self.resolved):,} ({shown}{more})")
        if self.unresolved:
            lines.append(
                f"  legal names matching no company: {len(self.unresolved):,} (kept as filed; map one with "
                "`layoffbot data alias add \"LEGAL NAME\" COMPANY`):"
            )
            for item in self.unresolved[:25]:
                lines.append(f"    {item.name}: {_n(item.notices, 'notice')}, {_n(item.workers, 'worker')}")
            if len(self.unresolved) > 25:
                lines.append(f"    ... and {len(self.unresolved) - 25} more")
        lines += rejected_lines(self.rejected)
        outcome = outcome_line(aborted=self.aborted, dry_run=self.dry_run, committed=self.committed,
                               import_id=self.import_id, change_id=self.change_id)
        return "\n".join([*lines, outcome] if outcome else lines)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["aborted"] = self.aborted
        return data


def _reader(text: str) -> tuple[list[str], list[list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = next(reader)
    except StopIteration:
        raise ImportRefused("The file is empty: no header row.", [], ["company", "notice_date"]) from None
    return headers, [r for r in reader if any(c.strip() for c in r)]


def is_warn_file(content: bytes | str) -> bool:
    """True when the file's header row is one of the WARN layouts."""
    text = decode(content)
    first = next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])
    return detect_warn_layout(first) is not None


def import_warn(
    db: sqlite_utils.Database,
    content: bytes | str,
    *,
    file_name: str = "warn.csv",
    state: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    actor: str | None = None,
    via: str = "cli",
) -> WarnImportReport:
    """Validate and (unless ``dry_run``) import a WARN file; see the module docstring."""
    actor = actor or default_actor()
    raw = content.encode("utf-8") if isinstance(content, str) else content
    headers, records = _reader(decode(content))
    layout = detect_warn_layout(headers)
    if layout is None:
        known = "; ".join(f"{w.name}: {', '.join(w.required)}" for w in WARN_LAYOUTS)
        raise ImportRefused(
            f"Not a WARN layout I know. Headers seen: {', '.join(h.strip() for h in headers if h.strip())}. Known: {known}.",
            [h.strip() for h in headers], ["company", "notice_date"],
        )
    wanted = state.strip().upper() if state else None
    if wanted and layout.state and wanted != layout.state:
        raise ValidationError("state", f"the file's own state ({layout.state})", wanted)
    report = WarnImportReport(
        file_name=file_name, sha256=hashlib.sha256(raw).hexdigest(), layout=layout.name, dry_run=dry_run,
        state=wanted, rows_read=len(records), skip_invalid=skip_invalid,
    )
    index: dict[str, int] = {}
    for i, header in enumerate(headers):
        index.setdefault(header_key(header), i)
    duplicates: dict[str, list[int]] = {}
    for i, header in enumerate(headers):
        duplicates.setdefault(header_key(header), []).append(i)

    rows: dict[str, WarnRow] = {}
    for offset, record in enumerate(records):
        def cell(name: str, _r: list[str] = record) -> str:
            # A header written twice (NY's "Number of Affected Workers"): the first non-empty cell.
            for col in duplicates.get(name, ()):
                if col < len(_r) and _r[col].strip():
                    return _r[col]
            return ""

        try:
            row = read_warn_row(offset + 2, layout, cell)
        except ValidationError as exc:
            report.rejected.append(RowIssue(offset + 2, exc.field, exc.rule, str(exc), None if exc.value is None else str(exc.value)))
            continue
        if wanted and row.state != wanted:
            report.other_state += 1
            continue
        if row.origin_key in rows:
            report.repeated_in_file += 1
            del rows[row.origin_key]  # re-insert: the later posting is kept, in file order
        rows[row.origin_key] = row

    existing_origin = {r[0] for r in db.execute("SELECT origin_key FROM warn_notices")}
    existing_match = {r[0] for r in db.execute("SELECT match_key FROM warn_notices")}
    fresh: list[WarnRow] = []
    seen_match: set[str] = set()
    for row in rows.values():
        if row.origin_key in existing_origin or row.match_key in existing_match:
            report.already_in_database += 1
        elif row.match_key in seen_match and not row.hash_id:
            report.repeated_in_file += 1
        else:
            seen_match.add(row.match_key)
            fresh.append(row)

    resolver = LegalNameResolver(db)
    values: list[dict[str, Any]] = []
    unresolved: dict[str, list[int]] = {}
    for row in fresh:
        match = resolver.resolve(row.company)
        if match is None:
            stats = unresolved.setdefault(row.company, [0, 0])
            stats[0] += 1
            stats[1] += row.workers or 0
        else:
            report.resolved[row.company] = match.company + (f" / {match.division}" if match.division else "")
        values.append({
            "state": row.state, "company": row.company, "company_id": match.company_id if match else None,
            "division": match.division if match else None, "location": row.location,
            "notice_date": row.notice_date, "effective_date": row.effective_date, "workers": row.workers,
            "is_temporary": None if row.is_temporary is None else int(row.is_temporary),
            "is_closure": None if row.is_closure is None else int(row.is_closure),
            "is_amendment": int(row.is_amendment), "is_superseded": int(row.is_superseded),
            "likely_ancestor": row.likely_ancestor, "layout": layout.name,
            "source": STATE_AGENCIES.get(row.state), "source_file": file_name,
            "origin_key": row.origin_key, "match_key": row.match_key,
        })
    report.unresolved = sorted(
        (UnresolvedName(name, n, w) for name, (n, w) in unresolved.items()), key=lambda u: (-u.workers, u.name.lower())
    )
    report.states = dict(Counter(v["state"] for v in values))
    report.to_add = len(values)
    if dry_run or report.aborted:
        return report

    with write_transaction(db):  # BEGIN IMMEDIATE: the write lock up front
        import_id = int(db.execute(
            "INSERT INTO imports (started_at, actor, via, file_name, sha256, layout, default_status, rows_read)"
            " VALUES (?, ?, ?, ?, ?, ?, 'warn', ?)",
            [now_iso(), actor, via, file_name, report.sha256, f"warn:{layout.name}", report.rows_read],
        ).lastrowid or 0)
        next_id = (db.execute("SELECT coalesce(max(id), 0) FROM warn_notices").fetchone()[0] or 0) + 1
        for offset, value in enumerate(values):
            value["id"], value["import_id"] = next_id + offset, import_id
        columns = ("id", *WARN_COLUMNS)
        db.conn.executemany(
            f"INSERT INTO warn_notices ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [[v[c] for c in columns] for v in values],
        )
        at = now_iso()
        db.conn.executemany(
            "INSERT INTO changes (at, actor, via, action, table_name, row_id, before, after, import_id)"
            " VALUES (?, ?, ?, 'add', 'warn_notices', ?, NULL, ?, ?)",
            [[at, actor, via, v["id"], json.dumps(v, sort_keys=True, ensure_ascii=False), import_id] for v in values],
        )
        db.execute(
            "UPDATE imports SET finished_at = ?, added = ?, duplicates = ?, rejected = ? WHERE id = ?",
            [now_iso(), len(values), report.repeated_in_file + report.already_in_database, len(report.rejected), import_id],
        )
        report.change_id = record_change(
            db, actor=actor, via=via, action="import", table_name="imports", row_id=import_id, before=None,
            after={
                "file_name": file_name, "sha256": report.sha256, "layout": f"warn:{layout.name}",
                "rows_read": report.rows_read, "added": len(values),
                "duplicates": report.repeated_in_file + report.already_in_database, "flagged": 0,
                "rejected": len(report.rejected), "unresolved_names": len(report.unresolved),
            },
            import_id=import_id,
        )
        record_source(db, name=warn_source_name(layout.name, layout.state or wanted), layout=f"warn:{layout.name}",
                      url=file_name, sha256=report.sha256, rows=report.rows_read - report.other_state,
                      changed=bool(values))
        report.added, report.import_id, report.committed = len(values), import_id, True
    return report


def warn_source_name(layout: str, state: str | None) -> str:
    """The ``sources`` row of a WARN file: the layout, plus the state a multi-state file was cut to."""
    return layout if not state or layout.endswith(f" {state}") else f"{layout} {state}"


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def unresolved_names(db: sqlite_utils.Database) -> list[UnresolvedName]:
    """Legal names of imported notices that no alias maps yet, most workers first (``data warn unresolved``)."""
    rows = db.execute(
        "SELECT company, count(*), coalesce(sum(workers), 0) FROM warn_notices WHERE company_id IS NULL"
        " GROUP BY lower(company) ORDER BY 3 DESC, lower(company)"
    )
    return [UnresolvedName(name, notices, workers) for name, notices, workers in rows]

