"""CSV import of layoff rounds: layout detection, row validation, duplicate checks, one transaction.

``import_csv(db, content, ...) -> ImportReport`` is used by ``layoffbot data import``, by the
dataset build (the layoffs.fyi base layer) and by chat admins (``bot.admin.stage_import``).

Lookup strategy, in order:

1. Layout: the headers decide.  The current 11-column layoffs.fyi export, the older 9-column
   one (``NULL`` strings), and ``layoffbot data export``'s own layout are recognised; any other
   CSV needs ``mapping`` (header -> field, e.g. ``{"layoff": "count"}``; headers named like a
   field are then taken as that field), else :class:`ImportRefused` lists the headers seen and
   the fields needed.
2. Each row: cells trimmed; blank/``NULL``/``n/a`` mean unknown; counts "16000.0" -> 16000;
   percentages as fractions (layoffs.fyi) or percents (``%`` always wins; a mapped column
   whose bare values are all <= 1 is read as fractions); dates ``M/D/YYYY`` or ISO; company
   names resolved through aliases (an alias to a division, "AWS", sets the division).
   A source that is not a link ("Internal memo") is kept in the note and the row is marked
   unsourced.  Invalid rows are rejected with their spreadsheet row number (header = row 1).
3. Duplicates: a row identical (after trimming) to an earlier row of the file, or matching an
   event that existed before the import (same company, date and count), is skipped and counted.
   A round within 30 days of an existing round of the same company is added but flagged.
4. Write: all or nothing in one transaction (``with db.atomic():``): an ``imports`` row, new
   companies, the events, and ``changes`` rows (one per event, plus one for the import).  With
   rejected rows nothing is written unless ``skip_invalid``.  ``dry_run`` never writes.
"""
from __future__ import annotations

import bisect
import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable, Mapping
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
from bot.data.layouts import (
    IMPORT_FIELDS,
    LAYOUTS,
    REQUIRED_FIELDS,
    Layout,
    ParsedRow,
    decode,
    detect_layout,
    parse_mapping,
    parse_row,
    percentage_scale,
)
from bot.data.origin import TRACKER_LAYOUTS, origin_hash, origin_key
from bot.data.registry import CompanyRegistry
from bot.data.validation import (
    ImportRefused,
    ValidationError,
    normalize_alias,
    parse_status,
)

__all__ = [
    "IMPORT_FIELDS",
    "LAYOUTS",
    "FLAG_WINDOW_DAYS",
    "Layout",
    "RowIssue",
    "Flag",
    "ImportReport",
    "detect_layout",
    "parse_mapping",
    "import_csv",
]

FLAG_WINDOW_DAYS = 30


# --------------------------------------------------------------------------- report


@dataclass(slots=True)
class RowIssue:
    """A rejected row: spreadsheet row number (header = 1), the field and the rule broken."""

    row: int
    field: str | None
    rule: str
    message: str
    value: str | None = None


@dataclass(slots=True)
class Flag:
    """A row within 30 days of an existing round of the same company: added, but to review."""

    row: int
    company: str
    date: str
    count: int | None
    near_event_id: int
    near_date: str
    near_count: int | None


