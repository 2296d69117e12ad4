"""The intent table: which answer a question asks for, chosen from its words and its slots.

One row per intent, tried in order; the first row whose trigger matches, whose blocker does not,
and whose slot needs are met names the intent.  A row says what triggers it, what blocks it,
which slots it needs (``companies``: ``"none"``, ``"one"``, ``"some"``, ``"two+"`` or ``"any"``),
where its answer lives (``"module:function"``, resolved by :mod:`bot.answers`), and what it is
for.  Adding an intent is adding a row (and its answer function)::

    IntentRule("warn", re.compile(r"\\bwarn (?:notices?|filings?)\\b"), None, "any",
               "bot.answers.warn:answer_warn", "WARN notices filed by a company or in a state"),

:func:`detect_intent` returns ``None`` when no row matches: the parser then reads the message
as a follow-up fragment or a bare period, or as not understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["INTENT_TABLE", "IntentRule", "detect_intent", "rule_for"]

_ONGOING = re.compile(r"\b(?:is|are|isn't|aren't)\b(?: \S+){0,3}? (?:laying|cutting|firing|shedding|axing)\b")
_PLANNED = re.compile(
    r"\b(?:plan|plans|planning|planned|upcoming|rumou?rs?|rumou?red|expected|expecting|going to (?:cut|lay)|"
    r"will (?:\w+ )?(?:cut|lay|fire)|more (?:layoffs|cuts|job cuts) (?:coming|ahead|soon)|next (?:round|wave)|"
    r"about to (?:cut|lay)|considering|pending|future|"
    r"(?:layoffs?|cuts?|job cuts|rounds?|wave) (?:coming|ahead|looming|on the way)|looming)\b"
)
_PERCENT = re.compile(
    r"%|\bpercent(?:age)?s?\b|\bshare of\b|\bproportion\b|\bfraction\b|\bwhat part of\b|"
    r"\b(?:of|its|their) (?:its |their |the )?(?:whole |total |entire )?(?:workforce|staff|employees|headcount)\b"
)
_LATEST = re.compile(
    r"\b(?:latest|most recent|recent|recently|newest|new layoffs|new cuts|what's new|whats new|anything new|"
    r"last (?:\S+ ){0,2}?(?:layoff|round|cut|wave)s?|when (?:was|were|did) (?:\S+ ){0,3}?last|any news|news|just (?:laid|cut)|this week|today|right now|currently|lately|"
    r"these days|at the moment)\b"
)
_ROUNDS = re.compile(
    r"\b(?:list|lists|listing|timeline|history|rounds|each|every|"
    r"all (?:the |of )?(?:\w+'s )?(?:layoffs|rounds|cuts|job cuts)|when did|when were|breakdown|details|dates|"
    r"how often|how many times|how many rounds|show me|one by one|1 by 1|individually|separately)\b"
)
_RANK = re.compile(
    r"\b(?:who (?:cut|laid|fired|has|had|did|made|shed)|which (?:companies|company|firms|firm|startups)|top \d+|top|"
    r"(?:companies|firms|startups) (?:that|which|who|with)|"
    r"most|biggest|largest|worst|rank|ranking|ranked|leaderboard|highest|leading|heaviest)\b"
)
_SINGLE = re.compile(r"\b(?:single|individual|one-off|biggest (?:round|wave)s?|largest (?:round|wave)s?|rounds)\b")
_COMPARE = re.compile(r"\b(?:vs|versus|compare|compared|comparing|comparison|against|difference between)\b")
_OVERVIEW = re.compile(
    r"\b(?:how many|total|laying off|lay off|overall|altogether|in total|all|tech|sector|industry|industries|worldwide|global|"
    r"everyone|layoffs|layoff|laid off|job cuts|jobs|cuts|cut|reductions? in force|workforce reductions?|rifs?|"
    r"furlough\w*)\b"
)
_RANK_ROUNDS = re.compile(
    r"\b(?:most|fewest|highest number of|largest number of)\b(?: \S+){0,2}? (?:rounds|waves|times)\b|"
    r"\bmost (?:layoff |job cut )?rounds\b|\b(?:most|more) often\b|\bmost frequently\b|\bmost repeatedly\b"
)
_PACE = re.compile(
    r"\b(?:faster|slower|quicker|pace|speeding up|speed up|sped up|slow(?:ed|ing|s)? down|slowing|accelerat\w*|"
    r"decelerat\w*|picking up|picked up|ramp(?:ed|ing)? up|more often than|"
    r"how fast|how quickly|rate of (?:layoffs|cuts|job cuts))\b"
)
_HOW_MANY = re.compile(r"\bhow many\b")
_BY_COMPANY = re.compile(r"\b(?:by|per|each|for each|for every) (?:company|companies|firm|firms|employer|employers)\b")
_ALL_LAYOFFS = re.compile(r"\ball (?:the |of )?(?:layoffs|cuts|job cuts)\b")
_LISTING = re.compile(r"\b(?:list|lists|listing|timeline|history|rounds|each|every|when did|when were|breakdown|details|"
                      r"dates|show me|how often|how many times|how many rounds)\b")
_SIZE = re.compile(r"\b(?:biggest|largest|worst|heaviest|by size|top \d+)\b")
_WHO_MOST = re.compile(r"\b(?:most|who|which|top)\b")


@dataclass(frozen=True, slots=True)
class IntentRule:
    """One row of the intent table."""

    intent: str
    """The intent named (``Reply.intent``); ``rounds_by_size`` is ``rounds`` sorted by size."""
    trigger: re.Pattern[str] | None
    """Words that ask for it (``None``: the slots alone decide)."""
    blocker: re.Pattern[str] | None
    """Words that mean something else even when the trigger matches."""
    companies: str
    """Company slots it needs: ``none``, ``one``, ``some`` (one or more), ``two+`` or ``any``."""
    answer: str
    """Where its answer lives, ``module:function`` (for a company and for the market)."""
    description: str
    needs_filter: bool = False
    """Only with an industry or country filter ("fintech?": a ranking of that industry)."""

    def matches(self, text: str, n_companies: int, has_filter: bool) -> bool:
        if self.trigger is not None and not self.trigger.search(text):
            return False
        if self.blocker is not None and self.blocker.search(text):
            return False
        if self.needs_filter and not has_filter:
            return False
        return {
            "none": n_companies == 0, "one": n_companies == 1, "some": n_companies >= 1,
            "two+": n_companies >= 2, "any": True,
        }[self.companies]


_LATEST_OR_ONGOING = re.compile(f"(?:{_LATEST.pattern})|(?:{_ONGOING.pattern})")

INTENT_TABLE: list[IntentRule] = [
    IntentRule("planned", _PLANNED, None, "any", "bot.answers.news:answer_planned",
               "reported plans and rumours, never summed"),
    IntentRule("rank_rounds", _RANK_ROUNDS, None, "none", "bot.answers.market:answer_rank_rounds",
               "companies ranked by number of layoff rounds (known size or not)"),
    IntentRule("pace", _PACE, None, "any", "bot.answers.pace:answer_pace",
               "pace of cutting: rounds and jobs in the last 12 months vs the 12 before, and per year"),
    IntentRule("percent", _PERCENT, None, "any", "bot.answers.company:answer_percent",
               "workforce shares, with their basis; without a company, the largest shares"),
    IntentRule("compare", None, None, "two+", "bot.answers.compare:answer_compare", "companies side by side"),
    IntentRule("compare", _COMPARE, None, "some", "bot.answers.compare:answer_compare",
               "a company against another (a follow-up adds the one just discussed)"),
    IntentRule("latest", _LATEST_OR_ONGOING, _HOW_MANY, "any", "bot.answers.news:answer_latest",
               "the most recent rounds"),
    IntentRule("rounds_by_size", re.compile(f"(?=.*(?:{_ROUNDS.pattern}))(?=.*{_SIZE.pattern})"), None, "any",
               "bot.answers.company:answer_rounds", "the largest rounds"),
    IntentRule("rank", _BY_COMPANY, None, "none", "bot.answers.market:answer_rank",
               "layoffs by company: the ranking"),
    IntentRule("overview", _ALL_LAYOFFS, _LISTING, "none", "bot.answers.market:answer_overview",
               "all layoffs in a period (\"chart all layoffs by month in 2023\"): the overview, not a list"),
    IntentRule("rounds", _ROUNDS, None, "any", "bot.answers.company:answer_rounds",
               "a timeline of rounds (across companies: the latest)"),
    IntentRule("rank", _RANK, _SINGLE, "none", "bot.answers.market:answer_rank",
               "companies ranked by jobs cut"),
    IntentRule("rounds_by_size", _RANK, None, "any", "bot.answers.market:answer_biggest_rounds",
               "the largest single rounds"),
    IntentRule("total", None, None, "one", "bot.answers.company:answer_total", "a company's total in a period"),
    IntentRule("rank", _WHO_MOST, None, "any", "bot.answers.market:answer_rank",
               "a ranking within an industry or country", needs_filter=True),
    IntentRule("overview", _OVERVIEW, None, "any", "bot.answers.market:answer_overview",
               "every company's total in a period, with the published aggregates"),
    IntentRule("overview", None, None, "any", "bot.answers.market:answer_overview",
               "an industry's or country's total", needs_filter=True),
]


def detect_intent(text: str, n_companies: int, has_filter: bool) -> str | None:
    """The intent of the first matching row of :data:`INTENT_TABLE` (``None``: no row matches)."""
    rule = rule_for(text, n_companies, has_filter)
    return rule.intent if rule else None


def rule_for(text: str, n_companies: int, has_filter: bool) -> IntentRule | None:
    for rule in INTENT_TABLE:
        if rule.matches(text, n_companies, has_filter):
            return rule
    return None
