"""Help and the graceful unknown: examples, did-you-mean, what the bot can answer."""

from __future__ import annotations

import re

from bot.answers.base import Context
from bot.answers.format import fmt_date
from bot.answers.query import SUMMED_ROUNDS
from bot.data.sources import freshness_lines
from bot.reply import Reply, Understood

__all__ = ["answer_help", "answer_unknown", "EXAMPLES"]

EXAMPLES = [
    "how many has Amazon cut?",
    "list Amazon's layoffs",
    "who cut the most in 2023?",
    "Meta vs Google",
    "latest layoffs",
    "what % of its workforce did Salesforce cut?",
    "is Amazon planning more layoffs?",
    "how many tech jobs were cut in 2023?",
    "chart Amazon layoffs",
]

_SCOPE = (
    "I answer questions about corporate layoffs from a curated, sourced dataset: totals for a company "
    "or division in a period, its rounds, rankings (by industry or country too), comparisons, the latest "
    "cuts, workforce percentages, reported plans and rumours, and overall totals."
)


def _as_of_line(ctx: Context) -> str:
    return f"Data as of {fmt_date(ctx.as_of)}." if ctx.as_of else ""


def _about_data(ctx: Context) -> Reply:
    snapshot = ctx.snapshot
    if snapshot is not None:  # big data: the summed rounds the snapshot holds, no scan of every row
        import numpy as np

        rounds, companies, curated = snapshot.size, int(np.unique(snapshot.company).size), None
    else:
        rounds, companies, curated = ctx.db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT e.company_id), SUM(e.origin = 'curated') FROM events e "
            f"WHERE {SUMMED_ROUNDS.sql}", SUMMED_ROUNDS.params,
        ).fetchone()
    first = ctx.first_date
    headline = (f"My data: {rounds or 0:,} confirmed or reported layoff rounds at {companies or 0:,} companies"
                + (f", from {fmt_date(first)}" if first else "")
                + (f" to {fmt_date(ctx.as_of)}" if ctx.as_of else "") + ".")
    text = "\n".join([
        headline,
        (f"{curated or 0:,} rounds are" if curated is not None else "The largest rounds are")
        + " curated by hand from company announcements and the press; the rest come from "
        "the layoffs.fyi export. Every answer lists the sources of the rounds it counts; planned and rumoured "
        "rounds are kept apart and never summed.",
        *freshness_lines(ctx.db),
        _as_of_line(ctx),
        "Try: " + " · ".join(f"“{s}”" for s in EXAMPLES[:3]),
    ])
    return Reply(intent="help", text=text.strip(), headline=headline, suggestions=EXAMPLES[:3], as_of=ctx.as_of,
                 understood=Understood(description="about the data"))


def answer_help(ctx: Context) -> Reply:
    if ctx.frame.about_data:
        return _about_data(ctx)
    if ctx.frame.courtesy:
        headline = "You're welcome! Ask me about layoffs any time."
        text = "\n".join([headline, "Try: " + " · ".join(f"“{s}”" for s in EXAMPLES[:3]), _as_of_line(ctx)])
        return Reply(intent="help", text=text.strip(), headline=headline, suggestions=EXAMPLES[:3], as_of=ctx.as_of,
                     understood=Understood(description="thanks"))
    text = "\n".join(
        [_SCOPE, "Examples:"] + [f"  • {e}" for e in EXAMPLES]
        + ["Periods: since 2022, in 2023, last year, Q1 2023, first half of 2024, past 6 months, between March and June 2023.",
           _as_of_line(ctx)]
    )
    return Reply(intent="help", text=text.strip(), headline="What I can answer", suggestions=EXAMPLES[:4],
                 as_of=ctx.as_of, understood=Understood(description="help"))


def answer_unknown(ctx: Context) -> Reply:
    frame = ctx.frame
    if frame.did_you_mean:
        written, meant = frame.did_you_mean[0]
        original = re.search(re.escape(written), frame.text, re.IGNORECASE)
        written = original.group(0) if original else written  # the user's own spelling
        headline = f"I don't have “{written}” — did you mean {meant}?"
        suggestions = [f"how many has {meant} cut?", f"list {meant}'s layoffs"]
        text = "\n".join([headline, "Try: " + " · ".join(f"“{s}”" for s in suggestions), _as_of_line(ctx)])
        reply = Reply(intent="unknown", text=text.strip(), headline=headline, suggestions=suggestions, as_of=ctx.as_of,
                      understood=Understood(description="unknown company"))
        reply.extra["did_you_mean"] = [{"written": w, "company": c} for w, c in frame.did_you_mean]
        return reply
    suggestions = EXAMPLES[:4]
    if frame.unknown_names and not frame.companies:
        original = re.search(re.escape(frame.unknown_names[0]), frame.text, re.IGNORECASE)
        name = original.group(0) if original else frame.unknown_names[0]
        headline = f"I don't have “{name}” in our data: no layoffs are recorded under that name."
    elif frame.out_of_scope and frame.companies:
        name = frame.companies[0]
        headline = f"That's outside what I know: about {name}, I only answer questions about its layoffs."
        suggestions = [f"how many has {name} cut?", f"list {name}'s layoffs", f"is {name} planning more layoffs?"]
    elif frame.out_of_scope:
        headline = "That's outside what I know: I only answer questions about layoffs."
    else:
        headline = "I couldn't tell which company or period you mean."
    text = "\n".join([headline, _SCOPE, "Try: " + " · ".join(f"“{s}”" for s in suggestions), _as_of_line(ctx)])
    return Reply(intent="unknown", text=text.strip(), headline=headline, suggestions=suggestions, as_of=ctx.as_of,
                 understood=Understood(companies=list(frame.companies), description="not understood"))