@dataclass(slots=True)
class ImportReport:
    file_name: str
    sha256: str
    layout: str
    default_status: str
    dry_run: bool
    rows_read: int = 0
    to_add: int = 0
    added: int = 0
    duplicates_in_file: int = 0
    duplicates_existing: int = 0
    flagged: list[Flag] = field(default_factory=list)
    rejected: list[RowIssue] = field(default_factory=list)
    new_companies: list[str] = field(default_factory=list)
    unsourced: int = 0
    skip_invalid: bool = False
    committed: bool = False
    import_id: int | None = None
    change_id: int | None = None
    event_ids: list[int] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def duplicates(self) -> int:
        return self.duplicates_in_file + self.duplicates_existing

    @property
    def aborted(self) -> bool:
        """True when rejected rows stopped a real (not dry-run) import: nothing was written."""
        return bool(self.rejected) and not self.skip_invalid and not self.dry_run

    def summary(self) -> str:
        """Multi-line plain-text summary (the CLI prints it; chat adapters may too)."""
        verb = "would add" if self.dry_run or self.aborted else "added"
        number = self.to_add if (self.dry_run or self.aborted) else self.added
        lines = [
            f"{self.file_name}: {self.layout} layout, {self.rows_read:,} rows read",
            f"  {verb}: {number:,}",
            f"  skipped as duplicates: {self.duplicates:,} "
            f"({self.duplicates_in_file:,} repeated in the file, {self.duplicates_existing:,} already in the database)",
            f"  flagged for review (within {FLAG_WINDOW_DAYS} days of another round): {len(self.flagged):,}",
            f"  rejected: {len(self.rejected):,}",
        ]
        if self.new_companies:
            shown = ", ".join(self.new_companies[:10]) + (" ..." if len(self.new_companies) > 10 else "")
            lines.append(f"  new companies: {len(self.new_companies):,} ({shown})")
        if self.unsourced:
            lines.append(f"  without a source link (marked unsourced): {self.unsourced:,}")
        for issue in self.rejected[:50]:
            lines.append(f"  row {issue.row}: {issue.message}")
        if len(self.rejected) > 50:
            lines.append(f"  ... and {len(self.rejected) - 50} more rejected rows")
        for flag in self.flagged[:20]:
            near = "undisclosed" if flag.near_count is None else f"{flag.near_count:,}"
            lines.append(
                f"  row {flag.row} flagged: {flag.company} {flag.date} is near event #{flag.near_event_id} "
                f"({flag.near_date}, {near})"
            )
        if len(self.flagged) > 20:
            lines.append(f"  ... and {len(self.flagged) - 20} more flagged rows")
        if self.aborted:
            lines.append("Nothing was imported: fix the rows above, or use --skip-invalid to import the valid rows.")
        elif self.dry_run:
            lines.append("Dry run: nothing was written.")
        elif self.committed:
            lines.append(f"Import #{self.import_id} done (undo it with: layoffbot data undo {self.change_id}).")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["duplicates"] = self.duplicates
        data["aborted"] = self.aborted
        return data


# --------------------------------------------------------------------------- import


