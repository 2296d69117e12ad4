"""From a chat message to a :class:`Frame`: slots first, then the intent.

:func:`parse` is a short pipeline (:func:`_read`): clean the text (:mod:`bot.nlu.text`) and
number words; shortcuts (help, thanks, questions about the data); the period with its operator
(:mod:`bot.nlu.timephrase`, removed from the text so "may" or "march" never reach company
matching); every other slot on its own (stated figure, publisher, hedges, chart, bucket,
industry/country filters, limit, companies known / ambiguous / unknown); the intent, chosen
once from those slots by the intent table (:func:`bot.nlu.intents.choose`: word rows, and slot
rows for shutdowns, ranked periods, compared periods and off-topic questions), whose chosen row
also sets the frame's mode flags (:func:`_apply`: ``shutdowns``, ``rank_periods``, ``sort``…);
then follow-up merging in one place (:func:`_follow_up`, :func:`_merge`).  Last, the rules every intent obeys
(:func:`_unknown_name_rule`): junk and names we don't have get no figure.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from bot.nlu.companies import LAYOFF_CONTEXT, CompanyIndex, Resolution
from bot.nlu.filters import find_country, find_industry
from bot.nlu.intents import _COMPARE, _LAYOFF_WORDS, Choice, Slots, choose
from bot.nlu.numbers import replace_number_words
from bot.nlu.stated import stated_figure
from bot.nlu.text import clean, normalize
from bot.nlu.timephrase import Period, describe_period, parse_period
from bot.nlu.words import INTENT_WORDS, QUESTION_WORDS

__all__ = ["Frame", "parse"]


@dataclass(slots=True)
class Frame:
    """What a question asks, as data."""

    intent: str
    text: str = ""
    companies: list[str] = field(default_factory=list)
    division: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    has_period: bool = False
    industry: str | None = None
    country: str | None = None
    limit: int | None = None
    chart: bool = False
    bucket: str | None = None
    sort: str = "date"
    did_you_mean: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    followup: bool = False
    out_of_scope: bool = False
    unknown_names: list[str] = field(default_factory=list)
    """Words where a company name goes that match no company ("how many did nvidia cut")."""
    courtesy: bool = False
    """A thank-you or goodbye ("thanks!", "cheers"): a short, friendly reply, not the help text."""
    min_total: int | None = None
    """A ranking's threshold, exclusive: "companies that cut more than 1000 jobs" -> 1000."""
    min_words: str = ""
    """The threshold as said: "more than 1,000", "at least 5,000"."""
    about_data: bool = False
    """A question about the data itself ("where does your data come from?", "how up to date...")."""
    shutdowns: bool = False
    """Only rounds that cut 100% of a company ("which startups shut down in 2023")."""
    rank_periods: bool = False
    """Rank months/quarters/years instead of companies ("which month had the most layoffs")."""
    periods: list[tuple[dt.date | None, dt.date | None]] = field(default_factory=list)
    """Two or more periods to compare ("2023 vs 2024"); empty otherwise."""
    publisher: str | None = None
    """A publisher named ("according to layoffs.fyi"): its published aggregate leads the answer."""
    ignored: list[str] = field(default_factory=list)
    """Words read but not acted on that could have mattered ("roughly"): named in a note."""
    claim: int | None = None
    """A count the user states ("amazon cut 18000 in jan 2023 right?"): the headline answers it."""
    junk: bool = False
    """Punctuation, symbols or template syntax only ("%", "%s%s%n", "{{x}}"): no figure."""
    closest: list[str] = field(default_factory=list)
    """Companies we have with names close to the unknown ones (did-you-mean)."""


