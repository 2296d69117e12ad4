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
import getpass
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlite_utils

from bot.validation import (
    ImportRefused,
    ValidationError,
    clean_country,
    clean_industry,
    clean_name,
    clean_text,
    is_unknown,
    is_url,
    normalize_alias,
    parse_basis,
    parse_bool,
    parse_count,
    parse_date,
    parse_event_id,
    parse_percentage,
    parse_status,
    parse_url,
)

__all__ = [
    "EVENT_COLUMNS",
    "IMPORT_FIELDS",
    "LAYOUTS",
    "Layout",
    "RowIssue",
    "Flag",
    "ImportReport",
    "CompanyIndex",
    "detect_layout",
    "parse_mapping",
    "import_csv",
    "default_actor",
    "now_iso",
    "record_change",
    "event_row",
    "refresh_data_as_of",
]

#: Every column of ``events`` except ``id``, in export order.
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
)

#: Fields a CSV column can be mapped to (``--map HEADER=FIELD``), with what they hold.
IMPORT_FIELDS: dict[str, str] = {
    "company": "company name or alias (required)",
    "date": "announcement date, YYYY-MM-DD or M/D/YYYY (required)",
    "count": "employees laid off; blank = undisclosed",
    "percentage": "share of the workforce (13, 13% or 0.13)",
    "percentage_basis": "company | corporate | division",
    "division": "division(s), '; '-separated",
    "status": "confirmed | reported | planned | rumored | retracted",
    "announced_count": "the figure as announced when cumulative",
    "location": "HQ or site location",
    "country": "country",
    "industry": "industry",
    "stage": "funding stage",
    "funds_raised_musd": "funds raised, USD millions",
    "source": "http(s) source URL",
    "other_sources": "more URLs, space separated",
    "note": "free text",
    "date_added": "date the row was added",
}
REQUIRED_FIELDS = ("company", "date")


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    columns: dict[str, str]
    """field -> header as written in the file."""
    percentage_scale: str = "percent"
    description: str = ""


