"""Answers across companies: rank, overview, the largest single rounds and shares.

Comparisons live in :mod:`bot.answers.compare`, latest and planned in :mod:`bot.answers.news`."""

from __future__ import annotations

from typing import Any

from bot.answers.base import Context, Draft
from bot.answers.company import period_words
from bot.answers.counting import tally
from bot.answers.format import (
    country_phrase,
    fmt_count,
    fmt_date,
    fmt_pct,
    plural,
    undisclosed_phrase,
)
from bot.answers.query import (
    SUMMED_ROUNDS,
    Clause,
    Scope,
    company_ids,
    fetch_rounds,
    in_clause,
    restricts_companies,
    where,
)
from bot.nlu.timephrase import describe_period
from bot.reply import CompanyRow, Reply, RoundRow

__all__ = ["answer_rank", "answer_rank_rounds", "answer_overview", "answer_biggest_rounds", "answer_percent_all", "company_totals", "scope_totals",
           "top_sources", "filter_words", "plans_in_scope"]

MAX_AGGREGATE_LINES = 4

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
    if order_by_total and limit and not restricts_companies(clauses):
        rows = _ranked_from_snapshot(ctx, limit)
        if rows is not None:
            return rows
    sql_where, params = where(clauses + [SUMMED_ROUNDS])
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


def top_sources(ctx: Context, clauses: list[Clause], limit: int = 8) -> list[RoundRow]:
    snapshot = ctx.snapshot
    if snapshot is not None and not restricts_companies(clauses):
        f = ctx.frame
        ids = snapshot.largest_rounds(f.start, f.end, f.industry, f.country, limit)
        if not ids:
            return []
        clauses = [in_clause("e.id", ids)]
    rounds = fetch_rounds(ctx.db, clauses + [SUMMED_ROUNDS], order="e.count DESC", limit=limit)
    return [r for r in tally(rounds).rows if r.count is not None]


def filter_words(ctx: Context) -> str:
    f = ctx.frame
    bits = []
    if f.industry:
        bits.append(f"{f.industry} ")
    words = "".join(bits) + "companies"
    if f.country:
        words += f" in {country_phrase(f.country)}"
    return words


def _count_above(ctx: Context, clauses: list[Clause], threshold: int) -> int:
    """Companies whose total in the scope is above ``threshold`` (snapshot on big data, else SQL)."""
    snapshot = ctx.snapshot
    if snapshot is not None:
        f = ctx.frame
        totals, n_known, _ = snapshot.per_company(f.start, f.end, f.industry, f.country)
        return int(((totals > threshold) & (n_known > 0)).sum())
    sql_where, params = where(clauses + [SUMMED_ROUNDS])
    return ctx.db.execute(
        "SELECT COUNT(*) FROM (SELECT e.company_id FROM events e CROSS JOIN companies c ON c.id = e.company_id "
        f"WHERE {sql_where} GROUP BY e.company_id HAVING SUM(e.count) > ?)",
        params + (threshold,),
    ).fetchone()[0]


def _unranked(ctx: Context, clauses: list[Clause]) -> int:
    snapshot = ctx.snapshot
    if snapshot is not None:
        f = ctx.frame
        return snapshot.unranked(f.start, f.end, f.industry, f.country)
    sql_where, params = where(clauses + [SUMMED_ROUNDS])
    return ctx.db.execute(
        "SELECT COUNT(*) FROM (SELECT e.company_id FROM events e CROSS JOIN companies c ON c.id = e.company_id "
        f"WHERE {sql_where} GROUP BY e.company_id HAVING SUM(e.count) IS NULL)",
        params,
    ).fetchone()[0]


def plans_in_scope(ctx: Context, limit: int = 10) -> list[RoundRow]:
    """Planned and rumoured rounds of the scope (and later ones when the period reaches today):
    never summed, always mentioned."""
    rounds = fetch_rounds(ctx.db, ctx.plan_clauses(), statuses=("planned", "rumored"), limit=limit)
    return tally(rounds, lookup=ctx.lookup).planned


