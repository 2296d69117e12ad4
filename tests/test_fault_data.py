"""Fault suite of the data layer: kill -9 mid-write, and concurrent writer processes.

Each killed command runs as a real ``layoffbot`` process on a copy of a database that holds a
generated 100,000-row import.  It is killed with SIGKILL at seeded random points: while it
checks rows (before any write) and at random moments after it has taken the write lock.
Afterwards the database must pass ``PRAGMA integrity_check`` and its foreign-key check, hold
either every row of the operation or none of it, and its audit log must agree with its rows.

``LAYOFFBOT_FAULT_SEED`` picks other kill points (the seed is in every failure message).
The big file and the template databases are made once per session.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.data.dataset import build_database
from bot.data.db import open_db
from bot.data.importer import import_csv
from bot.data.store import add_event

try:  # tests/ may or may not be a package
    from fixtures_data import REPO_DATA
    from fixtures_fault import write_big_csv
except ModuleNotFoundError:  # pragma: no cover
    from tests.fixtures_data import REPO_DATA
    from tests.fixtures_fault import write_big_csv

ROWS = 100_000
SEED = int(os.environ.get("LAYOFFBOT_FAULT_SEED", "20261202"))
REPO = Path(__file__).resolve().parent.parent
WRITER = Path(__file__).resolve().parent / "fault_writer.py"


@dataclass(frozen=True)
class Templates:
    big_csv: Path
    built: Path  # the shipped dataset
    imported: Path  # the shipped dataset + the big import (by actor "fault")
    built_events: int
    imported_events: int
    import_change: int


def _checkpointed_close(db) -> None:
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    folder = tmp_path_factory.mktemp("fault")
    big = write_big_csv(folder / "big.csv", ROWS)
    built = folder / "built.db"
    db = open_db(built)
    build_database(db, REPO_DATA)
    built_events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    _checkpointed_close(db)
    imported = folder / "imported.db"
    shutil.copy(built, imported)
    db = open_db(imported)
    report = import_csv(db, big.read_bytes(), file_name=big.name, actor="fault")
    assert report.added == ROWS and report.change_id
    imported_events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    _checkpointed_close(db)
    yield Templates(big, built, imported, built_events, imported_events, report.change_id)
    shutil.rmtree(folder, ignore_errors=True)  # ~150 MB: not kept for pytest's last-3-runs retention


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    """A folder for database copies (60 MB each), emptied after the test."""
    yield tmp_path
    for path in tmp_path.iterdir():
        if path.is_file():
            path.unlink()


def _copy(template: Path, target: Path) -> Path:
    shutil.copy(template, target)
    return target


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}


def _lock_is_held(path: Path) -> bool:
    """True while another connection holds the write lock (taking it for an instant if not)."""
    conn = sqlite3.connect(path, timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


def _run_and_kill(db: Path, args: list[str], *, after_lock: float | None, delay: float) -> tuple[str, bool]:
    """Start ``layoffbot --db DB ARGS`` and SIGKILL it: (where, True), or (why not, False) when
    it had already finished (a much faster machine).

    ``after_lock`` None: ``delay`` seconds after start (the import is still checking rows: no
    lock taken yet).  Otherwise ``after_lock`` seconds after it took the write lock.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "--db", str(db), *args],
        cwd=REPO, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        if after_lock is None:
            time.sleep(delay)
            where = "before the write lock" if not _lock_is_held(db) else "holding the write lock"
        else:
            deadline = time.monotonic() + 120
            while not _lock_is_held(db):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"{args} ended before taking the write lock: {process.stderr.read()!r}")
                time.sleep(0.01)
            time.sleep(after_lock)
            where = f"{after_lock:.2f} s after taking the write lock"
        if process.poll() is not None:
            assert process.returncode == 0
            return f"not killed: finished before the kill point ({where})", False
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
        assert process.returncode == -signal.SIGKILL
        return where, True
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stderr is not None
        process.stderr.close()


