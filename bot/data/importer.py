"""CSV import of layoff rounds: layout detection, row validation, duplicate checks, one transaction.

``import_csv(db, content, ...) -> ImportReport`` is used by ``layoffbot data import``, by the
dataset build (the layoffs.fyi base layer) and by chat admins (``bot.admin.stage_import``).

Lookup strategy, in order:

1. Layout: the headers decide.  The current 11-column layoffs.fyi export, the older 9-column
   one (``NULL`` strings), and ``layoffbot data export``'s own layout are recognised; any other
   CSV needs ``mapping`` (header -> field, e.g. ``{"layoff": "count"}``; headers named like a
   field are then taken as that field), else :class:`ImportRefused` lists the headers seen and
   the fields needed.
2. Each row: cells trimmed; the quote ``data export`` puts before a cell starting with
   ``= + - @`` (so spreadsheets never run it) is dropped (:mod:`bot.data.csv_safety`);
   blank/``NULL``/``n/a`` mean unknown; counts "16000.0" -> 16000;
   percentages as fractions (layoffs.fyi) or percents (``%`` always wins; a mapped column
   whose bare values are all <= 1 is read as fractions); dates ``M/D/YYYY`` or ISO; company
   names resolved through aliases (an alias to a division, "AWS", sets the division).
   A source that is not a link ("Internal memo") is kept in the note and the row is marked
   unsourced.  Invalid rows are rejected with their spreadsheet row number (header = row 1).
3. Duplicates: a row identical (after trimming) to an earlier row of the file, or matching an
   event that existed before the import (same company, date and count), is skipped and counted.
   A round within 30 days of an existing round of the same company is added but flagged.
4. Write: all or nothing in one transaction (:func:`~bot.data.db.write_transaction`: the write
   lock is taken up front, so the duplicate checks hold until the commit): an ``imports`` row, new
   companies, the events, and ``changes`` rows (one per event, plus one for the import).  With
   rejected rows nothing is written unless ``skip_invalid``.  ``dry_run`` never writes.
"""
from __future__ import annotations

import bisect
import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

import sqlite_utils

from bot.data.audit import (
    EVENT_COLUMNS,
    default_actor,
    now_iso,
    record_change,
    refresh_data_as_of,
)
from bot.data.csv_safety import unguard_cell
from bot.data.db import write_transaction
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



def rejected_lines(rejected: list[RowIssue], limit: int = 50) -> list[str]:
    """The report's lines for rejected rows (the first ``limit``, then how many more)."""
    lines = [f"  row {issue.row}: {issue.message}" for issue in rejected[:limit]]
    if len(rejected) > limit:
        lines.append(f"  ... and {len(rejected) - limit} more rejected rows")
    return lines


def outcome_line(*, aborted: bool, dry_run: bool, committed: bool, import_id: int | None,
                 change_id: int | None) -> str:
    """An import report's last line: aborted, dry run, or done (with the undo command); else empty."""
    if aborted:
        return "Nothing was imported: fix the rows above, or use --skip-invalid to import the valid rows."
    if dry_run:
        return "Dry run: nothing was written."
    if committed:
        return f"Import #{import_id} done (undo it with: layoffbot data undo {change_id})."
    return ""


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
        lines += rejected_lines(self.rejected)
        for flag in self.flagged[:20]:
            near = "undisclosed" if flag.near_count is None else f"{flag.near_count:,}"
            lines.append(
                f"  row {flag.row} flagged: {flag.company} {flag.date} is near event #{flag.near_event_id} "
                f"({flag.near_date}, {near})"
            )
        if len(self.flagged) > 20:
            lines.append(f"  ... and {len(self.flagged) - 20} more flagged rows")
        outcome = outcome_line(aborted=self.aborted, dry_run=self.dry_run, committed=self.committed,
                               import_id=self.import_id, change_id=self.change_id)
        return "\n".join([*lines, outcome] if outcome else lines)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["duplicates"] = self.duplicates
        data["aborted"] = self.aborted
        return data


# --------------------------------------------------------------------------- import


#: Rows validated and written per batch (one transaction for the whole file all the same).
BATCH_ROWS = 5000


class _Abort(Exception):
    """Raised inside the import's transaction to roll it back (rejected rows, all or nothing)."""


