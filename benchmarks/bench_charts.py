"""Chart benchmarks: data and render time, and proof that plain answers never load matplotlib.

Run:  python benchmarks/bench_charts.py [--runs 30] [--cold-runs 5]

Measures, on the shipped database (``bot.data.dataset.ensure_database``; a raw import of the
layoffs.fyi export in ``data/`` when the dataset module is not there):

1. ``build_chart`` time (chart data, SQL) for the README chart examples;
2. ``render_png`` warm time (matplotlib already imported, fonts cached), median and p95 —
   target < 300 ms;
3. cold render: a fresh interpreter importing matplotlib and drawing its first chart;
4. the cold start of a plain ``layoffbot ask`` (fresh process, wall time) and whether
   matplotlib was imported in it (``python -X importtime``), next to the time importing
   matplotlib alone would add.

and ``build_chart`` on synthetic databases (``--synthetic 100000,1000000`` rounds; 0 to skip),
with and without a covering index on events (a schema suggestion, not shipped).

Prints a Markdown section for BENCHMARKS.md ("## Charts").
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.charts import build_chart, render_png  # noqa: E402
from bot.data.db import open_db  # noqa: E402

#: The README chart examples, as the core reads them (kind and arguments for build_chart).
EXAMPLES: list[tuple[str, dict]] = [
    ("chart Amazon layoffs", {"kind": "company_over_time", "companies": ["Amazon"]}),
    ("plot layoffs by month in 2023",
     {"kind": "all_over_time", "start": dt.date(2023, 1, 1), "end": dt.date(2023, 12, 31), "bucket": "month"}),
    ("chart the top 10 companies in 2024",
     {"kind": "top_companies", "start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 31), "limit": 10}),
    ("compare Meta and Google by year chart", {"kind": "compare", "companies": ["Meta", "Google"], "bucket": "year"}),
    ("layoffs per quarter since 2022 graph", {"kind": "all_over_time", "start": dt.date(2022, 1, 1), "bucket": "quarter"}),
]  # fmt: skip


def shipped_db_path(workdir: Path) -> tuple[Path, str]:
    """Build the shipped database into ``workdir`` (or a raw layoffs.fyi import as a stand-in)."""
    path = workdir / "layoffbot.db"
    try:
        from bot.data.dataset import ensure_database
    except ImportError:
        raw_import(path)
        return path, "raw layoffs.fyi export (bot.data.dataset not available)"
    ensure_database(path, build=True).conn.close()
    return path, "shipped database (bot.data.dataset.ensure_database)"


def raw_import(path: Path) -> None:
    """Stand-in database: every row of the layoffs.fyi export as a 'reported' round."""
    db = open_db(path)
    export = next((REPO / "data").glob("layoffs_fyi_export_*.csv"))
    companies: dict[str, int] = {}
    with db.atomic(), export.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["company"].strip()
            if name not in companies:
                cursor = db.execute(
                    "INSERT OR IGNORE INTO companies (name, industry, country) VALUES (?, ?, ?)",
                    [name, row["industry"] or None, row["country"] or None],
                )
                found = db.execute("SELECT id FROM companies WHERE name = ?", [name]).fetchone()
                companies[name] = found[0] if found else cursor.lastrowid
            month, day, year = (int(p) for p in row["date"].split("/"))
            count = int(float(row["total_laid_off"])) if row["total_laid_off"] else None
            db.execute(
                "INSERT INTO events (company_id, date, count, status, origin, source) VALUES (?, ?, ?, 'reported', 'layoffs.fyi', ?)",
                [companies[name], dt.date(year, month, day).isoformat(), count, row["source"] or None],
            )
    db.conn.close()


def synthetic_db(path: Path, rounds: int, seed: int = 7) -> None:
    """``rounds`` random rounds over 2020-03 .. 2026-01 at rounds/100 companies (Amazon, Meta and
    Google among them); 35% undisclosed, 7% planned/rumoured/retracted."""
    rng = random.Random(seed)
    db = open_db(path)
    names = ["Amazon", "Meta", "Google"] + [f"Company {i}" for i in range(max(10, rounds // 100))]
    base = dt.date(2020, 3, 1).toordinal()
    span = dt.date(2026, 1, 28).toordinal() - base
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO companies (id, name, industry, country) VALUES (?, ?, ?, ?)",
            [(i + 1, name, rng.choice(["Retail", "Finance", "Consumer"]), rng.choice(["United States", "India"]))
             for i, name in enumerate(names)],
        )  # fmt: skip
        rows = []
        for _ in range(rounds):
            r = rng.random()
            status = "reported" if r < 0.8 else "confirmed" if r < 0.93 else rng.choice(["planned", "rumored", "retracted"])
            date = dt.date.fromordinal(base + rng.randint(0, span)).isoformat()
            rows.append((rng.randint(1, len(names)), date, None if rng.random() < 0.35 else rng.randint(5, 5000), status))
        db.conn.executemany("INSERT INTO events (company_id, date, count, status) VALUES (?, ?, ?, ?)", rows)
    db.execute("INSERT INTO meta (key, value) VALUES ('as_of', '2026-01-28')")
    db.conn.commit()
    db.conn.close()


COVERING_INDEX = (
    "CREATE INDEX idx_events_chart ON events(status, date, part_of_event_id, company_id, count, division)"
)


def synthetic_rows(workdir: Path, rounds: int, runs: int) -> list[tuple[str, float, float]]:
    """(question, p50 ms, p50 ms with the covering index) of build_chart for each example."""
    path = workdir / f"synthetic-{rounds}.db"
    synthetic_db(path, rounds)
    results: dict[str, list[float]] = {}
    for indexed in (False, True):
        db = open_db(path)
        if indexed:
            db.execute(COVERING_INDEX)
            db.conn.commit()
        for question, kwargs in EXAMPLES:
            kwargs = {"companies": [], **kwargs}
            build_chart(db, **kwargs)
            results.setdefault(question, []).append(statistics.median(timed(lambda: build_chart(db, **kwargs), runs)))
        db.conn.close()
    return [(question, plain, indexed) for question, (plain, indexed) in results.items()]


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    return (time.perf_counter() - start) * 1000, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="warm repetitions per chart")
    parser.add_argument("--cold-runs", type=int, default=5, help="fresh processes per cold measurement")
    parser.add_argument("--synthetic", default="100000,1000000", help="synthetic database sizes (rounds), 0 to skip")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-charts-"))
    db_path, db_kind = shipped_db_path(workdir)
    db = open_db(db_path)
    env = {**os.environ, "LAYOFFBOT_DB": str(db_path), "LAYOFFBOT_TODAY": "2026-01-28"}
    events = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]

    rows = []
    for question, kwargs in EXAMPLES:
        kwargs = {"companies": [], **kwargs}
        data_ms = timed(lambda: build_chart(db, **kwargs), args.runs)
        chart = build_chart(db, **kwargs)
        render_png(chart)  # warm-up: matplotlib imported, fonts cached
        render_ms = timed(lambda: render_png(chart), args.runs)
        rows.append((question, chart.kind, len(chart.labels), data_ms, render_ms))

    cold_code = (
        "import time, datetime as dt; t0 = time.perf_counter()\n"
        "from bot.data.db import open_db; from bot.charts import build_chart, render_png\n"
        f"db = open_db({str(db_path)!r})\n"
        "chart = build_chart(db, kind='company_over_time', companies=['Amazon'])\n"
        "png = render_png(chart); print((time.perf_counter() - t0) * 1000)"
    )
    cold_render = [float(run([sys.executable, "-c", cold_code], env)[1].stdout.split()[-1])
                   for _ in range(args.cold_runs)]  # fmt: skip
    mpl_import_code = (
        "import time; t0 = time.perf_counter()\n"
        "import matplotlib.figure, matplotlib.backends.backend_agg\n"
        "print((time.perf_counter() - t0) * 1000)"
    )
    mpl_import = [float(run([sys.executable, "-c", mpl_import_code], env)[1].stdout.split()[-1])
                  for _ in range(args.cold_runs)]  # fmt: skip

    layoffbot = [sys.executable, "-m", "cli"]
    plain = ["ask", "how many has Amazon cut?"]
    run(layoffbot + plain, env)  # warm the OS file cache once
    plain_ms = [run(layoffbot + plain, env)[0] for _ in range(args.cold_runs)]
    _, traced = run([sys.executable, "-X", "importtime", "-m", "cli", *plain], env)
    plain_imports_mpl = "matplotlib" in traced.stderr
    plain_ok = traced.returncode == 0

    chart_out = workdir / "ask-chart.png"
    chart_cmd = ["ask", "--chart-out", str(chart_out), "chart Amazon layoffs"]
    chart_ms, chart_done = run(layoffbot + chart_cmd, env)
    chart_ask = chart_done.returncode == 0 and chart_out.exists()
    if chart_ask:
        chart_ms = statistics.median([run(layoffbot + chart_cmd, env)[0] for _ in range(args.cold_runs)])

    print("## Charts\n")
    print(f"Measured {dt.date.today().isoformat()} by `python benchmarks/bench_charts.py --runs {args.runs} "
          f"--cold-runs {args.cold_runs}` on {platform.machine()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs (shared); {db_kind}, {events:,} rounds. Times in ms.\n")  # fmt: skip
    print("| Question | kind | buckets/bars | build_chart p50 | render_png warm p50 | warm p95 |")
    print("|---|---|---:|---:|---:|---:|")
    for question, kind, n, data_ms, render_ms in rows:
        print(f"| {question} | {kind} | {n} | {statistics.median(data_ms):.2f} | "
              f"{statistics.median(render_ms):.0f} | {p95(render_ms):.0f} |")  # fmt: skip
    all_warm = [t for row in rows for t in row[4]]
    print(f"\nWarm render over all charts: p50 {statistics.median(all_warm):.0f} ms, p95 {p95(all_warm):.0f} ms, "
          f"max {max(all_warm):.0f} ms (target < 300 ms).\n")  # fmt: skip
    print("| Cold start (fresh process, median of %d) | ms |" % args.cold_runs)
    print("|---|---:|")
    print(f"| first chart: import + open DB + build + render (Amazon) | {statistics.median(cold_render):.0f} |")
    print(f"| importing matplotlib (Figure + Agg) alone | {statistics.median(mpl_import):.0f} |")
    print(f"| plain `layoffbot ask \"how many has Amazon cut?\"` (whole process) | {statistics.median(plain_ms):.0f} |")
    if chart_ask:
        print(f"| `layoffbot ask --chart-out … \"chart Amazon layoffs\"` (whole process) | {chart_ms:.0f} |")
    print(f"\nPlain ask imported matplotlib: **{'yes' if plain_imports_mpl else 'no'}** "
          f"(`python -X importtime -m cli ask …`, exit code {traced.returncode}{'' if plain_ok else ': FAILED'}).")  # fmt: skip
    if not chart_ask:
        print(f"\n`layoffbot ask --chart-out` not measured: {chart_done.stderr.strip().splitlines()[-1:] or 'failed'}")

    sizes = [int(size) for size in args.synthetic.split(",") if int(size) > 0]
    if sizes:
        print("\n`build_chart` on synthetic databases (p50 of %d, ms; rendering does not depend on the size):\n"
              % min(args.runs, 5))  # fmt: skip
        print("| Question | rounds | schema v1 indexes | + covering index |")
        print("|---|---:|---:|---:|")
        for size in sizes:
            for question, plain_p50, indexed_p50 in synthetic_rows(workdir, size, min(args.runs, 5)):
                print(f"| {question} | {size:,} | {plain_p50:.1f} | {indexed_p50:.1f} |")
        print(f"\nCovering index: `{COVERING_INDEX}`.")


if __name__ == "__main__":
    main()
