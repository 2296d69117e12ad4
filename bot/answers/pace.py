"""Pace: "is Amazon cutting faster than Meta?", "how fast is Amazon cutting since 2023".

Said as such, never as all-time totals: for each company (or all companies) the jobs and rounds
of the last 12 months of data (to the data's as-of date) against the 12 months before, and,
over the period asked (else each company's own span of rounds), rounds and jobs per year.
The counting rules are those of every total (:func:`bot.answers.counting.tally`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from bot.answers.base import Context, Draft
from bot.answers.counting import tally
from bot.answers.format import fmt_count, fmt_date, plural
from bot.answers.market import scope_totals, top_sources
from bot.answers.query import company_ids, fetch_rounds
from bot.nlu.timephrase import add_months, describe_period
from bot.reply import CompanyRow, Reply

__all__ = ["answer_pace", "Window"]


@dataclass(slots=True)
class Window:
    """Jobs (known counts) and rounds of one company, or all, in one window."""

    total: int = 0
    rounds: int = 0
    undisclosed: int = 0

    def said(self) -> str:
        text = f"{fmt_count(self.total)} in {plural(self.rounds, 'round')}"
        return text + (f" (+{self.undisclosed} undisclosed)" if self.undisclosed else "")


def _window(ctx: Context, company: str | None, start: dt.date | None, end: dt.date | None) -> Window:
    scope = replace(ctx.scope, start=start, end=end)
    if company is None:
        total, rounds, undisclosed, _ = scope_totals(ctx, scope)
        return Window(total, rounds - undisclosed, undisclosed)
    scope.companies = [company]
    result = tally(fetch_rounds(ctx.db, scope.clauses(company_ids(ctx.db, [company]))), division=ctx.frame.division,
                   lookup=ctx.lookup)
    return Window(result.total, result.counted_rounds, result.undisclosed)


def _per_year(ctx: Context, company: str | None) -> tuple[float, float, dt.date | None, dt.date]:
    """(jobs per year, rounds per year, from, to) over the period asked, else the company's span."""
    f = ctx.frame
    end = min(f.end or ctx.as_of or ctx.today, ctx.as_of or ctx.today)
    start = f.start
    if start is None:
        ids = company_ids(ctx.db, [company]) if company else None
        rows = fetch_rounds(ctx.db, ctx.scope.clauses(ids) if ids else [], order="e.date ASC", limit=1)
        start = rows[0].date if rows else None
    if start is None or start > end:
        return 0.0, 0.0, start, end
    window = _window(ctx, company, start, end)
    years = max((end - start).days + 1, 30) / 365.25
    return window.total / years, (window.rounds + window.undisclosed) / years, start, end


def answer_pace(ctx: Context) -> Reply:
    f = ctx.frame
    anchor = ctx.as_of or ctx.today
    recent = (add_months(anchor, -12) + dt.timedelta(days=1), anchor)
    before = (add_months(anchor, -24) + dt.timedelta(days=1), recent[0] - dt.timedelta(days=1))
    who: list[str | None] = list(f.companies) or [None]
    rows: list[CompanyRow] = []
    parts: list[str] = []
    lines: list[str] = []
    speeds: list[tuple[int, str]] = []
    for company in who:
        name = company or "All companies"
        now, then = _window(ctx, company, *recent), _window(ctx, company, *before)
        rows.append(CompanyRow(company=f"{name} · last 12 months", total=now.total, rounds=now.rounds,
                               undisclosed_rounds=now.undisclosed))
        rows.append(CompanyRow(company=f"{name} · 12 months before", total=then.total, rounds=then.rounds,
                               undisclosed_rounds=then.undisclosed))
        trend = "faster" if now.total > then.total else "slower" if now.total < then.total else "the same pace"
        parts.append(f"{name} {now.said()} (the 12 months before: {then.said()}; {trend} by jobs)")
        jobs, rounds, start, end = _per_year(ctx, company)
        if start is not None:
            lines.append(f"{name}, {describe_period(start, end)}: about {fmt_count(round(jobs))} jobs and "
                         f"{rounds:.1f} rounds a year.")
        speeds.append((now.total, name))
    headline = (f"Pace, last 12 months of data ({fmt_date(recent[0])} – {fmt_date(recent[1])}) against the 12 "
                f"before: " + "; ".join(parts) + ".")
    if len(speeds) >= 2:
        speeds.sort(reverse=True)
        if speeds[0][0] != speeds[1][0]:
            headline += f" {speeds[0][1]} is cutting faster over the last 12 months."
    ids = company_ids(ctx.db, f.companies) if f.companies else None
    draft = Draft(
        intent="pace", headline=headline,
        description=ctx.scope.describe(subject=" vs ".join(f.companies) if f.companies else "all companies") + " · pace",
        company_rows=rows, lines=lines, source_rows=top_sources(ctx, ctx.scope.clauses(ids)),
        notes=["Pace compares windows of equal length by the counting rules of every total; rounds of undisclosed "
               "size are counted as rounds, never as jobs."],
        suggestions=[f"list {f.companies[0]}'s layoffs" if f.companies else "latest layoffs",
                     "which company had the most layoff rounds since 2023?", "who cut the most in 2025?"],
    )
    return draft.finish(ctx)