_HELP = re.compile(
    r"^(?:help|commands|usage|examples?|what can you do|what do you (?:do|know)|how do(?:es)? (?:this|it|you) work|"
    r"who are you|what are you|start|hi|hello|hey|yo|menu|\?+)(?: (?:me|bot|layoffbot|there|please))?$"
    r"|\bwhat can (?:i|you) ask\b|\bhow (?:do|can) i use\b|^help\b"
)
_ABOUT_DATA = re.compile(
    r"\b(?:your|the|this|ur) (?:data|dataset|database|sources?|numbers|figures)\b|\bup to date\b|\bwhere do you get\b|"
    r"\b(?:what|which) (?:data|dataset|database|sources?) (?:do|does|are)\b|"
    r"\b(?:data|dataset|database) (?:come from|sources?|last updated|updated|accurate|reliable)\b|\bas of when\b"
)
_COURTESY = re.compile(
    r"^(?:(?:ok(?:ay)?|great|cool|nice|perfect|awesome|got it|good)\s*)?(?:thanks?(?: you)?(?: (?:so much|a lot|bot|layoffbot))?|"
    r"thx|ty|tysm|cheers|much appreciated|appreciate it|bye|goodbye|good bye|see you|ok(?:ay)?|great|cool|nice|"
    r"perfect|awesome|got it|good bot)$"
)
# "is Oracle laying people off?", "are they cutting jobs": the present, i.e. the latest rounds.
_CHART = re.compile(r"\b(?:chart|charts|plot|plots|graph|graphs|visuali[sz]e|visuali[sz]ation|draw|diagram|histogram)\b")
_BUCKET = re.compile(r"\b(?:by|per|each|every) (month|quarter|year)\b|\b(monthly|quarterly|yearly|annual(?:ly)?)\b")
_FOLLOWUP = re.compile(
    r"^(?:and|what about|how about|what of|same for|same but|same with|now|also|ok and|okay and|then|"
    r"and what about|and how about|and for|and in|for|in)\b"
)
_PRONOUN = re.compile(
    r"\b(?:them|they|their|theirs|it|its|those|these|that company|this company|the company|both|"
    r"(?:is|was|of|in|for) (?:that|this)(?= *$| *\?))\b"
)
_STANDALONE = re.compile(
    r"\b(?:layoffs?|lay ?offs|job cuts|jobs|companies|company's|firms|tech|everyone|anyone|anybody|all|market|"
    r"industry|sector|world|worldwide|global|overall)\b"
)
_THRESHOLD = re.compile(
    r"\b(?P<op>more than|over|above|at least|upwards of|>=|>)\s*(?P<n>\d{2,7})\s*"
    r"(?=(?:jobs|people|employees|workers|staff|positions|roles)\b|$|\s)"
)
_LIMIT = re.compile(r"\btop (\d{1,5})\b|\b(\d{1,5}) (?:biggest|largest|companies|firms|worst|highest|most)\b")
_LAST_N_ROUNDS = re.compile(r"\b(?:last|latest|recent) (\d{1,2}) (?:layoffs|rounds|cuts)\b")


_PERIOD_COMPARE = re.compile(
    r"\b(?:vs|versus|compare|compared|comparing|against|(?:more|less|fewer|worse|better)\b.*\bor\b|"
    r"(?:worse|better|more|fewer|less|bigger|smaller|higher|lower)\b(?: \S+){0,3}? than)\b"
)
_PERIOD_WORDS = re.compile(r"\b(?:19[89]\d|20\d\d|q[1-4]|h[12])\b")
_YEAR_AND_YEAR = re.compile(r"^(?:in |during )?(?P<a>(?:19[89]|20\d)\d)\s*(?:and|-|to)\s*(?P<b>(?:19[89]|20\d)\d)$")


