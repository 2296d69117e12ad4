"""Audit-log scaling: undo and rebuild (`data init --force`) after a big import, and concurrent writers.

    python benchmarks/bench_audit.py [--rows 200000] [--quadratic 2000,5000,10000] [--writers 4 --seconds 3]

1. Generates a layoffs.fyi-layout CSV of ROWS distinct rounds (tests/fixtures_fault.py), builds
   the shipped dataset and imports the file (one change per row in the audit log).
2. On copies of that database, as whole ``layoffbot`` processes: ``data undo`` (removes the
   import's rows) and ``data init --force`` (erases the audit log and rebuilds from data/).
3. The cost the foreign-key indexes removed: emptying an audit log of N rows with and without the
   indexes on ``changes.undoes`` / ``changes.undone_by`` (dropped for the measurement).
4. WRITERS processes adding and undoing for SECONDS: operations per second and failures.

Prints a Markdown section for BENCHMARKS.md.  Everything lives in a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the generator is shared with the fault suite

from fixtures_fault import write_big_csv

from bot.data.dataset import build_database, data_dir, wipe_dataset
from bot.data.db import open_db, write_transaction
from bot.data.importer import import_csv
from bot.data.store import add_event


def _timed_cli(db: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli", "--db", str(db), *args], check=True, capture_output=True, cwd=REPO)
    return time.perf_counter() - start


def _empty_audit_log(workdir: Path, rows: int, *, indexed: bool) -> float:
    db = open_db(workdir / f"audit-{rows}-{indexed}.db")
    if not indexed:
        db.conn.execute("DROP INDEX idx_changes_undoes")
        db.conn.execute("DROP INDEX idx_changes_undone_by")
    db.conn.executemany(
        "INSERT INTO changes (at, actor, via, action, table_name, row_id) VALUES ('now', 'bench', 'import', 'add', 'events', ?)",
        [(n,) for n in range(rows)],
    )
    db.conn.commit()
    start = time.perf_counter()
    with write_transaction(db):
        wipe_dataset(db)
    return time.perf_counter() - start


def _writers(workdir: Path, base: Path, writers: int, seconds: float) -> tuple[int, int, float]:
    db_path = workdir / "writers.db"
    shutil.copy(base, db_path)
    db = open_db(db_path)
    add_event(db, company="Faultco", new_company=True, date="2020-01-01", count="1", source="https://example.com/0",
              actor="setup")
    db.conn.close()
    go = workdir / "go"
    outs = [workdir / f"w{n}.json" for n in range(writers)]
    script = REPO / "tests" / "fault_writer.py"
    processes = [
        subprocess.Popen([sys.executable, str(script), str(db_path), f"w{n}", str(n + 1), str(seconds), str(go), str(out)],
                         cwd=REPO)
        for n, out in enumerate(outs)
    ]
    while not all(out.with_suffix(".ready").exists() for out in outs):
        time.sleep(0.02)
    go.write_text("go")
    for process in processes:
        process.wait()
    results = [json.loads(out.read_text()) for out in outs]
    ops = sum(len(r["ops"]) for r in results)
    failures = sum(len(r["failures"]) for r in results)
    return ops, failures, ops / seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--quadratic", default="2000,5000,10000", help="audit-log sizes for the index comparison")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        big = write_big_csv(workdir / "big.csv", args.rows)
        built = workdir / "built.db"
        db = open_db(built)
        build_database(db, data_dir())
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.conn.close()
        imported = workdir / "imported.db"
        shutil.copy(built, imported)
        db = open_db(imported)
        start = time.perf_counter()
        report = import_csv(db, big.read_bytes(), file_name=big.name, actor="bench")
        import_seconds = time.perf_counter() - start
        changes = db.execute("SELECT count(*) FROM changes").fetchone()[0]
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.conn.close()
        assert report.added == args.rows

        undo_copy, init_copy = workdir / "undo.db", workdir / "init.db"
        shutil.copy(imported, undo_copy)
        shutil.copy(imported, init_copy)
        undo_seconds = _timed_cli(undo_copy, "data", "undo", "--actor", "bench")
        init_seconds = _timed_cli(init_copy, "data", "init", "--force")
        init_after_undo = _timed_cli(undo_copy, "data", "init", "--force")

        sizes = [int(x) for x in args.quadratic.split(",") if x.strip()]
        comparison = [(n, _empty_audit_log(workdir, n, indexed=True), _empty_audit_log(workdir, n, indexed=False)) for n in sizes]
        ops, failures, rate = _writers(workdir, built, args.writers, args.seconds)

    print("## Audit log and concurrent writers\n")
    print(f"Measured by `python benchmarks/bench_audit.py --rows {args.rows}` on {platform.machine()}, "
          f"Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}, shared CPUs; "
          "database files in WAL mode. Whole `layoffbot` processes (≈0.3 s of start-up included) where a command is named.\n")
    print("| Operation | seconds |\n|---|---:|")
    print(f"| `data import` of {args.rows:,} generated rows into the built dataset (in process; {changes:,} audit rows after) | {import_seconds:.1f} |")
    print(f"| `data undo` of that import (removes {args.rows:,} rows) | {undo_seconds:.1f} |")
    print(f"| `data init --force` right after the import (erases {changes:,} audit rows, rebuilds) | {init_seconds:.1f} |")
    print(f"| `data init --force` after the undo | {init_after_undo:.1f} |")
    print("\nEmptying the audit log (`DELETE FROM changes`, as `data init --force` does) with and without the "
          "indexes (the foreign-key index migration) on `changes.undoes` / `changes.undone_by`:\n")
    print("| audit rows | with indexes (s) | without (s) |\n|---:|---:|---:|")
    for n, with_index, without in comparison:
        print(f"| {n:,} | {with_index:.2f} | {without:.2f} |")
    print(f"\n{args.writers} writer processes adding and undoing (by actor) for {args.seconds:g} s: "
          f"{ops:,} writes, {rate:.0f} writes/s in all, {failures} failures.")


if __name__ == "__main__":
    main()
