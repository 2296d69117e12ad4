"""``layoffbot ask`` / ``layoffbot chat`` on the fixture database (no tokens needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures_core import build_fixture_db

from cli.main import cli

REQUIRED = {"intent", "understood", "text", "total", "undisclosed_rounds", "rows", "sources", "suggestions"}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "core.db"
    build_fixture_db(str(path)).conn.close()
    return path


def _run(db_path: Path, *args: str, input: str | None = None):
    runner = CliRunner()
    return runner.invoke(cli, ["--db", str(db_path), "--today", "2026-02-15", *args], input=input, catch_exceptions=False)


def test_ask_console(db_path: Path) -> None:
    result = _run(db_path, "ask", "how many has Amazon cut in 2023?")
    assert result.exit_code == 0
    assert result.output.startswith("Amazon · 1 Jan 2023 – 31 Dec 2023")
    assert "17,000" in result.output and "Data as of 1 Feb 2026." in result.output


def test_ask_json_fields(db_path: Path) -> None:
    result = _run(db_path, "ask", "--json", "how many jobs has AWS lost since 2023?")
    data = json.loads(result.output)
    assert REQUIRED <= set(data)
    assert data["intent"] == "total"
    assert data["understood"]["companies"] == ["Amazon"]
    assert data["understood"]["division"] == "AWS"
    assert (data["understood"]["start"], data["understood"]["end"]) == ("2023-01-01", None)
    assert (data["total"], data["undisclosed_rounds"]) == (100, 2)
    row_keys = {"company", "division", "date", "count", "percentage", "status", "source"}
    assert all(row_keys <= set(row) for row in data["rows"])


def test_ask_json_rank_rows_are_companies(db_path: Path) -> None:
    data = json.loads(_run(db_path, "ask", "--json", "top 3 companies in 2024").output)
    assert data["intent"] == "rank" and data["row_kind"] == "companies"
    assert [(r["company"], r["total"], r["rounds"], r["undisclosed_rounds"]) for r in data["rows"]] == [
        ("Intel", 15000, 1, 0), ("PayPal", 2500, 1, 0), ("Microsoft", 1900, 1, 0)]


def test_ask_json_stdin_is_one_conversation(db_path: Path) -> None:
    result = _run(db_path, "ask", "--json", "-", input="Amazon layoffs in 2023\nwhat about Google?\n\nand in 2024?\n")
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [(d["understood"]["companies"], d["understood"]["start"], d["total"]) for d in lines] == [
        (["Amazon"], "2023-01-01", 17000), (["Google"], "2023-01-01", 12000), (["Google"], "2024-01-01", 0)]


def test_ask_chart_out(db_path: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "amazon.png"
    result = _run(db_path, "ask", "--chart-out", str(out), "chart Amazon layoffs")
    assert result.exit_code == 0
    assert f"Chart: {out}" in result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_ask_json_chart_path(db_path: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "c.png"
    data = json.loads(_run(db_path, "ask", "--json", "--chart-out", str(out), "plot layoffs by month in 2023").output)
    assert data["chart"]["kind"] == "all_over_time" and data["chart_path"] == str(out) and out.exists()


def test_chat_follow_ups_and_history(db_path: Path) -> None:
    result = _run(db_path, "chat", input="Meta layoffs in 2022\nwhat about Amazon?\nhistory\nreset\nquit\n")
    assert result.exit_code == 0
    assert "11,000" in result.output and "Amazon cut 10,000 jobs" in result.output
    assert "  1  Meta layoffs in 2022" in result.output and "Context cleared." in result.output


def test_ask_help_mentions_json_and_stdin() -> None:
    result = CliRunner().invoke(cli, ["ask", "--help"])
    assert "--json" in result.output and "--chart-out" in result.output and "stdin" in result.output
