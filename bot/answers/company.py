"""Answers about one company (or one division of it): total, rounds, percent."""

from __future__ import annotations

import re

from bot.answers.base import Context, Draft
from bot.answers.counting import tally
from bot.answers.format import (
    BASIS_TEXT,
    and_join,
    country_phrase,
    fmt_count,
    fmt_date,
    fmt_pct,
    plural,
    undisclosed_phrase,
)
from bot.answers.query import company_ids, fetch_rounds
from bot.answers.warn import warn_overlap_note
from bot.nlu.timephrase import describe_period
from bot.reply import Reply

__all__ = ["answer_total", "answer_rounds", "answer_percent", "subject", "period_words"]


def subject(ctx: Context) -> str:
    f = ctx.frame
    name = ", ".join(f.companies)
    name = f"{name} ({f.division})" if f.division else name
    # A filter narrows the company's rounds: say so, or "no layoffs for Amazon" reads as none at all.
    if f.industry:
        name += f" ({f.industry} rounds)"
    if f.country:
        name += f" in {country_phrase(f.country)}"
    return name


def period_words(ctx: Context) -> str:
    f = ctx.frame
    if f.start is None and f.end is None:
        return "in our data"
    if f.start and f.end:
        if f.start == f.end:
            return f"on {fmt_date(f.start)}"
        return f"between {fmt_date(f.start)} and {fmt_date(f.end)}"
    return describe_period(f.start, f.end)


def _rounds_and_tally(ctx: Context):
    f = ctx.frame
    scope = ctx.scope
    ids = company_ids(ctx.db, f.companies)
    rounds = fetch_rounds(ctx.db, scope.clauses(ids))
    result = tally(rounds, division=f.division, lookup=ctx.lookup)
    # Planned/rumoured rounds are always mentioned: when the period reaches today, future
    # plans are included even though they are dated after it.
    if ctx.reaches_today:
        extra = fetch_rounds(ctx.db, ctx.plan_clauses(ids), statuses=("planned", "rumored"))
        known = {r.id for r in result.planned}
        later_tally = tally(extra, division=f.division, lookup=ctx.lookup)
        for row in later_tally.planned:
            if row.id not in known and (f.end is None or row.date > f.end):
                result.planned.append(row)
                if row.id in later_tally.realized:
                    result.realized.add(row.id)
        result.planned.sort(key=lambda r: r.date, reverse=True)
    return result


def _company_notes(ctx: Context, result) -> list[str]:
    notes: list[str] = []
    f = ctx.frame
    if f.division and result.company_wide_skipped:
        notes.append(
            f"{f.companies[0]} also had {plural(result.company_wide_skipped, 'company-wide round')} in this period; "
            f"how much of {'it' if result.company_wide_skipped == 1 else 'them'} fell on {f.division} is not known, "
            "so it is not counted here."
        )
    if (f.country or f.industry) and not result.rows:
        what = " and ".join(x for x in (f.country, f.industry) if x)
        notes.append(
            f"Each round is filed under one country and industry (usually the company's own); none of "
            f"{f.companies[0]}'s rounds in this period is filed under {what}. Ask without “{what}” for all of them."
        )
    return notes


def _suggestions(ctx: Context) -> list[str]:
    name = ctx.frame.companies[0] if ctx.frame.companies else "Amazon"
    other = "Google" if name != "Google" else "Meta"
    return [f"list {name}'s layoffs", f"is {name} planning more layoffs?", f"{name} vs {other}", f"chart {name} layoffs"]