def answer_rank(ctx: Context) -> Reply:
    f = ctx.frame
    limit = f.limit or (25 if f.min_total else 10)
    clauses = ctx.scope.clauses()
    rows = company_totals(ctx, clauses, limit=limit)
    what = filter_words(ctx)
    above = None
    if f.min_total is not None:
        # "companies that cut more than 1,000 jobs": how many, and those of them that fit the list.
        above = _count_above(ctx, clauses, f.min_total)
        rows = [r for r in rows if r.total > f.min_total]
    if f.min_total is not None:
        kind = "" if what == "companies" else f" ({what})"
        headline = (f"{plural(above or 0, 'company', 'companies')}{kind} cut {f.min_words} jobs "
                    f"{period_words(ctx)}" + (f"; the largest {len(rows)}:" if rows and len(rows) < (above or 0)
                                               else ":" if rows else "."))
    elif not rows:
        headline = f"I have no layoffs with known counts for {what} {period_words(ctx)}."
    else:
        top = rows[0]
        shown = what.replace("companies", "company", 1) if len(rows) == 1 else what
        headline = (
            f"Top {len(rows)} {shown} by jobs cut {period_words(ctx)}: {top.company} leads with {fmt_count(top.total)}."
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
        sources = top_sources(ctx, clauses + [in_clause("e.company_id", ids)])
    notes = ["Ranked by the sum of known counts of confirmed and reported rounds; undisclosed rounds are not guessed."]
    unranked = _unranked(ctx, clauses)
    if unranked:
        notes.append(f"{plural(unranked, 'company', 'companies')} with only rounds of undisclosed size "
                     f"{'is' if unranked == 1 else 'are'} not ranked.")
    draft = Draft(
        intent="rank", headline=headline, description=ctx.scope.describe(subject=f"top {limit} companies"),
        company_rows=rows, lines=lines, source_rows=sources, notes=notes, planned=plans_in_scope(ctx),
        suggestions=[f"how many has {rows[0].company} cut?" if rows else "latest layoffs", "top 5 companies last year",
                     "biggest fintech layoffs 2024", "chart the top 10 companies in 2024"],
    )
    return draft.finish(ctx)


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


def scope_totals(ctx: Context, scope: Scope) -> tuple[int, int, int, int]:
    """(known total, rounds, undisclosed rounds, companies) of every company's summed rounds in
    ``scope`` (no company restriction): the columnar snapshot on big data, else one SQL aggregate."""
    snapshot = ctx.snapshot
    if snapshot is not None:
        return snapshot.overview(scope.start, scope.end, scope.industry, scope.country)
    sql_where, params = where(scope.clauses() + [SUMMED_ROUNDS])
    total, rounds, undisclosed, companies = ctx.db.execute(
        "SELECT SUM(e.count), COUNT(*), SUM(e.count IS NULL), COUNT(DISTINCT e.company_id) "
        f"FROM events e CROSS JOIN companies c ON c.id = e.company_id WHERE {sql_where}",
        params,
    ).fetchone()
    return int(total or 0), int(rounds or 0), int(undisclosed or 0), int(companies or 0)


def answer_overview(ctx: Context) -> Reply:
    clauses = ctx.scope.clauses()
    total, rounds, undisclosed, companies = scope_totals(ctx, ctx.scope)
    what = filter_words(ctx)
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
    # A long period holds many yearly figures: the text shows those that cover the whole
    # period, else the most recent few (all of them stay in the JSON's "aggregates").
    exact = [a for a in aggregates if ctx.frame.start and a["period_start"] == ctx.frame.start.isoformat()
             and ctx.frame.end and a["period_end"] == ctx.frame.end.isoformat()]
    shown = exact or sorted(aggregates, key=lambda a: (a["period_start"], a["publisher"]))[-MAX_AGGREGATE_LINES:]
    for agg in sorted(shown, key=lambda a: (a["publisher"], a["period_start"])):
        approx = "about " if agg["approximate"] else ""
        period = describe_period(*(_d(agg["period_start"]), _d(agg["period_end"])))
        line = f"Published: {agg['publisher']} ({agg['scope']}) counted {approx}{fmt_count(agg['count'])} for {period}"
        if agg["companies"]:
            line += f" across {agg['companies']:,} companies"
        line += f", as of {fmt_date(_d(agg['as_of']))}" if agg["as_of"] else ""
        line += f" — {agg['source']}" if agg["source"] else ""
        lines.append(line + ".")
    if len(shown) < len(aggregates):
        lines.append(f"… and {len(aggregates) - len(shown)} more published figures for parts of this period "
                     "(ask about one year to see its own).")
    if not aggregates and not (ctx.frame.industry or ctx.frame.country):
        lines.append("No published aggregate matches this exact period.")
    if ctx.frame.publisher:
        headline = _published_headline(ctx, aggregates, total) + " " + headline
    if ctx.frame.bucket:  # "layoffs by month in 2023": the figure per month too
        from bot.answers.periods import bucket_lines

        lines.extend(bucket_lines(ctx, ctx.frame.bucket))
    top = company_totals(ctx, clauses, limit=5)
    if top:
        lines.append("Largest: " + ", ".join(f"{r.company} {fmt_count(r.total)}" for r in top) + ".")
    draft = Draft(
        intent="overview", headline=headline, description=ctx.scope.describe(subject="all companies"),
        total=total, undisclosed=undisclosed, company_rows=top, lines=lines, planned=plans_in_scope(ctx),
        source_rows=top_sources(ctx, clauses),
        suggestions=["who cut the most in 2023?", "how many tech jobs were cut in 2024?", "latest layoffs",
                     "chart layoffs by month in 2023"],
    )
    reply = draft.finish(ctx)
    reply.extra["aggregates"] = aggregates
    reply.extra["rounds"] = rounds - undisclosed
    reply.extra["companies"] = companies or 0
    return reply


def _published_headline(ctx: Context, aggregates: list[dict[str, Any]], ours: int) -> str:
    """ "According to layoffs.fyi: about 264,220 in 2023 (global tech)." — the figures the named
    publisher published for the period asked (summed when the period spans several of its
    years), and why our sum differs."""
    publisher = ctx.frame.publisher or ""
    mine = sorted((a for a in aggregates if a["publisher"].casefold() == publisher.casefold()),
                  key=lambda a: a["period_start"])
    if not mine:
        return f"I have no figure published by {publisher} for this period; our own sum follows."
    parts = [f"{'about ' if a['approximate'] else ''}{fmt_count(a['count'])} for "
             f"{describe_period(_d(a['period_start']), _d(a['period_end']))}" for a in mine]
    scope = mine[0]["scope"]
    text = f"According to {mine[0]['publisher']} ({scope}): " + ", ".join(parts)
    if len(mine) > 1:
        summed = sum(a["count"] for a in mine)
        text += f"; {'about ' if any(a['approximate'] for a in mine) else ''}{fmt_count(summed)} in all"
    else:
        summed = mine[0]["count"]
    text += "."
    if summed != ours:
        text += (f" Our sum differs ({fmt_count(ours)}): they count their own tracker and scope; we sum the sourced "
                 "rounds in our data by the counting rules.")
    return text


def _d(value: str | None):
    import datetime as dt

    return dt.date.fromisoformat(value[:10]) if value else None


def answer_biggest_rounds(ctx: Context) -> Reply:
    """The largest single rounds across companies ("the largest single layoff")."""
    f = ctx.frame
    limit = f.limit or 10
    clauses = ctx.scope.clauses()
    snapshot = ctx.snapshot
    if snapshot is not None:
        ids = snapshot.largest_rounds(f.start, f.end, f.industry, f.country, limit)
        pieces = [in_clause("e.id", ids)] if ids else [Clause("0")]
    else:
        pieces = clauses + [Clause("e.count IS NOT NULL")]
    rounds = fetch_rounds(ctx.db, pieces + [SUMMED_ROUNDS], order="e.count DESC, e.date DESC", limit=limit)
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
    return draft.finish(ctx)


def answer_percent_all(ctx: Context) -> Reply:
    """The rounds that cut the largest share of a workforce ("which company cut the biggest %")."""
    f = ctx.frame
    limit = f.limit or (20 if f.shutdowns else 10)
    clauses = ctx.scope.clauses() + [Clause("e.percentage >= 100" if f.shutdowns else "e.percentage IS NOT NULL")]
    order = "e.date DESC, e.count DESC" if f.shutdowns else "e.percentage DESC, e.count DESC"
    snapshot = ctx.snapshot if f.shutdowns else None
    if snapshot is not None:
        # Big data: the snapshot finds them (SQL would scan every round for its percentage).
        from bot.answers.columnar import shutdowns

        n, jobs, ids = shutdowns(snapshot, f.start, f.end, f.industry, f.country, limit)
        pieces = [in_clause("e.id", ids)] if ids else [Clause("0")]
        rounds = fetch_rounds(ctx.db, pieces, order=order)
    else:
        rounds = fetch_rounds(ctx.db, clauses + [SUMMED_ROUNDS], order=order, limit=limit)
    rows = tally(rounds, lookup=ctx.lookup).rows
    if f.shutdowns:
        if snapshot is None:
            sql_where, params = where(clauses + [SUMMED_ROUNDS])
            n, jobs = ctx.db.execute(
                "SELECT COUNT(DISTINCT e.company_id), SUM(e.count) FROM events e CROSS JOIN companies c "
                f"ON c.id = e.company_id WHERE {sql_where}", params).fetchone()
        headline = (f"{plural(int(n or 0), 'company', 'companies')} shut down (cut 100% of staff) {period_words(ctx)}"
                    f", {fmt_count(int(jobs or 0))} jobs with known counts"
                    + (f"; the {len(rows)} most recent:" if len(rows) > 1 else ":" if rows else "."))
        draft = Draft(
            intent="percent", headline=headline, description=ctx.scope.describe(subject="shutdowns (100% cut)"),
            round_rows=rows, with_company=True, rows_title="Most recent first",
            notes=["A shutdown is a round recorded as 100% of the company's staff."],
            suggestions=["which company cut the biggest percentage?", "who cut the most in 2023?", "latest layoffs"],
        )
        return draft.finish(ctx)
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
    return draft.finish(ctx)


def _rounds_ranking_from_snapshot(ctx: Context, limit: int) -> list[tuple[Any, ...]] | None:
    """(name, rounds, undisclosed, total, industry, country) of the companies with the most
    rounds, from the columnar snapshot (big data: one bincount, no GROUP BY); ``None`` without one."""
    snapshot = ctx.snapshot
    if snapshot is None:
        return None
    np = snapshot.np
    f = ctx.frame
    totals, n_known, n_undisclosed = snapshot.per_company(f.start, f.end, f.industry, f.country)
    rounds = n_known + n_undisclosed
    candidates = np.nonzero(rounds)[0]
    if candidates.size == 0:
        return []
    order = np.lexsort((snapshot.name_rank[candidates], -totals[candidates], -rounds[candidates]))[:limit]
    chosen = [int(candidates[i]) for i in order]
    marks = ", ".join("?" for _ in chosen)
    info = {cid: (name, industry, country) for cid, name, industry, country in ctx.db.execute(
        f"SELECT id, name, industry, country FROM companies WHERE id IN ({marks})", chosen)}
    return [(info[c][0], int(rounds[c]), int(n_undisclosed[c]), int(totals[c]), info[c][1], info[c][2]) for c in chosen]


def answer_rank_rounds(ctx: Context) -> Reply:
    """Companies ranked by how many layoff rounds they had in the scope ("which company had the
    most layoff rounds since 2023?"): every round counts, of known size or not; a row that is part
    of a larger round (WARN filings of an announced plan) is not a round of its own.  Ties: more
    jobs cut first, then by name."""
    f = ctx.frame
    limit = f.limit or 10
    clauses = ctx.scope.clauses()
    found = _rounds_ranking_from_snapshot(ctx, limit)
    if found is None:
        sql_where, params = where(clauses + [SUMMED_ROUNDS])
        found = ctx.db.execute(
            "SELECT c.name, COUNT(*) AS rounds, SUM(e.count IS NULL) AS undisclosed, COALESCE(SUM(e.count), 0) AS total, "
            "c.industry, c.country FROM events e CROSS JOIN companies c ON c.id = e.company_id "
            f"WHERE {sql_where} GROUP BY e.company_id ORDER BY rounds DESC, total DESC, c.name LIMIT {int(limit):d}",
            params,
        ).fetchall()
    rows = [CompanyRow(company=name, total=int(total), rounds=int(rounds) - int(undisclosed or 0),
                       undisclosed_rounds=int(undisclosed or 0), industry=industry, country=country)
            for name, rounds, undisclosed, total, industry, country in found]
    what = filter_words(ctx)
    when = period_words(ctx)
    if rows:
        top = rows[0]
        all_rounds = top.rounds + top.undisclosed_rounds
        tied = [r.company for r in rows if r.rounds + r.undisclosed_rounds == all_rounds]
        lead = (f"{top.company}, with {plural(all_rounds, 'round')}" if len(tied) == 1
                else f"{', '.join(tied[:-1])} and {tied[-1]}, with {plural(all_rounds, 'round')} each")
        headline = f"Most layoff rounds {when}{'' if what == 'companies' else f' ({what})'}: {lead}"
        if top.undisclosed_rounds:
            headline += f" ({top.undisclosed_rounds} of undisclosed size)"
        headline += "."
    else:
        headline = f"I have no confirmed or reported layoff rounds for {what} {when}."
    lines = []
    for rank, row in enumerate(rows, 1):
        line = f"  {rank}. {row.company} — {plural(row.rounds + row.undisclosed_rounds, 'round')}"
        if row.rounds:
            line += f", {fmt_count(row.total)} jobs in the {plural(row.rounds, 'round')} of known size" \
                if row.undisclosed_rounds else f", {fmt_count(row.total)} jobs"
        if row.undisclosed_rounds:
            line += f" ({row.undisclosed_rounds} undisclosed)"
        lines.append(line)
    ids = company_ids(ctx.db, [r.company for r in rows[:5]])
    draft = Draft(
        intent="rank_rounds", headline=headline,
        description=ctx.scope.describe(subject=f"top {limit} companies by rounds"),
        company_rows=rows, lines=lines, source_rows=top_sources(ctx, clauses + [in_clause("e.company_id", ids)]) if ids else [],
        notes=["Ranked by the number of confirmed and reported rounds, of known size or not; filings that are part "
               "of a larger round are not rounds of their own."],
        suggestions=[f"list {rows[0].company}'s layoffs" if rows else "latest layoffs", "who cut the most in 2023?",
                     "is Amazon cutting faster than Meta?"],
    )
    return draft.finish(ctx)