#: Known layouts: name -> (field -> header, percentage scale, description)
LAYOUTS: dict[str, tuple[dict[str, str], str, str]] = {
    "layoffs.fyi": (
        {
            "company": "company",
            "location": "location",
            "count": "total_laid_off",
            "date": "date",
            "percentage": "percentage_laid_off",
            "industry": "industry",
            "source": "source",
            "stage": "stage",
            "funds_raised_musd": "funds_raised",
            "country": "country",
            "date_added": "date_added",
        },
        "fraction",
        "layoffs.fyi export (11 columns)",
    ),
    "layoffs.fyi-9": (
        {
            "company": "company",
            "location": "location",
            "industry": "industry",
            "count": "total_laid_off",
            "percentage": "percentage_laid_off",
            "date": "date",
            "stage": "stage",
            "country": "country",
            "funds_raised_musd": "funds_raised_millions",
        },
        "fraction",
        "older layoffs.fyi layout (9 columns)",
    ),
    "layoffbot": (
        {
            "id": "id",
            "company": "company",
            "division": "division",
            "date": "date",
            "count": "count",
            "percentage": "percentage",
            "percentage_basis": "percentage_basis",
            "status": "status",
            "location": "location",
            "country": "country",
            "source": "source",
        },
        "percent",
        "layoffbot data export",
    ),
}
# Optional columns of the layoffbot export layout, read when present.
_LAYOFFBOT_OPTIONAL = (
    "announced_count",
    "industry",
    "stage",
    "funds_raised_musd",
    "other_sources",
    "unsourced",
    "includes_event_id",
    "part_of_event_id",
    "note",
    "date_added",
    "origin",
    "curation_key",
)
FLAG_WINDOW_DAYS = 30
ORIGINS = ("layoffs.fyi", "curated", "admin", "import")


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def default_actor() -> str:
    """The OS user (the CLI's default ``--actor``)."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


# --------------------------------------------------------------------------- companies


class CompanyIndex:
    """Company names and aliases, loaded once per operation.

    Lookup order: an alias (normalised: lower case, single spaces; may carry a division),
    then a company's canonical name (case-insensitive).
    """

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.by_name: dict[str, tuple[int, str]] = {}
        for company_id, name in db.execute("SELECT id, name FROM companies"):
            self.by_name[normalize_alias(name)] = (company_id, name)
        self.names = {cid: name for cid, name in self.by_name.values()}
        self.aliases: dict[str, tuple[int, str | None]] = {}
        for alias, company_id, division in db.execute("SELECT alias, company_id, division FROM aliases"):
            self.aliases[alias] = (company_id, division)

    def resolve(self, name: str) -> tuple[int, str, str | None] | None:
        """``(company_id, canonical name, division or None)``, or ``None`` when unknown."""
        key = normalize_alias(name)
        hit = self.aliases.get(key)
        if hit is not None:
            return hit[0], self.names[hit[0]], hit[1]
        found = self.by_name.get(key)
        if found is not None:
            return found[0], found[1], None
        return None

    def create(self, name: str, **attributes: Any) -> int:
        """Insert a company (inside the caller's transaction) and index it."""
        values = {k: v for k, v in attributes.items() if v is not None}
        cursor = self.db.execute(
            f"INSERT INTO companies (name{''.join(', ' + k for k in values)}) VALUES (?{', ?' * len(values)})",
            [name, *values.values()],
        )
        company_id = int(cursor.lastrowid or 0)
        self.by_name[normalize_alias(name)] = (company_id, name)
        self.names[company_id] = name
        return company_id

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        try:
            from rapidfuzz import process
        except ImportError:  # pragma: no cover - rapidfuzz is a core dependency
            return []
        choices = list(self.names.values())
        return [match for match, score, _ in process.extract(name, choices, limit=limit) if score >= 70]


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


# --------------------------------------------------------------------------- layout


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """``["layoff=count", "headquarter=location"]`` -> ``{"layoff": "count", ...}``."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        header, sep, target = pair.partition("=")
        if not sep or not header.strip() or not target.strip():
            raise ValidationError("map", "HEADER=FIELD", pair)
        target = target.strip().lower()
        if target not in IMPORT_FIELDS:
            raise ValidationError("map", f"a field among {', '.join(IMPORT_FIELDS)}", pair)
        mapping[header.strip()] = target
    return mapping


def detect_layout(headers: list[str], mapping: Mapping[str, str] | None = None) -> Layout:
    """The layout of a CSV from its headers (see the module docstring)."""
    clean = [h.strip() for h in headers]
    lowered = {h.lower(): h for h in clean}
    if not mapping:
        for name, (columns, scale, description) in LAYOUTS.items():
            if all(col in lowered for col in columns.values()):
                if name == "layoffs.fyi-9" and "total_laid_off" in lowered and "source" in lowered:
                    continue
                resolved = {f: lowered[col] for f, col in columns.items()}
                if name == "layoffbot":
                    resolved.update({f: lowered[f] for f in _LAYOFFBOT_OPTIONAL if f in lowered})
                return Layout(name, resolved, scale, description)
        raise ImportRefused(
            "Unrecognised CSV layout. Headers seen: "
            + ", ".join(repr(h) for h in clean)
            + ". Map them with --map HEADER=FIELD (needed: company, date; optional: "
            + ", ".join(f for f in IMPORT_FIELDS if f not in REQUIRED_FIELDS)
            + ").",
            clean,
            list(REQUIRED_FIELDS),
        )
    columns: dict[str, str] = {}
    for header, target in mapping.items():
        real = lowered.get(header.strip().lower())
        if real is None:
            raise ImportRefused(
                f"--map {header}={target}: there is no column {header!r}. Headers seen: "
                + ", ".join(repr(h) for h in clean),
                clean,
                list(REQUIRED_FIELDS),
            )
        columns[target] = real
    for f in IMPORT_FIELDS:  # headers spelled like a field are taken as that field
        if f not in columns and f in lowered and lowered[f] not in columns.values():
            columns[f] = lowered[f]
    missing = [f for f in REQUIRED_FIELDS if f not in columns]
    if missing:
        raise ImportRefused(
            f"Fields not mapped: {', '.join(missing)}. Headers seen: "
            + ", ".join(repr(h) for h in clean)
            + ". Add --map HEADER=FIELD for each.",
            clean,
            missing,
        )
    return Layout("mapped", columns, "auto", "mapped with --map")


def _decode(content: bytes | str) -> str:
    if isinstance(content, str):
        return content
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


# --------------------------------------------------------------------------- rows


@dataclass(slots=True)
class _Row:
    number: int
    values: dict[str, Any]
    company_name: str
    file_id: int | None = None
    includes_ref: int | None = None
    part_of_ref: int | None = None


def _percentage_scale(layout: Layout, rows: list[list[str]], index: dict[str, int]) -> str:
    if layout.percentage_scale != "auto":
        return layout.percentage_scale
    col = index.get("percentage")
    if col is None:
        return "percent"
    for raw in rows:
        cell = raw[col].strip() if col < len(raw) else ""
        if is_unknown(cell) or cell.endswith("%"):
            continue
        try:
            if float(cell.replace(" ", "")) > 1:
                return "percent"
        except ValueError:
            continue
    return "fraction"


def _parse_row(
    number: int,
    cell: Callable[[str], str | None],
    layout: Layout,
    scale: str,
    default_status: str,
    origin: str,
    today: str,
) -> _Row:
    """One CSV row -> clean values; raises ValidationError on the first broken rule."""
    company = clean_name(cell("company"))
    if company is None:
        raise ValidationError("company", "a company name (required)", cell("company"))
    values: dict[str, Any] = {
        "date": parse_date(cell("date")),
        "count": parse_count(cell("count")),
        "announced_count": parse_count(cell("announced_count"), "announced_count"),
        "percentage": parse_percentage(cell("percentage"), scale=scale),
        "percentage_basis": parse_basis(cell("percentage_basis")),
        "division": clean_text(cell("division")),
        "status": parse_status(cell("status"), default=default_status),
        "location": clean_text(cell("location")),
        "country": clean_country(cell("country")),
        "industry": clean_industry(cell("industry")),
        "stage": None if (cell("stage") or "").strip().lower() == "unknown" else clean_text(cell("stage")),
        "note": clean_text(cell("note")),
        "date_added": parse_date(cell("date_added"), "date_added", required=False) or today,
        "origin": origin,
        "curation_key": None,
        "unsourced": 0,
        "other_sources": None,
    }
    funds = clean_text(cell("funds_raised_musd"))
    if funds is not None:
        try:
            values["funds_raised_musd"] = float(funds.replace(",", "").lstrip("$"))
        except ValueError:
            raise ValidationError("funds_raised_musd", "a number (USD millions)", funds) from None
    else:
        values["funds_raised_musd"] = None
    if values["percentage"] is not None and values["percentage_basis"] is None:
        values["percentage_basis"] = "company"
    source = clean_text(cell("source"))
    if source is not None and not is_url(source):
        if layout.name == "layoffbot":
            raise ValidationError("source", "an http(s) URL", source)
        # layoffs.fyi writes "Internal memo", "LinkedIn"...: keep what it says, mark unsourced.
        values["note"] = "; ".join(filter(None, [values["note"], f"Source given without a link: {source}"]))
        source = None
    values["source"] = source
    other = clean_text(cell("other_sources"))
    if other is not None:
        urls = other.split()
        for url in urls:
            parse_url(url, "other_sources")
        values["other_sources"] = " ".join(urls)
    if layout.name == "layoffbot":
        values["unsourced"] = int(parse_bool(cell("unsourced"), "unsourced"))
        file_origin = clean_text(cell("origin"))
        if file_origin is not None:
            if file_origin not in ORIGINS:
                raise ValidationError("origin", f"one of {', '.join(ORIGINS)}", file_origin)
            values["origin"] = file_origin
        values["curation_key"] = clean_text(cell("curation_key"))
    if values["source"] is None:
        values["unsourced"] = 1
    row = _Row(number, values, company)
    if layout.name == "layoffbot":
        row.file_id = parse_event_id(cell("id"), "id")
        row.includes_ref = parse_event_id(cell("includes_event_id"), "includes_event_id")
        row.part_of_ref = parse_event_id(cell("part_of_event_id"), "part_of_event_id")
    return row


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
    text = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = next(reader)
    except StopIteration:
        raise ImportRefused("The file is empty: no header row.", [], list(REQUIRED_FIELDS)) from None
    records = [r for r in reader if any(c.strip() for c in r)]
    layout = detect_layout(headers, mapping)
    header_index = {h.strip(): i for i, h in enumerate(headers)}
    index = {f: header_index[h] for f, h in layout.columns.items()}
    scale = _percentage_scale(layout, records, index)
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

    companies = CompanyIndex(db)
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
    parsed: list[_Row] = []
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
            row = _parse_row(number, cell, layout, scale, default_status, origin, today_iso)
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
        kept: list[_Row] = []
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
            if keep_ids:
                new_id = row.file_id  # type: ignore[assignment]
            else:
                new_id = next_id
                next_id += 1
            if row.file_id is not None:
                id_map[row.file_id] = new_id
            row.values["id"] = new_id
        for row in parsed:
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
