"""Attaching a chart to a reply when the question asks for one.

The chart data comes from the CHARTS module (``bot.charts.data.build_chart``), imported lazily
so plain answers never pay for it; when it is missing the reply says so instead of failing.
"""

from __future__ import annotations

import logging

from bot.answers.base import Context
from bot.reply import Reply

__all__ = ["attach_chart", "chart_kind"]

log = logging.getLogger(__name__)


def chart_kind(reply: Reply, ctx: Context, cause: str | None = None) -> str | None:
    """The kind of chart a question asks for (``None``: none fits); ``cause``: a chart of the
    rounds tagged with that cause, which for a plain total is all of them over time."""
    f = ctx.frame
    if len(f.companies) >= 2:
        return "compare"
    if f.periods:  # "2023 vs 2024 chart": the periods side by side on one time axis
        return "company_over_time" if f.companies else "all_over_time"
    if reply.intent == "rank":
        return "top_companies"
    if f.companies:
        return "company_over_time"
    if reply.intent in ("overview", "latest", "percent", "planned") or cause is not None:
        return "all_over_time"
    return None


def attach_chart(reply: Reply, ctx: Context, cause: str | None = None) -> Reply:
    """Attach the chart the question asks for; ``cause`` restricts it to the rounds tagged with
    that cause (rounds with no cause stated are not counted, and the chart says so)."""
    kind = chart_kind(reply, ctx, cause)
    if kind is None:
        reply.notes.append("I can chart a company's layoffs over time, all layoffs over time, the top companies, or a comparison.")
        return reply
    try:
        from bot.charts.data import build_chart
    except ImportError:
        reply.notes.append("Charts are not available in this installation.")
        reply.text += "\nNote: Charts are not available in this installation."
        return reply
    f = ctx.frame
    companies = [] if kind in ("all_over_time", "top_companies") else list(f.companies)
    if kind == "company_over_time":
        companies = companies[:1]
    extra: dict[str, str] = {"division": f.division} if kind == "company_over_time" and f.division else {}
    if cause is not None:
        extra["cause"] = cause
    try:
        reply.chart = build_chart(
            ctx.db, kind=kind, companies=companies, start=f.start, end=f.end, bucket=f.bucket,
            limit=f.limit or 10, industry=f.industry, country=f.country, as_of=ctx.as_of, **extra,
        )
    except Exception:  # a chart must never cost the answer
        log.exception("chart failed for %r", f.text)
        reply.notes.append("The chart could not be drawn; the figures above are complete.")
    return reply
