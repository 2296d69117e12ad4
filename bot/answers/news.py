"""What is new and what is coming: the latest rounds, reported plans and rumours."""

from __future__ import annotations

from bot.answers.base import Context, Draft
from bot.answers.company import period_words, subject
from bot.answers.counting import tally
from bot.answers.format import fmt_count, fmt_date, plural
from bot.answers.market import filter_words
from bot.answers.query import Clause, company_ids, fetch_rounds
from bot.data.db import SUMMED_STATUSES
from bot.reply import Reply

__all__ = ["answer_latest", "answer_planned"]


def answer_latest(ctx: Context) -> Reply:
    f = ctx.frame
    ids = company_ids(ctx.db, f.companies) if f.companies else None
    clauses = ctx.scope.clauses(ids)
    limit = f.limit or (5 if f.companies else 10)
    clauses_past = list(clauses)
    if f.end is None:
        clauses_past.append(Clause("e.date <= ?", (ctx.today.isoformat(),)))
    rounds = fetch_rounds(ctx.db, clauses_past, statuses=SUMMED_STATUSES, limit=limit * 3)
    result = tally(rounds, division=f.division, lookup=ctx.lookup)
    rows = result.rows[:limit]
    planned_rows = tally(fetch_rounds(ctx.db, ctx.plan_clauses(ids),
                                      statuses=("planned", "rumored"), limit=5), division=f.division,
                         lookup=ctx.lookup).planned
    what = filter_words(ctx)
    who = subject(ctx) if f.companies else ("all companies" if what == "companies" else what)
    if rows:
        newest = rows[0]
        headline = (
            f"Latest {plural(len(rows), 'round')} for {who}: newest {fmt_date(newest.date)}"
            + (f", {newest.company}" if not f.companies else "")
            + f" ({fmt_count(newest.count)})."
        )
    else:
        headline = f"I have no confirmed or reported layoffs for {who} {period_words(ctx)}."
    counted = sum(r.count or 0 for r in rows if r.counted)
    draft = Draft(
        intent="latest", headline=headline, description=ctx.scope.describe(subject=who),
        total=None, undisclosed=sum(1 for r in rows if r.count is None and r.counted), round_rows=rows,
        planned=planned_rows, with_company=not f.companies, rows_title="Most recent first",
        suggestions=["who cut the most this year?", "how many tech jobs were cut last year?", "is Amazon planning more layoffs?"],
    )
    reply = draft.finish(ctx)
    reply.extra["shown_total"] = counted
    return reply


def answer_planned(ctx: Context) -> Reply:
    f = ctx.frame
    ids = company_ids(ctx.db, f.companies) if f.companies else None
    clauses = [c for c in ctx.scope.clauses(ids)]
    rounds = fetch_rounds(ctx.db, clauses, statuses=("planned", "rumored"), limit=50)
    result = tally(rounds, division=f.division, lookup=ctx.lookup)
    planned = result.planned
    pending = [p for p in planned if p.id not in result.realized]
    who = subject(ctx) if f.companies else "any company"
    if pending:
        statuses = sorted({p.status for p in pending})
        headline = (
            f"{plural(len(pending), 'open report of planned layoffs or rumour', 'open reports of planned layoffs or rumours')} "
            f"for {who} ({' and '.join(statuses)}); none is counted in any total until confirmed."
        )
    else:
        headline = f"I have no open reports of planned layoffs or rumours for {who}."
    if len(pending) < len(planned):
        headline += f" {plural(len(planned) - len(pending), 'earlier plan has', 'earlier plans have')} since been confirmed."
    lines: list[str] = []
    if f.companies:
        latest = tally(fetch_rounds(ctx.db, ctx.scope.clauses(ids), statuses=SUMMED_STATUSES, limit=1),
                       division=f.division).rows
        if latest:
            r = latest[0]
            lines.append(f"Latest confirmed or reported round: {fmt_date(r.date)}, {fmt_count(r.count)} ({r.status}).")
    draft = Draft(
        intent="planned", headline=headline, description=ctx.scope.describe(subject=subject(ctx) if f.companies else "all companies"),
        planned=planned, lines=lines, with_company=not f.companies, source_rows=[],
        suggestions=[f"how many has {f.companies[0]} cut?" if f.companies else "latest layoffs", "latest layoffs",
                     "who cut the most last year?"],
    )
    reply = draft.finish(ctx)
    # The plans themselves are the answer: their sources are what backs it.
    from bot.reply import Source

    reply.sources = [Source(url=p.source, label=f"{p.company}, {fmt_date(p.date)} ({p.status})") for p in planned if p.source][:5]
    if reply.sources:
        reply.text = reply.text.replace("\nData as of", "\nSources:\n" + "\n".join(f"  {s.label}: {s.url}" for s in reply.sources) + "\nData as of", 1)
    return reply
