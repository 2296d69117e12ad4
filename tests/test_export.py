"""Answers as files: "as csv", "as json", "export" on any question (core and console)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures_core import TODAY, build_fixture_db

from bot.answers.export import export_files, export_request
from bot.data.csv_safety import guard_cell
from bot.data.layouts import EXPORT_COLUMNS
from bot.engine import Engine
from bot.reply import CompanyRow, RoundRow
from cli.main import cli


@pytest.mark.parametrize(
    ("text", "formats", "rest"),
    [
        ("Amazon layoffs in 2023 as csv", ["csv"], "Amazon layoffs in 2023"),
        ("export Amazon layoffs", ["csv"], "Amazon layoffs"),
        ("list Amazon's rounds, as json please", ["json"], "list Amazon's rounds"),
        ("top 10 in 2024 as csv and json", ["csv", "json"], "top 10 in 2024"),
        ("who cut the most in 2023? json", ["json"], "who cut the most in 2023?"),
        ("download Meta layoffs as a spreadsheet", ["csv"], "Meta layoffs"),
        ("export as csv", ["csv"], ""),
        ("how many has Amazon cut?", [], "how many has Amazon cut?"),
        ("Meta vs Google", [], "Meta vs Google"),
    ],
    ids=["as-csv", "export", "as-json-please", "both", "bare-json", "spreadsheet", "only-words", "none", "none-compare"],
)
def test_export_request(text: str, formats: list[str], rest: str) -> None:
    assert export_request(text) == (formats, rest)


@pytest.mark.parametrize(
    ("value", "safe"),
    [("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("Amazon", "Amazon"), (-5, -5), (None, None)],
    ids=["equals", "plus", "minus", "at", "tab", "cr", "text", "negative-number", "none"],
)
def test_export_cells_are_formula_safe(value: object, safe: object) -> None:
    assert guard_cell(value) == safe


def engine() -> Engine:
    return Engine(build_fixture_db(), today=TODAY)


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def test_rounds_as_csv_have_the_data_export_columns_and_the_answers_rows() -> None:
    bot = engine()
    plain = bot.answer("list Amazon's layoffs")
    reply = bot.answer("list Amazon's layoffs as csv")
    assert reply.export == ["csv"] and reply.intent == plain.intent == "rounds"
    assert reply.total == plain.total
    ((file),) = export_files(reply)
    assert file.filename.endswith(".csv") and file.mimetype == "text/csv"
    rows = _csv_rows(file.content)
    assert tuple(rows[0]) == EXPORT_COLUMNS
    expected = [r.id for r in [*plain.rows, *plain.planned] if isinstance(r, RoundRow)]
    assert [int(r["id"]) for r in rows] == expected
    by_id = {r.id: r for r in [*plain.rows, *plain.planned] if isinstance(r, RoundRow)}
    for row in rows:
        count = by_id[int(row["id"])].count
        assert row["count"] == ("" if count is None else str(count))
        assert row["company"] == "Amazon"
    assert "attached as CSV" in reply.text


def test_ranking_as_json_has_the_ranking_rows() -> None:
    bot = engine()
    plain = bot.answer("who cut the most in 2023?")
    reply = bot.answer("who cut the most in 2023? as json")
    ((file),) = export_files(reply)
    document = json.loads(file.content)
    assert file.filename.endswith(".json") and document["row_kind"] == "companies"
    assert [(r["company"], r["total"]) for r in document["rows"]] == [
        (r.company, r.total) for r in plain.rows if isinstance(r, CompanyRow)]
    assert document["understood"] == plain.understood.description


def test_bare_export_exports_the_previous_answer() -> None:
    bot = engine()
    first = bot.answer("Meta layoffs in 2023", conversation="c")
    reply = bot.answer("export as csv and json", conversation="c")
    assert reply.export == ["csv", "json"] and reply.total == first.total
    csv_file, json_file = export_files(reply)
    assert [int(r["id"]) for r in _csv_rows(csv_file.content)] == [r["id"] for r in json.loads(json_file.content)["rows"]]


def test_an_answer_without_rows_says_there_is_nothing_to_export() -> None:
    reply = engine().answer("help as csv")
    assert reply.export == [] and export_files(reply) == []
    assert "Nothing to export" in reply.text


def test_csv_cells_never_run_as_formulas() -> None:
    db = build_fixture_db()
    amazon = db.execute("SELECT id FROM companies WHERE name = 'Amazon'").fetchone()[0]
    db["events"].insert({"company_id": amazon, "date": "2023-06-01", "count": 5, "status": "confirmed",
                         "source": "https://example.com/a", "note": "=HYPERLINK(\"http://evil\")", "location": "@SUM(1)"})
    reply = Engine(db, today=TODAY).answer("list Amazon's layoffs in 2023 as csv")
    ((file),) = export_files(reply)
    row = next(r for r in _csv_rows(file.content) if r["count"] == "5")
    assert row["note"] == "'=HYPERLINK(\"http://evil\")" and row["location"] == "'@SUM(1)"


def test_ask_export_out_writes_the_file(tmp_path: Path) -> None:
    db_path = tmp_path / "core.db"
    build_fixture_db(str(db_path)).conn.close()
    out = tmp_path / "amazon.csv"
    result = CliRunner().invoke(cli, ["--db", str(db_path), "--today", TODAY.isoformat(), "ask", "--export-out", str(out),
                                      "list Amazon's layoffs"], catch_exceptions=False)
    assert result.exit_code == 0 and f"File: {out}" in result.output
    rows = _csv_rows(out.read_bytes())
    assert rows and all(r["company"] == "Amazon" for r in rows)


def test_ask_json_lists_the_export(tmp_path: Path) -> None:
    db_path = tmp_path / "core.db"
    build_fixture_db(str(db_path)).conn.close()
    out = tmp_path / "rank.json"
    result = CliRunner().invoke(cli, ["--db", str(db_path), "--today", TODAY.isoformat(), "ask", "--json", "--export-out",
                                      str(out), "who cut the most in 2023?"], catch_exceptions=False)
    data = json.loads(result.output)
    assert data["export"] == ["json"] and data["export_paths"] == [str(out)]
    assert json.loads(out.read_bytes())["rows"] == data["export_rows"]
