"""The shipped dataset: building a database from the reviewable text files in ``data/``.

``data/`` (next to the ``bot`` package; override with ``LAYOFFBOT_DATA_DIR``) holds:

- ``layoffs_fyi_export_*.csv``: the layoffs.fyi export, the broad base layer (status
  ``reported``; the newest file by name is used);
- ``aliases.csv``: alias -> company (and division), with an ``ambiguous`` flag;
- ``curated_events.csv``: the curated layer.  A row with ``base_date`` (and ``base_count``)
  *adjusts* the one layoffs.fyi row of that company, date and count instead of adding a second
  row; other rows are added.  ``includes``/``part_of`` link rows by their stable ``key``;
- ``aggregates.csv``: published totals with source and as-of date;
- ``causes.csv``: stated causes of rounds, each with its quote and source (:mod:`bot.data.causes`).

The build runs in one transaction: a half-built database is never visible.  ``meta`` then
holds ``data_as_of`` (latest round date), ``base_as_of`` (the layoffs.fyi export date),
``built_from`` (sha256 of the data files), ``built_at`` and ``initialized``.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from bot.data.audit import event_row, now_iso, record_change, refresh_data_as_of
from bot.data.causes import load_causes
from bot.data.csv_safety import unguard_cell
from bot.data.db import open_db, write_transaction
from bot.data.importer import import_csv
from bot.data.registry import CompanyRegistry
from bot.data.validation import (
    DataError,
    clean_text,
    normalize_alias,
    parse_basis,
    parse_bool,
    parse_count,
    parse_date,
    parse_percentage,
    parse_status,
    parse_url,
)
from bot.errors import DatasetError

__all__ = [
    "DatasetError",
    "BuildReport",
    "data_dir",
    "data_fingerprint",
    "ensure_database",
    "build_database",
    "wipe_dataset",
    "DATASET_TABLES",
    "restore_subscriptions",
    "is_stale",
]

#: Tables the build fills (and ``data init --force`` empties).  Admins and subscriptions stay.
logger = logging.getLogger(__name__)

DATASET_TABLES = ("causes", "changes", "events", "warn_notices", "imports", "aliases", "aggregates", "sources", "pending_syncs")


@dataclass(slots=True)
class BuildReport:
    base_rows: int
    base_added: int
    curated_adjusted: int
    curated_added: int
    aliases: int
    aggregates: int
    companies: int
    events: int
    data_as_of: str | None
    built_from: str
    seconds: float


def data_dir() -> Path:
    """Where the curated dataset is read from, in order: ``$LAYOFFBOT_DATA_DIR``; the ``data/``
    directory next to the ``bot`` package (a checkout, an editable install); then
    ``<prefix>/share/layoffbot/data`` (a wheel or ``pip install .``, see pyproject's data-files)."""
    env = os.environ.get("LAYOFFBOT_DATA_DIR")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parents[2] / "data"  # bot/data/dataset.py -> <checkout>/data
    if (checkout / "curated_events.csv").is_file():
        return checkout
    installed = Path(sys.prefix) / "share" / "layoffbot" / "data"
    return installed if installed.is_dir() else checkout


def _data_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix in (".csv", ".md"))


def data_fingerprint(directory: Path | None = None) -> str:
    """sha256 over the names and contents of the data files (``meta.built_from``)."""
    directory = directory or data_dir()
    digest = hashlib.sha256()
    for path in _data_files(directory):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _safe_fingerprint() -> str | None:
    try:
        return data_fingerprint()
    except OSError:
        return None


def is_stale(db: sqlite_utils.Database) -> bool:
    """True when the database was built from data/ files that have changed since."""
    built_from = _meta(db, "built_from")
    current = _safe_fingerprint()
    return bool(built_from and current and built_from != current)


