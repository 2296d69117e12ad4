"""Watchlist benchmark: how long the alert timer's watch poll holds the engine.

Run:  python benchmarks/bench_watch.py [--users 1000] [--rows 500] [--runs 5]

On the test fixture database: ``--users`` watchers with three entries each (a company, an
industry and size, a state, a country…), then (1) a poll after a ``--rows``-row import (one DM
per watcher listing its matches), (2) an idle poll, (3) a poll after 20 single rounds added.
Each is the median of ``--runs`` fresh databases.  Prints a Markdown section for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import fixtures_core  # noqa: E402

from bot import admin  # noqa: E402
from bot.admin import watchlists as wl  # noqa: E402

WORDS = ["Amazon", "fintech layoffs over 500", "WA", "Meta", "retail over 100", "India"]
COMPANIES = ["Amazon", "Meta", "PayPal", "Paytm", "Google", "Intel"]
HEADER = "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added"


def one_run(users: int, rows: int) -> tuple[float, float, float, int]:
    db = fixtures_core.build_fixture_db()
    actor = admin.Actor("slack", "UBENCH")
    admin.grant(db, "slack", "UBENCH", by="bench")
    for u in range(users):
        for w in range(3):
            wl.add_watch(db, "slack", f"U{u}", WORDS[(u + w) % len(WORDS)])
    wl.pending_watch_alerts(db, "slack")
    lines = [HEADER]
    for i in range(rows):
        d = dt.date(2025, 1, 1) + dt.timedelta(days=i % 300)
        day = f"{d.month}/{d.day}/{d.year}"
        lines.append(f"{COMPANIES[i % 6]},Seattle,{100 + i},{day},,Retail,https://example.com/r{i},Post-IPO,,United States,{day}")
    preview = admin.stage_import(db, actor, "bench.csv", ("\n".join(lines) + "\n").encode())
    admin.confirm_import(db, actor, preview.token)
    start = time.perf_counter()
    dms = len(wl.pending_watch_alerts(db, "slack"))
    after_import = time.perf_counter() - start
    start = time.perf_counter()
    wl.pending_watch_alerts(db, "slack")
    idle = time.perf_counter() - start
    for i in range(20):
        admin.add_round(db, actor, company="Amazon", date=f"2025-12-{i + 1:02d}", count=str(10 + i),
                        source=f"https://news.example/bench-{i}")
    start = time.perf_counter()
    wl.pending_watch_alerts(db, "slack")
    singles = time.perf_counter() - start
    return after_import, idle, singles, dms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results = [one_run(args.users, args.rows) for _ in range(args.runs)]
    med = [statistics.median(r[i] for r in results) * 1000 for i in range(3)]
    print("## Watchlists\n")
    print(f"{args.users:,} watchers × 3 entries, fixture database, median of {args.runs} runs "
          f"(`python benchmarks/bench_watch.py`):\n")
    print("| watch poll after | time |\n|---|---|")
    print(f"| a {args.rows:,}-row import ({results[0][3]:,} DMs) | {med[0]:.0f} ms |")
    print(f"| nothing new (idle poll) | {med[1]:.1f} ms |")
    print(f"| 20 single rounds added | {med[2]:.0f} ms |")


if __name__ == "__main__":
    main()
