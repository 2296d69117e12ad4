"""Draw the README's chart examples into docs/ from the shipped database.

Run:  python benchmarks/make_docs_charts.py [--today YYYY-MM-DD]   (default: the data's as-of date)

Each question goes through the engine first (``Engine.answer(question).chart``), so the PNGs are
what the bot really sends; when the engine returns no chart for it (the core not wired yet), the
question's chart is built directly with ``build_chart`` from the arguments in
``bench_charts.EXAMPLES``.  Prints which path made each file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from bench_charts import EXAMPLES, shipped_db_path  # noqa: E402

from bot.charts import build_chart, data_as_of, render_png  # noqa: E402
from bot.data.db import open_db  # noqa: E402

#: docs/ file name per README question.
FILES = {
    "chart Amazon layoffs": "chart-amazon.png",
    "plot layoffs by month in 2023": "chart-months-2023.png",
    "chart the top 10 companies in 2024": "chart-top10-2024.png",
    "compare Meta and Google by year chart": "chart-meta-vs-google.png",
    "layoffs per quarter since 2022 graph": "chart-quarters-since-2022.png",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", default=None, help="pinned today (YYYY-MM-DD); default: the data's as-of date")
    parser.add_argument("--out", default=str(REPO / "docs"), help="output directory")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    db_path, db_kind = shipped_db_path(Path(tempfile.mkdtemp(prefix="docs-charts-")))
    db = open_db(db_path)
    today = dt.date.fromisoformat(args.today) if args.today else data_as_of(db) or dt.date.today()
    print(f"database: {db_kind}; today pinned to {today.isoformat()}")
    try:
        from bot.engine import Engine

        engine: object | None = Engine(db, today=today)
    except Exception as error:  # the engine is optional here: fall back to build_chart
        print(f"engine unavailable ({error!r}); using build_chart directly")
        engine = None

    for question, kwargs in EXAMPLES:
        chart, how = None, "build_chart"
        if engine is not None:
            try:
                chart = engine.answer(question, today=today).chart  # type: ignore[attr-defined]
            except Exception as error:
                print(f"  engine failed on {question!r}: {error!r}")
        if chart is None:
            chart = build_chart(db, **{"companies": [], **kwargs})
        else:
            how = "engine"
        path = out / FILES[question]
        path.write_bytes(render_png(chart))
        print(f"{path}  <- {question!r} via {how}: {chart.title}")


if __name__ == "__main__":
    main()