_SUB_YEAR = (
    r"\b(q[1-4]|h[12]|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
_PERIOD_TOKEN = re.compile(_SUB_YEAR)
_SHARED_YEAR = re.compile(_SUB_YEAR + r"(?!\s+(?:of\s+)?(?:19[89]|20\d)\d)")  # a part of a year without its year


def _compared_periods(first: Period, rest: str, today: dt.date) -> list[tuple[dt.date | None, dt.date | None]]:
    """"2023 vs 2024", "compare 2023 and 2024", "Q1 2023 versus Q1 2024": the periods, in order."""
    pair = _YEAR_AND_YEAR.match(first.phrase)
    if pair:  # "compare 2023 and 2024" is two years, not the range 2023-2024
        a, b = sorted((int(pair["a"]), int(pair["b"])))
        return [(dt.date(a, 1, 1), dt.date(a, 12, 31)), (dt.date(b, 1, 1), dt.date(b, 12, 31))]
    # "worse than 2023": here a year after "than" is the other period, not a count.
    rest = re.sub(r"\bthan\s+(?=(?:19[89]|20\d)\d\b)", "than in ", rest)
    second = parse_period(rest, today)
    if second is None and first.start and first.end and first.start.year == first.end.year:
        # "H1 vs H2 2023", "Q1 vs Q2 2024", "March vs April 2023": the year said once serves both.
        second = parse_period(_SHARED_YEAR.sub(rf"\1 {first.start.year}", rest), today)
    if second is None or (second.start, second.end) == (first.start, first.end):
        return []
    periods = [(first.start, first.end), (second.start, second.end)]
    periods.sort(key=lambda p: p[0] or dt.date.min)
    return periods


def _whole_word(phrase: str) -> str:
    """A pattern for ``phrase`` as whole words ("sales" in "salesforce sales layoffs" is the
    second word, never the start of "salesforce")."""
    return rf"(?<![\w.]){re.escape(phrase)}(?![\w])"


def _remove(text: str, phrase: str) -> str:
    """``text`` without the whole-word ``phrase``."""
    removed = re.sub(_whole_word(phrase), " ", text, count=1)
    return re.sub(r"\s+", " ", removed).strip()


def parse(text: str, index: CompanyIndex, today: dt.date, previous: Frame | None = None) -> Frame:
    """The frame of ``text`` (a follow-up of ``previous`` when it reads as one), with the rules
    every intent obeys applied last, in one place: junk and names we don't have get no figure."""
    if is_junk(text):
        return Frame(intent="unknown", text=clean(text)[0], junk=True)
    frame = _read(text, index, today, previous)
    return _unknown_name_rule(frame, index)


# Format strings and template syntax ("%s%s%n", "{{x}}", "${name}", "{0}"): text that is no question.
_TEMPLATE_JUNK = re.compile(r"%[0-9a-fA-F]{2}(?![0-9a-zA-Z])|\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[nrtabfv0\\])|%(?:\([^()]*\))?(?:\d+\$)?[-+ #0-9.*]*(?:hh|h|ll|l|q|j|z|t|L)?[a-zA-Z%@]|&(?:#x?[0-9a-fA-F]+|[a-zA-Z]+);|\{\{.*?\}\}|\{%.*?%\}|\$?\{[^{}]*\}|\$\([^()]*\)|`[^`]*`|<[^<>]*>")


def is_junk(text: str) -> bool:
    """Nothing but punctuation, symbols, format strings or template syntax: no question to answer."""
    if not isinstance(text, str):
        return False
    display = clean(text)[0]
    if not display.strip() or re.fullmatch(r"[\s?]+", display):
        return False  # empty, only a mention, or "?": the help text
    # The raw text, not the cleaned one: NFKC turns symbols into letters ("₨" -> "Rs").
    rest = _TEMPLATE_JUNK.sub(" ", text)
    # No letters left, and no year ("2023?" is a question; "%00", "50%", "100%%" are not).
    # A lone letter (the "s" of "%s&#x27;") is no word either; "X?" stays a question (a name).
    if re.fullmatch(r"\s*[A-Za-z][\s?!.]*", display):
        return False
    return not re.search(r"[^\W\d_]{2}", rest) and not re.search(r"(?<!\d)(?:19[89]|20\d)\d(?!\d)", rest)


# Template and format syntax inside a real question ("amazon layoffs 2023 %s%n", "{{x}} meta
# layoffs"): dropped before reading.  Stricter than _TEMPLATE_JUNK: "50% of staff" stays.
_TEMPLATE_PIECE = re.compile(
    r"%(?:\([^()]*\))?(?:\d+\$)?[-+#0.]*\d*(?:\.\d+)?(?:hh|h|ll|l|q|j|z|t|L)?[diouxXeEfFgGcrsanp@](?![a-z])|"
    r"\{\{.*?\}\}|\{%.*?%\}|\$\{[^{}]*\}|\$\([^()]*\)|&(?:#x?[0-9a-fA-F]+|[a-zA-Z]+);"
)


def _unknown_name_rule(frame: Frame, index: CompanyIndex) -> Frame:
    """A name we don't have never gets a figure: alone it makes the frame ``unknown`` (whatever
    intent the words named); beside names we have, they are answered and it is named in a note."""
    if not frame.unknown_names or frame.intent == "help":
        return frame
    frame.closest = _closest(frame.unknown_names, index)
    if not frame.companies:
        frame.intent = "unknown"
        frame.periods, frame.rank_periods, frame.shutdowns = [], False, False
        return frame
    names = ", ".join(f"“{_as_written(n, frame.text)}”" for n in frame.unknown_names)
    frame.notes.insert(0, f"I don't have {names} in our data: no figure for {'it' if len(frame.unknown_names) == 1 else 'them'} "
                          f"here, only for {', '.join(frame.companies)}.")
    return frame


def _closest(names: list[str], index: CompanyIndex) -> list[str]:
    """Companies we have whose names are close to the unknown ones (did-you-mean)."""
    from rapidfuzz import fuzz

    out: dict[str, None] = {}
    for name in names:
        for company in index.fuzzy_names(name, 5):
            # autocomplete's matching is loose ("nvidia" -> "Navi"): keep names that read alike
            if fuzz.ratio(name.casefold(), company.casefold()) >= 70:
                out.setdefault(company, None)
    return list(out)[:3]


def _as_written(word: str, text: str) -> str:
    # Words as normalized; the message may have "&", "-" or "." between them ("ernst & young").
    pattern = r"[\W_]+".join(re.escape(w) for w in word.split())
    original = re.search(pattern, text, re.IGNORECASE)
    return original.group(0) if original else word


# Names of the form "Bank of America", "University of Phoenix": the place is part of the name.
_INSTITUTION = re.compile(r"\b(?:bank|university|college|bancorp|royal bank|state bank|national bank) of (?:the )?"
                          r"(?!the\b)[a-z]+(?: (?:york|jersey|zealand|america|scotland|england|mellon)){0,2}\b")


# Publishers whose aggregates are stored (``aggregates.publisher``), as users name them.
_PUBLISHERS = {"layoffs.fyi": "layoffs.fyi", "layoffs fyi": "layoffs.fyi", "layoffsfyi": "layoffs.fyi",
               "challenger": "Challenger", "challenger gray": "Challenger", "trueup": "TrueUp", "true up": "TrueUp"}
_PUBLISHER = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _PUBLISHERS), key=len, reverse=True)) + r")(?:'s)?\b")
# Hedges and qualifiers the answer cannot honour (figures are exact sums of sourced counts).
_HEDGES = re.compile(r"\b(roughly|approximately|approx|around|about|nearly|almost|exactly|precisely|estimated|net|"
                     r"at most|give or take|ballpark)\b(?= (?:how|what|\d))")
