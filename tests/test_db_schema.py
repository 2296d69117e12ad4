"""The schema's foreign keys are indexed, and every write takes the write lock up front.

Costs are measured in SQLite virtual-machine instructions (a progress handler counts them),
never in seconds: deleting a row whose children are found through an unindexed column scans
the whole child table, so the instructions per deleted row grow with the table.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlite_utils

import bot.data.db as db_module
from bot.data.db import (
    SCHEMA_VERSION,
    open_db,
    schema_version,
    unindexed_foreign_keys,
    write_transaction,
)
from bot.data.store import add_event, edit_event, undo

REPO = Path(__file__).resolve().parent.parent
SOURCE = "https://example.com/schema"


def _foreign_keys() -> list[tuple[str, str]]:
    db = open_db(":memory:")
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return sorted({(t, fk[3]) for t in tables for fk in db.execute(f"PRAGMA foreign_key_list({t})")})


def test_every_foreign_key_column_is_indexed() -> None:
    assert unindexed_foreign_keys(open_db(":memory:")) == []


@pytest.mark.parametrize(("table", "column"), _foreign_keys(), ids=[f"{t}.{c}" for t, c in _foreign_keys()])
def test_child_lookup_by_foreign_key_uses_an_index(table: str, column: str) -> None:
    """The lookup SQLite makes for each deleted parent row is an index search, not a scan."""
    db = open_db(":memory:")
    plan = " ".join(r[3] for r in db.execute(f"EXPLAIN QUERY PLAN SELECT 1 FROM {table} WHERE {column} = ?", [1]))
    assert plan.startswith("SEARCH") and "INDEX" in plan, plan


def _instructions(conn: sqlite3.Connection, sql: str) -> int:
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 100
        return 0

    conn.set_progress_handler(count, 100)
    try:
        conn.execute(sql)
    finally:
        conn.set_progress_handler(None, 0)
    return steps


def _audit_log(rows: int) -> sqlite3.Connection:
    db = open_db(":memory:")
    conn = db.conn
    conn.executemany(
        "INSERT INTO changes (id, at, actor, via, action, table_name, row_id, undoes) VALUES (?, 'now', 'a', 'cli', 'add', 'events', ?, ?)",
        [(n, n, n - 1 if n % 2 == 0 else None) for n in range(1, rows + 1)],
    )
    conn.commit()
    return conn


@pytest.mark.parametrize("rows", [2_000, 8_000])
def test_emptying_the_audit_log_is_linear(rows: int) -> None:
    """`data init --force` deletes every change: the self-references (undoes, undone_by) are
    checked per row.  Unindexed that is a full scan per row: ~rows**2 instructions."""
    conn = _audit_log(rows)
    conn.execute("UPDATE changes SET undoes = NULL, undone_by = NULL")
    per_row = _instructions(conn, "DELETE FROM changes") / rows
    assert per_row < 400, f"{per_row:.0f} VM instructions per deleted change: a foreign-key check scans the table"


def test_deleting_an_imports_companies_is_linear() -> None:
    db = open_db(":memory:")
    conn = db.conn
    rows = 5_000
    conn.executemany("INSERT INTO companies (id, name) VALUES (?, ?)", [(n, f"C{n}") for n in range(1, rows + 1)])
    # Channels subscribed to every company (company_id NULL) stay: each deleted company is
    # looked up among them.
    conn.executemany(
        "INSERT INTO subscriptions (platform, channel, company_id) VALUES ('chat', ?, NULL)",
        [(f"ch{n}",) for n in range(rows)],
    )
    conn.commit()
    per_row = _instructions(conn, "DELETE FROM companies") / rows
    assert per_row < 400, f"{per_row:.0f} VM instructions per deleted company"


def test_an_old_database_gets_the_new_indexes(tmp_path: Path) -> None:
    """A database from before the index step is upgraded on open."""
    step = db_module.MIGRATIONS.index(db_module._fk_indexes)
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for migration in db_module.MIGRATIONS[:step]:
        migration(conn)
    conn.execute(f"PRAGMA user_version = {step}")
    conn.commit()
    assert ("changes", "undoes") in unindexed_foreign_keys(sqlite_utils.Database(conn))
    conn.close()
    again = open_db(path)
    assert schema_version(again) == SCHEMA_VERSION and unindexed_foreign_keys(again) == []


# --------------------------------------------------------------------------- write lock


def test_write_transaction_takes_the_lock_up_front(tmp_path: Path) -> None:
    db = open_db(tmp_path / "lock.db")
    other = sqlite3.connect(tmp_path / "lock.db", timeout=0)
    with write_transaction(db), pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("BEGIN IMMEDIATE")  # nothing was written yet, but the lock is ours
    other.execute("BEGIN IMMEDIATE")
    other.rollback()


def test_write_transaction_rolls_back_and_nests(tmp_path: Path) -> None:
    db = open_db(tmp_path / "nest.db")
    with pytest.raises(ZeroDivisionError), write_transaction(db):
        db.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
        1 / 0  # noqa: B018
    with write_transaction(db):
        db.execute("INSERT INTO meta (key, value) VALUES ('b', '1')")
        with pytest.raises(ValueError), write_transaction(db):
            db.execute("INSERT INTO meta (key, value) VALUES ('c', '1')")
            raise ValueError
    assert [r[0] for r in db.execute("SELECT key FROM meta ORDER BY key")] == ["b"]
    assert not db.conn.in_transaction


def _round(db, n: int) -> int:
    return int(add_event(db, company="Acme", date="2026-01-05", count=str(n), source=SOURCE, new_company=True,
                         actor="alice").event["id"])


_WRITES = {
    "add": lambda db, event_id: add_event(db, company="Acme", date="2026-01-06", count="9", source=SOURCE, actor="bob"),
    "edit": lambda db, event_id: edit_event(db, event_id, {"count": "77"}, actor="bob"),
    "undo": lambda db, event_id: undo(db, actor="alice"),
    "undo by id": lambda db, event_id: undo(db, 2, actor="bob"),
}


@pytest.mark.parametrize("write", list(_WRITES), ids=list(_WRITES))
def test_a_write_waits_for_another_writer_instead_of_failing(tmp_path: Path, write: str) -> None:
    """Another process holds the write lock for 0.3 s (far less than the 30 s busy timeout):
    the write waits and succeeds.  With a deferred BEGIN that reads first, SQLite refused the
    lock upgrade at once ("database is locked")."""
    path = tmp_path / "busy.db"
    db = open_db(path)
    event_id = _round(db, 5)
    holding, release = threading.Event(), threading.Event()

    def hold_lock() -> None:
        other = sqlite3.connect(path, timeout=30)
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO meta (key, value) VALUES ('other writer', 'x')")
        holding.set()
        release.wait(0.3)
        other.commit()
        other.close()

    writer = threading.Thread(target=hold_lock)
    writer.start()
    assert holding.wait(10)
    db.execute("SELECT count(*) FROM events").fetchone()  # this connection has seen the old snapshot
    try:
        _WRITES[write](db, event_id)
    finally:
        release.set()
        writer.join()
    assert db.execute("SELECT value FROM meta WHERE key = 'other writer'").fetchone() == ("x",)
    assert db.execute("SELECT count(*) FROM changes").fetchone()[0] >= 2


def test_no_write_path_opens_a_deferred_transaction() -> None:
    """Every write goes through write_transaction (BEGIN IMMEDIATE): no db.atomic() nor a
    bare BEGIN outside bot/data/db.py."""
    offenders = []
    for folder in ("bot", "cli", "adapters"):
        for path in sorted((REPO / folder).rglob("*.py")):
            if path == REPO / "bot" / "data" / "db.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"\.atomic\(\)|[\"']BEGIN(?! IMMEDIATE)\b|\.begin\(\)", line):
                    offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []
