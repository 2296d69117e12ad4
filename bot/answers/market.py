"""Answers across companies: rank, compare, overview, latest, planned."""

from __future__ import annotations

from typing import Any

from bot.answers.base import Context, Draft
from bot.answers.company import period_words, subject
from bot.answers.counting import tally
from bot.answers.format import and_join, fmt_count, fmt_date, fmt_pct, plural, undisclosed_phrase
from bot.answers.query import Clause, company_ids, fetch_rounds, where
from bot.db import SUMMED_STATUSES
from bot.nlu.timephrase import describe_period
from bot.reply import CompanyRow, Reply, RoundRow

__all__ = ["answer_rank", "answer_biggest_rounds", "answer_percent_all", "answer_compare_periods", "answer_compare", "answer_overview", "answer_latest", "answer_planned", "company_totals"]

_SUMMED = Clause(
    f"e.status IN ({', '.join('?' for _ in SUMMED_STATUSES)}) AND e.part_of_event_id IS NULL", tuple(SUMMED_STATUSES)
)


def _ranked_from_snapshot(ctx: Context, limit: int) -> list[CompanyRow] | None:
    snapshot = ctx.snapshot
    if snapshot is None:
        return None
    f = ctx.frame
    ranked = snapshot.rank(f.start, f.end, f.industry, f.country, limit)
    if not ranked:
        return []
    marks = ", ".join("?" for _ in ranked)
    info = {
        cid: (name, industry, country)
        for cid, name, industry, country in ctx.db.execute(
            f"SELECT id, name, industry, country FROM companies WHERE id IN ({marks})", [t.company_id for t in ranked]
        )
    }
    return [
        CompanyRow(company=info[t.company_id][0], total=t.total, rounds=t.known, undisclosed_rounds=t.undisclosed,
                   industry=info[t.company_id][1], country=info[t.company_id][2])
        for t in ranked
    ]


def company_totals(ctx: Context, clauses: list[Clause], *, limit: int | None, order_by_total: bool = True) -> list[CompanyRow]:
    """Per company: summed known counts, rounds, undisclosed rounds (counting rules applied in SQL).

    A ranking over the whole scope (no company restriction) uses the columnar snapshot when
    the engine has one (big databases), else SQL."""
    if order_by_total and limit and not any(c.sql.startswith("e.company_id IN") for c in clauses):
        rows = _ranked_from_snapshot(ctx, limit)
        if rows is not None:
            return rows
    sql_where, params = where(clauses + [_SUMMED])
    sql = (
        "SELECT c.name, SUM(e.count) AS total, COUNT(*) AS rounds, SUM(e.count IS NULL) AS undisclosed, "
        "c.industry, c.country FROM events e CROSS JOIN companies c ON c.id = e.company_id "
        f"WHERE {sql_where} GROUP BY e.company_id"
    )
    if order_by_total:
        sql += " HAVING total IS NOT NULL ORDER BY total DESC, c.name"
    if limit:
        sql += f" LIMIT {int(limit):d}"
    return [
        CompanyRow(company=name, total=int(total or 0), rounds=rounds - (undisclosed or 0),
                   undisclosed_rounds=int(undisclosed or 0), industry=industry, country=country)
        for name, total, rounds, undisclosed, industry, country in ctx.db.execute(sql, params).fetchall()
    ]


def _top_sources(ctx: Context, clauses: list[Clause], limit: int = 8) -> list[RoundRow]:
    snapshot = ctx.snapshot
    if snapshot is not None and not any(c.sql.startswith("e.company_id IN") for c in clauses):
        f = ctx.frame
        ids = snapshot.largest_rounds(f.start, f.end, f.industry, f.country, limit)
        if not ids:
            return []
        clauses = [Clause(f"e.id IN ({', '.join('?' for _ in ids)})", tuple(ids))]
    rounds = fetch_rounds(ctx.db, clauses + [_SUMMED], order="e.count DESC", limit=limit)
    return [r for r in tally(rounds).rows if r.count is not None]


def _filter_words(ctx: Context) -> str:
    f = ctx.frame
    bits = []
    if f.industry:
        bits.append(f"{f.industry} ")
    words = "".join(bits) + "companies"
    if f.country:
        words += f" in {f.country}"
    return words


def _unranked(ctx: Context, clauses: list[Clause]) -> int:
    snapshot = ctx.snapshot
    if snapshot is not None:
        f = ctx.frame
        return snapshot.unranked(f.start, f.end, f.industry, f.country)
    sql_where, params = where(clauses + [_SUMMED])
    return ctx.db.execute(
        "SELECT COUNT(*) FROM (SELECT e.company_id FROM events e CROSS JOIN companies c ON c.id = e.company_id "
        f"WHERE {sql_where} GROUP BY e.company_id HAVING SUM(e.count) IS NULL)",
        params,
    ).fetchone()[0]


def _plans_in_scope(ctx: Context, limit: int = 10) -> list[RoundRow]:
    """Planned and rumoured rounds of the scope (and later ones when the period reaches today):
    never summed, always mentioned."""
    f = ctx.frame
    clauses = ctx.scope.clauses()
    if f.end is None or f.end >= ctx.today:
        clauses = [c for c in clauses if not c.sql.startswith("e.date <=")]
    rounds = fetch_rounds(ctx.db, clauses, statuses=("planned", "rumored"), limit=limit)
    return tally(rounds, lookup=ctx.lookup).planned


def answer_rank(ctx: Context) -> Reply:
    f = ctx.frame
    limit = f.limit or 10
    clauses = ctx.scope.clauses()
    rows = company_totals(ctx, clauses, limit=limit)
    what = _filter_words(ctx)
    if not rows:
        headline = f"I have no layoffs with known counts for {what} {period_words(ctx)}."
    else:
        top = rows[0]
        headline = (
            f"Top {len(rows)} {what} by jobs cut {period_words(ctx)}: {top.company} leads with {fmt_count(top.total)}."
        )
    lines = []
    for rank, row in enumerate(rows, 1):
        line = f"  {rank}. {row.company} — {fmt_count(row.total)} in {plural(row.rounds, 'round')}"
        if row.undisclosed_rounds:
            line += f" (+{row.undisclosed_rounds} undisclosed)"
        lines.append(line)
    sources: list[RoundRow] = []
    if rows:
        names = [r.company for r in rows[:5]]
        ids = company_ids(ctx.db, names)
        sources = _top_sources(ctx, clauses + [Clause(f"e.company_id IN ({', '.join('?' for _ in ids)})", tuple(ids))])
    notes = ["Ranked by the sum of known counts of confirmed and reported rounds; undisclosed rounds are not guessed."]
    unranked = _unranked(ctx, clauses)
    if unranked:
        notes.append(f"{plural(unranked, 'company', 'companies')} with only rounds of undisclosed size "
                     f"{'is' if unranked == 1 else 'are'} not ranked.")
    draft = Draft(
        intent="rank", headline=headline, description=ctx.scope.describe(subject=f"top {limit} companies"),
        company_rows=rows, lines=lines, source_rows=sources, notes=notes, planned=_plans_in_scope(ctx),
        suggestions=[f"how many has {rows[0].company} cut?" if rows else "latest layoffs", "top 5 companies last year",
                     "biggest fintech layoffs 2024", "chart the top 10 companies in 2024"],
    )
    return draft.finish(ctx)


def answer_compare(ctx: Context) -> Reply:
    f = ctx.frame
    ids = company_ids(ctx.db, f.companies)
    base = ctx.scope.clauses()
    found = {r.company: r for r in company_totals(ctx, base + [Clause(
        f"e.company_id IN ({', '.join('?' for _ in ids)})", tuple(ids))], limit=None, order_by_total=False)}
    rows = [found.get(name, CompanyRow(company=name, total=0, rounds=0)) for name in f.companies]
    planned_rounds = fetch_rounds(ctx.db, [c for c in ctx.scope.clauses(ids) if not c.sql.startswith("e.date <=")
                                           or not (f.end is None or f.end >= ctx.today)],
                                  statuses=("planned", "rumored"))
    planned = [r for r in tally(planned_rounds).planned]
    for row in rows:
        row.planned_rounds = sum(1 for p in planned if p.company == row.company)
    parts = []
    for row in rows:
        if row.rounds == 0 and row.undisclosed_rounds == 0:
            parts.append(f"{row.company}: no recorded layoffs")
            continue
        part = f"{row.company}: {fmt_count(row.total)} in {plural(row.rounds, 'round')}"
        if row.undisclosed_rounds:
            part += f" (+{row.undisclosed_rounds} undisclosed)"
        parts.append(part)
    ranked = sorted((r for r in rows if r.total), key=lambda r: r.total, reverse=True)
    headline = " vs ".join(parts) + f" ({period_words(ctx)})."
    if len(ranked) >= 2 and ranked[0].total != ranked[1].total:
        headline += f" {ranked[0].company} cut {fmt_count(ranked[0].total - ranked[1].total)} more than {ranked[1].company}."
    notes = []
    if f.division:
        notes.append(f"Compared whole companies; “{f.division}” was not applied to the comparison.")
    draft = Draft(
        intent="compare", headline=headline, description=ctx.scope.describe(subject=" vs ".join(f.companies)),
        company_rows=rows, planned=planned, with_company=True, notes=notes,
        source_rows=_top_sources(ctx, base + [Clause(f"e.company_id IN ({', '.join('?' for _ in ids)})", tuple(ids))]),
        suggestions=[f"list {f.companies[0]}'s layoffs", f"compare {and_join(f.companies)} in 2023",
                     "who cut the most in 2023?", f"chart {' vs '.join(f.companies[:2])}"],
    )
    reply = draft.finish(ctx)
    reply.total = None
    return reply


def _aggregates(ctx: Context) -> list[dict[str, Any]]:
    f = ctx.frame
    if f.industry or f.country:
        return []
    start = f.start.isoformat() if f.start else "0000-01-01"
    end = f.end.isoformat() if f.end else "9999-12-31"
    rows = ctx.db.execute(
        "SELECT publisher, scope, period_start, period_end, count, companies, approximate, as_of, source "
        "FROM aggregates WHERE period_start >= ? AND period_end <= ? ORDER BY publisher, period_start",
        [start, end],
    ).fetchall()
    keys = ("publisher", "scope", "period_start", "period_end", "count", "companies", "approximate", "as_of", "source")
    return [dict(zip(keys, row)) for row in rows]


def answer_overview(ctx: Context) -> Reply:
    clauses = ctx.scope.clauses()
    snapshot = ctx.snapshot
    if snapshot is not None:
        f = ctx.frame
        total, rounds, undisclosed, companies = snapshot.overview(f.start, f.end, f.industry, f.country)
    else:
        sql_where, params = where(clauses + [_SUMMED])
        total, rounds, undisclosed, companies = ctx.db.execute(
            "SELECT SUM(e.count), COUNT(*), SUM(e.count IS NULL), COUNT(DISTINCT e.company_id) "
            f"FROM events e CROSS JOIN companies c ON c.id = e.company_id WHERE {sql_where}",
            params,
        ).fetchone()
    total, rounds, undisclosed = int(total or 0), int(rounds or 0), int(undisclosed or 0)
    what = _filter_words(ctx)
    when = period_words(ctx)
    headline = (
        f"Our data: {fmt_count(total)} jobs cut at {plural(companies or 0, 'company', 'companies')}"
        f"{'' if when == 'in our data' else ' ' + when}, in {plural(rounds - undisclosed, 'round')}"
    )
    if undisclosed:
        headline += f", {undisclosed_phrase(undisclosed)}"
    headline += "."
    if what != "companies":
        headline = headline.replace("Our data:", f"Our data ({what}):")
    lines: list[str] = []
    aggregates = _aggregates(ctx)
    for agg in aggregates:
        approx = "about " if agg["approximate"] else ""
        period = describe_period(*(_d(agg["period_start"]), _d(agg["period_end"])))
        line = f"Published: {agg['publisher']} ({agg['scope']}) counted {approx}{fmt_count(agg['count'])} for {period}"
        if agg["companies"]:
            line += f" across {agg['companies']:,} companies"
        line += f", as of {fmt_date(_d(agg['as_of']))}" if agg["as_of"] else ""
        line += f" — {agg['source']}" if agg["source"] else ""
        lines.append(line + ".")
    if not aggregates and not (ctx.frame.industry or ctx.frame.country):
        lines.append("No published aggregate matches this exact period.")
    top = company_totals(ctx, clauses, limit=5)
    if top:
        lines.append("Largest: " + ", ".join(f"{r.company} {fmt_count(r.total)}" for r in top) + ".")
    draft = Draft(
        intent="overview", headline=headline, description=ctx.scope.describe(subject="all companies"),
        total=total, undisclosed=undisclosed, company_rows=top, lines=lines, planned=_plans_in_scope(ctx),
        source_rows=_top_sources(ctx, clauses),
        suggestions=["who cut the most in 2023?", "how many tech jobs were cut in 2024?", "latest layoffs",
                     "chart layoffs by month in 2023"],
    )
    reply = draft.finish(ctx)
    reply.extra["aggregates"] = aggregates
    reply.extra["rounds"] = rounds - undisclosed
    reply.extra["companies"] = companies or 0
    return reply


def _d(value: str | None):
    import datetime as dt

    return dt.date.fromisoformat(value[:10]) if value else None


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
    planned_rows = tally(fetch_rounds(ctx.db, [c for c in clauses if not c.sql.startswith("e.date <=")],
                                      statuses=("planned", "rumored"), limit=5), division=f.division,
                         lookup=ctx.lookup).planned
    what = _filter_words(ctx)
    who = subject(ctx) if f.companies else ("all companies" if what == "companies" else what)
    if rows:
        newest = rows[0]
        headline = (
            f"Latest {plural(len(rows), 'round')} for {who}: newest {fmt_date(newest.date)}"
            + (f", {newest.company}" if not f.companies else "")
            + f" ({fmt_count(newest.count)})."
        )
    else:
        headline = f"I have no layoffs for {who} {period_words(ctx)}."
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


def answer_biggest_rounds(ctx: Context) -> Reply:
    """The largest single rounds across companies ("the largest single layoff")."""
    f = ctx.frame
    limit = f.limit or 10
    clauses = ctx.scope.clauses()
    snapshot = ctx.snapshot
    if snapshot is not None:
        ids = snapshot.largest_rounds(f.start, f.end, f.industry, f.country, limit)
        pieces = [Clause(f"e.id IN ({', '.join('?' for _ in ids)})", tuple(ids))] if ids else [Clause("0")]
    else:
        pieces = clauses + [Clause("e.count IS NOT NULL")]
    rounds = fetch_rounds(ctx.db, pieces + [_SUMMED], order="e.count DESC, e.date DESC", limit=limit)
    rows = tally(rounds, lookup=ctx.lookup).rows
    if rows:
        top = rows[0]
        headline = (
            f"The largest single round {period_words(ctx)}: {top.company}, {fmt_count(top.count)} on {fmt_date(top.date)}."
        )
    else:
        headline = f"I have no rounds of known size {period_words(ctx)}."
    draft = Draft(
        intent="rounds", headline=headline, description=ctx.scope.describe(subject=f"largest {limit} rounds"),
        round_rows=rows, with_company=True, rows_title="Largest first",
        notes=["Single rounds as announced (a cumulative announcement counts its new part only)."],
        suggestions=["who cut the most in 2023?", f"list {rows[0].company}'s layoffs" if rows else "latest layoffs",
                     "latest layoffs"],
    )
    reply = draft.finish(ctx)
    reply.total = None
    return reply


def answer_percent_all(ctx: Context) -> Reply:
    """The rounds that cut the largest share of a workforce ("which company cut the biggest %")."""
    f = ctx.frame
    limit = f.limit or 10
    clauses = ctx.scope.clauses() + [Clause("e.percentage IS NOT NULL")]
    rounds = fetch_rounds(ctx.db, clauses + [_SUMMED], order="e.percentage DESC, e.count DESC", limit=limit)
    rows = tally(rounds, lookup=ctx.lookup).rows
    if rows:
        top = rows[0]
        headline = (
            f"The largest share {period_words(ctx)}: {top.company} cut {fmt_pct(top.percentage)} on "
            f"{fmt_date(top.date)} ({fmt_count(top.count)} jobs)."
        )
    else:
        headline = f"I have no rounds with a stated percentage {period_words(ctx)}."
    draft = Draft(
        intent="percent", headline=headline, description=ctx.scope.describe(subject=f"largest {limit} shares"),
        round_rows=rows, with_company=True, rows_title="Largest share first",
        notes=["A percentage is a share of its basis (the whole company, corporate staff or one division); "
               "100% means the company shut down."],
        suggestions=["what % of its workforce did Amazon cut?", "who cut the most in 2023?", "latest layoffs"],
    )
    reply = draft.finish(ctx)
    reply.total = None
    return reply