def import_csv(
    db: sqlite_utils.Database,
    content: bytes | str,
    *,
    file_name: str = "upload.csv",
    mapping: Mapping[str, str] | None = None,
    default_status: str = "reported",
    dry_run: bool = False,
    skip_invalid: bool = False,
    actor: str | None = None,
    via: str = "cli",
    origin: str = "import",
    audit_rows: bool = True,
    progress: Callable[[int], None] | None = None,
    today: dt.date | None = None,
) -> ImportReport:
    """Validate and (unless ``dry_run``) import a CSV; see the module docstring for the rules.

    Returns the :class:`ImportReport`; when rows are rejected and ``skip_invalid`` is false,
    nothing is written and ``report.aborted`` is true.  ``progress(n)`` is called as rows are
    checked (the CLI drives a progress bar with it).  Raises :class:`ImportRefused` for an
    unrecognised layout.
    """
    started = dt.datetime.now()
    actor = actor or default_actor()
    default_status = parse_status(default_status, "status")
    raw_bytes = content.encode("utf-8") if isinstance(content, str) else content
    text = decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        headers = next(reader)
    except StopIteration:
        raise ImportRefused("The file is empty: no header row.", [], list(REQUIRED_FIELDS)) from None
    records = [r for r in reader if any(c.strip() for c in r)]
    layout = detect_layout(headers, mapping)
    header_index = {h.strip(): i for i, h in enumerate(headers)}
    index = {f: header_index[h] for f, h in layout.columns.items()}
    scale = percentage_scale(layout, records, index)
    today_iso = (today or dt.date.today()).isoformat()
    report = ImportReport(
        file_name=file_name,
        sha256=hashlib.sha256(raw_bytes).hexdigest(),
        layout=layout.name,
        default_status=default_status,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        rows_read=len(records),
    )

    companies = CompanyRegistry(db)
    existing: set[tuple[int, str, int | None]] = set()
    dates_by_company: dict[int, list[tuple[str, int, int | None]]] = {}
    for event_id, company_id, date, count, status in db.execute(
        "SELECT id, company_id, date, count, status FROM events"
    ):
        existing.add((company_id, date, count))
        if status != "retracted":
            dates_by_company.setdefault(company_id, []).append((date, event_id, count))
    for dates in dates_by_company.values():
        dates.sort()

    seen_rows: set[tuple[str, ...]] = set()
    parsed: list[ParsedRow] = []
    new_company_names: dict[str, str] = {}  # normalised -> as written first
    for offset, raw in enumerate(records):
        number = offset + 2
        if progress is not None and offset % 250 == 0:
            progress(min(250, len(records) - offset))
        key = tuple(c.strip() for c in raw)
        if key in seen_rows:
            report.duplicates_in_file += 1
            continue
        seen_rows.add(key)

        def cell(name: str, _raw: list[str] = raw) -> str | None:
            col = index.get(name)
            if col is None or col >= len(_raw):
                return None
            return _raw[col]

        try:
            row = parse_row(number, cell, layout, scale, default_status, origin, today_iso)
        except ValidationError as exc:
            report.rejected.append(RowIssue(number, exc.field, exc.rule, str(exc), None if exc.value is None else str(exc.value)))
            continue
        resolved = companies.resolve(row.company_name)
        if resolved is None:
            norm = normalize_alias(row.company_name)
            new_company_names.setdefault(norm, row.company_name)
            row.values["company_id"] = None
        else:
            company_id, _canonical, alias_division = resolved
            row.values["company_id"] = company_id
            if alias_division and not row.values["division"]:
                row.values["division"] = alias_division
                # "Twitch, 35%" in layoffs.fyi is 35% of Twitch, not of Amazon.
                if row.values["percentage"] is not None and cell("percentage_basis") in (None, ""):
                    row.values["percentage_basis"] = "division"
            if (company_id, row.values["date"], row.values["count"]) in existing:
                report.duplicates_existing += 1
                continue
        parsed.append(row)

    # Links of the layoffbot layout point at ids of the same file.
    file_ids = {row.file_id for row in parsed if row.file_id is not None}
    if layout.name == "layoffbot":
        kept: list[ParsedRow] = []
        for row in parsed:
            broken = [
                (name, ref)
                for name, ref in (("includes_event_id", row.includes_ref), ("part_of_event_id", row.part_of_ref))
                if ref is not None and ref not in file_ids
            ]
            if broken:
                name, ref = broken[0]
                report.rejected.append(
                    RowIssue(row.number, name, "an id of another row of this file", f"{name}: event {ref} is not in this file", str(ref))
                )
            else:
                kept.append(row)
        parsed = kept

    report.new_companies = sorted(new_company_names.values(), key=str.lower)
    report.to_add = len(parsed)
    report.unsourced = sum(1 for row in parsed if row.values["unsourced"])
    for row in parsed:
        company_id = row.values["company_id"]
        if company_id is None:
            continue
        nearby = dates_by_company.get(company_id)
        if not nearby:
            continue
        flag = _nearest(nearby, row.values["date"])
        if flag is not None:
            near_date, near_id, near_count = flag
            report.flagged.append(
                Flag(row.number, companies.names[company_id], row.values["date"], row.values["count"], near_id, near_date, near_count)
            )

    if dry_run or report.aborted:
        report.seconds = (dt.datetime.now() - started).total_seconds()
        return report

    with db.atomic():
        import_id = int(
            db.execute(
                "INSERT INTO imports (started_at, actor, via, file_name, sha256, layout, default_status, rows_read)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [now_iso(), actor, via, file_name, report.sha256, layout.name, default_status, report.rows_read],
            ).lastrowid
            or 0
        )
        for row in parsed:
            if row.values["company_id"] is None:
                norm = normalize_alias(row.company_name)
                found = companies.resolve(row.company_name)
                if found is None:
                    company_id = companies.create(new_company_names[norm])
                    if audit_rows:
                        record_change(
                            db, actor=actor, via=via, action="company", table_name="companies", row_id=company_id,
                            before=None, after={"id": company_id, "name": new_company_names[norm]}, import_id=import_id,
                        )
                    found = (company_id, new_company_names[norm], None)
                row.values["company_id"] = found[0]
            row.values["import_id"] = import_id

        next_id = (db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0] or 0) + 1
        keep_ids = layout.name == "layoffbot" and all(row.file_id is not None for row in parsed)
        if keep_ids and file_ids:
            placeholders = ",".join("?" * len(file_ids))
            clash = db.execute(f"SELECT count(*) FROM events WHERE id IN ({placeholders})", list(file_ids)).fetchone()[0]
            keep_ids = clash == 0
        id_map: dict[int, int] = {}
        for row in parsed:
            if keep_ids and row.file_id is not None:  # keep_ids: every row has one
                new_id = row.file_id
            else:
                new_id = next_id
                next_id += 1
            if row.file_id is not None:
                id_map[row.file_id] = new_id
            row.values["id"] = new_id
        tracker = TRACKER_LAYOUTS.get(layout.name)
        for row in parsed:
            if tracker is not None:  # where the row came from, for a later `data sync` of a newer export
                row.values["origin_key"] = origin_key(tracker, row.values["company_id"], row.values["date"], row.values["source"])
                row.values["origin_hash"] = origin_hash(row.values)
            row.values["includes_event_id"] = id_map.get(row.includes_ref) if row.includes_ref else None
            row.values["part_of_event_id"] = id_map.get(row.part_of_ref) if row.part_of_ref else None

        columns = ("id", *EVENT_COLUMNS)
        # Linked rows reference each other: insert without links first, then set them.
        db.conn.executemany(
            f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [
                [None if c in ("includes_event_id", "part_of_event_id") else row.values.get(c) for c in columns]
                for row in parsed
            ],
        )
        linked = [row for row in parsed if row.values["includes_event_id"] or row.values["part_of_event_id"]]
        db.conn.executemany(
            "UPDATE events SET includes_event_id = ?, part_of_event_id = ? WHERE id = ?",
            [[r.values["includes_event_id"], r.values["part_of_event_id"], r.values["id"]] for r in linked],
        )
        _fill_company_attributes(db, import_id)
        if audit_rows:
            at = now_iso()
            db.conn.executemany(
                "INSERT INTO changes (at, actor, via, action, table_name, row_id, before, after, import_id)"
                " VALUES (?, ?, ?, 'add', 'events', ?, NULL, ?, ?)",
                [
                    [at, actor, via, row.values["id"], json.dumps({c: row.values.get(c) for c in columns}, sort_keys=True, ensure_ascii=False), import_id]
                    for row in parsed
                ],
            )
        report.added = len(parsed)
        report.event_ids = [row.values["id"] for row in parsed]
        report.import_id = import_id
        db.execute(
            "UPDATE imports SET finished_at = ?, added = ?, duplicates = ?, flagged = ?, rejected = ? WHERE id = ?",
            [now_iso(), report.added, report.duplicates, len(report.flagged), len(report.rejected), import_id],
        )
        report.change_id = record_change(
            db, actor=actor, via=via, action="import", table_name="imports", row_id=import_id, before=None,
            after={
                "file_name": file_name, "sha256": report.sha256, "layout": layout.name, "rows_read": report.rows_read,
                "added": report.added, "duplicates": report.duplicates, "flagged": len(report.flagged),
                "rejected": len(report.rejected), "new_companies": len(report.new_companies),
            },
            import_id=import_id,
        )
        refresh_data_as_of(db)
        report.committed = True
    report.seconds = (dt.datetime.now() - started).total_seconds()
    return report