def answer_total(ctx: Context) -> Reply:
    result = _rounds_and_tally(ctx)
    who = subject(ctx)
    when = period_words(ctx)
    if result.counted_rounds == 0 and result.undisclosed == 0:
        headline = f"I have no confirmed or reported layoffs for {who} {when}."
    elif result.counted_rounds == 0 and result.shared == result.undisclosed and ctx.frame.division:
        # Only rounds across several divisions: say so (their size is not this division's).
        size = f", {fmt_count(result.shared_known)} jobs across all their divisions" if result.shared_known else ""
        headline = (f"No known count for {who} {when}: it was part of {plural(result.shared, 'round')} across "
                    f"several divisions{size}; {ctx.frame.division}'s share is undisclosed.")
    elif result.counted_rounds == 0:
        headline = f"No known count for {who} {when}: {plural(result.undisclosed, 'round')} of undisclosed size."
    else:
        headline = f"{who} cut {fmt_count(result.total)} jobs {when}, in {plural(result.counted_rounds, 'round')}"
        if result.undisclosed:
            headline += f", {undisclosed_phrase(result.undisclosed)}"
            if result.shared:
                headline += f" ({result.shared} of them across several divisions)" if result.undisclosed > 1 else \
                    " (a round across several divisions)"
        headline += "."
    if result.planned:
        pending = [p for p in result.planned if p.id not in result.realized]
        if pending:
            headline += f" {plural(len(pending), 'planned or rumoured round')} listed apart, not counted."
        if len(pending) < len(result.planned):  # a plan that came true is counted through its round
            done = len(result.planned) - len(pending)
            headline += f" {plural(done, 'earlier plan')} since confirmed {'is' if done == 1 else 'are'} listed apart."
    if ctx.frame.claim is not None:
        # "amazon cut 18000 in jan 2023 right?": the headline answers the figure the user stated.
        from bot.answers.claims import claim_sentence

        headline = claim_sentence(ctx, result, ctx.frame.claim) + " " + headline
    notes = _company_notes(ctx, result)
    warn_note = warn_overlap_note(ctx.db, ctx.frame.companies, ctx.frame.division, ctx.frame.start, ctx.frame.end)
    if warn_note:  # WARN notices: the second basis, mentioned apart, never added
        notes.append(warn_note)
    draft = Draft(
        intent="total", headline=headline, description=ctx.scope.describe(), total=result.total,
        undisclosed=result.undisclosed, round_rows=result.rows, planned=result.planned,
        notes=notes, suggestions=_suggestions(ctx)[:1] + _suggestions(ctx)[1:],
    )
    return draft.finish(ctx)


def answer_rounds(ctx: Context) -> Reply:
    result = _rounds_and_tally(ctx)
    rows = result.rows
    title = "Rounds, newest first"
    if ctx.frame.sort == "size":
        rows = sorted(rows, key=lambda r: (r.count or -1), reverse=True)
        title = "Rounds, largest first"
        if ctx.frame.limit:
            rows = rows[: ctx.frame.limit]
    who = subject(ctx)
    if not rows:
        headline = f"I have no confirmed or reported layoff rounds for {who} {period_words(ctx)}."
    elif ctx.frame.sort == "size" and rows[0].count is not None:
        # "Amazon's biggest layoff", "top 3 Amazon layoffs": the largest rounds are the answer;
        # the total is of every round of the period, said as such.
        wanted = ctx.frame.limit or (3 if _PLURAL_ASK.search(ctx.frame.text.lower()) else 1)
        sized = [r for r in rows if r.count is not None][:wanted]
        top = sized[0]
        if len(sized) == 1:
            headline = f"{who}'s largest round {period_words(ctx)}: {fmt_count(top.count)} on {fmt_date(top.date)}."
        else:
            headline = (f"{who}'s {len(sized)} largest rounds {period_words(ctx)}: "
                        + and_join([f"{fmt_count(r.count)} ({fmt_date(r.date)})" for r in sized]) + ".")
        bigger = [r for r in result.rows if r.announced_count and r.count is not None and r not in sized
                  and r.announced_count > sized[-1].count]
        for r in bigger[:1]:
            # A cumulative announcement is larger as announced, but counts its new part only.
            headline += (f" The {fmt_date(r.date)} announcement of {fmt_count(r.announced_count)} included earlier "
                         f"rounds; its new part was {fmt_count(r.count)}.")
        headline += f" In all: {fmt_count(result.total)} jobs in {plural(result.counted_rounds, 'round')}"
        if result.undisclosed:
            headline += f", {undisclosed_phrase(result.undisclosed)}"
        headline += "."
    else:
        # A row that is part of a larger round (WARN filings of an announced plan) is listed, not a round of its own.
        headline = (f"{who}: {plural(len(rows) - result.overlapping, 'round')} {period_words(ctx)}, "
                    f"{fmt_count(result.total)} jobs in total")
        if result.undisclosed:
            headline += f" ({undisclosed_phrase(result.undisclosed)})"
        headline += "."
        if result.overlapping:
            headline += (f" Also listed: {plural(result.overlapping, 'filing')} that "
                         f"{'is' if result.overlapping == 1 else 'are'} part of a round already counted.")
    draft = Draft(
        intent="rounds", headline=headline, description=ctx.scope.describe(), total=result.total,
        undisclosed=result.undisclosed, round_rows=rows, planned=result.planned, rows_title=title,
        notes=_company_notes(ctx, result), suggestions=[f"how many has {ctx.frame.companies[0]} cut?"] + _suggestions(ctx)[1:],
        source_rows=result.rows,
    )
    return draft.finish(ctx)