def _period_label(start, end) -> str:  # type: ignore[no-untyped-def]
    """ "2023", "Q1 2023", "Jan 2023", else the period's dates."""
    import calendar

    if start and end and start.day == 1:
        last = calendar.monthrange(end.year, end.month)[1] == end.day
        if last and start.year == end.year:
            if (start.month, end.month) == (1, 12):
                return str(start.year)
            if end.month - start.month == 2 and start.month % 3 == 1:
                return f"Q{(start.month + 2) // 3} {start.year}"
            if start.month == end.month:
                return f"{calendar.month_abbr[start.month]} {start.year}"
    return describe_period(start, end)


def answer_compare_periods(ctx: Context) -> Reply:
    """One company (or all companies) in two or more periods: "Amazon 2023 vs 2024"."""
    from dataclasses import replace as _replace

    f = ctx.frame
    ids = company_ids(ctx.db, f.companies) if f.companies else None
    what = _filter_words(ctx)
    who = subject(ctx) if f.companies else ("All companies" if what == "companies" else what[:1].upper() + what[1:])
    rows: list[CompanyRow] = []
    source_rows: list[RoundRow] = []
    periods_out: list[dict] = []
    for start, end in f.periods:
        scope = _replace(ctx.scope, start=start, end=end)
        label = _period_label(start, end)
        if ids is not None:
            result = tally(fetch_rounds(ctx.db, scope.clauses(ids)), division=f.division, lookup=ctx.lookup)
            total, known, undisclosed = result.total, result.counted_rounds, result.undisclosed
            source_rows += result.rows
        else:
            sql_where, params = where(scope.clauses() + [_SUMMED])
            total, rounds, undisclosed = ctx.db.execute(
                "SELECT SUM(e.count), COUNT(*), SUM(e.count IS NULL) FROM events e CROSS JOIN companies c "
                f"ON c.id = e.company_id WHERE {sql_where}", params).fetchone()
            total, undisclosed = int(total or 0), int(undisclosed or 0)
            known = int(rounds or 0) - undisclosed
        rows.append(CompanyRow(company=f"{who} · {label}", total=total, rounds=known, undisclosed_rounds=undisclosed))
        periods_out.append({"label": label, "start": start.isoformat() if start else None,
                            "end": end.isoformat() if end else None, "total": total, "rounds": known,
                            "undisclosed_rounds": undisclosed})
    parts = [f"{p['label']}: {fmt_count(p['total'])} in {plural(p['rounds'], 'round')}"
             + (f" (+{p['undisclosed_rounds']} undisclosed)" if p["undisclosed_rounds"] else "") for p in periods_out]
    headline = f"{who} — " + " vs ".join(parts) + "."
    if len(periods_out) == 2:
        change = periods_out[1]["total"] - periods_out[0]["total"]
        if change:
            headline += f" {'Up' if change > 0 else 'Down'} {fmt_count(abs(change))} from {periods_out[0]['label']} to {periods_out[1]['label']}."
    if ids is None:
        source_rows = _top_sources(ctx, ctx.scope.clauses())
    draft = Draft(
        intent="compare", headline=headline,
        description=" · ".join(x for x in (f.companies and subject(ctx), f.industry and f"industry: {f.industry}",
                                           f.country and f"country: {f.country}",
                                           " vs ".join(p["label"] for p in periods_out)) if x),
        company_rows=rows, source_rows=source_rows,
        notes=["Each period counted by the same rules; a period's total never borrows from another."],
        suggestions=[f"list {f.companies[0]}'s layoffs" if f.companies else "who cut the most in 2024?",
                     "compare 2022 and 2023", "latest layoffs"],
    )
    reply = draft.finish(ctx)
    reply.total = None
    reply.extra["periods"] = periods_out
    return reply
