"""Finding the PNG chart renderer, for both chat adapters.

Lookup order: ``bot.charts.render.render_png`` (the charts extra); when that module or
matplotlib is missing, there is no renderer and the text answer stands alone (the log says why).
Where the renderer runs (a worker process, a thread) is each adapter's choice.
"""

from __future__ import annotations

import logging
from typing import Callable

from bot.reply import ChartRequest

__all__ = ["load_renderer"]

log = logging.getLogger(__name__)


def load_renderer() -> Callable[[ChartRequest], bytes] | None:
    try:
        from bot.charts import render as charts_render
    except ImportError as exc:  # the charts module is missing
        log.info("charts unavailable, answering with text only: %s", exc)
        return None
    available = getattr(charts_render, "charts_available", None)
    if available is not None and not available():  # the charts extra (matplotlib) is missing
        log.info("charts unavailable (matplotlib not installed), answering with text only")
        return None
    return charts_render.render_png
