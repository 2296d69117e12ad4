"""Help and the graceful unknown: examples, did-you-mean, what the bot can answer."""

from __future__ import annotations

import re

from bot.answers.base import Context, as_written
from bot.answers.format import and_join, fmt_date
from bot.answers.query import SUMMED_ROUNDS
from bot.answers.warn import WARN_EXAMPLE, warn_data_line
from bot.data.sources import freshness_lines
from bot.nlu.timephrase import describe_period
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
    "which company had the most layoff rounds since 2023?",
    "is Amazon cutting faster than Meta?",
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
        warn_data_line(ctx.db),
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
        + ["Periods: since 2022, in 2023, last year, Q1 2023, first half of 2024, past 6 months, between March and June 2023; "
           "any of them after since, before, until or between … and (since late 2022, before Q3 2023).",
           f"WARN notices (state filings, a second basis never summed with the rounds): “{WARN_EXAMPLE}”, "
           "“WARN filings in California in 2024”, “is my office affected? Amazon Seattle”.",
           _as_of_line(ctx)]
    )
    return Reply(intent="help", text=text.strip(), headline="What I can answer", suggestions=EXAMPLES[:4],
                 as_of=ctx.as_of, understood=Understood(description="help"))


def _period_phrase(start, end) -> str:  # type: ignore[no-untyped-def]
    """ "in 2024" for a calendar year, else "since 1 Sep 2022", "between 1 Jan 2023 and 31 Mar 2023"."""
    if start and end and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"in {start.year}"
    if start and end:
        return f"between {fmt_date(start)} and {fmt_date(end)}"
    return describe_period(start, end)


def _unknown_name(ctx: Context) -> Reply:
    """A company we don't have: said plainly, with no figure (no total, no rows, no chart), the
    closest names we do have, what can be answered instead, and how an admin adds it."""
    frame = ctx.frame
    names = [as_written(n, frame.text) for n in frame.unknown_names]
    quoted = and_join([f"“{n}”" for n in names])
    headline = (f"I don't have {quoted} in our data: no layoffs are recorded under "
                f"{'that name' if len(names) == 1 else 'those names'}, so I give no figure for "
                f"{'it' if len(names) == 1 else 'them'}.")
    closest = [c for c in frame.closest if c.casefold() not in {n.casefold() for n in names}]
    lines = [headline]
    if closest:
        lines.append("Closest names I have: " + ", ".join(closest) + ".")
    when = _period_phrase(frame.start, frame.end) if frame.has_period else ""
    instead = [f"how many jobs were cut {when}?" if frame.has_period else "how many tech jobs were cut in 2024?"]
    if frame.industry:
        instead.append(f"biggest {frame.industry.lower()} layoffs" + (f" {when}" if frame.has_period else ""))
    instead.append("who cut the most in 2024?")
    lines.append("I can answer instead: " + " · ".join(f"“{s}”" for s in instead))
    lines.append(
        f"Admins: add its rounds with `layoffbot data add --company \"{names[0]}\" --date YYYY-MM-DD --count N "
        "--source URL`; if it is another name for a company we have, add a row to data/aliases.csv "
        "(alias,company,division,ambiguous,note) and rebuild with `layoffbot data init`."
    )
    lines.append(_as_of_line(ctx))
    suggestions = [f"how many has {c} cut?" for c in closest[:1]] + instead
    reply = Reply(intent="unknown", text="\n".join(x for x in lines if x), headline=headline,
                  suggestions=suggestions[:4], as_of=ctx.as_of,
                  understood=Understood(start=frame.start, end=frame.end, industry=frame.industry,
                                        country=frame.country, description="unknown company"))
    reply.extra["unknown_names"] = names
    if closest:
        reply.extra["closest"] = closest
    return reply


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
        return _unknown_name(ctx)
    if frame.junk:
        headline = "I couldn't read a question in that."
        text = "\n".join([headline, _SCOPE, "Try: " + " · ".join(f"“{s}”" for s in suggestions), _as_of_line(ctx)])
        return Reply(intent="unknown", text=text.strip(), headline=headline, suggestions=suggestions, as_of=ctx.as_of,
                     understood=Understood(description="not understood"))
    if frame.out_of_scope and frame.companies:
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
