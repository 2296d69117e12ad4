"""Data-layer timings: building the database from data/, importing the layoffs.fyi export,
single audited writes, undo of a whole import.

    python benchmarks/bench_data.py [--runs 5]

Prints a Markdown section for BENCHMARKS.md.  Uses temporary files (WAL, as in production).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.data.dataset import build_database, data_dir
from bot.data.db import open_db
from bot.data.importer import import_csv
from bot.data.store import add_event, undo

EXPORT = data_dir() / "layoffs_fyi_export_2026-01-28.csv"


def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    content = EXPORT.read_bytes()
    build, first_use, imp, dry, adds, undo_import = [], [], [], [], [], []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"b{run}.db"
            db = open_db(path)
            start = time.perf_counter()
            build_database(db)
            build.append(time.perf_counter() - start)

            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "cli", "--db", str(Path(tmp) / "fresh.db"), "data", "stats"],
                           check=True, capture_output=True)
            first_use.append(time.perf_counter() - start)

            empty = open_db(Path(tmp) / f"e{run}.db")
            empty.execute("INSERT INTO meta (key, value) VALUES ('initialized', 'empty')")
            start = time.perf_counter()
            report = import_csv(empty, content, file_name=EXPORT.name, actor="bench")
            imp.append(time.perf_counter() - start)
            assert report.rows_read == 4277 and not report.rejected

            start = time.perf_counter()
            again = import_csv(empty, content, file_name=EXPORT.name, dry_run=True)
            dry.append(time.perf_counter() - start)
            assert again.duplicates == 4277

            start = time.perf_counter()
            undo(empty, report.change_id, actor="bench")
            undo_import.append(time.perf_counter() - start)

            for i in range(20):
                start = time.perf_counter()
                add_event(db, company="Amazon", date="2026-02-03", count=str(100 + i),
                          source="https://example.com/bench", actor="bench")
                adds.append(time.perf_counter() - start)
    print("## Data\n")
    print(f"Measured by `python benchmarks/bench_data.py --runs {args.runs}` on {platform.machine()}, "
          f"Python {platform.python_version()}, shared CPUs; database files in WAL mode. Median times in ms.\n")
    print("| Operation | ms |\n|---|---:|")
    print(f"| build the database from data/ (4,277 layoffs.fyi rows + curated layer, one transaction) | {_ms(build)} |")
    print(f"| first use: `python -m cli --db NEW data stats` (whole process, builds the database) | {_ms(first_use)} |")
    print(f"| `data import` of the 4,277-row export into an empty database (with audit rows) | {_ms(imp)} |")
    print(f"| dry-run re-import of the same export (4,277 duplicates found) | {_ms(dry)} |")
    print(f"| undo of that import (removes 4,277 rows) | {_ms(undo_import)} |")
    print(f"| one audited `add_event` | {statistics.median(adds) * 1000:.1f} |")


if __name__ == "__main__":
    main()
