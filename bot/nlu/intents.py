"""The intent table: which answer a question asks for, chosen once from its words and its slots.

:func:`choose` reads the slots (:class:`Slots`: the text left once the period and filters are
taken out, how many companies, whether a filter, a period or compared periods were read,
whether it follows another question) and returns the row that names the intent;
nothing reassigns it afterwards.  Two kinds of rows:

* **Word rows**, tried in order: the first whose trigger matches, whose blocker does not and
  whose slot needs are met (``companies``: ``"none"``, ``"one"``, ``"some"``, ``"two+"``,
  ``"<=one"`` or ``"any"``; ``needs_filter``; ``standalone``: never in a follow-up) is the
  *word reading*.
* **Slot rows** (``over`` set): readings that take the place of some word readings, tried first
  in order -- shutdowns, ranked periods, compared periods, off topic.  A slot row wins when its
  own conditions hold and the word reading is one of the row names in ``over`` (``None``: no
  word row matched); a ``complete`` row ends the reading (no follow-up merging).  "Recent
  startup shutdowns" is shutdowns; "is Amazon planning shutdowns" stays planned.

A row says what triggers it, what blocks it, which slots it needs, where its answer lives
(``"module:function"``, resolved by :mod:`bot.answers`), what it is for, and the frame's mode
flags it sets (``sets``: a value, or a function of the trigger's match).  ``name`` tells rows of
one intent apart (``rounds_by_size`` is ``rounds`` with ``sort="size"``).  Adding an intent is
adding a row (and its answer function)::

    IntentRule("warn", re.compile(r"\\bwarn (?:notices?|filings?)\\b"), None, "any",
               "bot.answers.warn:answer_warn", "WARN notices filed by a company or in a state"),

:func:`detect_intent` returns ``None`` when no row matches: the parser then reads the message
as a follow-up fragment or a bare period, or as not understood.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

__all__ = ["INTENT_TABLE", "Choice", "IntentRule", "Slots", "choose", "detect_intent", "rule_for"]

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


_LAYOFF_WORDS = re.compile(
    r"\b(?:lay ?offs?|laid|laying off|lay off|cuts?|cutting|fired|firing|fire|redundanc\w*|downsiz\w*|"
    r"restructur\w*|axed?|let go|shed|slash\w*|eliminat\w*|job cuts|lost (?:their )?jobs|rounds?)\b"
)
_SHUTDOWN = re.compile(
    r"\b(?:shut ?downs?|shutting down|shut down|closed (?:down|shop)|went (?:under|bust|bankrupt)|"
    r"bankrupt\w*|folded|ceased operations|wound down)\b|\b100 ?%"
)
_PERIOD_RANK = re.compile(
    r"\b(?:which|what) (?P<a>month|quarter|year)s?\b(?! (?:did|was|were) (?:the )?(?:last|latest|first))"
    r"|\b(?:worst|best|busiest|biggest|peak|heaviest|top \d+) (?P<b>month|quarter|year)s?\b"
)
# Questions about a company that are not about layoffs ("what is Google's revenue", "how many
# people work at Google"): said to be out of scope instead of answered with a layoff total.
_OFF_TOPIC = re.compile(
    r"\b(?:revenues?|profits?|earnings|stock|stocks|share price|market cap\w*|valuation|salary|salaries|wages?|"
    r"hiring|hire|hires|ceo|founders?|founded|headquarter\w*|hq|ipo|acquisitions?|acquired?|"
    r"work (?:at|for)|working (?:at|for)|(?:employees|staff|people|workers) (?:does|do) \w+ (?:have|employ)|"
    r"how many (?:employees|people|staff|workers) (?:does|do|work|are)|interview|apply|job openings?|careers?)\b"
)


@dataclass(frozen=True, slots=True)
class Slots:
    """What the intent is chosen from: the slots read before it, each on its own."""

    text: str
    """The message with the period, filters and hedges taken out (normalized)."""
    companies: int = 0
    filtered: bool = False
    """An industry or country filter was read."""
    period: bool = False
    periods: int = 0
    """How many periods are compared ("2023 vs 2024": 2)."""
    followup: bool = False
    """There is a previous question this one may follow."""


_COMPANY_NEEDS: dict[str, Callable[[int], bool]] = {
    "none": lambda n: n == 0, "one": lambda n: n == 1, "some": lambda n: n >= 1,
    "two+": lambda n: n >= 2, "<=one": lambda n: n <= 1, "any": lambda n: True,
}

SetValue = object | Callable[[re.Match[str]], object]


@dataclass(frozen=True, slots=True)
class IntentRule:
    """One row of the intent table."""

    intent: str
    """The intent named (``Frame.intent``, ``Reply.intent``)."""
    trigger: re.Pattern[str] | None
    """Words that ask for it (``None``: the slots alone decide)."""
    blocker: re.Pattern[str] | None
    """Words that mean something else even when the trigger matches."""
    companies: str
    """Company slots it needs: ``none``, ``one``, ``some`` (one or more), ``two+``, ``<=one`` or ``any``."""
    answer: str
    """Where its answer lives, ``module:function`` (for a company and for the market)."""
    description: str
    needs_filter: bool = False
    """Only with an industry or country filter ("fintech?": a ranking of that industry)."""
    standalone: bool = False
    """Never in a follow-up ("what about in India?" narrows the previous question instead)."""
    needs_period: bool | None = None
    """``True``: only with a period; ``False``: only without one; ``None``: either."""
    needs_periods: bool = False
    """Only with two or more periods compared ("2023 vs 2024"); the row answers each apart."""
    over: frozenset[str | None] | None = None
    """A slot row: the word readings (row names, ``None`` for none) it takes the place of."""
    sets: Mapping[str, SetValue] = field(default_factory=dict)
    """The frame's mode flags this row sets: a value, or a function of the trigger's match."""
    complete: bool = False
    """The frame is complete: no follow-up merging, no ranking defaults (shutdowns, off topic)."""
    name: str = ""
    """Tells rows of one intent apart (default: the intent)."""

    @property
    def key(self) -> str:
        """The row's name: ``name``, or the intent."""
        return self.name or self.intent

    def read(self, slots: Slots) -> re.Match[str] | bool:
        """The trigger's match (``True`` for a row without trigger) when the row's conditions hold, else ``False``."""
        found: re.Match[str] | bool = True
        if self.trigger is not None:
            match = self.trigger.search(slots.text)
            if match is None:
                return False
            found = match
        if self.blocker is not None and self.blocker.search(slots.text):
            return False
        if (self.needs_filter and not slots.filtered) or (self.standalone and slots.followup):
            return False
        if self.needs_period is not None and self.needs_period != slots.period:
            return False
        if self.needs_periods and slots.periods < 2:
            return False
        return found if _COMPANY_NEEDS[self.companies](slots.companies) else False

    def matches(self, text: str, n_companies: int, has_filter: bool) -> bool:
        """Whether the row's conditions hold for a message without period or previous question."""
        return bool(self.read(Slots(text, n_companies, has_filter)))

    def flags(self, match: re.Match[str] | bool) -> dict[str, object]:
        """The frame's mode flags this row sets, its functions applied to the trigger's match."""
        return {k: (v(match) if callable(v) and isinstance(match, re.Match) else v) for k, v in self.sets.items()}


