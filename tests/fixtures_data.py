"""Fixtures and helpers for the data-layer tests (dataset build, import, store, data CLI, admin).

- ``small_db``: an initialised, otherwise empty in-memory database with two companies and a
  few aliases (AWS -> Amazon/AWS, Twitter -> X), so alias resolution can be tested on tiny CSVs.
- ``built_db_path``: a database file built once per session from the shipped ``data/``;
  ``built_db`` gives each test its own copy (tests may write to it).
- :func:`dump`: the whole content of a database as plain data, to prove a failed write left
  it unchanged.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from bot.data.db import open_db

__all__ = ["DATA", "REPO_DATA", "FYI_EXPORT", "dump", "make_small_db", "small_db", "built_db_path", "built_db", "events_by"]

DATA = Path(__file__).parent / "data"
REPO_DATA = Path(__file__).resolve().parent.parent / "data"
FYI_EXPORT = REPO_DATA / "layoffs_fyi_export_2026-01-28.csv"

_TABLES = ("meta", "companies", "aliases", "imports", "events", "aggregates", "changes", "admins", "subscriptions")


def dump(db: sqlite_utils.Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    return {table: [tuple(r) for r in db.execute(f"SELECT * FROM {table} ORDER BY 1, 2")] for table in _TABLES}


def make_small_db() -> sqlite_utils.Database:
    db = open_db(":memory:")
    with db.atomic():
        db.execute("INSERT INTO meta (key, value) VALUES ('initialized', 'empty')")
        db.execute("INSERT INTO companies (id, name, location, country) VALUES (1, 'Amazon', 'Seattle', 'United States')")
        db.execute("INSERT INTO companies (id, name, location, country) VALUES (2, 'X', 'SF Bay Area', 'United States')")
        for alias, display, company_id, division, ambiguous in [
            ("aws", "AWS", 1, "AWS", 0),
            ("amazon.com", "Amazon.com", 1, None, 0),
            ("twitter", "Twitter", 2, None, 0),
            ("x", "X", 2, None, 1),
        ]:
            db.execute(
                "INSERT INTO aliases (alias, display, company_id, division, ambiguous) VALUES (?, ?, ?, ?, ?)",
                [alias, display, company_id, division, ambiguous],
            )
    return db


@pytest.fixture
def small_db() -> sqlite_utils.Database:
    return make_small_db()


@pytest.fixture(scope="session")
def built_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bot.data.dataset import build_database

    path = tmp_path_factory.mktemp("built") / "layoffbot.db"
    db = open_db(path)
    build_database(db, REPO_DATA)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return path


@pytest.fixture
def built_db(built_db_path: Path, tmp_path: Path) -> sqlite_utils.Database:
    copy = tmp_path / "copy.db"
    source = sqlite3.connect(built_db_path)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    return open_db(copy)


def events_by(db: sqlite_utils.Database, company: str) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT e.*, c.name AS company FROM events e JOIN companies c ON c.id = e.company_id"
            " WHERE c.name = ? ORDER BY e.date, e.id",
            [company],
        )
    )


def copy_data_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped data/ (to test broken curation files)."""
    target = tmp_path / "data"
    shutil.copytree(REPO_DATA, target)
    return target