def _meta(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return None if row is None else row[0]


def ensure_database(
    path: str | os.PathLike[str] | None = None, *, build: bool = True
) -> sqlite_utils.Database:
    """Open (and migrate) the database; build it from ``data/`` if it was never initialised.

    A database counts as initialised once ``meta.initialized`` is set (by a build, or by
    ``data init --empty``), so an intentionally empty database is never filled behind the
    admin's back.  Two processes starting at once do not both build: the check is repeated
    under the write lock.
    """
    db = open_db(path)
    if _meta(db, "initialized") == "data" and is_stale(db):
        # Never rebuilt behind the admins' back (it would drop their edits): say so instead.
        logger.warning("data/ changed since this database was built; `layoffbot data init --force` rebuilds it")
    if build and _meta(db, "initialized") is None:
        with write_transaction(db):
            # The write lock is held: re-check, another process may have built it meanwhile.
            if _meta(db, "initialized") is None:
                build_database(db, data_dir())
    return db


def wipe_dataset(db: sqlite_utils.Database) -> list[tuple[str, str, str, str, str]]:
    """Empty the dataset tables (inside the caller's transaction), keeping admins.

    Returns the subscriptions as ``(platform, channel, company name or "")`` so the caller
    can restore them against the rebuilt companies.
    """
    subs = [
        (r[0], r[1], r[2] or "", r[3] or "", r[4] or "")
        for r in db.execute(
            "SELECT s.platform, s.channel, c.name, s.created_by, s.created_at"
            " FROM subscriptions s LEFT JOIN companies c ON c.id = s.company_id"
        )
    ]
    db.execute("DELETE FROM subscriptions")
    # Unlink self-references first; only linked rows are touched (the columns are indexed).
    db.execute("UPDATE events SET includes_event_id = NULL, part_of_event_id = NULL"
               " WHERE includes_event_id IS NOT NULL OR part_of_event_id IS NOT NULL")
    db.execute("UPDATE changes SET undoes = NULL, undone_by = NULL WHERE undoes IS NOT NULL OR undone_by IS NOT NULL")
    for table in DATASET_TABLES:
        db.execute(f"DELETE FROM {table}")
    db.execute("DELETE FROM companies")
    db.execute("DELETE FROM meta")
    return subs


def restore_subscriptions(db: sqlite_utils.Database, subs: list[tuple[str, str, str, str, str]]) -> int:
    """Re-create subscriptions saved by :func:`wipe_dataset`; returns how many."""
    restored = 0
    companies = CompanyRegistry(db)
    for platform, channel, company, created_by, created_at in subs:
        company_id = None
        if company:
            found = companies.resolve(company)
            if found is None:
                continue
            company_id = found[0]
        db.execute(
            "INSERT OR IGNORE INTO subscriptions (platform, channel, company_id, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [platform, channel, company_id, created_by or None, created_at or None],
        )
        restored += 1
    return restored


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [{k.strip(): unguard_cell(v or "") for k, v in row.items() if k} for row in csv.DictReader(handle)]


_BASE_NAME = re.compile(r"layoffs_fyi_export_(\d{4}-\d{2}-\d{2})\.csv$")


def build_database(db: sqlite_utils.Database, directory: Path | None = None) -> BuildReport:
    """Fill an empty (schema-only) database from the data files, in one transaction."""
    started = time.perf_counter()
    directory = Path(directory or data_dir())
    if not directory.is_dir():
        raise DatasetError(f"data directory not found: {directory}")
    base_files = sorted(p for p in directory.glob("layoffs_fyi_export_*.csv"))
    with write_transaction(db):
        if db.execute("SELECT count(*) FROM events").fetchone()[0]:
            raise DatasetError("the database already holds events; use `layoffbot data init --force` to rebuild")
        companies = CompanyRegistry(db)
        alias_count = _load_aliases(db, companies, directory / "aliases.csv")
        base_rows = base_added = 0
        base_as_of = None
        if base_files:
            base = base_files[-1]
            match = _BASE_NAME.search(base.name)
            base_as_of = match[1] if match else None
            report = import_csv(
                db,
                base.read_bytes(),
                file_name=base.name,
                default_status="reported",
                actor="layoffbot build",
                via="build",
                origin="layoffs.fyi",
                audit_rows=False,
                skip_invalid=False,
            )
            if report.aborted:
                raise DatasetError(f"{base.name} has invalid rows:\n{report.summary()}")
            base_rows, base_added = report.rows_read, report.added
            # The shipped export is the first fetch of the layoffs.fyi source (`data sync` updates it).
            db.execute(
                "INSERT OR REPLACE INTO sources (name, url, layout, last_fetch, last_change, rows, sha256)"
                " VALUES ('layoffs.fyi', ?, ?, ?, ?, ?, ?)",
                [f"data/{base.name}", report.layout, base_as_of, base_as_of, report.rows_read, report.sha256],
            )
        adjusted, added = _apply_curated(db, directory / "curated_events.csv")
        aggregates = _load_aggregates(db, directory / "aggregates.csv")
        load_causes(db, directory / "causes.csv")
        refresh_data_as_of(db)
        fingerprint = data_fingerprint(directory)
        meta = {
            "built_from": fingerprint,
            "built_at": now_iso(),
            "initialized": "data",
            "base_as_of": base_as_of,
            "data_dir": str(directory),
        }
        for key, value in meta.items():
            if value is not None:
                db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])
        record_change(
            db, actor="layoffbot build", via="build", action="build", table_name="meta", row_id=None,
            before=None, after={"built_from": fingerprint, "base_rows": base_rows, "curated": adjusted + added},
        )
    n_companies = db.execute("SELECT count(*) FROM companies").fetchone()[0]
    n_events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    return BuildReport(
        base_rows=base_rows,
        base_added=base_added,
        curated_adjusted=adjusted,
        curated_added=added,
        aliases=alias_count,
        aggregates=aggregates,
        companies=n_companies,
        events=n_events,
        data_as_of=_meta(db, "data_as_of"),
        built_from=fingerprint,
        seconds=time.perf_counter() - started,
    )