@dataclass(frozen=True, slots=True)
class Choice:
    """The row chosen and the trigger's match."""

    rule: IntentRule
    match: re.Match[str] | bool

    @property
    def intent(self) -> str:
        return self.rule.intent

    def flags(self) -> dict[str, object]:
        """The frame's mode flags the chosen row sets."""
        return self.rule.flags(self.match)


_LATEST_OR_ONGOING = re.compile(f"(?:{_LATEST.pattern})|(?:{_ONGOING.pattern})")
_BY_SIZE = {"sort": "size"}
_FINAL = frozenset({"planned", "rank_rounds", "pace", "percent", "compare", "latest", "rounds_by_size", "rank",
                    "overview", "rounds", "total", None})
"""Every word reading (row names) and none: the slot rows that take the place of any of them."""

SLOT_ROWS: list[IntentRule] = [
    IntentRule("percent", _SHUTDOWN, None, "none", "bot.answers.market:answer_percent_all",
               "companies that shut down: the rounds that cut 100%", name="shutdowns",
               over=frozenset({"rank", "overview", "percent", "rounds", "latest", None}),
               sets={"shutdowns": True}, complete=True),
    IntentRule("rank", _PERIOD_RANK, None, "any", "bot.answers.periods:answer_rank_periods",
               "months, quarters or years ranked by jobs cut (\"which month had the most layoffs\")",
               name="period_rank", over=frozenset({"rank", "rounds", "rounds_by_size", "overview", "total", "compare", None}),
               sets={"rank_periods": True, "bucket": lambda m: m["a"] or m["b"]}, complete=True),
    IntentRule("compare", None, None, "<=one", "bot.answers.compare:answer_compare_periods",
               "periods side by side (\"2023 vs 2024\", \"Amazon Q1 2023 versus Q1 2024\")", name="compare_periods",
               needs_periods=True, over=frozenset({None, "total", "overview", "compare", "rank"})),
    IntentRule("compare", None, None, "none", "bot.answers.compare:answer_compare_periods",
               "periods side by side (\"list layoffs in 2023 vs 2024\")", name="compare_periods",
               needs_periods=True, over=frozenset({"rounds"})),
    IntentRule("unknown", _OFF_TOPIC, _LAYOFF_WORDS, "any", "bot.answers.guide:answer_unknown",
               "not about layoffs (revenue, hiring, headcount): said to be out of scope", name="off_topic",
               needs_period=False, over=_FINAL, sets={"out_of_scope": True}, complete=True),
]
"""Readings the slots decide, each taking the place of the word readings in its ``over``."""

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
    IntentRule("rounds", re.compile(f"(?=.*(?:{_ROUNDS.pattern}))(?=.*{_SIZE.pattern})"), None, "any",
               "bot.answers.company:answer_rounds", "the largest rounds", name="rounds_by_size", sets=_BY_SIZE),
    IntentRule("rank", _BY_COMPANY, None, "none", "bot.answers.market:answer_rank",
               "layoffs by company: the ranking"),
    IntentRule("overview", _ALL_LAYOFFS, _LISTING, "none", "bot.answers.market:answer_overview",
               "all layoffs in a period (\"chart all layoffs by month in 2023\"): the overview, not a list"),
    IntentRule("rounds", _ROUNDS, None, "any", "bot.answers.company:answer_rounds",
               "a timeline of rounds (across companies: the latest)"),
    IntentRule("rank", _RANK, _SINGLE, "none", "bot.answers.market:answer_rank",
               "companies ranked by jobs cut"),
    IntentRule("rounds", _RANK, None, "any", "bot.answers.market:answer_biggest_rounds",
               "the largest single rounds", name="rounds_by_size", sets=_BY_SIZE),
    IntentRule("total", None, None, "one", "bot.answers.company:answer_total", "a company's total in a period"),
    IntentRule("rank", _WHO_MOST, None, "any", "bot.answers.market:answer_rank",
               "a ranking within an industry or country", needs_filter=True),
    IntentRule("overview", _OVERVIEW, None, "any", "bot.answers.market:answer_overview",
               "every company's total in a period, with the published aggregates"),
    IntentRule("overview", None, None, "any", "bot.answers.market:answer_overview",
               "an industry's or country's total (in a follow-up, \"fintech?\" narrows the previous question)",
               needs_filter=True, standalone=True),
]
"""The word rows, in order."""


def choose(slots: Slots) -> Choice | None:
    """The row naming the intent: the first slot row whose conditions hold and whose ``over``
    holds the word reading, else the word reading (``None``: no row matches)."""
    words = _first(INTENT_TABLE, slots)
    reading = words.rule.key if words else None
    for rule in SLOT_ROWS:
        if rule.over is not None and reading in rule.over:
            match = rule.read(slots)
            if match:
                return Choice(rule, match)
    return words


def _first(rows: list[IntentRule], slots: Slots) -> Choice | None:
    for rule in rows:
        match = rule.read(slots)
        if match:
            return Choice(rule, match)
    return None


def detect_intent(text: str, n_companies: int, has_filter: bool) -> str | None:
    """The intent of the word rows of :data:`INTENT_TABLE` for a message on its own, without
    period (``None``: no row matches); :func:`choose` reads every slot."""
    choice = choose(Slots(text, n_companies, has_filter))
    return choice.intent if choice else None


def rule_for(text: str, n_companies: int, has_filter: bool) -> IntentRule | None:
    """The row :func:`detect_intent` chooses."""
    choice = choose(Slots(text, n_companies, has_filter))
    return choice.rule if choice else None
