"""Console rendering of a :class:`~bot.reply.Reply` (``layoffbot ask`` / ``layoffbot chat``).

The core's ``Reply.text`` is already plain text; the console adds only the chart's file path
and, in a terminal, a little emphasis on the headline.
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.reply import Reply

__all__ = ["render", "render_json", "write_chart"]


def render(reply: Reply, *, color: bool = False, chart_path: Path | None = None) -> str:
    text = reply.text
    if color and reply.headline and reply.headline in text:
        text = text.replace(reply.headline, f"\x1b[1m{reply.headline}\x1b[0m", 1)
    if chart_path is not None:
        text += f"\nChart: {chart_path}"
    return text


def render_json(reply: Reply, *, chart_path: Path | None = None) -> str:
    data = reply.to_dict()
    if chart_path is not None:
        data["chart_path"] = str(chart_path)
    return json.dumps(data, ensure_ascii=False, sort_keys=False)


def write_chart(reply: Reply, path: Path) -> tuple[Path | None, str | None]:
    """Render the reply's chart to ``path``: (path written, or None with the reason)."""
    if reply.chart is None:
        return None, None
    try:
        from bot.charts.render import render_png

        png = render_png(reply.chart)
    except ImportError as exc:  # at import or at render time (ChartsUnavailable is an ImportError)
        return None, f"charts need matplotlib: pip install -e '.[charts]' ({exc.name})"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png)
    return path, None
