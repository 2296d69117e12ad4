"""Query pieces, datasette-style: each filter is parameterized SQL plus a human description.

A :class:`Scope` (companies, division, period, industry, country) turns into a list of
:class:`Clause`; :func:`where` joins them for SQL, :func:`describe` for the reader
("Amazon / AWS · 1 Jan 2023 – 31 Dec 2023").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from bot.data.db import SUMMED_STATUSES
from bot.nlu.timephrase import describe_period, format_date

__all__ = ["Clause", "Scope", "RawRound", "where", "fetch_rounds", "company_ids", "ROUND_COLUMNS", "SUMMED_ROUNDS",
           "summed_rounds", "in_clause", "restricts_companies"]


@dataclass(frozen=True, slots=True)
class Clause:
    sql: str
    params: tuple[Any, ...] = ()
    description: str = ""


@dataclass(slots=True)
class Scope:
    companies: list[str] = field(default_factory=list)
    division: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    industry: str | None = None
    country: str | None = None

    def clauses(self, ids: list[int] | None = None) -> list[Clause]:
        out: list[Clause] = []
        if ids is not None:
            out.append(in_clause("e.company_id", ids, ", ".join(self.companies)))
        if self.start:
            out.append(Clause("e.date >= ?", (self.start.isoformat(),), f"from {format_date(self.start)}"))
        if self.end:
            out.append(Clause("e.date <= ?", (self.end.isoformat(),), f"until {format_date(self.end)}"))
        if self.industry:
            out.append(Clause("COALESCE(e.industry, c.industry) = ? COLLATE NOCASE", (self.industry,), f"industry: {self.industry}"))
        if self.country:
            out.append(Clause("COALESCE(e.country, c.country) = ? COLLATE NOCASE", (self.country,), f"country: {self.country}"))
        return out

    def describe(self, *, subject: str | None = None) -> str:
        """The human side of the clauses: "Amazon / AWS · 1 Jan 2023 – 31 Dec 2023"."""
        parts: list[str] = []
        who = subject or ", ".join(self.companies)
        if who:
            # A given subject (a ranking, a comparison) is about whole companies.
            parts.append(f"{who} / {self.division}" if self.division and not subject else who)
        if self.industry:
            parts.append(f"industry: {self.industry}")
        if self.country:
            parts.append(f"country: {self.country}")
        parts.append(describe_period(self.start, self.end))
        return " · ".join(parts)


def in_clause(column: str, values: Sequence[Any], description: str = "") -> Clause:
    """``column IN (?, ...)``, parameterized; with no values it matches nothing."""
    marks = ", ".join("?" for _ in values) or "NULL"
    return Clause(f"{column} IN ({marks})", tuple(values), description)


def restricts_companies(clauses: list[Clause]) -> bool:
    """Do ``clauses`` limit the rounds to named companies (an ``e.company_id IN`` clause)?"""
    return any(c.sql.startswith("e.company_id IN") for c in clauses)


def summed_rounds(status_column: str = "e.status") -> Clause:
    """The rounds a total sums (``events e``): a summed status, not ``part_of`` another round.

    The one statement of that rule in SQL, used by every total, ranking, snapshot and chart;
    ``status_column`` lets a query write ``+e.status`` to steer SQLite's index choice."""
    marks = ", ".join("?" for _ in SUMMED_STATUSES)
    return Clause(f"{status_column} IN ({marks}) AND e.part_of_event_id IS NULL", tuple(SUMMED_STATUSES))


SUMMED_ROUNDS = summed_rounds()


def where(clauses: list[Clause]) -> tuple[str, tuple[Any, ...]]:
    if not clauses:
        return "1", ()
    params: tuple[Any, ...] = ()
    for clause in clauses:
        params += clause.params
    return " AND ".join(clause.sql for clause in clauses), params


ROUND_COLUMNS = (
    "e.id, c.name, e.division, e.date, e.count, e.announced_count, e.includes_event_id, e.part_of_event_id, "
    "e.percentage, e.percentage_basis, e.status, e.source, e.unsourced, e.note"
)


@dataclass(slots=True)
class RawRound:
    id: int
    company: str
    division: str | None
    date: dt.date
    count: int | None
    announced_count: int | None
    includes_event_id: int | None
    part_of_event_id: int | None
    percentage: float | None
    percentage_basis: str | None
    status: str
    source: str | None
    unsourced: bool
    note: str | None

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> "RawRound":
        (eid, company, division, date, count, announced, includes, part_of, pct, basis, status, source, unsourced, note) = row
        return cls(
            eid, company, division or None, dt.date.fromisoformat(date[:10]), count, announced, includes, part_of,
            pct, basis, status, source or None, bool(unsourced), note,
        )

    @property
    def summed_status(self) -> bool:
        return self.status in SUMMED_STATUSES


def company_ids(db: sqlite_utils.Database, names: list[str]) -> list[int]:
    if not names:
        return []
    marks = ", ".join("?" for _ in names)
    rows = db.execute(f"SELECT id, name FROM companies WHERE name IN ({marks}) COLLATE NOCASE", names).fetchall()
    by_name = {name.lower(): cid for cid, name in rows}
    return [by_name[n.lower()] for n in names if n.lower() in by_name]


def fetch_rounds(
    db: sqlite_utils.Database,
    clauses: list[Clause],
    *,
    statuses: tuple[str, ...] | None = None,
    order: str = "e.date DESC, e.id DESC",
    limit: int | None = None,
) -> list[RawRound]:
    """Rounds matching ``clauses`` (retracted ones never), newest first.

    ``CROSS JOIN`` keeps SQLite from starting at ``companies`` (it would then sort every round
    of a status): events are read first, through their date or company index."""
    pieces = list(clauses)
    hint = ""
    by_company = restricts_companies(clauses)
    if statuses and not set(statuses) & set(SUMMED_STATUSES) and not by_company:
        # Plans and rumours are few: read them through the status index, not the whole date index.
        hint = " INDEXED BY idx_events_status_date"
    elif limit and order.startswith("e.date DESC") and not by_company:
        # "Latest": walk the date index backwards and stop at the limit, never sort everything.
        hint = " INDEXED BY idx_events_date"
    if statuses:
        pieces.append(in_clause("e.status", statuses))
    else:
        pieces.append(Clause("e.status != 'retracted'"))
    sql_where, params = where(pieces)
    if statuses and len(statuses) > 1 and limit and hint.endswith("idx_events_status_date") and order.startswith("e.date DESC"):
        # One backwards walk of the (status, date) index per status, merged here: no sort of
        # every plan and rumour just to keep the newest few.
        merged = [r for status in statuses for r in fetch_rounds(db, clauses, statuses=(status,), order=order, limit=limit)]
        merged.sort(key=lambda r: (r.date, r.id), reverse=True)
        return merged[:limit]
    sql = f"SELECT {ROUND_COLUMNS} FROM events e{hint} CROSS JOIN companies c ON c.id = e.company_id WHERE {sql_where} ORDER BY {order}"
    if limit:
        sql += f" LIMIT {int(limit):d}"
    return [RawRound.from_row(row) for row in db.execute(sql, params).fetchall()]