def _delimiter(text: str) -> str:
    """``;`` or tab when the header line uses it instead of commas (spreadsheets in many locales)."""
    header = text.split("\n", 1)[0]
    for candidate in (";", "\t"):
        if candidate in header and "," not in header:
            return candidate
    return ","


def _nearest(dates: list[tuple[str, int, int | None]], date: str) -> tuple[str, int, int | None] | None:
    """The existing round of the company closest to ``date`` if within the flag window."""
    day = dt.date.fromisoformat(date)
    pos = bisect.bisect_left(dates, (date,))
    best: tuple[int, tuple[str, int, int | None]] | None = None
    for candidate in dates[max(0, pos - 1) : pos + 1]:
        gap = abs((dt.date.fromisoformat(candidate[0]) - day).days)
        if gap <= FLAG_WINDOW_DAYS and (best is None or gap < best[0]):
            best = (gap, candidate)
    return None if best is None else best[1]


def _fill_company_attributes(db: sqlite_utils.Database, import_id: int) -> None:
    """Companies missing industry/location/country/stage/funds take them from their latest row."""
    for column in ("industry", "location", "country", "stage", "funds_raised_musd"):
        db.execute(
            f"""UPDATE companies SET {column} = (
                    SELECT e.{column} FROM events e
                    WHERE e.company_id = companies.id AND e.{column} IS NOT NULL AND e.division IS NULL
                    ORDER BY e.date DESC, e.id DESC LIMIT 1)
                WHERE {column} IS NULL AND id IN (SELECT company_id FROM events WHERE import_id = ?)""",
            [import_id],
        )
