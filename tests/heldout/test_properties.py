"""Properties of understanding, with generated inputs (Hypothesis).

(a) A company we don't have -- a generated name (random words, syllables, names with digits
    or symbols such as 3Vexa, Kalo&Dor, Zorvex.com), filtered against every company name and
    alias of the database (and anything close enough to be a typo of one) -- in any of fifteen
    question templates and any period phrase: no total, no rows, no chart; as the follow-up
    of a question about a company we have, too (and the reply names it).
(b) Every period phrase P of the time grammar (years, quarters, halves, months, parts of the
    year, seasons, relative years/quarters/months), generated together with its meaning (its
    span, computed here, not by the parser): "P" alone reads as that span; "since P" starts at
    P's start and is open-ended; "before P" ends the day before P's start and is open at the
    start; "after P" starts the day after P ends; "until P" ends at P's end.
(c) Junk -- punctuation, symbols, control and format characters, emoji, format strings
    (%s %n), template syntax ({{x}} ${x} <%= %>) -- gives no figure and never raises, alone or
    as the follow-up of a real question.
(d) A company we have, in any period phrase and any of several verbs and letter cases: the
    total and undisclosed rounds the reference computes; every alias of the database reads as
    its company (and division) with the reference's total; a follow-up naming only a period
    keeps the company, one naming only a company keeps the period; a figure the user states (2000, 2,000, 2k -- year-like
    numbers included) is never taken for a period, and the headline answers it.
(e) Comparisons of two to four companies joined by vs / commas / and / or / slashes, with or
    without a period: every company named is answered, by the reference's totals; with names
    we don't have mixed in, the known ones are answered and each unknown one is named.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import itertools
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from reference import Reference, Scope

from bot.engine import Engine
from bot.reply import CompanyRow, Reply

TODAY = dt.date(2026, 2, 15)
_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
_turn = itertools.count()


def _no_figure(reply: Reply, question: str) -> None:
    why = f"\nquestion: {question!r}\n--- reply ({reply.intent}, total={reply.total}, rows={len(reply.rows)}) ---\n{reply.text}"
    assert reply.headline != "Something went wrong", "the engine raised" + why
    assert reply.total is None, "no total" + why
    assert not reply.rows, "no rows" + why
    assert reply.chart is None, "no chart" + why


# -- the time grammar, each phrase with its meaning ---------------------------------------------

Span = tuple[dt.date, dt.date]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_YEARS = st.integers(min_value=2019, max_value=2026)
_QUARTER_WORDS = {1: ["first", "1st"], 2: ["second", "2nd"], 3: ["third", "3rd"], 4: ["fourth", "4th"]}
_HALF_WORDS = {1: ["first", "1st"], 2: ["second", "2nd"]}
_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "the end of": (10, 12), "end of": (10, 12),
          "the start of": (1, 3), "the beginning of": (1, 3), "spring": (3, 5), "summer": (6, 8), "fall": (9, 11),
          "autumn": (9, 11)}


@st.composite
def year_phrase(draw: st.DrawFn) -> tuple[str, Span]:
    y = draw(_YEARS)
    return str(y), (dt.date(y, 1, 1), dt.date(y, 12, 31))


@st.composite
def quarter_phrase(draw: st.DrawFn) -> tuple[str, Span]:
    q, y = draw(st.integers(1, 4)), draw(_YEARS)
    form = draw(st.sampled_from(["q{q} {y}", "Q{q} {y}", "{y} q{q}", "the {w} quarter of {y}", "{w} quarter {y}"]))
    text = form.format(q=q, y=y, w=draw(st.sampled_from(_QUARTER_WORDS[q])))
    return text, (dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q))


@st.composite
def half_phrase(draw: st.DrawFn) -> tuple[str, Span]:
    h, y = draw(st.integers(1, 2)), draw(_YEARS)
    form = draw(st.sampled_from(["h{h} {y}", "H{h} {y}", "the {w} half of {y}", "{w} half of {y}"]))
    text = form.format(h=h, y=y, w=draw(st.sampled_from(_HALF_WORDS[h])))
    return text, ((dt.date(y, 1, 1), dt.date(y, 6, 30)) if h == 1 else (dt.date(y, 7, 1), dt.date(y, 12, 31)))


@st.composite
def month_phrase(draw: st.DrawFn) -> tuple[str, Span]:
    m, y = draw(st.integers(1, 12)), draw(_YEARS)
    name = draw(st.sampled_from([calendar.month_name[m], calendar.month_abbr[m]]))
    name = draw(st.sampled_from([name, name.lower()]))
    form = draw(st.sampled_from(["{n} {y}", "{n} of {y}"]))
    return form.format(n=name, y=y), (dt.date(y, m, 1), _month_end(y, m))


@st.composite
def part_phrase(draw: st.DrawFn) -> tuple[str, Span]:
    part, y = draw(st.sampled_from(sorted(_PARTS))), draw(_YEARS)
    first, last = _PARTS[part]
    return f"{part} {y}", (dt.date(y, first, 1), _month_end(y, last))


@st.composite
def relative_phrase(draw: st.DrawFn) -> tuple[str, Span]:
    which = draw(st.sampled_from(["last year", "this year", "last quarter", "last month", "this month"]))
    q_first = dt.date(TODAY.year, 3 * ((TODAY.month - 1) // 3) + 1, 1)
    prev_q_end = q_first - dt.timedelta(days=1)
    month_first = TODAY.replace(day=1)
    prev_m_end = month_first - dt.timedelta(days=1)
    spans = {
        "last year": (dt.date(TODAY.year - 1, 1, 1), dt.date(TODAY.year - 1, 12, 31)),
        "this year": (dt.date(TODAY.year, 1, 1), TODAY),
        "last quarter": (dt.date(prev_q_end.year, prev_q_end.month - 2, 1), prev_q_end),
        "last month": (prev_m_end.replace(day=1), prev_m_end),
        "this month": (month_first, TODAY),
    }
    return which, spans[which]


ABSOLUTE = st.one_of(year_phrase(), quarter_phrase(), half_phrase(), month_phrase(), part_phrase())
PERIODS = st.one_of(ABSOLUTE, relative_phrase())


@st.composite
def rolling_phrase(draw: st.DrawFn) -> str:
    n = draw(st.integers(2, 24))
    unit = draw(st.sampled_from(["months", "days", "weeks", "years"]))
    return draw(st.sampled_from(["last {n} {u}", "the past {n} {u}", "in the last {n} {u}"])).format(n=n, u=unit)


def _read(engine: Engine, question: str) -> Reply:
    reply = engine.answer(question, conversation=f"prop-{next(_turn)}")
    assert reply.headline != "Something went wrong", f"the engine raised on {question!r}"
    return reply


def _span(reply: Reply) -> tuple[dt.date | None, dt.date | None]:
    return reply.understood.start, reply.understood.end


def _is_relative(phrase: str) -> bool:
    return phrase.startswith(("last ", "this "))


@_settings
@given(PERIODS, st.sampled_from(["amazon layoffs {p}", "how many did meta cut in {p}", "intel job cuts {p}",
                                  "google layoffs during {p}"]))
def test_a_period_phrase_reads_as_its_span(engine: Engine, period: tuple[str, Span], template: str) -> None:
    phrase, (start, end) = period
    if _is_relative(phrase):  # "in last year" could be the past 12 months: ask "meta ... last year"
        template = template.replace("in {p}", "{p}").replace("during {p}", "{p}")
    reply = _read(engine, template.format(p=phrase))
    assert _span(reply) == (start, end), f"{phrase!r}\n{reply.text}"


@_settings
@given(PERIODS, st.sampled_from(["amazon layoffs since {p}", "how many has microsoft cut since {p}?", "meta job cuts since {p}"]))
def test_since_p_starts_at_p_and_is_open(engine: Engine, period: tuple[str, Span], template: str) -> None:
    phrase, (start, _end) = period
    reply = _read(engine, template.format(p=phrase))
    assert _span(reply) == (start, None), f"since {phrase!r}\n{reply.text}"


@_settings
@given(PERIODS, st.sampled_from(["amazon layoffs before {p}", "how many had google cut before {p}?", "intel job cuts before {p}"]))
def test_before_p_ends_before_p_starts(engine: Engine, period: tuple[str, Span], template: str) -> None:
    phrase, (start, _end) = period
    # "before the end of 2022" means "by the end of 2022" in English: not "before Oct-Dec 2022".
    assume("end of" not in phrase)
    reply = _read(engine, template.format(p=phrase))
    assert _span(reply) == (None, start - dt.timedelta(days=1)), f"before {phrase!r}\n{reply.text}"


@_settings
@given(ABSOLUTE, ABSOLUTE, st.sampled_from(["amazon layoffs between {a} and {b}", "meta job cuts from {a} to {b}",
                                           "how many did intel cut from {a} through {b}"]))
def test_between_p1_and_p2_spans_both(engine: Engine, first: tuple[str, Span], second: tuple[str, Span], template: str) -> None:
    (a, (a_start, _)), (b, (b_start, b_end)) = first, second
    assume(a_start < b_start and a_start <= b_end)
    question = template.format(a=a, b=b)
    reply = _read(engine, question)
    assert _span(reply) == (a_start, b_end), f"{question}\n{reply.text}"


@_settings
@given(ABSOLUTE, st.sampled_from(["amazon layoffs after {p}", "how many has meta cut after {p}"]))
def test_after_p_starts_after_p_ends(engine: Engine, period: tuple[str, Span], template: str) -> None:
    phrase, (_start, end) = period
    # "after the start of 2023" reads as "since early 2023" in English, not "from April 2023".
    assume("start of" not in phrase and "beginning of" not in phrase)
    reply = _read(engine, template.format(p=phrase))
    assert _span(reply) == (end + dt.timedelta(days=1), None), f"after {phrase!r}\n{reply.text}"


@_settings
@given(ABSOLUTE, st.sampled_from(["amazon layoffs until {p}", "meta job cuts through {p}"]))
def test_until_p_ends_at_p_end(engine: Engine, period: tuple[str, Span], template: str) -> None:
    phrase, (_start, end) = period
    reply = _read(engine, template.format(p=phrase))
    assert _span(reply) == (None, end), f"until {phrase!r}\n{reply.text}"


# -- companies we don't have --------------------------------------------------------------------

_SYLLABLES = ["ka", "zo", "ri", "vu", "be", "lo", "ne", "xi", "tra", "qua", "dor", "vex", "lum", "pyr", "sol",
              "tek", "nor", "zan", "bri", "gal", "mon", "fy", "ix", "ur", "el", "ost", "dra", "kel"]
_SUFFIXES = ["", "", "", " labs", " ai", " inc", " corp", " systems", " bank", " health", "ly", "ify", "io"]
_STOP = {"help", "top", "most", "many", "much", "last", "since", "before", "after", "year", "month", "week", "latest",
         "may", "mar", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "jan", "feb", "apr", "fall", "mid", "late",
         "early", "total", "rank", "india", "fintech", "tech", "bank", "health", "zoom", "snap", "block", "x"}


def _fuzzy_close(name: str, known: set[str]) -> bool:
    folded = name.casefold()
    for other in known:
        if folded == other or difflib.SequenceMatcher(None, folded, other).ratio() >= 0.6:
            return True
        if other in folded.split() or folded in other.split():
            return True
    return False


_RANDOM_NAME = st.from_regex(r"[A-Z][a-z]{4,9}( [A-Z][a-z]{3,8})?", fullmatch=True)


_WORD = st.lists(st.sampled_from(_SYLLABLES), min_size=2, max_size=3).map("".join)
# Names with digits or symbols, as companies are named: 3Vexa, Kalo&Dor, Zorvex.com, Tri-Lum.
_SYMBOL_NAME = st.one_of(
    st.tuples(st.integers(2, 99), _WORD).map(lambda p: f"{p[0]}{p[1]}"),
    st.tuples(_WORD, st.sampled_from(["&", " & ", "-", "."]), _WORD).map("".join),
    _WORD.map(lambda w: f"{w}.com"),
)


@st.composite
def unknown_name(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["random", "syllables", "syllables", "symbols"]))
    if kind == "random":
        return draw(_RANDOM_NAME)
    if kind == "symbols":
        return draw(_SYMBOL_NAME)
    base = "".join(draw(st.lists(st.sampled_from(_SYLLABLES), min_size=2, max_size=4)))
    base += draw(st.sampled_from(_SUFFIXES))
    style = draw(st.sampled_from(["lower", "title", "upper"]))
    return {"lower": base.lower(), "title": base.title(), "upper": base.upper()}[style]


_UNKNOWN_TEMPLATES = [
    "how many did {n} cut{p}?",
    "{n} layoffs{p}",
    "{n} job cuts{p}",
    "how many people got let go at {n}{p}",
    "did {n} lay anyone off{p}?",
    "list {n}'s layoffs{p}",
    "{n} layoff rounds{p}",
    "what % of staff did {n} cut{p}",
    "has {n} axed anyone{p}",
    "layoffs at {n}{p}",
    "chart of {n} layoffs{p}",
    "how many has {n} sacked{p}",
    "latest {n} layoffs",
    "{n} vs {m}{p}",
    "is {n} planning layoffs{p}",
]


@st.composite
def period_suffix(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["none", "in", "bare", "since", "before", "rolling"]))
    if kind == "none":
        return ""
    if kind == "rolling":
        return " " + draw(rolling_phrase())
    phrase = draw(PERIODS)[0]
    return {"in": f" in {phrase}", "bare": f" {phrase}", "since": f" since {phrase}", "before": f" before {phrase}"}[kind]


@_settings
@given(unknown_name(), unknown_name(), st.sampled_from(_UNKNOWN_TEMPLATES), period_suffix())
def test_a_company_we_dont_have_gets_no_figure(
    engine: Engine, ref: Reference, name: str, other: str, template: str, period: str
) -> None:
    known = ref.names_and_aliases()
    for candidate in (name, other):
        assume(not _fuzzy_close(candidate, known))
        assume(not any(word in _STOP for word in candidate.casefold().split()))
    assume(name.casefold() != other.casefold())
    question = template.format(n=name, m=other, p=period)
    _no_figure(_read(engine, question), question)


# -- junk ---------------------------------------------------------------------------------------

_FORMATS = ["%s", "%n", "%d", "%x", "%p", "%%", "%1$s", "{}", "{0}", "{0!r}", "{x}", "{{x}}", "${x}", "#{x}", "<%= x %>",
            "{% x %}", "{{ x }}", "$(x)", "`x`", "%(name)s", "${{7*7}}", "{{7*7}}", "\\n", "\\x00", "&#x27;", "%00"]
_EMOJI = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
_SYMBOLS = st.characters(categories=["Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Cc", "Cf"])
_JUNK_PIECE = st.one_of(st.sampled_from(_FORMATS), st.text(_SYMBOLS, min_size=1, max_size=6), st.text(_EMOJI, min_size=1, max_size=3))
JUNK = st.lists(_JUNK_PIECE, min_size=1, max_size=6).flatmap(
    lambda pieces: st.sampled_from(["", " "]).map(lambda sep: sep.join(pieces))
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(JUNK, st.sampled_from([None, "amazon layoffs 2023", "meta vs google", "top 5 companies by layoffs"]))
def test_junk_gets_no_figure_and_never_raises(engine: Engine, junk: str, before: str | None) -> None:
    conversation = f"junk-{next(_turn)}"
    if before is not None:
        engine.answer(before, conversation=conversation)
    reply = engine.answer(junk, conversation=conversation)
    _no_figure(reply, junk)


# -- known companies: figures by the reference, aliases, follow-ups -------------------------

_COMPANY_NAMES = ["Amazon", "Meta", "Google", "Microsoft", "Intel", "Twitter", "PayPal", "Byju's", "Paytm",
                  "Salesforce", "Zoom", "Snap", "Block", "Oracle", "Swiggy"]
_VERBS = ["{c} layoffs {p}", "how many did {c} cut in {p}?", "{c} job cuts {p}", "how many people has {c} let go in {p}",
          "{c} axed how many {p}"]


def _iso_span(span: Span) -> tuple[str, str]:
    return span[0].isoformat(), span[1].isoformat()


@_settings
@given(st.sampled_from(_COMPANY_NAMES), PERIODS, st.sampled_from(_VERBS), st.sampled_from([str.lower, str, str.upper]))
def test_a_known_company_in_any_period_gets_the_reference_total(
    engine: Engine, ref: Reference, company: str, period: tuple[str, Span], template: str, case: Callable[[str], str]
) -> None:
    phrase, span = period
    if _is_relative(phrase):
        template = template.replace("in {p}", "{p}")
    question = template.format(c=case(company), p=phrase)
    reply = _read(engine, question)
    assert reply.understood.companies == [company], question
    assert _span(reply) == span, question
    want_total, want_undisclosed = ref.total(Scope((company,), None, *_iso_span(span)))
    assert (reply.total, reply.undisclosed_rounds) == (want_total, want_undisclosed), f"{question}\n{reply.text}"


@_settings
@given(st.data(), PERIODS)
def test_every_alias_reads_as_its_company(engine: Engine, ref: Reference, data: st.DataObject, period: tuple[str, Span]) -> None:
    aliases = ref.conn.execute(
        "SELECT a.display, c.name, a.division FROM aliases a JOIN companies c ON c.id = a.company_id ORDER BY a.alias"
    ).fetchall()
    display, company, division = data.draw(st.sampled_from(aliases))
    phrase, span = period
    question = f"{display} layoffs {phrase}"
    reply = _read(engine, question)
    assert reply.understood.companies == [company], f"{question}\n{reply.text}"
    assert reply.understood.division == division, question
    assert _span(reply) == span, question
    want = ref.total(Scope((company,), division, *_iso_span(span)))
    assert (reply.total, reply.undisclosed_rounds) == want, f"{question}\n{reply.text}"


@_settings
@given(st.sampled_from(_COMPANY_NAMES), PERIODS, st.sampled_from(["{p}?", "and {p}?", "what about {p}", "how about in {p}"]))
def test_a_period_follow_up_keeps_the_company(
    engine: Engine, ref: Reference, company: str, period: tuple[str, Span], template: str
) -> None:
    phrase, span = period
    if _is_relative(phrase):
        template = template.replace("in {p}", "{p}")
    conversation = f"fu-{next(_turn)}"
    engine.answer(f"{company} layoffs", conversation=conversation)
    question = template.format(p=phrase)
    reply = engine.answer(question, conversation=conversation)
    assert reply.understood.companies == [company], f"{company} layoffs -> {question}\n{reply.text}"
    assert _span(reply) == span, f"{company} layoffs -> {question}\n{reply.text}"
    assert reply.total == ref.total(Scope((company,), None, *_iso_span(span)))[0], reply.text


@_settings
@given(st.sampled_from(_COMPANY_NAMES), st.sampled_from(_COMPANY_NAMES), PERIODS,
       st.sampled_from(["and {d}?", "what about {d}", "how about {d}?", "{d}?"]))
def test_a_company_follow_up_keeps_the_period(
    engine: Engine, ref: Reference, first: str, second: str, period: tuple[str, Span], template: str
) -> None:
    assume(first != second)
    phrase, span = period
    conversation = f"fu-{next(_turn)}"
    engine.answer(f"{first} layoffs {phrase}", conversation=conversation)
    question = template.format(d=second)
    reply = engine.answer(question, conversation=conversation)
    assert reply.understood.companies == [second], f"{first} layoffs {phrase} -> {question}\n{reply.text}"
    assert _span(reply) == span, f"{first} layoffs {phrase} -> {question}\n{reply.text}"
    assert reply.total == ref.total(Scope((second,), None, *_iso_span(span)))[0], reply.text


@st.composite
def stated_figure(draw: st.DrawFn) -> tuple[str, int]:
    """A figure as users type it: 2000, 2,000, 2k -- year-like numbers included."""
    n = draw(st.one_of(st.integers(100, 60000), st.integers(1990, 2030), st.integers(1, 60).map(lambda k: 1000 * k)))
    forms = [str(n), f"{n:,}"]
    if n % 1000 == 0:
        forms.append(f"{n // 1000}k")
    return draw(st.sampled_from(forms)), n


@_settings
@given(st.sampled_from(_COMPANY_NAMES), PERIODS, stated_figure(),
       st.sampled_from(["{c} cut {n} in {p} right?", "did {c} lay off {n} people in {p}?", "i heard {c} axed {n} {p}",
                        "{c} let go of {n} workers in {p}, correct?"]))
def test_a_stated_figure_is_answered_and_never_taken_for_a_period(
    engine: Engine, ref: Reference, company: str, period: tuple[str, Span], figure: tuple[str, int], template: str
) -> None:
    phrase, span = period
    typed, n = figure
    if _is_relative(phrase):
        template = template.replace("in {p}", "{p}")
    question = template.format(c=company.lower(), n=typed, p=phrase)
    reply = _read(engine, question)
    assert reply.understood.companies == [company], f"{question}\n{reply.text}"
    assert _span(reply) == span, f"{question}\n{reply.text}"
    assert reply.total == ref.total(Scope((company,), None, *_iso_span(span)))[0], f"{question}\n{reply.text}"
    assert f"{n:,}" in reply.headline, f"the headline answers the stated {n:,}: {question}\n{reply.headline}"


# -- comparisons: nobody dropped without a word ---------------------------------------------

_JOINERS = st.sampled_from([" vs ", " vs. ", " versus ", ", ", " and ", " or ", " / "])
_UNAMBIGUOUS = [name for name in _COMPANY_NAMES if name not in ("Zoom", "Snap", "Block")]


@_settings
@given(st.lists(st.sampled_from(_UNAMBIGUOUS), min_size=2, max_size=4, unique=True), st.data(),
       st.one_of(st.just(None), PERIODS))
def test_a_comparison_answers_every_company_named(
    engine: Engine, ref: Reference, companies: list[str], data: st.DataObject, period: tuple[str, Span] | None
) -> None:
    text = companies[0].lower()
    for name in companies[1:]:
        text += data.draw(_JOINERS) + name.lower()
    phrase, span = period if period else ("", None)
    question = f"compare {text} {phrase}".strip()
    reply = _read(engine, question)
    assert reply.understood.companies == companies, f"{question}\n{reply.text}"
    scope = Scope(tuple(companies), None, *(_iso_span(span) if span else (None, None)))
    rows = sorted((r.company, r.total) for r in reply.rows if isinstance(r, CompanyRow))
    assert rows == sorted(ref.compare(scope)), f"{question}\n{reply.text}"


@_settings
@given(st.lists(st.sampled_from(_UNAMBIGUOUS), min_size=1, max_size=3, unique=True),
       st.lists(unknown_name(), min_size=1, max_size=2, unique_by=str.casefold), st.randoms(use_true_random=False),
       _JOINERS)
def test_a_comparison_with_names_we_dont_have_answers_the_known_and_names_the_rest(
    engine: Engine, ref: Reference, known: list[str], unknown: list[str], rnd: Any, joiner: str
) -> None:
    names = ref.names_and_aliases()
    for candidate in unknown:
        assume(not _fuzzy_close(candidate, names))
        assume(not any(word in _STOP for word in candidate.casefold().split()))
    mentioned = [name.lower() for name in known] + unknown
    rnd.shuffle(mentioned)
    listed = joiner.join(mentioned)
    question = f"{listed} layoffs" if joiner.strip() in ("vs", "vs.", "versus") else f"compare {listed}"
    reply = _read(engine, question)
    order = [m for m in mentioned if m in {k.lower() for k in known}]
    assert [c.lower() for c in reply.understood.companies] == order, f"{question}\n{reply.text}"
    for name in unknown:
        assert name.casefold() in reply.text.casefold(), f"{name!r} must be named as unknown: {question}\n{reply.text}"
    figures = {r.company: r.total for r in reply.rows if isinstance(r, CompanyRow)}
    want = dict(ref.compare(Scope(tuple(reply.understood.companies))))
    if len(known) == 1 and not figures:
        assert reply.total == want[known[0]], f"{question}\n{reply.text}"
    else:
        assert figures == want, f"{question}\n{reply.text}"


@_settings
@given(st.sampled_from(_COMPANY_NAMES), st.one_of(st.just(""), PERIODS.map(lambda p: " " + p[0])), unknown_name(),
       st.sampled_from(["what about {n}?", "and {n}?", "how about {n}", "{n}?", "and at {n}?", "what about {n} in 2024"]))
def test_a_follow_up_naming_a_company_we_dont_have_gets_no_figure(
    engine: Engine, ref: Reference, company: str, period: str, name: str, template: str
) -> None:
    assume(not _fuzzy_close(name, ref.names_and_aliases()))
    assume(not any(word in _STOP for word in name.casefold().split()))
    conversation = f"fu-{next(_turn)}"
    engine.answer(f"{company} layoffs{period}", conversation=conversation)
    question = template.format(n=name)
    reply = engine.answer(question, conversation=conversation)
    _no_figure(reply, f"{company} layoffs{period} -> {question}")
    assert not reply.understood.companies, f"{question}\n{reply.text}"
    assert name.casefold() in reply.text.casefold(), f"{name!r} must be named: {question}\n{reply.text}"