def _open_source(content: bytes | str | os.PathLike[str]) -> tuple[Callable[[], TextIO], str]:
    """A way to (re)open the CSV as text, and the sha256 of its bytes.

    A path is streamed (read twice: once for the digest and the encoding, once to import), so
    a 1M-row file is never held in memory; bytes and str are read from memory.
    """
    if isinstance(content, (bytes, str)):
        raw = content.encode("utf-8") if isinstance(content, str) else content
        text = decode(content)
        return (lambda: io.StringIO(text, newline="")), hashlib.sha256(raw).hexdigest()
    path = Path(content)
    digest = hashlib.sha256()
    checker = codecs.getincrementaldecoder("utf-8-sig")()
    encoding = "utf-8-sig"
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
            if encoding == "utf-8-sig":
                try:
                    checker.decode(chunk)
                except UnicodeDecodeError:
                    encoding = "cp1252"  # spreadsheets saved in a Windows locale (as decode() does)
    return (lambda: path.open(encoding=encoding, errors="replace", newline="")), digest.hexdigest()


def import_csv(
    db: sqlite_utils.Database,
    content: bytes | str | os.PathLike[str],
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

    ``content`` is the file's bytes or text, or a path (streamed: rows are validated and
    inserted in batches of :data:`BATCH_ROWS` inside one transaction, and only what duplicate
    detection needs is kept in memory).  Returns the :class:`ImportReport`; when rows are
    rejected and ``skip_invalid`` is false, nothing is written and ``report.aborted`` is true.
    ``progress(n)`` is called as rows are checked (the CLI drives a progress bar with it).
    Raises :class:`ImportRefused` for an unrecognised layout.
    """
    started = dt.datetime.now()
    actor = actor or default_actor()
    default_status = parse_status(default_status, "status")
    opener, sha256 = _open_source(content)
    with opener() as handle:
        first = handle.readline()
    delimiter = _delimiter(first)
    headers = next(csv.reader([first], delimiter=delimiter), None)
    if not headers:
        raise ImportRefused("The file is empty: no header row.", [], list(REQUIRED_FIELDS))
    layout = detect_layout(headers, mapping)
    header_index = {h.strip(): i for i, h in enumerate(headers)}
    index = {f: header_index[h] for f, h in layout.columns.items()}

    def records() -> Iterator[list[str]]:
        with opener() as stream:
            reader = csv.reader(stream, delimiter=delimiter)
            next(reader, None)
            for raw in reader:
                if any(c.strip() for c in raw):
                    yield raw

    scale = percentage_scale(layout, records(), index) if layout.percentage_scale == "auto" else layout.percentage_scale
    report = ImportReport(
        file_name=file_name, sha256=sha256, layout=layout.name, default_status=default_status,
        dry_run=dry_run, skip_invalid=skip_invalid,
    )
    job = _ImportJob(db, report, layout, actor, via, audit_rows, dry_run, file_name)
    today_iso = (today or dt.date.today()).isoformat()
    if dry_run:  # checks only: no transaction, no write lock
        job.run(records(), index, scale, default_status, origin, today_iso, progress)
        report.seconds = (dt.datetime.now() - started).total_seconds()
        return report
    try:
        with write_transaction(db):
            job.start()
            job.run(records(), index, scale, default_status, origin, today_iso, progress)
            if report.rejected and not skip_invalid:
                raise _Abort  # all or nothing: roll back the batches written so far
            job.finish()
    except _Abort:
        report.added, report.event_ids, report.import_id, report.change_id = 0, [], None, None
    report.seconds = (dt.datetime.now() - started).total_seconds()
    return report


class _ImportJob:
    """One import: reads rows, checks them, and writes them batch by batch (see import_csv)."""

    def __init__(self, db: sqlite_utils.Database, report: ImportReport, layout: Layout, actor: str, via: str,
                 audit_rows: bool, dry_run: bool, file_name: str) -> None:
        self.db, self.report, self.layout, self.actor, self.via = db, report, layout, actor, via
        self.audit_rows, self.dry_run, self.file_name = audit_rows, dry_run, file_name
        self.companies = CompanyRegistry(db)
        self.existing: set[tuple[int, str, int | None]] = set()
        self.dates_by_company: dict[int, list[tuple[str, int, int | None]]] = {}
        for event_id, company_id, date, count, status in db.execute(
            "SELECT id, company_id, date, count, status FROM events"
        ):
            self.existing.add((company_id, date, count))
            if status != "retracted":
                self.dates_by_company.setdefault(company_id, []).append((date, event_id, count))
        for dates in self.dates_by_company.values():
            dates.sort()
        self.new_company_names: dict[str, str] = {}  # normalised -> as written first
        self.import_id: int | None = None
        self.tracker = TRACKER_LAYOUTS.get(layout.name)
        # The layoffbot layout links rows by their ids in the file: it is written in one batch at the end.
        self.batch_rows = 0 if layout.name == "layoffbot" else BATCH_ROWS
        self.next_id = 0
        self.at = now_iso()

    def start(self) -> None:
        if self.dry_run:
            return
        self.import_id = int(
            self.db.execute(
                "INSERT INTO imports (started_at, actor, via, file_name, sha256, layout, default_status, rows_read)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                [self.at, self.actor, self.via, self.file_name, self.report.sha256, self.layout.name,
                 self.report.default_status],
            ).lastrowid
            or 0
        )
        self.next_id = (self.db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0] or 0) + 1

    def run(self, rows: Iterable[list[str]], index: dict[str, int], scale: str, default_status: str, origin: str,
            today: str, progress: Callable[[int], None] | None) -> None:
        report, companies, layout = self.report, self.companies, self.layout
        seen_rows: set[bytes] = set()
        batch: list[ParsedRow] = []
        for offset, raw in enumerate(rows):
            number = offset + 2
            report.rows_read += 1
            if progress is not None and offset % 1000 == 999:
                progress(1000)
            # Only a digest of each row is kept for "identical to an earlier row of the file".
            key = hashlib.blake2b("\x1f".join(c.strip() for c in raw).encode(), digest_size=16).digest()
            if key in seen_rows:
                report.duplicates_in_file += 1
                continue
            seen_rows.add(key)

            def cell(name: str, _raw: list[str] = raw) -> str | None:
                col = index.get(name)
                if col is None or col >= len(_raw):
                    return None
                return unguard_cell(_raw[col])  # an export's formula guard (see csv_safety)

            try:
                row = parse_row(number, cell, layout, scale, default_status, origin, today)
            except ValidationError as exc:
                report.rejected.append(RowIssue(number, exc.field, exc.rule, str(exc), None if exc.value is None else str(exc.value)))
                continue
            resolved = companies.resolve(row.company_name)
            if resolved is None:
                norm = normalize_alias(row.company_name)
                self.new_company_names.setdefault(norm, row.company_name)
                row.values["company_id"] = None
            else:
                company_id, _canonical, alias_division = resolved
                row.values["company_id"] = company_id
                if alias_division and not row.values["division"]:
                    row.values["division"] = alias_division
                    # "Twitch, 35%" in layoffs.fyi is 35% of Twitch, not of Amazon.
                    if row.values["percentage"] is not None and cell("percentage_basis") in (None, ""):
                        row.values["percentage_basis"] = "division"
                if (company_id, row.values["date"], row.values["count"]) in self.existing:
                    report.duplicates_existing += 1
                    continue
                self._flag(row, company_id)
            report.to_add += 1
            if row.values["unsourced"]:
                report.unsourced += 1
            batch.append(row)
            if self.batch_rows and len(batch) >= self.batch_rows:
                self._flush(batch)
                batch = []
        if progress is not None and report.rows_read % 1000:
            progress(report.rows_read % 1000)
        if layout.name == "layoffbot":
            batch = self._check_links(batch)
        self._flush(batch)
        report.new_companies = sorted(self.new_company_names.values(), key=str.lower)

    def _flag(self, row: ParsedRow, company_id: int) -> None:
        nearby = self.dates_by_company.get(company_id)
        if not nearby:
            return
        flag = _nearest(nearby, row.values["date"])
        if flag is not None:
            near_date, near_id, near_count = flag
            self.report.flagged.append(
                Flag(row.number, self.companies.names[company_id], row.values["date"], row.values["count"],
                     near_id, near_date, near_count)
            )

    def _check_links(self, parsed: list[ParsedRow]) -> list[ParsedRow]:
        """Links of the layoffbot layout must point at ids of the same file."""
        file_ids = {row.file_id for row in parsed if row.file_id is not None}
        kept: list[ParsedRow] = []
        for row in parsed:
            broken = [
                (name, ref)
                for name, ref in (("includes_event_id", row.includes_ref), ("part_of_event_id", row.part_of_ref))
                if ref is not None and ref not in file_ids
            ]
            if broken:
                name, ref = broken[0]
                self.report.rejected.append(
                    RowIssue(row.number, name, "an id of another row of this file", f"{name}: event {ref} is not in this file", str(ref))
                )
                self.report.to_add -= 1
                self.report.unsourced -= int(bool(row.values["unsourced"]))
            else:
                kept.append(row)
        return kept

    def _flush(self, parsed: list[ParsedRow]) -> None:
        """Write one batch: new companies, events (then their links), audit rows."""
        if self.dry_run or not parsed or (self.report.rejected and not self.report.skip_invalid):
            return  # a rejected row means nothing will be committed: stop writing
        db, companies, import_id = self.db, self.companies, self.import_id
        for row in parsed:
            if row.values["company_id"] is None:
                norm = normalize_alias(row.company_name)
                found = companies.resolve(row.company_name)
                if found is None:
                    company_id = companies.create(self.new_company_names[norm])
                    if self.audit_rows:
                        record_change(
                            db, actor=self.actor, via=self.via, action="company", table_name="companies", row_id=company_id,
                            before=None, after={"id": company_id, "name": self.new_company_names[norm]}, import_id=import_id,
                        )
                    found = (company_id, self.new_company_names[norm], None)
                row.values["company_id"] = found[0]
            row.values["import_id"] = import_id

        file_ids = {row.file_id for row in parsed if row.file_id is not None}
        keep_ids = self.layout.name == "layoffbot" and all(row.file_id is not None for row in parsed)
        if keep_ids and file_ids:
            placeholders = ",".join("?" * len(file_ids))
            clash = db.execute(f"SELECT count(*) FROM events WHERE id IN ({placeholders})", list(file_ids)).fetchone()[0]
            keep_ids = clash == 0
        id_map: dict[int, int] = {}
        for row in parsed:
            new_id: int
            if keep_ids and row.file_id is not None:  # keep_ids: every row has one
                new_id = row.file_id
            else:
                new_id = self.next_id
                self.next_id += 1
            if row.file_id is not None:
                id_map[row.file_id] = new_id
            row.values["id"] = new_id
        for row in parsed:
            if self.tracker is not None:  # where the row came from, for a later `data sync` of a newer export
                row.values["origin_key"] = origin_key(self.tracker, row.values["company_id"], row.values["date"], row.values["source"])
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
        if self.audit_rows:
            db.conn.executemany(
                "INSERT INTO changes (at, actor, via, action, table_name, row_id, before, after, import_id)"
                " VALUES (?, ?, ?, 'add', 'events', ?, NULL, ?, ?)",
                [
                    [self.at, self.actor, self.via, row.values["id"],
                     json.dumps({c: row.values.get(c) for c in columns}, sort_keys=True, ensure_ascii=False), import_id]
                    for row in parsed
                ],
            )
        self.report.added += len(parsed)
        self.report.event_ids.extend(row.values["id"] for row in parsed)

    def finish(self) -> None:
        report, db, import_id = self.report, self.db, self.import_id
        if self.dry_run or import_id is None:
            return
        _fill_company_attributes(db, import_id)
        report.import_id = import_id
        db.execute(
            "UPDATE imports SET finished_at = ?, rows_read = ?, added = ?, duplicates = ?, flagged = ?, rejected = ? WHERE id = ?",
            [now_iso(), report.rows_read, report.added, report.duplicates, len(report.flagged), len(report.rejected), import_id],
        )
        report.change_id = record_change(
            db, actor=self.actor, via=self.via, action="import", table_name="imports", row_id=import_id, before=None,
            after={
                "file_name": self.file_name, "sha256": report.sha256, "layout": self.layout.name, "rows_read": report.rows_read,
                "added": report.added, "duplicates": report.duplicates, "flagged": len(report.flagged),
                "rejected": len(report.rejected), "new_companies": len(report.new_companies),
            },
            import_id=import_id,
        )
        refresh_data_as_of(db)
        report.committed = True


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