def _audit_problems(conn: sqlite3.Connection) -> list[str]:
    """Where the audit log and the rows disagree (empty when consistent)."""
    problems = []

    def one(sql: str, *params: object) -> int:
        return int(conn.execute(sql, params).fetchone()[0])

    for import_id, state, added, via in conn.execute("SELECT id, state, added, via FROM imports").fetchall():
        rows = one("SELECT count(*) FROM events WHERE import_id = ?", import_id)
        audited = one("SELECT count(*) FROM changes WHERE import_id = ? AND action = 'add'", import_id)
        entries = one("SELECT count(*) FROM changes WHERE import_id = ? AND action = 'import'", import_id)
        if state == "done":
            if rows != added:
                problems.append(f"import {import_id}: {rows} rows, {added} recorded as added")
            if via != "build" and (audited != added or entries != 1):
                problems.append(f"import {import_id}: {audited} add entries and {entries} import entries for {added} rows")
        elif rows or not one("SELECT count(*) FROM changes WHERE import_id = ? AND action = 'undo'", import_id):
            problems.append(f"undone import {import_id}: {rows} rows left, or no undo entry")
    for change_id, undone_by in conn.execute("SELECT id, undone_by FROM changes WHERE undone_by IS NOT NULL"):
        if not one("SELECT count(*) FROM changes WHERE id = ? AND action = 'undo'", undone_by):
            problems.append(f"change {change_id} undone by {undone_by}, which is no undo")
    orphans = one("SELECT count(*) FROM events WHERE import_id IS NOT NULL AND import_id NOT IN (SELECT id FROM imports)")
    if orphans:
        problems.append(f"{orphans} events of imports that do not exist")
    builds = one("SELECT count(*) FROM changes WHERE action = 'build'")
    if builds != 1:
        problems.append(f"{builds} build entries in the audit log")
    return problems


def _check(db: Path, expected: set[int], where: str) -> int:
    conn = sqlite3.connect(db)
    try:
        context = f"killed {where}; seed {SEED}"
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], context
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], context
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        assert events in expected, f"{events} events, expected one of {sorted(expected)} ({context})"
        assert _audit_problems(conn) == [], context
    finally:
        conn.close()
    # Still writable: no stale lock or half-written journal left behind.
    usable = open_db(db)
    add_event(usable, company="Amazon", date="2026-02-03", count="4242", source="https://example.com/after", actor="t")
    usable.conn.close()
    return events


def _kill_points(name: str, spans: list[tuple[float, float]]) -> list[float]:
    rng = random.Random(f"{SEED}:{name}")
    return [rng.uniform(low, high) for low, high in spans]


def test_killed_import_is_all_or_nothing(templates: Templates, scratch: Path) -> None:
    before, after = templates.built_events, templates.built_events + ROWS
    checking, writing = _kill_points("import", [(0.6, 1.2), (0.0, 0.4)])
    args = ["data", "import", str(templates.big_csv), "--actor", "fault"]
    killed = []
    for n, (after_lock, delay) in enumerate([(None, checking), (writing, 0.0)]):
        db = _copy(templates.built, scratch / f"import{n}.db")
        where, was_killed = _run_and_kill(db, args, after_lock=after_lock, delay=delay)
        events = _check(db, {before, after}, where)
        if was_killed:
            killed.append(where)
            if after_lock is None:
                assert events == before, f"an import killed before writing left rows ({where})"
    assert killed, "no kill point hit a running import"


def test_killed_undo_of_a_big_import_is_all_or_nothing(templates: Templates, scratch: Path) -> None:
    before, after = templates.imported_events, templates.built_events
    killed = []
    for n, delay in enumerate(_kill_points("undo", [(0.0, 0.3), (0.3, 1.0)])):
        db = _copy(templates.imported, scratch / f"undo{n}.db")
        where, was_killed = _run_and_kill(db, ["data", "undo", "--actor", "fault"], after_lock=delay, delay=0.0)
        _check(db, {before, after}, where)
        killed += [where] if was_killed else []
    assert killed, "no kill point hit a running undo"


