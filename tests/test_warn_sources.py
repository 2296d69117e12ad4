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


# --------------------------------------------------------------------------- data export --warn


def _cli(tmp_path: Path):
    from cli.main import cli

    db_path = tmp_path / "cli.db"
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)

    assert invoke("data", "init").exit_code == 0
    return invoke, db_path


def test_export_warn_csv_and_json(tmp_path: Path) -> None:
    invoke, _ = _cli(tmp_path)
    assert invoke("data", "warn", "import", str(WARN / "wa.csv")).exit_code == 0
    out = invoke("data", "export", "--warn")
    assert out.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert len(rows) == 7 and {r["state"] for r in rows} == {"WA"}
    seattle = next(r for r in rows if r["location"] == "Seattle" and r["workers"] == "1852")
    assert (seattle["company"], seattle["resolved_company"], seattle["notice_date"]) == (
        "Amazon.com Services LLC", "Amazon", "2023-01-18")
    target = tmp_path / "warn.json"
    written = invoke("data", "export", "--warn", "--format", "json", "-o", str(target))
    assert written.exit_code == 0 and "Exported 7 WARN notices" in written.output
    document = json.loads(target.read_text())
    assert len(document["warn_notices"]) == 7 and document["warn_notices"][0]["state"] == "WA"


def test_export_warn_cells_never_run_as_formulas(tmp_path: Path) -> None:
    invoke, db_path = _cli(tmp_path)
    hostile = tmp_path / "hostile.csv"
    text = (WARN / "wa.csv").read_text().splitlines()
    header, first = text[0], text[1]
    company = next(csv.reader([first]))[0]
    hostile.write_text(header + "\n" + first.replace(company, "=HYPERLINK(\"http://x\")", 1) + "\n")
    assert invoke("data", "warn", "import", str(hostile)).exit_code == 0
    out_file = tmp_path / "warn.csv"
    assert invoke("data", "export", "--warn", "-o", str(out_file)).exit_code == 0
    rows = list(csv.DictReader(out_file.open()))
    assert rows[0]["company"] == "'=HYPERLINK(\"http://x\")"


def test_export_warn_never_over_the_database(tmp_path: Path) -> None:
    invoke, db_path = _cli(tmp_path)
    before = db_path.read_bytes()
    refused = invoke("data", "export", "--warn", "-o", str(db_path))
    assert refused.exit_code != 0 and db_path.read_bytes() == before


# --------------------------------------------------------------------------- help and "about the data"


def test_help_names_a_warn_question_that_is_answered(built_db: sqlite_utils.Database) -> None:
    from bot.answers.warn import WARN_EXAMPLE

    _import(built_db, "wa.csv")
    engine = Engine(built_db)
    text = engine.answer("help").text
    assert f"WARN notices (state filings, a second basis never summed with the rounds): “{WARN_EXAMPLE}”" in text
    reply = engine.answer(WARN_EXAMPLE)
    assert reply.intent == "warn" and reply.total == 1852 + 400 + 150  # wa.csv: Seattle, Bellevue, AWS Seattle


def test_about_the_data_says_whether_warn_notices_are_held(built_db: sqlite_utils.Database) -> None:
    question = "where does your data come from?"
    assert "WARN notices: none in the data yet" in Engine(built_db).answer(question).text
    _import(built_db, "wa.csv")
    _import(built_db, "consolidated.csv", state="CA")
    text = Engine(built_db).answer(question).text
    # wa.csv: 7 notices; consolidated.csv's CA notice is ca.csv's Google one, not yet held: 1 more.
    assert "WARN notices: 8 notices from CA and WA, the latest filed " in text
    assert "never summed with them" in text and "none in the data yet" not in text