_CLAIM_HEDGES = {"about", "around", "roughly", "nearly", "almost", "approximately"}


# "in '23", "jan ’23": a year said with two digits (after a space, never inside a word).
_SHORT_YEAR = re.compile(r"(?<![\w'’])['’]([0-3]\d|9\d)\b")


def _read(text: str, index: CompanyIndex, today: dt.date, previous: Frame | None = None) -> Frame:
    """The pipeline: normalize, shortcuts (help, thanks, about the data), the period, every
    other slot, the intent chosen once from the table (a complete row -- shutdowns, ranked
    periods, off topic -- ends here), then follow-up merging (one place) or the frame as is."""
    display, normalized = clean(_SHORT_YEAR.sub(lambda m: ("19" if m[1] >= "90" else "20") + m[1], text))
    if _TEMPLATE_PIECE.search(display):
        display = re.sub(r"\s+", " ", _TEMPLATE_PIECE.sub(" ", display)).strip()
        normalized = normalize(display)
    normalized = replace_number_words(normalized)
    frame = Frame(intent="unknown", text=display)
    if _shortcut(frame, normalized, display, index):
        return frame
    rest = _read_period(frame, normalized, today)
    rest, resolution = _read_slots(frame, rest, display, index, previous)
    choice = choose(Slots(rest, len(frame.companies), bool(frame.industry or frame.country), frame.has_period,
                          len(frame.periods), previous is not None))
    intent = _apply(frame, choice)
    if choice is not None and choice.rule.complete:
        return frame
    content_words = [w for w in rest.split() if w not in QUESTION_WORDS and w not in INTENT_WORDS and not w.isdigit()]
    merged = _follow_up(frame, rest, intent, resolution, previous, content_words)
    if merged is not None:
        return merged
    return _finish(frame, rest, intent, content_words)


