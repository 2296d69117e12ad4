"""Chart data from the database: ``build_chart(db, kind=..., ...) -> ChartRequest``.

The counting rules are the core's (README "Counting rules"; which rounds are summed is
:func:`bot.answers.query.summed_rounds`, the same SQL the answers use):

* a bar sums the known ``count`` of ``confirmed`` and ``reported`` rounds dated within the
  inclusive period; ``count`` is already incremental for cumulative announcements, so it is
  summed as is and ``announced_count`` never is;
* rows with ``part_of_event_id`` overlap a round already counted and are never summed;
* rounds of unknown size are never 0: they are counted per bucket in ``Series.undisclosed``
  (drawn as markers);
* ``planned`` and ``rumored`` rounds are never summed (the subtitle says how many were left
  out); ``retracted`` rounds are ignored;
* a chart by cause (``cause="ai"``) counts only the rounds tagged with that cause in the
  ``causes`` table (a source states it); rounds with no cause stated are never counted —
  causes are never guessed — and the subtitle says how many were left out.

Time axes are continuous: every bucket between the period's start and end is present, empty
ones as 0.  When no bucket is asked for, it is picked from the period's length:
up to 18 months -> month, up to 5 years (60 months) -> quarter, longer -> year.

An open start is the first counted round of what is charted; an open end is the data's as-of
date (or the last round when the as-of date is unknown); an end past the as-of date is cut
there (no round can be dated later, so those months would be false zeros).

Every SQL piece is parameterized; each filter is a (SQL, params, description) triple in the
style of datasette's filters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from bot.answers.query import summed_rounds

# Re-exported: the bucket helpers are part of this module's interface.
from bot.charts.buckets import (
    BUCKETS,
    bucket_keys,
    bucket_label,
    bucket_of,
    choose_bucket,
    describe_period,
    fmt_day,
)
from bot.data.db import DIVISION_SEPARATOR
from bot.reply import ChartRequest, Series

__all__ = [
    "CHART_KINDS",
    "BUCKETS",
    "SOURCE_LABEL",
    "build_chart",
    "cause_filter",
    "choose_bucket",
    "bucket_keys",
    "bucket_label",
    "describe_period",
    "data_as_of",
    "describe_chart",
]

CHART_KINDS = ("company_over_time", "all_over_time", "top_companies", "compare")
SOURCE_LABEL = "layoffs.fyi and curated sources"

_NOT_SUMMED_SHOWN = ("planned", "rumored")
# Where bot.data.dataset records the data's as-of date ("as_of" accepted too), tried in order.
_AS_OF_META_KEYS = ("data_as_of", "as_of")


def _parse_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def data_as_of(db: sqlite_utils.Database) -> dt.date | None:
    """The data's as-of date: the dataset's ``meta`` record, else the latest round's date."""
    for key in _AS_OF_META_KEYS:
        row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        if row and _parse_date(row[0]):
            return _parse_date(row[0])
    row = db.execute("SELECT MAX(date) FROM events").fetchone()
    return _parse_date(row[0]) if row else None


# --------------------------------------------------------------------------- filters


@dataclass(slots=True)
class _Where:
    """Filters as parameterized SQL pieces, each with a human description."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    by_company: bool = False
    join_companies: bool = False
    """True when a clause reads the company row (``c``); otherwise the query stays on ``events``."""
    cause_description: str = ""
    """The cause filter's human description (said in the title and subtitle, not the scope)."""

    def add(self, sql: str, params: Sequence[Any] = (), description: str = "") -> None:
        self.clauses.append(sql)
        self.params.extend(params)
        if description:
            self.descriptions.append(description)

    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "1"

    def status_column(self) -> str:
        """``e.status``, or ``+e.status`` when companies are filtered: the unary plus keeps
        SQLite from choosing the (status, date) index over the far narrower (company_id, date)
        one, which it otherwise does for two or more companies."""
        return "+e.status" if self.by_company else "e.status"

    def from_sql(self) -> str:
        return "events e JOIN companies c ON c.id = e.company_id" if self.join_companies else "events e"


