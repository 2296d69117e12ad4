"""WARN imports in the ``sources`` freshness table, the ``data export --warn`` command, and the
help / "about the data" lines about WARN notices.

Fixtures: the made-up WARN files of tests/data/warn/ (wa.csv: 7 notices; consolidated.csv: 4
notices in WA, CA, OR and IL, of which CA has 1).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import sqlite_utils
from click.testing import CliRunner

from bot.data.warn_import import import_warn
from bot.engine import Engine

WARN = Path(__file__).parent / "data" / "warn"


def _import(db: sqlite_utils.Database, name: str, **kwargs):
    return import_warn(db, (WARN / name).read_bytes(), file_name=name, actor="test", **kwargs)


def _source(db: sqlite_utils.Database, name: str) -> dict | None:
    rows = list(db.query("SELECT name, url, layout, rows, last_fetch, last_change FROM sources WHERE name = ?", [name]))
    return rows[0] if rows else None


# --------------------------------------------------------------------------- sources


def test_a_warn_import_is_recorded_as_a_source(built_db: sqlite_utils.Database) -> None:
    assert _import(built_db, "wa.csv", dry_run=True).to_add == 7
    assert _source(built_db, "warn-scraper WA") is None  # a dry run writes nothing
    _import(built_db, "wa.csv")
    first = _source(built_db, "warn-scraper WA")
    assert first is not None
    assert (first["url"], first["layout"], first["rows"]) == ("wa.csv", "warn:warn-scraper WA", 7)
    assert first["last_fetch"] and first["last_change"] == first["last_fetch"]
    text = Engine(built_db).answer("where does your data come from?").text
    assert "Source warn-scraper WA: 7 rows, last fetched " in text


def test_reimport_refreshes_the_fetch_but_not_the_change(built_db: sqlite_utils.Database) -> None:
    _import(built_db, "wa.csv")
    built_db.execute("UPDATE sources SET last_fetch = '2020-01-01', last_change = '2020-01-01'"
                     " WHERE name = 'warn-scraper WA'")
    built_db.conn.commit()
    assert _import(built_db, "wa.csv").added == 0
    again = _source(built_db, "warn-scraper WA")
    assert again is not None and again["last_change"] == "2020-01-01" and again["last_fetch"] > "2020-01-01"


def test_a_state_cut_of_a_multi_state_file_is_its_own_source(built_db: sqlite_utils.Database) -> None:
    _import(built_db, "consolidated.csv", state="CA")
    ca = _source(built_db, "warn-transformer consolidated CA")
    assert ca is not None and ca["rows"] == 1 and _source(built_db, "warn-transformer consolidated") is None