def _shortcut(frame: Frame, normalized: str, display: str, index: CompanyIndex) -> bool:
    """Help, thanks and questions about the data itself: the frame is complete."""
    if not normalized or _HELP.search(normalized):
        frame.intent = "help"
        return True
    if _COURTESY.search(normalized):
        frame.intent, frame.courtesy = "help", True
        return True
    if (_ABOUT_DATA.search(normalized) and not _LAYOFF_WORDS.search(normalized)
            and not index.resolve(normalized, display).companies):  # "the numbers for Amazon" is about Amazon
        frame.intent, frame.about_data = "help", True
        return True

    return False


def _read_period(frame: Frame, normalized: str, today: dt.date) -> str:
    """The period slot (with its operator), or the periods compared; the text without them."""
    if _PERIOD_COMPARE.search(normalized):
        # "Q1 vs Q2 2023", "H1 vs H2 2023": one year said for both (never the most recent Q1).
        years = set(re.findall(r"\b(?:19[89]|20\d)\d\b", normalized))
        if len(years) == 1 and _SHARED_YEAR.search(normalized) and len(_PERIOD_TOKEN.findall(normalized)) >= 2:
            normalized = _SHARED_YEAR.sub(rf"\1 {years.pop()}", normalized)
    rest = normalized
    period: Period | None = parse_period(normalized, today)
    if period is not None:
        frame.start, frame.end, frame.has_period = period.start, period.end, True
        rest = (normalized[: period.span[0]] + " " + normalized[period.span[1] :]).strip()
        apart = _YEAR_AND_YEAR.match(period.phrase)
        if _PERIOD_COMPARE.search(normalized) or (
            apart and " and " in period.phrase and abs(int(apart["b"]) - int(apart["a"])) > 1
        ):
            # "2023 vs 2024"; and "2023 and 2025" (not the range 2023-2025, which has 2024 in it):
            # each period answered apart.
            frame.periods = _compared_periods(period, rest, today)
            if frame.periods:
                rest = _PERIOD_WORDS.sub(" ", rest)
    return rest