_PLURAL_ASK = re.compile(r"\b(?:layoffs|rounds|cuts|waves)\b")


def _basis(row) -> str:  # type: ignore[no-untyped-def]
    """ "of the whole company", "of corporate staff", "of Twitch" (a division's share names it)."""
    if row.percentage_basis == "division" and row.division:
        return f"of {row.division}"
    return BASIS_TEXT.get(row.percentage_basis or "company", "of the whole company")


def _shares_summed(ctx: Context, with_pct: list, rows: list) -> str:  # type: ignore[type-arg]
    """Several rounds with a stated share: the sources' cumulative share where a cumulative
    announcement states one (never added to the rounds it contains), else the sum of the shares
    of the same basis, said as approximate; rounds without a stated share are counted."""
    if len(with_pct) < 2:
        return ""
    text = ""
    inside: set[int] = set()
    for row in with_pct:
        raw = ctx.lookup(row.id) if row.id is not None else None
        included = ctx.lookup(raw.includes_event_id) if raw and raw.includes_event_id else None
        if included is not None and any(r.id == included.id for r in with_pct):
            inside.update({row.id, included.id})
            text += (f" The sources' own cumulative figure: {fmt_pct(row.percentage)} {_basis(row)} for the "
                     f"{fmt_date(row.date)} announcement, which includes the {fmt_date(included.date)} round — "
                     "its share is not added on top.")
    by_basis: dict[str, list] = {}  # type: ignore[type-arg]
    for row in with_pct:
        if row.id not in inside:
            by_basis.setdefault(_basis(row), []).append(row)
    for basis, same in by_basis.items():
        if len(same) >= 2:
            parts = " + ".join(fmt_pct(r.percentage) for r in reversed(same))
            text += (f" Adding the stated shares {basis}: {parts} = {fmt_pct(sum(r.percentage for r in same))} "
                     "(each of the headcount at its date: approximate).")
    missing = [r for r in rows if r.counted and r.percentage is None]
    if text and missing:
        text += f" {plural(len(missing), 'round')} in the period {'has' if len(missing) == 1 else 'have'} no stated share."
    return text


def answer_percent(ctx: Context) -> Reply:
    result = _rounds_and_tally(ctx)
    with_pct = [r for r in result.rows if r.percentage is not None]
    who = subject(ctx)
    if not with_pct:
        headline = f"I have no workforce percentage for {who}'s rounds {period_words(ctx)}."
        if result.rows:
            headline += f" In numbers: {fmt_count(result.total)} jobs in {plural(result.counted_rounds, 'round')}."
    else:
        latest = with_pct[0]
        raw = ctx.lookup(latest.id) if latest.id is not None else None
        if raw is not None and raw.includes_event_id is not None and raw.announced_count:
            # A cumulative announcement's share is of its announced total, earlier round included.
            headline = (f"{who}'s {fmt_date(latest.date)} announcement: {fmt_pct(latest.percentage)} {_basis(latest)} "
                        f"in all ({fmt_count(raw.announced_count)} announced, {fmt_count(latest.count)} of them new).")
        else:
            headline = (
                f"{who}'s {fmt_date(latest.date)} round cut {fmt_pct(latest.percentage)} {_basis(latest)}"
                f" ({fmt_count(latest.count)} jobs)."
            )
        others = [f"{fmt_pct(r.percentage)} {_basis(r)} on {fmt_date(r.date)}" for r in with_pct[1:4]]
        if others:
            headline += " Earlier: " + and_join(others) + "."
        headline += _shares_summed(ctx, with_pct, result.rows)
    draft = Draft(
        intent="percent", headline=headline, description=ctx.scope.describe(), total=None,
        undisclosed=result.undisclosed, round_rows=with_pct or result.rows, planned=result.planned,
        notes=["A percentage is a share of its basis: the whole company, its corporate staff, or one division."],
        suggestions=_suggestions(ctx), rows_title="Rounds with a stated percentage" if with_pct else "Rounds",
    )
    return draft.finish(ctx)
