"""Comparisons: companies side by side ("Meta vs Google") and periods ("2023 vs 2024")."""

from __future__ import annotations

import re

from bot.answers.base import Context, Draft
from bot.answers.company import period_words, subject
from bot.answers.counting import tally
from bot.answers.format import and_join, fmt_count, plural
from bot.answers.market import company_totals, filter_words, scope_totals, top_sources
from bot.answers.query import company_ids, fetch_rounds, in_clause
from bot.nlu.timephrase import describe_period
from bot.reply import CompanyRow, Reply, RoundRow

__all__ = ["answer_compare", "answer_compare_periods"]

_COMBINED = re.compile(r"\b(?:combined|together|altogether|in total|total|in all|sum|summed|both)\b")


def answer_compare(ctx: Context) -> Reply:
    f = ctx.frame
    ids = company_ids(ctx.db, f.companies)
    base = ctx.scope.clauses()
    found = {r.company: r for r in company_totals(ctx, base + [in_clause("e.company_id", ids)], limit=None,
                                                  order_by_total=False)}
    rows = [found.get(name, CompanyRow(company=name, total=0, rounds=0)) for name in f.companies]
    planned_rounds = fetch_rounds(ctx.db, ctx.plan_clauses(ids), statuses=("planned", "rumored"))
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
    if _COMBINED.search(f.text.lower()) and len(rows) >= 2:
        # Different companies' rounds never overlap: their sum is a true combined figure.
        together = sum(r.total for r in rows)
        undisclosed = sum(r.undisclosed_rounds for r in rows)
        headline += f" Together: {fmt_count(together)}" + (f" (+{undisclosed} undisclosed)" if undisclosed else "") + "."
    notes = []
    if f.division:
        notes.append(f"Compared whole companies; “{f.division}” was not applied to the comparison.")
    draft = Draft(
        intent="compare", headline=headline, description=ctx.scope.describe(subject=" vs ".join(f.companies)),
        company_rows=rows, planned=planned, with_company=True, notes=notes,
        source_rows=top_sources(ctx, base + [in_clause("e.company_id", ids)]),
        suggestions=[f"list {f.companies[0]}'s layoffs", f"compare {and_join(f.companies)} in 2023",
                     "who cut the most in 2023?", f"chart {' vs '.join(f.companies[:2])}"],
    )
    return draft.finish(ctx)


def _period_label(start, end) -> str:  # type: ignore[no-untyped-def]
    """ "2023", "Q1 2023", "Jan 2023", else the period's dates."""
    import calendar

    if start and end and start.day == 1:
        last = calendar.monthrange(end.year, end.month)[1] == end.day
        if last and start.year == end.year:
            if (start.month, end.month) == (1, 12):
                return str(start.year)
            if (start.month, end.month) in ((1, 6), (7, 12)):
                return f"H{1 if start.month == 1 else 2} {start.year}"
            if end.month - start.month == 2 and start.month % 3 == 1:
                return f"Q{(start.month + 2) // 3} {start.year}"
            if start.month == end.month:
                return f"{calendar.month_abbr[start.month]} {start.year}"
    if start and end and (start.month, start.day) == (1, 1) and start.year == end.year:
        return f"{start.year} (to {end.day} {calendar.month_abbr[end.month]})"  # this year so far
    return describe_period(start, end)


def answer_compare_periods(ctx: Context) -> Reply:
    """One company (or all companies) in two or more periods: "Amazon 2023 vs 2024"."""
    from dataclasses import replace as _replace

    f = ctx.frame
    ids = company_ids(ctx.db, f.companies) if f.companies else None
    what = filter_words(ctx)
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
        else:  # every company: the overview's totals (snapshot on big data)
            total, rounds, undisclosed, _ = scope_totals(ctx, scope)
            known = rounds - undisclosed
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
        source_rows = top_sources(ctx, ctx.scope.clauses())
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
    reply.extra["periods"] = periods_out
    return reply
