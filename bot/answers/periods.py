"""Totals per month, quarter or year: "which month had the most layoffs in 2023", "worst year
for layoffs", "layoffs by month in 2023".

Lookup strategy: the columnar snapshot when the engine has one (big data: one numpy pass over
the scope's rounds), else one SQL ``GROUP BY`` month over the scope; months are then folded into
quarters or years here.  The counting rules are those of every total (summed statuses, not
``part_of`` another round, known counts summed, unknown ones counted as undisclosed).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from bot.answers.base import Context, Draft
from bot.answers.company import period_words
from bot.answers.format import fmt_count, plural
from bot.answers.market import filter_words, top_sources
from bot.answers.query import SUMMED_ROUNDS, company_ids, where
from bot.reply import CompanyRow, Reply

__all__ = ["Bucket", "bucket_totals", "answer_rank_periods", "bucket_lines"]


@dataclass(slots=True)
class Bucket:
    label: str
    start: dt.date
    end: dt.date
    total: int = 0
    rounds: int = 0
    undisclosed: int = 0


def _key(year: int, month: int, unit: str) -> tuple[int, int]:
    if unit == "year":
        return year, 1
    if unit == "quarter":
        return year, 3 * ((month - 1) // 3) + 1
    return year, month


def _bucket(year: int, first_month: int, unit: str) -> Bucket:
    months = {"year": 12, "quarter": 3}.get(unit, 1)
    last = first_month + months - 1
    end = dt.date(year, last, calendar.monthrange(year, last)[1])
    if unit == "year":
        label = str(year)
    elif unit == "quarter":
        label = f"Q{(first_month + 2) // 3} {year}"
    else:
        label = f"{calendar.month_name[first_month]} {year}"
    return Bucket(label, dt.date(year, first_month, 1), end)


def _per_month(ctx: Context) -> list[tuple[int, int, int, int, int]]:
    """(year, month, known total, known rounds, undisclosed rounds) of the scope's summed rounds."""
    f = ctx.frame
    snapshot = ctx.snapshot
    if snapshot is not None and not f.companies:
        np = snapshot.np
        mask = snapshot._mask(f.start, f.end, f.industry, f.country)
        days, counts = snapshot.day[mask], snapshot.count[mask]
        if days.size == 0:
            return []
        months = (days - dt.date(1970, 1, 1).toordinal()).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
        known = counts >= 0
        base = int(months.min())
        idx = months - base
        totals = np.bincount(idx[known], weights=counts[known], minlength=int(idx.max()) + 1)
        n_known = np.bincount(idx[known], minlength=int(idx.max()) + 1)
        n_unknown = np.bincount(idx[~known], minlength=int(idx.max()) + 1)
        out = []
        for i in np.nonzero(n_known + n_unknown)[0]:
            year, month0 = divmod(base + int(i), 12)
            out.append((1970 + year, month0 + 1, int(totals[i]), int(n_known[i]), int(n_unknown[i])))
        return out
    ids = company_ids(ctx.db, f.companies) if f.companies else None
    sql_where, params = where(ctx.scope.clauses(ids) + [SUMMED_ROUNDS])
    rows = ctx.db.execute(
        "SELECT substr(e.date, 1, 7) AS ym, SUM(e.count), SUM(e.count IS NOT NULL), SUM(e.count IS NULL) "
        f"FROM events e CROSS JOIN companies c ON c.id = e.company_id WHERE {sql_where} GROUP BY ym",
        params,
    ).fetchall()
    return [(int(ym[:4]), int(ym[5:7]), int(total or 0), int(known or 0), int(unknown or 0)) for ym, total, known, unknown in rows]


def bucket_totals(ctx: Context, unit: str) -> list[Bucket]:
    """The scope's totals per ``unit`` (month, quarter, year), in time order; empty buckets left out."""
    buckets: dict[tuple[int, int], Bucket] = {}
    for year, month, total, known, unknown in _per_month(ctx):
        key = _key(year, month, unit)
        bucket = buckets.get(key) or buckets.setdefault(key, _bucket(key[0], key[1], unit))
        bucket.total += total
        bucket.rounds += known
        bucket.undisclosed += unknown
    return [buckets[k] for k in sorted(buckets)]


def bucket_lines(ctx: Context, unit: str, limit: int = 24) -> list[str]:
    """ "By month: January 2023 50,000 (40 rounds) · ..." for an overview asked "by month"."""
    buckets = bucket_totals(ctx, unit)
    if not buckets:
        return []
    shown = buckets[-limit:]
    line = f"By {unit}: " + " · ".join(
        f"{b.label} {fmt_count(b.total) if b.rounds else 'undisclosed'}" for b in shown  # never "0" for unknown
    )
    if len(buckets) > len(shown):
        line += f" (the last {len(shown)} of {len(buckets)})"
    return [line + "."]


def answer_rank_periods(ctx: Context) -> Reply:
    """The months (quarters, years) with the most jobs cut in the scope, most first."""
    f = ctx.frame
    unit = f.bucket or "month"
    buckets = bucket_totals(ctx, unit)
    ranked = sorted((b for b in buckets if b.rounds), key=lambda b: (-b.total, b.start))
    limit = f.limit or 5
    top = ranked[:limit]
    what = filter_words(ctx)
    subject = ", ".join(f.companies) if f.companies else ("all companies" if what == "companies" else what)
    if top:
        best = top[0]
        headline = (f"The {unit} with the most jobs cut {period_words(ctx)} ({subject}): {best.label}, "
                    f"{fmt_count(best.total)} in {plural(best.rounds, 'round')}.")
    else:
        headline = f"I have no layoffs with known counts for {subject} {period_words(ctx)}."
    lines = [f"  {n}. {b.label} — {fmt_count(b.total)} in {plural(b.rounds, 'round')}"
             + (f" (+{b.undisclosed} undisclosed)" if b.undisclosed else "") for n, b in enumerate(top, 1)]
    rows = [CompanyRow(company=b.label, total=b.total, rounds=b.rounds, undisclosed_rounds=b.undisclosed) for b in top]
    ids = company_ids(ctx.db, f.companies) if f.companies else None
    draft = Draft(
        intent="rank", headline=headline, description=ctx.scope.describe(subject=f"{subject} by {unit}"),
        company_rows=rows, lines=lines, source_rows=top_sources(ctx, ctx.scope.clauses(ids)),
        notes=[f"Each {unit} sums the known counts of confirmed and reported rounds dated in it; "
               "undisclosed rounds are not guessed."],
        suggestions=[f"chart layoffs by {unit}" + (f" {period_words(ctx)}" if f.start else ""), "who cut the most in 2023?",
                     "latest layoffs"],
    )
    reply = draft.finish(ctx)
    reply.extra["periods"] = [{"label": b.label, "start": b.start.isoformat(), "end": b.end.isoformat(),
                               "total": b.total, "rounds": b.rounds, "undisclosed_rounds": b.undisclosed} for b in top]
    return reply