def _read_slots(
    frame: Frame, rest: str, display: str, index: CompanyIndex, previous: Frame | None
) -> tuple[str, Resolution]:
    """Every slot but the period, each read on its own: stated figure, publisher, hedges, chart,
    bucket, industry, country, limit, companies (known, typo, ambiguous, unknown)."""
    frame.claim = stated_figure(rest)
    publisher = _PUBLISHER.search(rest)
    frame.publisher = _PUBLISHERS[publisher.group(1)] if publisher else None
    frame.ignored = [w for w in _HEDGES.findall(rest) if not (frame.claim and w in _CLAIM_HEDGES)]
    frame.chart = bool(_CHART.search(rest))
    bucket = _BUCKET.search(rest)
    if bucket:
        word = bucket.group(1) or bucket.group(2)
        frame.bucket = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}.get(word, word)
        if word.startswith("annual"):
            frame.bucket = "year"
    institution = _INSTITUTION.search(rest)
    if institution and index.lookup(institution.group(0)) is None and LAYOFF_CONTEXT.search(rest):
        # "bank of america job cuts": a name we don't have, never the United States filter.
        frame.unknown_names.append(institution.group(0))
        rest = _remove(rest, institution.group(0))
    unfiltered = rest
    industry = find_industry(rest, index.industries)
    if industry:
        frame.industry = industry[0]
        rest = _remove(rest, industry[1])
    country = find_country(rest, display, index.countries)
    if country:
        frame.country = country[0]
        rest = _remove(rest, country[1])
    limit = _LIMIT.search(rest) or _LAST_N_ROUNDS.search(rest)
    if limit:
        asked = int(next(g for g in limit.groups() if g))
        frame.limit = max(1, min(100, asked))
        if asked > 100:
            frame.notes.append(f"I list at most 100, not {asked:,}.")

    resolution = index.resolve(rest, display, bare_ok=previous is not None or len(rest.split()) <= 3)
    if industry or country:
        # A filter word inside a company or division name ("Microsoft Gaming", "Amazon India")
        # belongs to the name: resolve with it, and drop that filter.
        full = index.resolve(unfiltered, display, bare_ok=previous is not None or len(unfiltered.split()) <= 3)
        named = " ".join(m.surface for m in full.mentions if not m.fuzzy)
        if industry and re.search(_whole_word(industry[1]), named):
            frame.industry, industry, resolution = None, None, full
        if country and re.search(_whole_word(country[1]), named):
            frame.country, country, resolution = None, None, full
        if resolution is full:
            rest = unfiltered
            for left in (industry, country):
                if left:
                    rest = _remove(rest, left[1])
    if resolution.companies and industry:
        # A company has one industry: "Google cloud layoffs" asks about a part of Google we do
        # not track, not about Google's rounds filed under another industry (there are none).
        if len(resolution.companies) == 1:
            frame.notes.append(
                f"I have no “{industry[1]}” division for {resolution.companies[0]}: this counts all of "
                f"{resolution.companies[0]}."
            )
        else:
            frame.notes.append(f"I have no “{industry[1]}” division: this counts whole companies.")
        frame.industry = None
    frame.companies = resolution.companies
    frame.division = resolution.division
    frame.did_you_mean = resolution.did_you_mean
    frame.unknown_names = list(dict.fromkeys(frame.unknown_names + resolution.unknown))
    for mention in resolution.mentions:
        if mention.fuzzy:
            frame.notes.append(f"Read “{mention.surface}” as {mention.entry.company}.")

    return rest, resolution


def _apply(frame: Frame, choice: Choice | None) -> str | None:
    """The chosen row's intent, with the mode flags it sets laid on the frame; compared periods
    kept only for a row that compares them (their span is then the frame's period)."""
    if choice is None:
        intent = None
    else:
        intent = choice.intent
        for name, value in choice.flags().items():
            setattr(frame, name, value)
        if choice.rule.complete:
            frame.intent = intent
            return intent
    if frame.periods and choice is not None and choice.rule.needs_periods:
        frame.start = min((p[0] for p in frame.periods if p[0]), default=None)
        frame.end = max((p[1] for p in frame.periods if p[1]), default=None)
    elif frame.periods:
        if len(frame.companies) >= 2:
            # "Amazon 2022 vs Meta 2023": companies are compared over one period; say which.
            first = frame.periods[0] if (frame.start, frame.end) == frame.periods[0] else (frame.start, frame.end)
            frame.notes.append(
                f"Compared over {describe_period(*first)} only: one period per comparison of companies "
                f"(ask “{frame.companies[0]} 2022 vs 2023” to compare one company's periods)."
            )
        frame.periods = []
    return intent


def _follow_up(
    frame: Frame, rest: str, intent: str | None, resolution: Resolution, previous: Frame | None,
    content_words: list[str],
) -> Frame | None:
    """Follow-up merging, in one place: the previous frame with this message laid over it, or
    ``None`` when the message stands on its own."""
    if previous is None:
        return None
    is_followup = bool(_FOLLOWUP.search(rest))
    company_words = {word for mention in resolution.mentions for word in mention.surface.split()}
    # A follow-up either says so ("what about", "and ...") or is a bare fragment: a company,
    # a period and/or a filter without layoff words of its own ("Google?", "2024?", "India?").
    fragment = (
        intent in (None, "total")
        and not LAYOFF_CONTEXT.search(rest)
        and not _COMPARE.search(rest)
        and len([w for w in content_words if w not in company_words]) <= 1
        and bool(frame.companies or frame.has_period or frame.industry or frame.country)
    )
    if previous.companies and not frame.companies and not frame.did_you_mean:
        # "list them", "how many did they cut in 2023", "percentages?", "how many in 2023": about
        # the companies just discussed -- a pronoun, or a short message of question words and
        # an intent or period only (no layoff noun: "latest layoffs" asks afresh).
        refers = bool(_PRONOUN.search(rest))
        bare = (
            len(rest.split()) <= 4 and not _STANDALONE.search(rest) and not (frame.industry or frame.country)
            and (not content_words or (len(content_words) == 1 and intent is not None))
            and (intent is not None or frame.has_period)
        )
        if refers or bare:
            merged = _merge(previous, frame, None if intent == "overview" else intent)
            if intent in ("overview", "total"):  # "how many in 2023": the count, for those companies
                merged.intent = "total" if len(merged.companies) == 1 else "compare"
            return merged
    if previous.companies and intent == "compare" and len(frame.companies) == 1:
        # "compare with Google", "vs Google": the company just discussed against a new one.
        return _merge(previous, frame, "compare")
    if is_followup or fragment or (intent is None and frame.chart):
        return _merge(previous, frame, intent)
    return None


