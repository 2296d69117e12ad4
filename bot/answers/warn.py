"""Answers about WARN notices: a second counting basis, never summed with announced rounds.

WARN notices are the legal filings U.S. employers make before a mass layoff or closure
(generally 50+ workers at one site), per state.  They count *workers named in filings*, site by
site, on the notice date — not the rounds a company announced — so they are answered apart
(intent ``warn``) and only *mentioned* beside a company's total (:func:`warn_overlap_note`).

The counting rule (:data:`COUNTED`): a notice counts once; a notice marked superseded, or
named as the ``likely_ancestor`` of an amendment, is listed but never counted (its amendment
is); repeated postings of one notice were already folded into one row at import.  A notice
is dated by its notice date (its effective date when the file has none).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

import sqlite_utils

from bot.answers.base import as_written
from bot.answers.format import and_join, fmt_date, plural
from bot.answers.query import company_ids
from bot.nlu.timephrase import describe_period
from bot.nlu.warn import STATES, WarnQuery
from bot.reply import Reply, RoundRow, Source, Understood

__all__ = ["COUNTED", "Notice", "Tally", "answer_warn", "fetch_notices", "tally_notices", "warn_data_line",
           "warn_overlap_note"]

#: SQL condition (on ``warn_notices w``): the notice is counted.
COUNTED = (
    # NOT IN over a non-correlated subquery: SQLite builds the set of ancestors once per query.
    "(w.is_superseded = 0 AND w.origin_key NOT IN "
    "(SELECT a.likely_ancestor FROM warn_notices a WHERE a.likely_ancestor IS NOT NULL))"
)
SECOND_BASIS = (
    "WARN notices are a second counting basis: workers named in state filings (generally 50+ at a site), by "
    "notice date — never added to the announced layoff rounds' totals."
)
_DATE = "coalesce(w.notice_date, w.effective_date)"
MAX_LISTED = 12
MAX_ROWS = 100
"""Notices carried in a reply's rows and ``extra`` (newest first); the figures count them all."""


