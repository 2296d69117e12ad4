"""Draw a :class:`bot.reply.ChartRequest` as PNG bytes with matplotlib's Agg backend.

matplotlib is imported inside :func:`render_png` only (through ``matplotlib.figure`` and the Agg
canvas, never ``pyplot``: no global state, safe in threads), so start-up and plain answers never
pay for it.  When it is not installed, :class:`ChartsUnavailable` says how to install it.

Design (decided for chat): an opaque light card (white background, near-black text), so the
image reads the same in light and dark chat themes — a transparent PNG would put dark text on a
dark theme.  1200×700 px at 100 dpi.  Okabe–Ito colours (colour-blind safe); the first series is
blue.  Rounds of undisclosed size are drawn as "▲" markers above their bucket's bar (with the
number of rounds when more than one) and explained in the legend.  Thousands separators on
axes and bar labels.  Time charts thin their tick labels when there are many buckets and show
the year only where it changes.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import textwrap
import threading
import warnings
from typing import Any

from bot.charts.buckets import MONTH_ABBR
from bot.reply import ChartRequest, Series

__all__ = ["CHART_SIZE_PX", "ChartsUnavailable", "charts_available", "render_png", "OKABE_ITO"]

CHART_SIZE_PX = (1200, 700)
_DPI = 100

#: Okabe & Ito (2008) colour-blind-safe palette, most distinguishable first (black left out:
#: it is the text colour).
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442")
_BACKGROUND = "#FFFFFF"
_TEXT = "#1A1A1A"
_MUTED = "#4D4D4D"
_GRID = "#DDDDDD"
_MARKER = "▲"
# Bars with a value label on top only when they have room for it.
_MAX_VALUE_LABELS = 24
_MAX_NAME_CHARS = 28
# matplotlib keeps process-wide caches (fonts, text layout) that are not documented as
# thread-safe; adapters render from worker threads, so one chart is drawn at a time.
_RENDER_LOCK = threading.Lock()


class ChartsUnavailable(ImportError, RuntimeError):
    """matplotlib (the ``charts`` extra) is not installed.

    An ``ImportError`` (``name == "matplotlib"``), so callers that guard the renderer's import
    with ``except ImportError`` also catch it at render time; ``reason`` is the original error.
    """

    def __init__(self, reason: str = "") -> None:
        self.reason = reason
        super().__init__(
            'Charts need matplotlib, which is not installed: pip install -e ".[charts]"'
            + (f" ({reason})" if reason else ""),
            name="matplotlib",
        )


def charts_available() -> bool:
    """True when matplotlib can be imported (checked without importing it)."""
    return importlib.util.find_spec("matplotlib") is not None


def _thousands(value: float, _pos: Any = None) -> str:
    return f"{value:,.0f}"


def _time_tick_labels(labels: list[str]) -> list[str]:
    """"Jan 2023", "Feb 2023" -> "Jan\\n2023", "Feb": the year only where it changes."""
    shown: list[str] = []
    previous_year = None
    for label in labels:
        head, _, year = label.rpartition(" ")
        if not head:  # year buckets: "2023"
            shown.append(label)
            continue
        shown.append(f"{head}\n{year}" if year != previous_year else head)
        previous_year = year
    return shown


_MAX_TICKS = 24


def _tick_positions(labels: list[str]) -> list[int]:
    """Every bucket when they fit; else a regular subset aligned on the year (every 3rd month
    from January, every January, every other year...), so ticks fall on calendar boundaries."""
    if len(labels) <= _MAX_TICKS:
        return list(range(len(labels)))

    def part(label: str) -> int:  # 0-based position in the year: "Mar 2023" -> 2, "Q2 2023" -> 1
        head = label.rpartition(" ")[0]
        if not head:
            return int(label)
        if head.startswith("Q") and head[1:].isdigit():
            return int(head[1:]) - 1
        return MONTH_ABBR.index(head) if head in MONTH_ABBR else 0

    plain = list(range(0, len(labels), -(-len(labels) // _MAX_TICKS)))
    try:
        parts = [part(label) for label in labels]
    except ValueError:  # labels that are not buckets
        return plain
    for step in (2, 3, 4, 6, 12):
        ticks = [i for i, p in enumerate(parts) if p % step == 0]
        if len(ticks) <= _MAX_TICKS:
            return ticks
    return plain  # decades of months: regular thinning


def render_png(chart: ChartRequest) -> bytes:
    """PNG bytes (1200×700) of ``chart``.  Raises :class:`ChartsUnavailable` without matplotlib.

    Safe to call from several threads (drawing is serialized)."""
    with _RENDER_LOCK:
        return _render(chart)


def _plain(text: str) -> str:
    """Text drawn as is: "$" would start matplotlib mathtext ("$1.2B" in a title, a "$" in a
    company name), and a leading "_" hides a legend entry."""
    text = text.replace("$", r"\$")
    return "\u200b" + text if text.startswith("_") else text


def _sanitized(chart: ChartRequest) -> ChartRequest:
    """A copy safe to draw: plain text everywhere, every series as long as the labels."""
    n = len(chart.labels)

    def fit(values: list[int]) -> list[int]:
        return [max(0, int(v)) for v in (list(values) + [0] * n)[:n]]

    return dataclasses.replace(
        chart,
        title=_plain(chart.title),
        subtitle=_plain(chart.subtitle),
        footnote=_plain(chart.footnote),
        x_label=_plain(chart.x_label),
        y_label=_plain(chart.y_label),
        labels=[_plain(label) for label in chart.labels],
        series=[Series(_plain(s.name), fit(s.values), fit(s.undisclosed)) for s in chart.series],
    )


def _render(chart: ChartRequest) -> bytes:
    chart = _sanitized(chart)
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import FuncFormatter, MaxNLocator
    except ImportError as error:  # the charts extra is missing
        raise ChartsUnavailable(str(error)) from error

    width, height = CHART_SIZE_PX
    fig = Figure(figsize=(width / _DPI, height / _DPI), dpi=_DPI, facecolor=_BACKGROUND)
    FigureCanvasAgg(fig)

    # ~80 characters of 17 pt bold fit the card's width.
    title = textwrap.fill(chart.title, 80)
    fig.text(0.035, 0.955, title, fontsize=17, fontweight="bold", color=_TEXT, va="top", ha="left")
    title_lines = title.count("\n") + 1
    subtitle_top = 0.955 - 0.045 * title_lines - 0.008
    if chart.subtitle:
        fig.text(0.035, subtitle_top, textwrap.fill(chart.subtitle, 140), fontsize=10.5, color=_MUTED, va="top",
                 linespacing=1.3)
    if chart.footnote:
        fig.text(0.035, 0.025, chart.footnote, fontsize=9.5, color=_MUTED, va="bottom", ha="left")

    horizontal = chart.kind == "top_companies"
    longest = max((len(label) for label in chart.labels), default=0)
    left = min(0.30, 0.05 + 0.0085 * min(longest, _MAX_NAME_CHARS)) if horizontal else 0.085
    subtitle_lines = textwrap.fill(chart.subtitle, 140).count("\n") + 1 if chart.subtitle else 0
    legend_rows = 0 if horizontal else -(-_legend_entries(chart) // _LEGEND_COLUMNS)
    top = subtitle_top - 0.03 * subtitle_lines - 0.02 - 0.035 * legend_rows
    bottom = 0.13 if not horizontal else 0.12
    ax = fig.add_axes((left, bottom, 0.955 - left, top - bottom))
    ax.set_facecolor(_BACKGROUND)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(_MUTED)
    ax.tick_params(colors=_TEXT, labelsize=10.5)

    values = [v for s in chart.series for v in s.values]
    has_data = bool(chart.labels) and (any(values) or any(u for s in chart.series for u in s.undisclosed))
    if not has_data:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.text(0.5, 0.5, "No layoffs counted in this period", ha="center", va="center",
                fontsize=15, color=_MUTED, transform=ax.transAxes)
    elif horizontal:
        _draw_horizontal(ax, chart, FuncFormatter(_thousands))
    else:
        _draw_time(ax, chart, FuncFormatter(_thousands), MaxNLocator(nbins=7, integer=True))

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # A name in a script DejaVu Sans lacks draws as boxes; one warning per glyph is noise.
        warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
        # zlib level 3: within 1% of the default size, ~10 ms faster.
        fig.savefig(buffer, format="png", dpi=_DPI, facecolor=_BACKGROUND, metadata={"Software": None},
                    pil_kwargs={"compress_level": 3})
    return buffer.getvalue()


_LEGEND_COLUMNS = 7


def _legend_entries(chart: ChartRequest) -> int:
    """Legend entries of a time chart: each series when there are several, plus the marker."""
    entries = len(chart.series) if len(chart.series) > 1 else 0
    return entries + (1 if any(any(s.undisclosed) for s in chart.series) else 0)


def _hatch(index: int) -> str:
    """Past the palette's seven colours, a hatch keeps a repeated colour distinguishable."""
    return ("", "///", "...", "xxx")[min(3, index // len(OKABE_ITO))]


def _marker_text(rounds: int) -> str:
    return _MARKER if rounds == 1 else f"{_MARKER}{rounds}"


def _draw_horizontal(ax: Any, chart: ChartRequest, formatter: Any) -> None:
    series = chart.series[0]
    names = [n if len(n) <= _MAX_NAME_CHARS else n[: _MAX_NAME_CHARS - 1] + "…" for n in chart.labels]
    positions = list(range(len(names)))
    ax.barh(positions, series.values, color=OKABE_ITO[0], height=0.68, zorder=2)
    ax.set_yticks(positions, names)
    ax.invert_yaxis()  # the largest on top
    ax.xaxis.set_major_formatter(formatter)
    ax.grid(axis="x", color=_GRID, zorder=0)
    ax.set_axisbelow(True)
    ax.set_xlabel(chart.x_label, color=_TEXT, fontsize=11.5)
    peak = max(series.values, default=0) or 1
    ax.set_xlim(0, peak * 1.16)
    ax.tick_params(axis="y", length=0, labelsize=11.5)
    undisclosed = series.undisclosed or [0] * len(positions)
    for y, value, unknown in zip(positions, series.values, undisclosed):
        label = f"{value:,}" + (f"  {_marker_text(unknown)}" if unknown else "")
        ax.annotate(label, xy=(value, y), xytext=(5, 0), textcoords="offset points",
                    va="center", ha="left", fontsize=10.5, color=_TEXT)
    if any(undisclosed):
        ax.text(1.0, -0.075, f"{_MARKER} n = rounds of undisclosed size, not in the bar",
                transform=ax.transAxes, ha="right", va="top", fontsize=9.5, color=_MUTED)


def _draw_time(ax: Any, chart: ChartRequest, formatter: Any, locator: Any) -> None:
    n_series = max(1, len(chart.series))
    n_buckets = len(chart.labels)
    group_width = 0.8
    bar_width = group_width / n_series
    single = n_series == 1
    peak = max((v for s in chart.series for v in s.values), default=0)
    for index, series in enumerate(chart.series):
        colour = OKABE_ITO[index % len(OKABE_ITO)]
        offset = -group_width / 2 + bar_width * (index + 0.5)
        xs = [i + offset for i in range(n_buckets)]
        hatch = _hatch(index)
        ax.bar(xs, series.values, width=bar_width * 0.92, color=colour, label=series.name, zorder=2,
               hatch=hatch or None, edgecolor=_BACKGROUND if hatch else colour, linewidth=0)
        show_values = single and n_buckets <= _MAX_VALUE_LABELS or n_series * n_buckets <= 12
        undisclosed = series.undisclosed or [0] * n_buckets
        for x, value, unknown in zip(xs, series.values, undisclosed):
            lift = 3
            if show_values and value:
                ax.annotate(f"{value:,}", xy=(x, value), xytext=(0, lift), textcoords="offset points",
                            ha="center", va="bottom", fontsize=9 if n_buckets > 12 else 10, color=_TEXT)
                lift += 14
            if unknown:
                ax.annotate(_marker_text(unknown), xy=(x, value), xytext=(0, lift), textcoords="offset points",
                            ha="center", va="bottom", fontsize=9, color=colour if not single else _TEXT)
    ax.set_ylim(0, (peak or 1) * 1.18)
    if peak:
        ax.yaxis.set_major_locator(locator)
        ax.yaxis.set_major_formatter(formatter)
    else:  # only rounds of undisclosed size: a scale would suggest a count we do not have
        ax.set_yticks([0], ["0"])
        ax.text(0.5, 0.55, f"No known counts in this period: only rounds of undisclosed size ({_MARKER})",
                ha="center", va="center", fontsize=13, color=_MUTED, transform=ax.transAxes)
    ax.grid(axis="y", color=_GRID, zorder=0)
    ax.set_axisbelow(True)
    ax.set_xlim(-0.6, n_buckets - 0.4)
    ticks = _tick_positions(chart.labels)
    shown = _time_tick_labels([chart.labels[i] for i in ticks])
    ax.set_xticks(ticks, shown)
    ax.tick_params(axis="x", length=0)
    ax.set_xlabel(chart.x_label, color=_TEXT, fontsize=11.5)
    ax.set_ylabel(chart.y_label, color=_TEXT, fontsize=11.5)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    if not single:  # one series is named in the title; several need a key
        handles = [Patch(facecolor=OKABE_ITO[i % len(OKABE_ITO)], hatch=_hatch(i) or None, edgecolor=_BACKGROUND,
                         label=series.name or f"series {i + 1}")
                   for i, series in enumerate(chart.series)]  # fmt: skip
    if any(any(s.undisclosed) for s in chart.series):
        handles.append(Line2D([], [], linestyle="", marker="^", color=_TEXT, markersize=8,
                              label="rounds of undisclosed size (n = how many)"))  # fmt: skip
    if handles:
        # Rows just above the plot, right-aligned: never on top of a bar.
        ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0),
                  ncol=min(len(handles), _LEGEND_COLUMNS), frameon=False, fontsize=10.5, labelcolor=_TEXT,
                  borderaxespad=0.2, handlelength=1.4)  # fmt: skip