def test_killed_rebuild_is_all_or_nothing(templates: Templates, scratch: Path) -> None:
    before, after = templates.imported_events, templates.built_events
    killed = []
    for n, delay in enumerate(_kill_points("init", [(0.0, 0.2), (0.2, 0.6)])):
        db = _copy(templates.imported, scratch / f"init{n}.db")
        where, was_killed = _run_and_kill(db, ["data", "init", "--force"], after_lock=delay, delay=0.0)
        _check(db, {before, after}, where)
        killed += [where] if was_killed else []
    assert killed, "no kill point hit a running rebuild"


def test_rebuild_and_undo_after_a_big_import_complete(templates: Templates, scratch: Path) -> None:
    """Both used to be quadratic in the audit log (unindexed foreign keys): hours here."""
    from bot.data.dataset import restore_subscriptions, wipe_dataset
    from bot.data.db import write_transaction
    from bot.data.store import undo

    db = open_db(_copy(templates.imported, scratch / "complete.db"))
    done = undo(db, actor="fault")
    assert done.undoes == templates.import_change
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == templates.built_events
    with write_transaction(db):
        restore_subscriptions(db, wipe_dataset(db))
        build_database(db, REPO_DATA)
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == templates.built_events
    assert db.execute("SELECT count(*) FROM changes WHERE via != 'build'").fetchone()[0] == 0  # a fresh audit log
    db.conn.close()


# --------------------------------------------------------------------------- concurrent writers

WRITERS = 4
SECONDS = 2.0


def test_concurrent_writers_never_fail_and_lose_nothing(templates: Templates, scratch: Path) -> None:
    db_path = _copy(templates.built, scratch / "busy.db")
    db = open_db(db_path)
    add_event(db, company="Faultco", new_company=True, date="2020-01-01", count="1", source="https://example.com/0",
              actor="setup")
    db.conn.close()
    go = scratch / "go"
    outs = [scratch / f"writer{n}.json" for n in range(WRITERS)]
    processes = [
        subprocess.Popen([sys.executable, str(WRITER), str(db_path), f"writer{n}", str(n + 1), str(SECONDS), str(go),
                          str(out)], cwd=REPO, env=_env())
        for n, out in enumerate(outs)
    ]
    try:
        deadline = time.monotonic() + 60
        while not all(out.with_suffix(".ready").exists() for out in outs):
            assert time.monotonic() < deadline and all(p.poll() is None for p in processes), "a writer did not start"
            time.sleep(0.02)
        go.write_text("go")
        for process in processes:
            assert process.wait(120) == 0
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    conn = sqlite3.connect(db_path)
    total_ops = 0
    for n, out in enumerate(outs):
        actor = f"writer{n}"
        result = json.loads(out.read_text())
        assert result["failures"] == [], f"{actor}: {len(result['failures'])} failures, e.g. {result['failures'][:3]}"
        ops = result["ops"]
        total_ops += len(ops)
        recorded = {op[1] for op in ops}
        logged = {r[0] for r in conn.execute("SELECT id FROM changes WHERE actor = ?", [actor])}
        assert recorded == logged, f"{actor}: changes reported but not in the audit log, or the reverse"
        undone = {op[2] for op in ops if op[0] == "undo"}
        live = {op[2] for op in ops if op[0] == "add" and op[1] not in undone}
        rows = {
            r[0]
            for r in conn.execute(
                "SELECT row_id FROM changes WHERE actor = ? AND action = 'add' AND undone_by IS NULL", [actor]
            )
        }
        assert rows == live
        present = {r[0] for r in conn.execute(f"SELECT id FROM events WHERE id IN ({','.join('?' * len(live))})", list(live))}
        assert present == live, f"{actor}: {len(live - present)} saved rounds are missing"
    assert total_ops >= WRITERS * 3, "the writers hardly wrote: the test proved nothing"
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
