"""Data-layer timings: building the database from data/, importing the layoffs.fyi export,
single audited writes, undo of a whole import.

    python benchmarks/bench_data.py [--runs 5] [--scale-rows 1000000]
    python benchmarks/bench_data.py --runs 0 --scale-rows 1000000   # only the scale section

The scale section writes a synthetic N-row layoffs.fyi-layout file, measures the *floor* (csv
reading + a bare ``executemany`` of the same rows into the same schema), then the real import
from the file's path in a subprocess (time, peak RSS by ``resource.getrusage``; tracemalloc peak
up to 200k rows), and a sync of the 4,277-row export with 100 changed rows.  Targets: import
within 10x the floor, peak memory under 500 MB, sync under 2 s.

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
    parser.add_argument("--scale-rows", type=int, default=0, metavar="N",
                        help="Also (or with --runs 0, only) measure the streaming import of a synthetic N-row file "
                             "against the floor, its peak memory, and a 4k-row sync.")
    args = parser.parse_args()
    if args.runs <= 0:
        if args.scale_rows:
            scale_section(args.scale_rows)
        return
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
    if args.scale_rows:
        scale_section(args.scale_rows)


# --------------------------------------------------------------------------- imports that scale

SCALE_HEADER = ["company", "location", "total_laid_off", "date", "percentage_laid_off", "industry", "source", "stage",
                "funds_raised", "country", "date_added"]


def write_synthetic_export(path: Path, rows: int, seed: int = 12) -> None:
    """A layoffs.fyi-layout CSV of ``rows`` distinct rounds (one company per 50 rows, unique links)."""
    import csv
    import random

    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(SCALE_HEADER)
        for i in range(rows):
            day = 1 + (i * 7) % 2200
            year, rest = 2020 + day // 366, day % 366
            month, dom = 1 + rest % 12, 1 + rest % 28
            count = "" if i % 3 == 0 else f"{rng.randint(5, 5000)}.0"
            pct = "" if i % 4 == 0 else f"{rng.randint(1, 60) / 100}"
            writer.writerow([f"Company {i // 50:06d}", "SF Bay Area", count, f"{month}/{dom}/{year}", pct, "Other",
                             f"https://example.com/news/{i}", "Series B", "120", "United States", f"{month}/{dom}/{year}"])


def floor_seconds(path: Path, db_path: Path) -> float:
    """The floor: read the CSV and executemany the same rows into the same schema, nothing else."""
    import csv

    db = open_db(db_path)
    started = time.perf_counter()
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        companies: dict[str, int] = {}
        batch: list[tuple[object, ...]] = []
        with db.atomic():
            for row in reader:
                company_id = companies.get(row[0])
                if company_id is None:
                    company_id = companies[row[0]] = int(
                        db.execute("INSERT INTO companies (name) VALUES (?)", [row[0]]).lastrowid or 0)
                batch.append((company_id, row[1], row[2] or None, row[3], row[4] or None, row[5], row[6], row[7],
                              row[8], row[9], row[10]))
                if len(batch) >= 5000:
                    db.conn.executemany(
                        "INSERT INTO events (company_id, location, count, date, percentage, industry, source, stage,"
                        " funds_raised_musd, country, date_added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
                    batch = []
            db.conn.executemany(
                "INSERT INTO events (company_id, location, count, date, percentage, industry, source, stage,"
                " funds_raised_musd, country, date_added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
    return time.perf_counter() - started


_CHILD = """
import json, resource, sys, time, tracemalloc
from pathlib import Path
from bot.data.db import open_db
from bot.data.importer import import_csv
db = open_db(sys.argv[2])
db.execute("INSERT INTO meta (key, value) VALUES ('initialized', 'empty')")
if sys.argv[3] == "trace":
    tracemalloc.start()
start = time.perf_counter()
report = import_csv(db, Path(sys.argv[1]), file_name="synthetic.csv", actor="bench")
seconds = time.perf_counter() - start
traced = tracemalloc.get_traced_memory()[1] if sys.argv[3] == "trace" else 0
print(json.dumps({"seconds": seconds, "added": report.added, "rejected": len(report.rejected),
                  "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "traced_peak": traced}))
"""


def import_in_subprocess(path: Path, db_path: Path, trace: bool = False) -> dict[str, float]:
    """Run the real import in a fresh process; its time, peak RSS (getrusage) and tracemalloc peak."""
    import json

    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(db_path), "trace" if trace else "plain"],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def sync_seconds(tmp: Path) -> tuple[float, int]:
    """Sync of the 4,277-row export with 100 changed rows onto a database built from data/."""
    import csv
    import io

    from bot.data.sync import sync_csv

    db = open_db(tmp / "sync.db")
    build_database(db)
    rows = list(csv.reader(io.StringIO(EXPORT.read_text(encoding="utf-8-sig"))))
    header, body = rows[0], rows[1:]
    count = header.index("total_laid_off")
    for i in range(0, 100 * 40, 40):  # 100 rows spread over the file get a new count
        body[i][count] = str(int(float(body[i][count] or 0)) + 7)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    content = out.getvalue().encode()
    start = time.perf_counter()
    report = sync_csv(db, content, file_name="export-v2.csv", actor="bench")
    seconds = time.perf_counter() - start
    return seconds, len(report.updated) + len(report.conflicts)


def scale_section(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        source = tmp / "synthetic.csv"
        write_synthetic_export(source, rows)
        size_mb = source.stat().st_size / 1e6
        floor = floor_seconds(source, tmp / "floor.db")
        result = import_in_subprocess(source, tmp / "import.db")
        traced = import_in_subprocess(source, tmp / "traced.db", trace=True) if rows <= 200_000 else None
        sync_s, changed = sync_seconds(tmp)
    assert result["added"] == rows and not result["rejected"]
    ratio = result["seconds"] / floor
    rss_mb = result["max_rss_kb"] / 1024
    print(f"\n### Imports that scale ({rows:,} rows)\n")
    print(f"Synthetic layoffs.fyi-layout file of {rows:,} distinct rows ({size_mb:.0f} MB "
          "written then deleted), imported from its path into an empty database with audit rows.\n")
    print("| Measure | Value | Target |\n|---|---:|---|")
    print(f"| floor: csv reading + bare `executemany` of the same rows, same schema | {floor:.1f} s | |")
    print(f"| `import_csv` (validation, duplicates, flags, audit rows, one transaction) | {result['seconds']:.1f} s "
          f"({rows / result['seconds']:,.0f} rows/s) | |")
    print(f"| ratio to the floor | {ratio:.1f}x | within 10x: {'met' if ratio <= 10 else 'NOT met'} |")
    print(f"| peak memory of the importing process (getrusage max RSS) | {rss_mb:.0f} MB | under 500 MB: "
          f"{'met' if rss_mb < 500 else 'NOT met'} |")
    if traced:
        print(f"| tracemalloc peak (Python allocations) | {traced['traced_peak'] / 1e6:.0f} MB | |")
    print(f"| `sync_csv` of the 4,277-row export with 100 changed counts ({changed} reported) | {sync_s:.2f} s | "
          f"under 2 s: {'met' if sync_s < 2 else 'NOT met'} |")


if __name__ == "__main__":
    main()