def _placeholders(n: int) -> str:
    return ", ".join("?" for _ in range(n))


def cause_filter(cause: str) -> tuple[str, list[Any], str]:
    """The cause filter as (parameterized SQL, params, human description): rounds whose
    sources state ``cause`` (a row in ``causes``), e.g. "rounds tagged 'ai' (cause stated)"."""
    return (
        "EXISTS (SELECT 1 FROM causes k WHERE k.event_id = e.id AND k.cause = ?)",
        [cause],
        f"rounds tagged '{cause}' (cause stated)",
    )


#: Rounds with no cause tag at all: "cause not stated", never counted in a chart by cause.
_CAUSE_NOT_STATED = "NOT EXISTS (SELECT 1 FROM causes k WHERE k.event_id = e.id)"


def _base_where(
    *,
    company_ids: Sequence[int] | None,
    start: dt.date | None,
    end: dt.date | None,
    industry: str | None,
    country: str | None,
    cause: str | None = None,
) -> _Where:
    where = _Where()
    if cause:
        sql, params, where.cause_description = cause_filter(cause)
        where.add(sql, params)
    if company_ids is not None:
        # Literal ids (not a join or sub-select), so SQLite picks the (company_id, date) index.
        where.by_company = True
        if company_ids:
            where.add(f"e.company_id IN ({_placeholders(len(company_ids))})", list(company_ids))
        else:  # companies asked for, none of them known
            where.add("0")
    if start is not None:
        where.add("e.date >= ?", [start.isoformat()])
    if end is not None:
        # "< next day" keeps the end inclusive even for dates stored with a time part.
        where.add("e.date < ?", [(end + dt.timedelta(days=1)).isoformat()])
    if industry:
        where.add("COALESCE(e.industry, c.industry) = ? COLLATE NOCASE", [industry], f"industry {industry}")
        where.join_companies = True
    if country:
        where.add("COALESCE(e.country, c.country) = ? COLLATE NOCASE", [country], f"country {country}")
        where.join_companies = True
    return where


def _division_sql(division: str | None) -> tuple[str, list[Any], str, list[Any]]:
    """SQL (and params) for "counts towards this division" and "involves this division".

    A round spanning several divisions is never one division's count: it involves the
    division but counts as undisclosed for it.
    """
    if not division:
        return "1", [], "1", []
    exact = "e.division = ? COLLATE NOCASE"
    sep = DIVISION_SEPARATOR
    involves = "(e.division = ? COLLATE NOCASE OR lower(? || e.division || ?) LIKE lower(?))"
    return exact, [division], involves, [division, sep, sep, f"%{sep}{division}{sep}%"]


@dataclass(slots=True)
class _Tally:
    known: int = 0
    undisclosed: int = 0


def _monthly(
    db: sqlite_utils.Database,
    where: _Where,
    *,
    division: str | None,
    by_company: bool,
    by_month: bool = True,
) -> dict[tuple[str, tuple[int, int]], _Tally]:
    """Known sums and undisclosed round counts per (company or "", (year, month) or (0, 0)).

    Grouped in SQL by company id and month (names are looked up for the groups only), so a
    chart costs one pass over the period's rows and no per-row join.
    """
    exact, exact_params, involves, involves_params = _division_sql(division)
    summed = summed_rounds(where.status_column())
    company_col = "e.company_id" if by_company else "0"
    month_col = "substr(e.date, 1, 7)" if by_month else "'0000-00'"
    sql = f"""
        SELECT {company_col} AS company, {month_col} AS ym,
               SUM(CASE WHEN {exact} THEN e.count END) AS known,
               SUM(CASE WHEN e.count IS NULL OR NOT ({exact}) THEN 1 ELSE 0 END) AS undisclosed
        FROM {where.from_sql()}
        WHERE {summed.sql}
          AND {involves}
          AND {where.sql()}
        GROUP BY company, ym
    """
    params = [*exact_params, *exact_params, *summed.params, *involves_params, *where.params]
    groups = db.execute(sql, params).fetchall()
    names = _names_by_id(db, {company for company, *_ in groups}) if by_company else {}
    tallies: dict[tuple[str, tuple[int, int]], _Tally] = {}
    for company, ym, known, undisclosed in groups:
        year, month = int(ym[:4]), int(ym[5:7])
        tallies[(names.get(company, ""), (year, month))] = _Tally(int(known or 0), int(undisclosed or 0))
    return tallies