@dataclass(frozen=True, slots=True)
class Notice:
    id: int
    state: str
    company: str
    """The legal name as filed."""
    canonical: str | None
    location: str | None
    notice_date: dt.date | None
    effective_date: dt.date | None
    workers: int | None
    is_temporary: bool | None
    is_closure: bool | None
    is_amendment: bool
    source: str | None
    counted: bool

    def to_row(self) -> RoundRow:
        """The notice as a listed row (what adapters render): dated by notice date, workers as count."""
        site = f"{self.location}, {self.state}" if self.location else self.state
        bits = [f"effective {fmt_date(self.effective_date)}" if self.effective_date else "", site, self.company,
                ("closure" if self.is_closure else "layoff") + (" (temporary)" if self.is_temporary else ""),
                "amended" if self.is_amendment else "", "" if self.counted else "superseded by an amendment, not counted"]
        day = self.notice_date or self.effective_date or dt.date.min
        return RoundRow(id=None, company=self.canonical or self.company, division=None, date=day, count=self.workers,
                        status="WARN notice", source=self.source, note=" · ".join(b for b in bits if b),
                        counted=self.counted)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id, "state": self.state, "company": self.company, "canonical_company": self.canonical,
            "location": self.location, "notice_date": self.notice_date.isoformat() if self.notice_date else None,
            "effective_date": self.effective_date.isoformat() if self.effective_date else None,
            "workers": self.workers, "temporary": self.is_temporary, "closure": self.is_closure,
            "amendment": self.is_amendment, "source": self.source, "counted": self.counted,
        }


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _flag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _scope(
    companies: list[int] | None, division: str | None, states: list[str] | None, city: str | None,
    start: dt.date | None, end: dt.date | None,
) -> tuple[str, list[object]]:
    """The WHERE clause (on ``warn_notices w``) of a question's scope, and its parameters."""
    where: list[str] = ["1 = 1"]
    params: list[object] = []
    if companies is not None:
        where.append(f"w.company_id IN ({', '.join('?' * len(companies)) or 'NULL'})")
        params += companies
    if division:
        where.append("w.division = ?")
        params.append(division)
    if states:
        where.append(f"w.state IN ({', '.join('?' * len(states))})")
        params += states
    if city:
        where.append("lower(coalesce(w.location, '')) LIKE ? ESCAPE '\\'")
        params.append("%" + city.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if start:
        where.append(f"{_DATE} >= ?")
        params.append(start.isoformat())
    if end:
        where.append(f"{_DATE} <= ?")
        params.append(end.isoformat())
    return " AND ".join(where), params


def fetch_notices(
    db: sqlite_utils.Database,
    *,
    companies: list[int] | None = None,
    division: str | None = None,
    states: list[str] | None = None,
    city: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int | None = None,
) -> list[Notice]:
    """Notices in scope (counted and not), newest first (the first ``limit``).  ``companies=[]`` matches none."""
    where, params = _scope(companies, division, states, city, start, end)
    sql = (
        f"SELECT w.id, w.state, w.company, c.name, w.location, w.notice_date, w.effective_date, w.workers,"
        f" w.is_temporary, w.is_closure, w.is_amendment, w.source, ({COUNTED}) AS counted"
        f" FROM warn_notices w LEFT JOIN companies c ON c.id = w.company_id WHERE {where}"
        f" ORDER BY {_DATE} DESC, w.id DESC" + (" LIMIT ?" if limit is not None else "")
    )
    return [
        Notice(r[0], r[1], r[2], r[3], r[4], _day(r[5]), _day(r[6]), r[7], _flag(r[8]), _flag(r[9]), bool(r[10]),
               r[11], bool(r[12]))
        for r in db.execute(sql, [*params, limit] if limit is not None else params)
    ]


@dataclass(frozen=True, slots=True)
class Tally:
    """The counted notices of a scope, summed in SQL (never mixed with rounds)."""

    notices: int
    workers: int
    without_workers: int
    first: dt.date | None
    last: dt.date | None
    states: list[str]
    not_counted: int
    top_companies: list[tuple[str, int]]
    sources: list[tuple[str, str]]


def tally_notices(
    db: sqlite_utils.Database,
    *,
    companies: list[int] | None = None,
    division: str | None = None,
    states: list[str] | None = None,
    city: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Tally:
    """Count the scope's notices by :data:`COUNTED`: how many, workers, dates, states, sources."""
    where, params = _scope(companies, division, states, city, start, end)
    # One pass for the figures (the set of amended ancestors is built once), one for states and sources.
    n, workers, missing, first, last, listed = db.execute(
        "SELECT coalesce(sum(k), 0), coalesce(sum(CASE WHEN k THEN workers END), 0),"
        " coalesce(sum(k AND workers IS NULL), 0), min(CASE WHEN k THEN d END), max(CASE WHEN k THEN d END), count(*)"
        f" FROM (SELECT ({COUNTED}) AS k, w.workers AS workers, {_DATE} AS d FROM warn_notices w WHERE {where})",
        params).fetchone()
    not_counted = listed - n
    pairs = db.execute(f"SELECT DISTINCT w.state, w.source FROM warn_notices w WHERE {where} AND {COUNTED}",
                       params).fetchall()
    seen = sorted({p[0] for p in pairs})
    sources = sorted({(p[0], p[1]) for p in pairs if p[1]})
    top: list[tuple[str, int]] = []
    if companies is None and n:
        top = [(r[0], r[1]) for r in db.execute(
            f"SELECT coalesce(c.name, w.company), count(*) FROM warn_notices w LEFT JOIN companies c ON c.id = w.company_id"
            f" WHERE {where} AND {COUNTED} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3", params)]
    return Tally(n, workers, missing, _day(first), _day(last), seen, not_counted, top, sources)


def _when(start: dt.date | None, end: dt.date | None) -> str:
    """" between 1 Jan 2024 and 31 Dec 2024", " on 3 Apr 2023", " since 1 Jan 2023"; "" for all time."""
    if start and end:
        return f" on {fmt_date(start)}" if start == end else f" between {fmt_date(start)} and {fmt_date(end)}"
    return f" {describe_period(start, end)}" if (start or end) else ""


def _state_words(states: list[str]) -> str:
    return and_join([STATES.get(s, s) for s in states])


def _line(n: Notice, *, with_company: bool) -> str:
    bits = [f"notice {fmt_date(n.notice_date)}" if n.notice_date else "notice date not given"]
    if n.effective_date:
        bits.append(f"effective {fmt_date(n.effective_date)}")
    bits.append(f"{n.location}, {n.state}" if n.location else n.state)
    bits.append("workers not given" if n.workers is None else plural(n.workers, "worker"))
    kind = "closure" if n.is_closure else "layoff"
    kind += " (temporary)" if n.is_temporary else ""
    bits.append(kind)
    bits.append(f"{n.company}" + (f" ({n.canonical})" if with_company and n.canonical else ""))
    if n.is_amendment:
        bits.append("amended notice")
    if not n.counted:
        bits.append("superseded by an amendment, not counted")
    return " · ".join(bits)


def _holdings(db: sqlite_utils.Database, ids: list[int] | None = None) -> tuple[int, list[str], dt.date | None]:
    """(notices, their states, the latest notice date) in the WARN data (for the companies)."""
    where, params = "", []  # type: ignore[var-annotated]
    if ids is not None:
        where = f" WHERE company_id IN ({', '.join('?' * len(ids)) or 'NULL'})"
        params = ids
    rows = db.execute(
        f"SELECT state, count(*), max(coalesce(notice_date, effective_date)) FROM warn_notices{where} GROUP BY state",
        params,
    ).fetchall()
    latest = max((r[2] for r in rows if r[2]), default=None)
    return sum(r[1] for r in rows), sorted(r[0] for r in rows), _day(latest)


#: The WARN question shown by help and "about the data".
WARN_EXAMPLE = "WARN notices filed by Amazon in Washington"


def warn_data_line(db: sqlite_utils.Database) -> str:
    """For "about the data": how many WARN notices are held (states, latest notice), or that there are none."""
    try:
        notices, states, latest = _holdings(db)
    except sqlite3.OperationalError:  # an older schema, opened read-only
        notices, states, latest = 0, [], None
    if not notices:
        return ("WARN notices: none in the data yet (an admin adds state filings with "
                "`layoffbot data warn import FILE`).")
    return (f"WARN notices: {plural(notices, 'notice')} from {and_join(states)}"
            + (f", the latest filed {fmt_date(latest)}" if latest else "")
            + f"; a second basis, kept apart from the rounds and never summed with them (ask “{WARN_EXAMPLE}”).")


def answer_warn(db: sqlite_utils.Database, query: WarnQuery, *, today: dt.date, as_of: dt.date | None) -> Reply:
    """Answer a :class:`~bot.nlu.warn.WarnQuery` (see the module docstring for what counts)."""
    ids = company_ids(db, query.companies) if query.companies else None
    who = ", ".join(query.companies) + (f" ({query.division})" if query.division else "")
    where = f" in {_state_words(query.states)}" if query.states else ""
    site = f" at a site in “{query.city.title()}”" if query.city else ""
    when = _when(query.start, query.end)
    description = " · ".join(
        x for x in ("WARN notices", who, _state_words(query.states), query.city.title() if query.city else "",
                    describe_period(query.start, query.end) if (query.start or query.end) else "all dates") if x
    )
    notes = [SECOND_BASIS]
    suggestions: list[str] = []
    if query.unknown_names and not query.companies:
        name = as_written(query.unknown_names[0], query.text)
        headline = f"I don't have “{name}” in our data, so I can't say which WARN notices it filed."
        return _reply(query, description, headline, [], notes, None, ["help", "WARN notices in California"], as_of, db)

    if query.site_question and not (query.companies or query.city or query.states):
        headline = ("Which company and city? WARN notices name an employer and a site: ask e.g. “is my office "
                    "affected? Amazon Seattle”.")
        return _reply(query, description, headline, [], notes, None, ["is my office affected? Amazon Seattle"], as_of, db)
    scope = {"companies": ids, "division": query.division, "states": query.states or None, "city": query.city,
             "start": query.start, "end": query.end}
    result = tally_notices(db, **scope)  # type: ignore[arg-type]
    notices = fetch_notices(db, limit=MAX_ROWS, **scope)  # type: ignore[arg-type]
    held, held_states, _ = _holdings(db, ids)
    subject = who or "Employers"
    if not result.notices:
        scope_words = f"{(' for ' + who) if who else ''}{where}{site}{when}"
        if query.site_question and query.city:
            headline = (f"No WARN notice in our data names a site in “{query.city.title()}”"
                        f"{(' for ' + who) if who else ''}{where}{when}.")
        else:
            headline = f"No WARN notices in our data{scope_words}."
        if not held:
            total_held, _, _ = _holdings(db)
            headline += (" We hold no WARN notices at all yet." if not total_held and ids is None else
                         f" We hold no WARN notices for {who}." if ids is not None else "")
        else:
            headline += f" We hold {plural(held, 'WARN notice')}{(' for ' + who) if who else ''} in {and_join(held_states)}."
        notes.append("No notice is not proof of no layoffs: smaller layoffs need no WARN notice, and we hold only "
                     "the states imported.")
    else:
        span = (f" (notice dates {describe_period(result.first, result.last)})"
                if result.first and result.last else "")
        place = where or f" in {_state_words(result.states)}"
        verb = "filed" if who else ("was filed" if result.notices == 1 else "were filed")
        count_words = plural(result.notices, "WARN notice")
        if who:
            headline = f"{subject} {verb} {count_words}{place}{site}{when}, covering {result.workers:,} workers{span}."
        else:
            headline = f"{count_words} {verb}{place}{site}{when}, covering {result.workers:,} workers{span}."
        if query.site_question and query.city:
            headline = "Possibly: " + headline + " A notice names a site, not teams: check the notice for your office."
        elif query.site_question:
            example = f"is my office affected? {query.companies[0] if query.companies else 'Amazon'} Seattle"
            headline += f" Name your office's city (“{example}”) to check its site."
        if result.without_workers:
            headline += f" {plural(result.without_workers, 'notice')} did not give a number of workers."
        if not who:
            top = [f"{name} ({k})" for name, k in result.top_companies if k > 1]
            if top:
                notes.append("Most notices: " + ", ".join(top) + ".")
    if result.not_counted:
        notes.append(f"{plural(result.not_counted, 'superseded notice')} listed but not counted: each was amended, and "
                     "only its latest version counts.")
    if query.companies:
        suggestions += [f"how many has {query.companies[0]} cut?", f"list {query.companies[0]}'s layoffs"]
    suggestions.append("WARN notices in California in 2024" if "CA" not in query.states else "WARN notices in Washington")
    return _reply(query, description, headline, notices, notes, result, suggestions, as_of, db)


def _reply(
    query: WarnQuery, description: str, headline: str, notices: list[Notice], notes: list[str],
    result: Tally | None, suggestions: list[str], as_of: dt.date | None, db: sqlite_utils.Database,
) -> Reply:
    text = [description, headline]
    if notices:
        text.append("Notices, newest first:")
        for n in notices[:MAX_LISTED]:
            text.append("  • " + _line(n, with_company=not query.companies))
        listed = (result.notices + result.not_counted) if result else len(notices)
        if listed > MAX_LISTED:
            text.append(f"  … and {listed - MAX_LISTED:,} more notices")
    text.extend(f"Note: {note}" for note in notes)
    sources = [Source(url=url, label=f"WARN notices, {state}") for state, url in (result.sources if result else [])]
    if sources:
        text.append("Sources:")
        text.extend(f"  {s.label}: {s.url}" for s in sources)
    total_held, latest_text = db.execute("SELECT count(*), max(notice_date) FROM warn_notices").fetchone()
    latest = _day(latest_text)
    if total_held:
        text.append(f"WARN data: {plural(total_held, 'notice')}, latest notice date {fmt_date(latest)}." if latest else
                    f"WARN data: {plural(total_held, 'notice')}.")
    text.append(f"Data as of {fmt_date(as_of)}." if as_of else "Data as-of date unknown.")
    if suggestions:
        text.append("Try: " + " · ".join(f"“{s}”" for s in dict.fromkeys(suggestions)))
    return Reply(
        intent="warn", text="\n".join(text), headline=headline,
        rows=[n.to_row() for n in notices[:MAX_ROWS]], row_kind="rounds" if notices else None,  # type: ignore[arg-type]
        understood=Understood(companies=list(query.companies), division=query.division, start=query.start,
                              end=query.end, description=description),
        total=result.workers if result and result.notices else None,
        notes=notes, sources=sources, suggestions=list(dict.fromkeys(suggestions))[:4], as_of=as_of,
        extra={"warn_notices": [n.to_dict() for n in notices[:MAX_ROWS]],
               "more_notices": max(0, (result.notices + result.not_counted if result else 0) - len(notices)),
               "warn_counted_notices": result.notices if result else 0,
               "states": list(query.states), "city": query.city, "warn_latest_notice": latest.isoformat() if latest else None},
    )


def warn_overlap_note(
    db: sqlite_utils.Database, companies: list[str], division: str | None, start: dt.date | None, end: dt.date | None
) -> str | None:
    """The note a company total carries when WARN notices overlap its period — the figure
    apart, never added: "WARN notices in WA and CA cover 2,310 of these jobs ..."."""
    ids = company_ids(db, companies)
    if not ids:
        return None
    result = tally_notices(db, companies=ids, division=division, start=start, end=end)
    if not result.notices:
        return None
    states = and_join(result.states)
    return (f"WARN notices in {states} cover {result.workers:,} of these jobs ({plural(result.notices, 'notice')}; a second "
            "basis, shown apart and not added to this total — ask “WARN notices " + companies[0] + "” for them).")


def attach_warn_export(reply: Reply, formats: list[str]) -> Reply:
    """ "WARN notices in California as csv": the listed notices (newest 100) as the export's rows."""
    rows = list(reply.extra.get("warn_notices") or [])
    if not rows:
        reply.notes.append("Nothing to export: this answer has no rows.")
        return reply
    reply.export, reply.export_rows = list(formats), rows
    what = " and ".join(f.upper() for f in formats)
    reply.notes.append(f"The {len(rows)} notice{'s' if len(rows) != 1 else ''} of this answer are attached as {what}.")
    return reply