def _finish(frame: Frame, rest: str, intent: str | None, content_words: list[str]) -> Frame:
    """A message on its own: its intent, or a bare period / not understood; a ranking's threshold and limit."""
    if frame.did_you_mean and not frame.companies and intent != "rank":
        frame.intent = "unknown"
        return frame
    if intent is None:
        if frame.did_you_mean:
            frame.intent = "unknown"
        elif frame.chart or (frame.has_period and not content_words and not frame.unknown_names):
            frame.intent = "overview"  # "2023", "Q1 2024?": every company in that period
        else:
            frame.intent = "unknown"
            frame.out_of_scope = bool(content_words) and not LAYOFF_CONTEXT.search(rest)
        return frame
    frame.intent = intent
    if intent == "rank":
        threshold = _THRESHOLD.search(rest)
        if threshold:
            at_least = threshold["op"] in ("at least", ">=")
            frame.min_total = int(threshold["n"]) - (1 if at_least else 0)  # a total must exceed it
            frame.min_words = f"{'at least' if at_least else 'more than'} {int(threshold['n']):,}"
    if intent == "rank" and frame.limit is None:
        frame.limit = 25 if frame.min_total is not None else 10
    return frame




def _merge(previous: Frame, new: Frame, intent: str | None) -> Frame:
    """A follow-up: the previous frame with whatever the new message says laid over it."""
    merged = replace(previous, text=new.text, followup=True, notes=list(new.notes), did_you_mean=list(new.did_you_mean),
                     unknown_names=[])
    merged.chart = new.chart
    merged.bucket = new.bucket or (previous.bucket if new.chart else None)
    if new.has_period:
        merged.start, merged.end, merged.has_period = new.start, new.end, True
    if new.industry:
        merged.industry = new.industry
    if new.country:
        merged.country = new.country
    if new.limit:
        merged.limit = new.limit
    if new.companies:
        if (previous.intent == "compare" and len(new.companies) == 1 and intent in (None, "total")) or (
            intent == "compare" and len(new.companies) == 1 and previous.companies
        ):
            merged.companies = previous.companies + [c for c in new.companies if c not in previous.companies]
            merged.division = None if len(merged.companies) > 1 else new.division
        else:
            merged.companies = new.companies
            merged.division = new.division
        if not previous.companies:
            # From a ranking or an overview to one company: the market filters ("fintech", "in
            # India") were the ranking's; the company keeps only those the new message says.
            merged.industry, merged.country = new.industry, new.country
        if previous.intent in ("rank", "overview", "help", "unknown") and intent in (None, "total"):
            merged.intent = "total" if len(merged.companies) == 1 else "compare"
        if merged.intent == "compare" and len(merged.companies) < 2:
            merged.intent = "total"
    elif new.did_you_mean or new.unknown_names:
        # "what about nvidia?": not the previous company again -- say we don't have it.
        merged.intent = "unknown"
        merged.unknown_names = list(new.unknown_names)
        if new.unknown_names:
            merged.companies, merged.division = [], None
        return merged
    if intent not in (None, "total"):
        merged.intent = intent
        if intent == "rank":
            merged.companies, merged.division = [], None
            merged.limit = new.limit or previous.limit or 10
    if merged.intent in ("help", "unknown") and not merged.companies:
        merged.intent = "overview"
    return merged