def _company_id(companies: CompanyRegistry, name: str) -> int:
    found = companies.resolve(name)
    if found is not None:
        return found[0]
    return companies.create(name)


def _load_aliases(db: sqlite_utils.Database, companies: CompanyRegistry, path: Path) -> int:
    if not path.exists():
        return 0
    rows: list[dict[str, Any]] = []
    for line, row in enumerate(_read_csv(path), start=2):
        alias, company = clean_text(row.get("alias")), clean_text(row.get("company"))
        if not alias or not company:
            raise DatasetError(f"{path.name} row {line}: alias and company are required")
        company_id = companies.by_name.get(normalize_alias(company), (None,))[0]
        if company_id is None:
            company_id = companies.create(company)
        rows.append(
            {
                "alias": normalize_alias(alias),
                "display": alias,
                "company_id": company_id,
                "division": clean_text(row.get("division")),
                "ambiguous": int(parse_bool(row.get("ambiguous"), "ambiguous")),
            }
        )
    db.table("aliases").insert_all(rows, replace=True)
    companies.aliases.update({r["alias"]: (r["company_id"], r["division"]) for r in rows})
    return len(rows)


def _curated_values(row: dict[str, str], where: str) -> dict[str, Any]:
    try:
        values: dict[str, Any] = {
            "division": clean_text(row.get("division")),
            "date": parse_date(row.get("date")),
            "count": parse_count(row.get("count")),
            "announced_count": parse_count(row.get("announced_count"), "announced_count"),
            "percentage": parse_percentage(row.get("percentage")),
            "percentage_basis": parse_basis(row.get("percentage_basis")),
            "status": parse_status(row.get("status")),
            "location": clean_text(row.get("location")),
            "country": clean_text(row.get("country")),
            "source": parse_url(row.get("source")),
            "other_sources": clean_text(row.get("other_sources")),
            "unsourced": int(parse_bool(row.get("unsourced"), "unsourced")),
            "note": clean_text(row.get("note")),
        }
        for url in (values["other_sources"] or "").split():
            parse_url(url, "other_sources")
    except DataError as exc:
        raise DatasetError(f"{where}: {exc}") from exc
    if values["source"] is None and not values["unsourced"]:
        raise DatasetError(f"{where}: no source URL; give one or set unsourced=1 with a note")
    if values["percentage"] is not None and values["percentage_basis"] is None:
        raise DatasetError(f"{where}: a percentage needs its percentage_basis")
    return values


