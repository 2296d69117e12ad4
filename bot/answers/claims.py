"""A figure the user states ("amazon cut 18000 in jan 2023 right?"): the headline says whether
the data agrees and, when it does not, why -- tried in order, each a reading of the same rounds:

1. the total itself (or within 2% of it for a round figure: "about 57k");
2. the rounds as announced: a cumulative announcement counted whole ("18,000" included
   November's 10,000, counted in its own period);
3. rows that are part of a larger round added again (WARN filings of an announced plan);
4. rounds just outside the period asked (six months either side);
5. rounds of undisclosed size (the real figure may be higher);
6. none of these: the data's figure, with its sources.
"""

from __future__ import annotations

import datetime as dt

from bot.answers.base import Context
from bot.answers.counting import Tally, tally
from bot.answers.format import and_join, fmt_count, fmt_date, plural
from bot.answers.query import company_ids, fetch_rounds
from bot.nlu.timephrase import add_months

__all__ = ["claim_sentence"]

def _close(a: int, b: int) -> bool:
    return a == b or (b > 0 and abs(a - b) / b <= 0.02 and a % 1000 == 0)


def claim_sentence(ctx: Context, result: Tally, claim: int) -> str:
    """One sentence answering the stated figure, for the start of the headline."""
    said = fmt_count(claim)
    total = result.total
    if claim == total:
        return f"Yes, {said} matches our data."
    if _close(claim, total):
        return f"About right: {said} is close to our {fmt_count(total)}."
    counted = [r for r in result.rows if r.counted and r.count is not None]
    announced = sum((r.announced_count or r.count or 0) for r in counted)
    cumulative = [r for r in counted if r.announced_count and r.announced_count != r.count]
    if cumulative and _close(claim, announced):
        parts = [f"the {fmt_date(r.date)} announcement of {fmt_count(r.announced_count)} included earlier rounds "
                 f"(its new part was {fmt_count(r.count)})" for r in cumulative]
        return (f"Not by the counting rules: {said} counts announcements whole — " + and_join(parts)
                + "; each round is counted once, in its own period.")
    overlap = [r for r in result.rows if not r.counted and r.count is not None and r.status in ("confirmed", "reported")]
    if overlap and _close(claim, total + sum(r.count or 0 for r in overlap)):
        return (f"Not by the counting rules: {said} adds " + and_join([f"{fmt_count(r.count)} ({fmt_date(r.date)})"
                                                                      for r in overlap])
                + " that " + ("is" if len(overlap) == 1 else "are") + " part of a larger round already counted.")
    wider = _wider(ctx)
    if wider is not None:
        outside = [r for r in wider.rows if r.counted and r.count is not None and r.id not in {x.id for x in result.rows}]
        if outside and _close(claim, wider.total):
            return (f"Not in this period: {said} includes " + and_join([f"{fmt_count(r.count)} on {fmt_date(r.date)}"
                                                                        for r in outside])
                    + ", outside the period asked.")
    if result.undisclosed and claim > total:
        return (f"Our data has {fmt_count(total)} of known size, not {said}: "
                f"{plural(result.undisclosed, 'round')} of undisclosed size may make up the difference.")
    if result.planned and claim > total:
        return f"Our data has {fmt_count(total)}, not {said}: planned or rumoured cuts are not counted until confirmed."
    return f"Our data does not show {said}: the sourced rounds below add up to {fmt_count(total)}."


def _wider(ctx: Context) -> Tally | None:
    """The company's rounds six months either side of the period asked."""
    f = ctx.frame
    if not f.companies or f.start is None or f.end is None:
        return None
    scope = ctx.scope
    scope.start, scope.end = add_months(f.start, -6), min(add_months(f.end, 6), ctx.as_of or f.end + dt.timedelta(days=183))
    return tally(fetch_rounds(ctx.db, scope.clauses(company_ids(ctx.db, f.companies))), division=f.division,
                 lookup=ctx.lookup)
