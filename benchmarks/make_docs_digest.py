"""Draw docs/digest.png: one weekly digest from the shipped database, as a channel receives it.

Run:  python benchmarks/make_docs_digest.py [--start 2026-01-26]   (a Monday; the week it starts)

The digest is built by the core (``bot.admin.digest.build_digest``), exactly as the alert timer
posts it; this script only lays its text, its rounds and its chart out on one picture (matplotlib),
so the README can show what a subscribed channel gets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from bench_charts import shipped_db_path  # noqa: E402

from bot.admin.digest import build_digest  # noqa: E402
from bot.charts import render_png  # noqa: E402
from bot.data.db import open_db  # noqa: E402
from bot.reply import Reply, format_day  # noqa: E402


def digest_lines(reply: Reply) -> list[str]:
    """The digest as plain lines: its text, the rounds (largest first), plans apart, as-of date."""
    lines = reply.text.splitlines()
    lines.append("")
    for row in reply.rows[:8]:
        size = "undisclosed" if row.count is None else f"{row.count:,}"
        division = f" · {row.division}" if row.division else ""
        lines.append(f"  • {format_day(row.date)} · {row.company}{division} · {size} · {row.status}")
    if len(reply.rows) > 8:
        lines.append(f"  … and {len(reply.rows) - 8} more rounds")
    for row in reply.planned[:3]:
        lines.append(f"  ◦ {format_day(row.date)} · {row.company} · {row.status} (not counted)")
    if reply.as_of:
        lines.append(f"Data as of {format_day(reply.as_of)}.")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", default="2026-01-26", help="first day of the week (default: %(default)s)")
    parser.add_argument("--out", default=str(REPO / "docs" / "digest.png"))
    args = parser.parse_args()
    start = dt.date.fromisoformat(args.start)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.image as mpimg
    import matplotlib.pyplot as plt

    with tempfile.TemporaryDirectory() as tmp:
        path, _ = shipped_db_path(Path(tmp))
        db = open_db(path)
        reply = build_digest(db, start, start + dt.timedelta(days=6))
        chart = mpimg.imread(io.BytesIO(render_png(reply.chart))) if reply.chart else None
        db.conn.close()

    lines = digest_lines(reply)
    height = 1.2 + 0.25 * len(lines)  # inches of text; the chart (1200x700) adds 6.6
    fig = plt.figure(figsize=(12, height + (6.6 if chart is not None else 0)), dpi=100)
    split = 6.6 / (height + 6.6) if chart is not None else 0.0
    fig.patch.set_facecolor("#f8fafc")
    text_ax = fig.add_axes((0.03, split + 0.01, 0.94, 0.97 - split))
    text_ax.axis("off")
    text_ax.text(0, 1, "layoffbot  ·  weekly digest in #layoffs", fontsize=13, fontweight="bold",
                 va="top", color="#1e293b")
    text_ax.text(0, 0.8, "\n".join(lines), fontsize=11.5, va="top", family="DejaVu Sans", color="#0f172a",
                 linespacing=1.5)
    if chart is not None:
        chart_ax = fig.add_axes((0.03, 0.0, 0.94, split))
        chart_ax.imshow(chart)
        chart_ax.axis("off")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out)
    print(f"wrote {args.out}: {reply.headline}")


if __name__ == "__main__":
    main()
