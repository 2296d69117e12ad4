"""Answers filtered by a stated cause: "how many layoffs were blamed on AI in 2025?",
"AI layoffs at Salesforce".

The rounds counted are those tagged with the cause in the ``causes`` table (each tag with the
quote and source that state it), under the usual counting rules (:mod:`bot.answers.counting`).
Causes are never guessed: the answer says how many rounds in the same scope have no cause
stated, and a question with no tagged round gets no figure.
"""

from __future__ import annotations

from typing import Any

from bot.answers.base import Context, Draft
from bot.answers.chart import attach_chart
from bot.answers.company import period_words
from bot.answers.counting import tally
from bot.answers.format import fmt_count, fmt_date, plural
from bot.answers.query import SUMMED_ROUNDS, Clause, company_ids, fetch_rounds, where
from bot.data.causes import CAUSE_LABELS, causes_of
from bot.reply import CompanyRow, Reply, RoundRow

__all__ = ["answer_cause"]

_TAGGED = "EXISTS (SELECT 1 FROM causes k WHERE k.event_id = e.id AND k.cause = ?)"
_UNTAGGED = "NOT EXISTS (SELECT 1 FROM causes k WHERE k.event_id = e.id)"


def answer_cause(ctx: Context, cause: str) -> Reply:
    """The rounds whose sources state ``cause``, in the frame's companies, period and filters."""
    f = ctx.frame
    label = CAUSE_LABELS.get(cause, cause)
    ids = company_ids(ctx.db, f.companies) if f.companies else None
    scope = ctx.scope.clauses(ids)
    rounds = fetch_rounds(ctx.db, scope + [Clause(_TAGGED, (cause,), f"cause: {label}")])
    result = tally(rounds, division=f.division, lookup=ctx.lookup)
    who = ", ".join(f.companies) if f.companies else "all companies"
    where_sql, params = where(scope + [SUMMED_ROUNDS, Clause(_UNTAGGED)])
    unstated, unstated_jobs = ctx.db.execute(
        f"SELECT count(*), coalesce(sum(e.count), 0) FROM events e JOIN companies c ON c.id = e.company_id "
        f"WHERE {where_sql}", params).fetchone()
    counted = [r for r in result.rows if r.counted]
    known = [r for r in counted if r.count is not None]
    total: int | None = None
    if known:
        headline = (f"{fmt_count(result.total)} jobs cut {period_words(ctx)} by {who} in "
                    f"{plural(len(known), 'round')} whose sources state {label} as a cause")
        if result.undisclosed:
            headline += f", plus {plural(result.undisclosed, 'round')} of undisclosed size"
        headline += "."
        total = result.total
    elif counted:
        # Tagged rounds, none of known size: say so, never "0 jobs".
        headline = (f"{who}: {plural(len(counted), 'round')} of undisclosed size {period_words(ctx)} "
                    f"{'has' if len(counted) == 1 else 'have'} {label} as a stated cause.")
    else:
        headline = f"I have no confirmed or reported rounds for {who} {period_words(ctx)} whose sources state {label} as a cause."
        total = None
    tags = causes_of(ctx.db, [r.id for r in [*result.rows, *result.planned] if r.id is not None])
    lines = []
    quotes = []
    for row in [*result.rows, *result.planned]:
        for tag, quote, source in tags.get(row.id or 0, []):
            if tag == cause:
                lines.append(f"  Why ({row.company}, {fmt_date(row.date)}): “{quote}” — {source}")
                quotes.append({"event_id": row.id, "cause": tag, "quote": quote, "source": source})
    notes = [
        f"{plural(unstated, 'other round')} of {who} {period_words(ctx)} ({fmt_count(unstated_jobs)} jobs) "
        "have no cause stated: a cause is tagged only where a source states it, never guessed."
    ] if unstated else []
    if f.intent == "rank" and not f.companies:
        ranking = _ranking(ctx, cause, counted, quotes, notes)
        # The chart is of the tagged rounds only (bot.charts.data's cause filter), never of all rounds.
        return attach_chart(ranking, ctx, cause=cause) if f.chart else ranking
    draft = Draft(
        intent="total", headline=headline,
        description=ctx.scope.describe(subject=None if f.companies else "all companies") + f" · cause: {label}",
        total=total, undisclosed=result.undisclosed, round_rows=result.rows, planned=result.planned,
        lines=lines, notes=notes, with_company=not f.companies, rows_title=f"Rounds with {label} as a stated cause",
        suggestions=["how many layoffs were blamed on AI in 2025?", "restructuring layoffs in 2024", "latest layoffs"],
    )
    reply = draft.finish(ctx)
    reply.extra["cause"] = cause
    reply.extra["causes"] = quotes
    reply.extra["cause_not_stated"] = {"rounds": unstated, "jobs": unstated_jobs}
    return attach_chart(reply, ctx, cause=cause) if f.chart else reply


def _ranking(ctx: Context, cause: str, counted: list[RoundRow], quotes: list[dict[str, Any]],
             notes: list[str]) -> Reply:
    """"Which companies cut the most because of AI": companies by their tagged, counted rounds."""
    label = CAUSE_LABELS.get(cause, cause)
    by_company: dict[str, CompanyRow] = {}
    for row in counted:
        entry = by_company.setdefault(row.company, CompanyRow(company=row.company, total=0, rounds=0))
        if row.count is None:
            entry.undisclosed_rounds += 1
        else:
            entry.total += row.count
            entry.rounds += 1
    rows = sorted((r for r in by_company.values() if r.rounds), key=lambda r: (-r.total, r.company))
    rows = rows[: ctx.frame.limit or 10]
    if rows:
        headline = (f"Top {len(rows)} companies by jobs cut {period_words(ctx)} in rounds whose sources state "
                    f"{label} as a cause: {rows[0].company} leads with {fmt_count(rows[0].total)}.")
    else:
        headline = f"I have no rounds {period_words(ctx)} with known counts whose sources state {label} as a cause."
    lines = [f"  {n}. {r.company} — {fmt_count(r.total)} in {plural(r.rounds, 'round')}" for n, r in enumerate(rows, 1)]
    draft = Draft(
        intent="rank", headline=headline,
        description=ctx.scope.describe(subject="top companies") + f" · cause: {label}",
        company_rows=rows, lines=lines, notes=notes, source_rows=counted,
        suggestions=["how many layoffs were blamed on AI in 2025?", "who cut the most in 2025?"],
    )
    reply = draft.finish(ctx)
    reply.extra["cause"] = cause
    reply.extra["causes"] = quotes
    return reply