def _apply_curated(db: sqlite_utils.Database, path: Path) -> tuple[int, int]:
    """Adjust matching base rows or add curated rows; then link them by key."""
    if not path.exists():
        return 0, 0
    companies = CompanyRegistry(db)
    key_to_id: dict[str, int] = {}
    links: list[tuple[int, str, str, str]] = []
    adjusted = added = 0
    for line, row in enumerate(_read_csv(path), start=2):
        key = clean_text(row.get("key"))
        where = f"{path.name} row {line} ({key})"
        if not key or key in key_to_id:
            raise DatasetError(f"{where}: every row needs a unique key")
        company = clean_text(row.get("company"))
        if not company:
            raise DatasetError(f"{where}: company is required")
        company_id = _company_id(companies, company)
        values = _curated_values(row, where)
        base_date = clean_text(row.get("base_date"))
        if base_date:
            base_count = parse_count(row.get("base_count"), "base_count")
            matches = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM events WHERE company_id = ? AND date = ? AND count IS ? AND curation_key IS NULL"
                    " AND origin = 'layoffs.fyi'",
                    [company_id, parse_date(base_date, "base_date"), base_count],
                )
            ]
            if len(matches) != 1:
                raise DatasetError(
                    f"{where}: base_date {base_date} / base_count {base_count} matches {len(matches)} layoffs.fyi rows of {company}; expected 1"
                )
            event_id = matches[0]
            base = event_row(db, event_id) or {}
            sources = [values["source"], *(values["other_sources"] or "").split()]
            if base.get("source") and not any(_same_page(base["source"], s) for s in sources if s):
                # layoffs.fyi's link moves to other_sources, unless the curated row already links
                # that page (tracking parameters and fragments differ: "#gs.cgq6eg", "?srnd=...").
                sources.append(base["source"])
            values["other_sources"] = " ".join(s for s in sources[1:] if s) or None
            for column in ("location", "country"):
                if values[column] is None:
                    values[column] = base.get(column)
            values.update({"curation_key": key, "origin": "curated", "company_id": company_id})
            assignments = ", ".join(f"{c} = ?" for c in values)
            db.execute(f"UPDATE events SET {assignments} WHERE id = ?", [*values.values(), event_id])
            adjusted += 1
        else:
            values.update(
                {
                    "curation_key": key,
                    "origin": "curated",
                    "company_id": company_id,
                    "date_added": values["date"],
                }
            )
            event_id = int(db.table("events").insert(values).last_pk)  # type: ignore[arg-type]  # set by the insert
            added += 1
        key_to_id[key] = event_id
        for column, ref_field in (("includes_event_id", "includes"), ("part_of_event_id", "part_of")):
            ref = clean_text(row.get(ref_field))
            if ref:
                links.append((event_id, column, ref, where))
    for event_id, column, ref, where in links:
        if ref not in key_to_id:
            raise DatasetError(f"{where}: links to unknown key {ref!r}")
        if key_to_id[ref] == event_id:
            raise DatasetError(f"{where}: links to itself")
        db.execute(f"UPDATE events SET {column} = ? WHERE id = ?", [key_to_id[ref], event_id])
    return adjusted, added


def _same_page(first: str, second: str) -> bool:
    """True when two URLs name the same page: host (without ``www.``) and path, ignoring the
    scheme, query and fragment."""

    def page(url: str) -> tuple[str, str]:
        parts = urlsplit(url.strip())
        host = parts.netloc.lower().removeprefix("www.")
        return host, parts.path.rstrip("/")

    return page(first) == page(second)


def _load_aggregates(db: sqlite_utils.Database, path: Path) -> int:
    if not path.exists():
        return 0
    rows = []
    for line, row in enumerate(_read_csv(path), start=2):
        where = f"{path.name} row {line}"
        try:
            count = parse_count(row.get("count"))
            if count is None:
                raise DatasetError(f"{where}: count is required")
            rows.append(
                {
                    "publisher": clean_text(row.get("publisher")),
                    "scope": clean_text(row.get("scope")),
                    "period_start": parse_date(row.get("period_start"), "period_start"),
                    "period_end": parse_date(row.get("period_end"), "period_end"),
                    "count": count,
                    "companies": parse_count(row.get("companies"), "companies"),
                    "approximate": int(parse_bool(row.get("approximate"), "approximate")),
                    "as_of": parse_date(row.get("as_of"), "as_of", required=False),
                    "source": parse_url(row.get("source")),
                    "note": clean_text(row.get("note")),
                }
            )
        except DataError as exc:
            if isinstance(exc, DatasetError):
                raise
            raise DatasetError(f"{where}: {exc}") from exc
        if not rows[-1]["publisher"] or not rows[-1]["scope"]:
            raise DatasetError(f"{where}: publisher and scope are required")
    db.table("aggregates").insert_all(rows)
    return len(rows)
