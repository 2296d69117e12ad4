"""Core benchmarks: answer latency (p50/p99) next to the raw SQL time of the same queries.

Run:  python benchmarks/bench_core.py [--synthetic 100000,1000000] [--runs 3] [--cold-runs 7]

For each database -- the shipped one (built from data/ with ``bot.data.dataset.ensure_database``)
and synthetic ones of N rounds generated into a temp dir -- a mix of >= 200 questions (every
intent, many phrasings, follow-ups) is answered ``--runs`` times by one warm Engine.  While
answering, SQLite's trace callback records every statement the answer ran (parameters bound);
those statements are then re-run alone and timed: the "raw SQL" column is the floor the
engine could reach with the same queries.  Finally the cold start of ``layoffbot ask`` (fresh
process, wall time) is measured.  Prints a Markdown section for BENCHMARKS.md ("## Core").
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.data.db import open_db  # noqa: E402
from bot.engine import Engine  # noqa: E402

TODAY = dt.date(2026, 2, 15)
BIG = ["Amazon", "Meta", "Google", "Microsoft", "Intel", "Salesforce", "Twitter", "PayPal", "Cisco", "SAP"]
PERIODS = ["", " in 2023", " since 2022", " last year", " in Q1 2023", " in the first half of 2024",
           " between March and June 2023", " in the past 6 months", " before 2024", " this year"]
TEMPLATES = [
    "how many has {c} cut{p}?", "{c} layoffs{p}", "list {c}'s layoffs{p}", "what % of its workforce did {c} cut?",
    "is {c} planning more layoffs?", "recent cuts at {c}", "{c} vs {d}{p}", "Amazn layoffs",
]
MARKET = [
    "who cut the most{p}?", "top 5 companies by layoffs{p}", "biggest fintech layoffs{p}", "most layoffs in India{p}",
    "how many tech jobs were cut{p}?", "latest layoffs", "help", "what's the weather?", "AWS layoffs{p}",
]


def question_mix(seed: int = 7) -> list[tuple[str | None, str]]:
    """(conversation, question) pairs: >= 200, every intent, with follow-ups."""
    rng = random.Random(seed)
    out: list[tuple[str | None, str]] = []
    for n in range(150):
        template = TEMPLATES[n % len(TEMPLATES)]
        c, d = rng.sample(BIG, 2)
        out.append((None, template.format(c=c, d=d, p=rng.choice(PERIODS))))
    for n in range(60):
        out.append((None, MARKET[n % len(MARKET)].format(p=rng.choice(PERIODS))))
    for n in range(15):
        conv = f"conv{n}"
        c, d = rng.sample(BIG, 2)
        out += [(conv, f"{c} layoffs in 2023"), (conv, f"what about {d}?"), (conv, "and in 2024?")]
    return out


def shipped_db(workdir: Path) -> Path:
    from bot.data.dataset import ensure_database

    path = workdir / "shipped.db"
    ensure_database(path).conn.close()
    return path


def synthetic_db(workdir: Path, rounds: int, seed: int = 1) -> Path:
    """``rounds`` rounds over ~rounds/20 companies (the big names included), 2020-2026."""
    rng = random.Random(seed)
    path = workdir / f"synthetic-{rounds}.db"
    db = open_db(path)
    n_companies = max(50, rounds // 20)
    industries = ["Finance", "Retail", "Consumer", "Hardware", "Healthcare", "Food", "Education", "Crypto", "Other"]
    countries = ["United States"] * 6 + ["India", "Canada", "Germany", "United Kingdom", "Israel", "Brazil"]
    names = BIG + [f"Company {i:07d}" for i in range(n_companies - len(BIG))]
    start = dt.date(2020, 3, 1).toordinal()
    span = dt.date(2026, 2, 1).toordinal() - start
    # Like the real data: nearly all rounds reported or confirmed; plans, rumours and retractions rare.
    statuses = ["reported"] * 750 + ["confirmed"] * 240 + ["planned"] * 5 + ["rumored"] * 3 + ["retracted"] * 2
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO companies (id, name, industry, country) VALUES (?, ?, ?, ?)",
            ((i + 1, name, rng.choice(industries), rng.choice(countries)) for i, name in enumerate(names)),
        )
        db.conn.executemany(
            "INSERT INTO aliases (alias, display, company_id) VALUES (?, ?, ?)",
            ((name.lower(), name, i + 1) for i, name in enumerate(names)),
        )
        db.conn.execute("INSERT INTO aliases (alias, display, company_id, division) VALUES ('aws', 'AWS', 1, 'AWS')")

        def rows():
            for eid in range(1, rounds + 1):
                # Big names get more rounds (a tenth of all), like the real data's long tail.
                company = rng.randrange(len(BIG)) + 1 if rng.random() < 0.01 else rng.randrange(n_companies) + 1
                count = None if rng.random() < 0.3 else int(rng.paretovariate(1.2) * 40)
                day = dt.date.fromordinal(start + rng.randrange(span)).isoformat()
                division = rng.choice([None, None, None, "AWS", "AWS; Retail"]) if company == 1 else None
                yield (eid, company, division, day, count, rng.choice(statuses), f"https://example.com/{eid}", day)

        db.conn.executemany(
            "INSERT INTO events (id, company_id, division, date, count, status, source, date_added) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows(),
        )
        db.conn.execute("INSERT INTO meta (key, value) VALUES ('data_as_of', '2026-02-01'), ('initialized', 'bench')")
    db.execute("ANALYZE")
    db.conn.close()
    return path


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_db(path: Path, runs: int) -> dict[str, float]:
    db = open_db(path)
    engine = Engine(db, today=TODAY)
    mix = question_mix()
    t0 = time.perf_counter()
    engine.warm()  # company index, as-of, and (big data + numpy) the columnar snapshot
    warm_s = time.perf_counter() - t0
    snapshot = engine._snapshot is not None
    engine.answer("warm up: how many has Amazon cut?")
    engine.suggest_companies("am")
    statements: list[list[str]] = [[] for _ in mix]
    answer_ms: list[float] = []
    current: list[str] = []
    db.conn.set_trace_callback(current.append)
    for run in range(runs):
        for i, (conversation, question) in enumerate(mix):
            current.clear()
            t0 = time.perf_counter()
            engine.answer(question, conversation=f"{conversation}-{run}" if conversation else None)
            answer_ms.append((time.perf_counter() - t0) * 1000)
            if run == 0:
                statements[i] = [s for s in current if not s.lstrip().upper().startswith("PRAGMA")]
    db.conn.set_trace_callback(None)
    sql_ms: list[float] = []
    for _ in range(runs):
        for stmts in statements:
            t0 = time.perf_counter()
            for stmt in stmts:
                db.execute(stmt).fetchall()
            sql_ms.append((time.perf_counter() - t0) * 1000)
    # Autocomplete (Discord asks on every keystroke): prefixes of 1-4 letters and typos.
    prefixes = [n[:k] for n in BIG for k in (1, 2, 3, 4)] + ["micrsoft", "amazn", "gogle", "compan", "zz"]
    engine.suggest_companies("a")
    suggest_ms = []
    for _ in range(runs):
        for prefix in prefixes:
            t0 = time.perf_counter()
            engine.suggest_companies(prefix)
            suggest_ms.append((time.perf_counter() - t0) * 1000)
    rounds = db.execute("SELECT count(*) FROM events").fetchone()[0]
    db.conn.close()
    return {
        "rounds": rounds, "questions": len(mix), "answers": len(answer_ms),
        "p50": statistics.median(answer_ms), "p99": pct(answer_ms, 0.99), "max": max(answer_ms),
        "sql_p50": statistics.median(sql_ms), "sql_p99": pct(sql_ms, 0.99),
        "queries": statistics.mean(len(s) for s in statements), "warm_s": warm_s, "snapshot": snapshot,
        "suggest_p50": statistics.median(suggest_ms), "suggest_p99": pct(suggest_ms, 0.99),
    }


def cold_start(path: Path, runs: int) -> tuple[float, float]:
    exe = Path(sys.executable).with_name("layoffbot")
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "cli"])]
    env = dict(os.environ, LAYOFFBOT_TODAY=TODAY.isoformat())
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([*cmd, "--db", str(path), "ask", "how many has Amazon cut since 2023?"], check=True,
                       capture_output=True, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", default="100000,1000000", help="comma-separated round counts (0 to skip)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=7)
    args = parser.parse_args()
    results: list[tuple[str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        shipped = shipped_db(workdir)
        results.append(("shipped", bench_db(shipped, args.runs)))
        print(f"shipped: {results[-1][1]}", file=sys.stderr)
        for n in [int(x) for x in args.synthetic.split(",") if x.strip() and int(x)]:
            t0 = time.perf_counter()
            path = synthetic_db(workdir, n)
            print(f"generated {n:,} rounds in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
            results.append((f"synthetic {n:,}", bench_db(path, args.runs)))
            print(f"{n}: {results[-1][1]}", file=sys.stderr)
            path.unlink()
        cold_median, cold_max = cold_start(shipped, args.cold_runs)
    print("## Core\n")
    print(f"`python benchmarks/bench_core.py --runs {args.runs}` on {platform.python_implementation()} "
          f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs (shared), {dt.date.today().isoformat()}.")
    print(f"Question mix: {results[0][1]['questions']} questions (every intent, typos, follow-ups), each answered "
          f"{args.runs}×; raw SQL = the statements the engine ran for that question, re-run alone.\n")
    print("| database | rounds | answer p50 | answer p99 | max | raw SQL p50 | raw SQL p99 | SQL statements/answer | warm-up | target p99 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in results:
        target = "≤ 5 ms" if name == "shipped" else ("≤ 50 ms" if r["rounds"] >= 900_000 else "—")
        print(f"| {name} | {r['rounds']:,} | {r['p50']:.2f} ms | {r['p99']:.2f} ms | {r['max']:.1f} ms | "
              f"{r['sql_p50']:.2f} ms | {r['sql_p99']:.2f} ms | {r['queries']:.1f} | "
              f"{r['warm_s'] * 1000:.0f} ms{' (+snapshot)' if r['snapshot'] else ''} | {target} |")
    print("\nAutocomplete (`Engine.suggest_companies`, 45 prefixes of 1–4 letters and typos): "
          + "; ".join(f"{name} p50 {r['suggest_p50']:.2f} ms, p99 {r['suggest_p99']:.2f} ms" for name, r in results) + ".")
    print(f"\nCold start of `layoffbot ask` (fresh process, shipped DB already built): median {cold_median * 1000:.0f} ms, "
          f"max {cold_max * 1000:.0f} ms over {args.cold_runs} runs (target ≤ 500 ms).")


if __name__ == "__main__":
    main()
