"""Charts: chart data from the database and a PNG renderer.

``build_chart`` (data, no plotting library) is what the core calls; ``render_png`` turns the
resulting :class:`bot.reply.ChartRequest` into PNG bytes and imports matplotlib only when it
runs, so importing this package, start-up and plain answers never load matplotlib.
``charts_available()`` says whether the ``charts`` extra is installed without importing it.
"""

from __future__ import annotations

from bot.charts.data import (
    BUCKETS,
    CHART_KINDS,
    build_chart,
    choose_bucket,
    data_as_of,
    describe_chart,
    describe_period,
)
from bot.charts.render import (
    CHART_SIZE_PX,
    ChartsUnavailable,
    charts_available,
    render_png,
)

__all__ = [
    "BUCKETS",
    "CHART_KINDS",
    "CHART_SIZE_PX",
    "ChartsUnavailable",
    "build_chart",
    "charts_available",
    "choose_bucket",
    "data_as_of",
    "describe_chart",
    "describe_period",
    "render_png",
]