def _names_by_id(db: sqlite_utils.Database, ids: set[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    id_list = sorted(ids)
    for offset in range(0, len(id_list), 500):  # stay under SQLite's parameter limit
        chunk = id_list[offset : offset + 500]
        sql = f"SELECT id, name FROM companies WHERE id IN ({_placeholders(len(chunk))})"
        names.update({row[0]: row[1] for row in db.execute(sql, chunk).fetchall()})
    return names


def _not_summed_count(db: sqlite_utils.Database, where: _Where, division: str | None) -> int:
    """Planned and rumoured rounds in the period: left out of every bar, said in the subtitle.

    Counted like the core lists them: a plan later confirmed (``part_of`` the confirmed round)
    is still a plan mentioned apart."""
    _, _, involves, involves_params = _division_sql(division)
    sql = f"""
        SELECT COUNT(*) FROM {where.from_sql()}
        WHERE {where.status_column()} IN ({_placeholders(len(_NOT_SUMMED_SHOWN))})
          AND {involves} AND {where.sql()}
    """
    return int(db.execute(sql, [*_NOT_SUMMED_SHOWN, *involves_params, *where.params]).fetchone()[0])


def _cause_not_stated_count(db: sqlite_utils.Database, where: _Where, division: str | None) -> int:
    """Rounds that would be summed in ``where`` (which has no cause filter) but have no cause
    stated: left out of a chart by cause, said in its subtitle."""
    _, _, involves, involves_params = _division_sql(division)
    summed = summed_rounds(where.status_column())
    sql = f"""
        SELECT COUNT(*) FROM {where.from_sql()}
        WHERE {summed.sql} AND {involves} AND {_CAUSE_NOT_STATED} AND {where.sql()}
    """
    return int(db.execute(sql, [*summed.params, *involves_params, *where.params]).fetchone()[0])


def _first_round(db: sqlite_utils.Database, where: _Where, division: str | None) -> dt.date | None:
    _, _, involves, involves_params = _division_sql(division)
    summed = summed_rounds(where.status_column())
    sql = f"""
        SELECT MIN(e.date) FROM {where.from_sql()}
        WHERE {summed.sql} AND {involves} AND {where.sql()}
    """
    row = db.execute(sql, [*summed.params, *involves_params, *where.params]).fetchone()
    return _parse_date(row[0]) if row else None


def _canonical_names(db: sqlite_utils.Database, companies: Sequence[str]) -> tuple[list[str], list[int] | None]:
    """The stored spelling of each company (names match case-insensitively; unknown names are
    kept, with no rounds) and the ids of the known ones (None when no company was asked for)."""
    names: list[str] = []
    ids: list[int] = []
    for name in companies:
        row = db.execute("SELECT id, name FROM companies WHERE name = ?", [name]).fetchone()
        stored = row[1] if row else name
        if stored not in names:
            names.append(stored)
            if row:
                ids.append(int(row[0]))
    return names, (ids if companies else None)


# --------------------------------------------------------------------------- texts


def _subtitle(
    undisclosed: int, not_summed: int, division: str | None, cause: str = "", not_stated: int = 0
) -> str:
    # ``cause`` is the cause filter's description ("rounds tagged 'ai' (cause stated)").
    parts = [f"Sum of known counts of confirmed and reported {cause or 'rounds'}"]
    if division:
        parts[0] += f" for {division} only (rounds shared with other divisions count as undisclosed)"
    if undisclosed:
        parts.append(f"▲ {undisclosed:,} round{'s' if undisclosed != 1 else ''} of undisclosed size")
    if not_summed:
        parts.append(f"{not_summed:,} planned or rumoured round{'s' if not_summed != 1 else ''} not included")
    if cause:
        parts.append(
            f"{not_stated:,} round{'s' if not_stated != 1 else ''} with cause not stated not counted "
            "(causes are never guessed)"
        )
    return " · ".join(parts)


def _footnote(as_of: dt.date | None) -> str:
    when = fmt_day(as_of) if as_of else "unknown"
    return f"Source: {SOURCE_LABEL} · data as of {when}"


def _join_names(names: Sequence[str]) -> str:
    if len(names) <= 2:
        return " vs ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# --------------------------------------------------------------------------- build


def build_chart(
    db: sqlite_utils.Database,
    *,
    kind: str,
    companies: Sequence[str] = (),
    start: dt.date | None = None,
    end: dt.date | None = None,
    bucket: str | None = None,
    limit: int = 10,
    industry: str | None = None,
    country: str | None = None,
    as_of: dt.date | None = None,
    division: str | None = None,
    cause: str | None = None,
) -> ChartRequest:
    """The data of one chart.

    ``companies`` are canonical names from the ``companies`` table (``company_over_time``
    takes one, ``compare`` two or more, ``top_companies`` optionally restricts to them);
    ``start``/``end`` are inclusive, ``None`` is open; ``as_of`` defaults to
    :func:`data_as_of`; ``cause`` (a tag of ``bot.data.causes.CAUSES``) restricts the chart
    to the rounds tagged with it (see :func:`cause_filter`).  Raises ``ValueError`` for an unknown kind or bucket, or a missing
    company.
    """
    if kind not in CHART_KINDS:
        raise ValueError(f"unknown chart kind {kind!r}; expected one of {', '.join(CHART_KINDS)}")
    if bucket is not None and bucket not in BUCKETS:
        raise ValueError(f"unknown bucket {bucket!r}; expected one of {', '.join(BUCKETS)}")
    names, company_ids = _canonical_names(db, companies)
    if kind == "company_over_time" and len(names) != 1:
        raise ValueError("company_over_time charts exactly one company")
    if kind == "compare" and not names:
        raise ValueError("compare needs at least one company")
    if as_of is None:
        as_of = data_as_of(db)
    limit = max(1, int(limit))

    period_start = start or _first_round(
        db,
        _base_where(company_ids=company_ids, start=None, end=end, industry=industry, country=country, cause=cause),
        division,
    )
    period_end = end or as_of or period_start or dt.date.today()
    if as_of and period_end > as_of and (period_start is None or period_start <= as_of):
        # No rounds can be dated after the data's as-of date: months past it are not zeros.
        period_end = as_of
    period_start = period_start or period_end
    if period_start > period_end:
        period_start = period_end
    scope_args: dict[str, Any] = {
        "company_ids": company_ids, "start": period_start, "end": period_end, "industry": industry, "country": country,
    }
    where = _base_where(**scope_args, cause=cause)
    not_summed = _not_summed_count(db, where, division)
    not_stated = _cause_not_stated_count(db, _base_where(**scope_args), division) if cause else 0
    period = describe_period(period_start, period_end)
    footnote = _footnote(as_of)

    if kind == "top_companies":
        chart = _top_companies(db, where, division, limit, period, footnote, not_summed, not_stated)
        chart.start, chart.end, chart.as_of = period_start, period_end, as_of
        return chart

    bucket = bucket or choose_bucket(period_start, period_end)
    keys = bucket_keys(period_start, period_end, bucket)
    labels = [bucket_label(k, bucket) for k in keys]
    tallies = _monthly(db, where, division=division, by_company=kind == "compare")
    series_names = names if kind == "compare" else [""]
    series: list[Series] = []
    for company in series_names:
        known = {k: 0 for k in keys}
        undisclosed = {k: 0 for k in keys}
        for (tally_company, (year, month)), tally in tallies.items():
            if tally_company != company:
                continue
            key = bucket_of(year, month, bucket)
            known[key] += tally.known
            undisclosed[key] += tally.undisclosed
        if company:
            label = company
        elif kind == "company_over_time":
            label = f"{names[0]} ({division})" if division else names[0]
        else:
            label = "All companies"
        series.append(Series(label, [known[k] for k in keys], [undisclosed[k] for k in keys]))

    scope = f" ({', '.join(where.descriptions)})" if where.descriptions else ""
    if kind == "compare":
        title = f"{_join_names(names)}: employees laid off per {bucket}{scope}, {period}"
    elif kind == "all_over_time":
        title = f"Employees laid off per {bucket}{scope or ', all companies'}, {period}"
    else:
        title = f"Employees laid off at {series[0].name} per {bucket}{scope}, {period}"
    if where.cause_description:
        title += f" — {where.cause_description}"
    total_undisclosed = sum(sum(s.undisclosed) for s in series)
    return ChartRequest(
        kind=kind,
        title=title,
        labels=labels,
        series=series,
        x_label={"month": "Month", "quarter": "Quarter", "year": "Year"}[bucket],
        y_label="Employees laid off",
        bucket=bucket,
        footnote=footnote,
        subtitle=_subtitle(total_undisclosed, not_summed, division, where.cause_description, not_stated),
        start=period_start,
        end=period_end,
        as_of=as_of,
    )


def _top_companies(
    db: sqlite_utils.Database,
    where: _Where,
    division: str | None,
    limit: int,
    period: str,
    footnote: str,
    not_summed: int,
    not_stated: int = 0,
) -> ChartRequest:
    tallies = _monthly(db, where, division=division, by_company=True, by_month=False)
    totals: dict[str, _Tally] = {}
    for (company, _month), tally in tallies.items():
        total = totals.setdefault(company, _Tally())
        total.known += tally.known
        total.undisclosed += tally.undisclosed
    # Ranked by known total; a company with only undisclosed rounds has no bar to rank.
    ranked = sorted(
        ((c, t) for c, t in totals.items() if t.known > 0),
        key=lambda item: (-item[1].known, item[0].casefold()),
    )[:limit]
    scope = f" ({', '.join(where.descriptions)})" if where.descriptions else ""
    undisclosed = sum(t.undisclosed for _, t in ranked)
    cause = f" — {where.cause_description}" if where.cause_description else ""
    return ChartRequest(
        kind="top_companies",
        title=f"Top {f'{len(ranked)} ' if ranked else ''}companies by employees laid off{scope}, {period}{cause}",
        labels=[c for c, _ in ranked],
        series=[Series("Employees laid off", [t.known for _, t in ranked], [t.undisclosed for _, t in ranked])],
        x_label="Employees laid off",
        y_label="",
        bucket=None,
        footnote=footnote,
        subtitle=_subtitle(undisclosed, not_summed, division, where.cause_description, not_stated),
        start=None,
        end=None,
        as_of=None,
    )


def describe_chart(chart: ChartRequest, *, top: int = 3) -> str:
    """A short text version of a chart, for alt text and text-only fallbacks:
    title, the largest bars, undisclosed rounds, footnote."""
    parts = [chart.title + "."]
    bars: list[tuple[int, str]] = []
    for series in chart.series:
        prefix = f"{series.name} " if len(chart.series) > 1 else ""
        bars.extend((value, f"{prefix}{label}: {value:,}") for label, value in zip(chart.labels, series.values) if value)
    if bars:
        largest = sorted(bars, key=lambda bar: -bar[0])[:top]
        parts.append(("Largest: " if len(bars) > 1 else "") + "; ".join(text for _, text in largest) + ".")
    else:
        parts.append("No layoffs counted in this period.")
    undisclosed = sum(sum(series.undisclosed) for series in chart.series)
    if undisclosed:
        parts.append(f"Plus {undisclosed:,} round{'s' if undisclosed != 1 else ''} of undisclosed size.")
    if chart.footnote:
        parts.append(chart.footnote + ".")
    return " ".join(parts)
