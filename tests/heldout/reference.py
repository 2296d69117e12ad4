"""An independent statement of the counting rules, in plain SQL over the fixture's ``events`` table.

The held-out set never asks the bot's answer code what a figure should be: each case says what
the question *means* (companies, division, period, filters) and this module computes the figure
from the raw rows by the README's counting rules:

1. a total sums the known ``count`` of ``confirmed`` and ``reported`` rounds dated within the
   period (both ends included);
2. a round of unknown size is *undisclosed*: counted apart, never as 0;
3. ``planned`` and ``rumored`` rounds are never summed; ``retracted`` rounds are ignored;
4. a cumulative announcement's stored ``count`` is already the new part (it is summed as is;
   ``announced_count`` is never added);
5. a row ``part_of`` a larger round is listed, never summed;
6. asked about a division, only rounds of that division alone are summed; a round spanning
   several divisions (``"AWS; Twitch; ..."``) is an undisclosed share; company-wide rounds are
   not attributed to the division.

Rankings order companies by that sum (ties by name) and leave out companies whose rounds in
the period are all of undisclosed size.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Reference", "Scope"]

SUMMED = ("confirmed", "reported")
NOT_SUMMED_LISTED = ("planned", "rumored")


@dataclass(frozen=True, slots=True)
class Scope:
    """What a question asks about.  Dates are ISO strings, inclusive; ``None`` is open."""

    companies: tuple[str, ...] = ()
    division: str | None = None
    start: str | None = None
    end: str | None = None
    industry: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class _Row:
    id: int
    company: str
    division: str | None
    date: str
    count: int | None
    status: str
    part_of: int | None
    industry: str | None
    country: str | None


class Reference:
    """The counting rules over one database connection (read-only queries)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # -- raw rows ---------------------------------------------------------------------------

    def _rows(self, scope: Scope, statuses: Sequence[str]) -> list[_Row]:
        sql = [
            "SELECT e.id, c.name, e.division, substr(e.date, 1, 10), e.count, e.status, e.part_of_event_id,",
            " COALESCE(e.industry, c.industry), COALESCE(e.country, c.country)",
            " FROM events e JOIN companies c ON c.id = e.company_id",
            f" WHERE e.status IN ({', '.join('?' for _ in statuses)})",
        ]
        params: list[Any] = list(statuses)
        if scope.companies:
            sql.append(f" AND c.name IN ({', '.join('?' for _ in scope.companies)}) COLLATE NOCASE")
            params += list(scope.companies)
        if scope.start:
            sql.append(" AND substr(e.date, 1, 10) >= ?")
            params.append(scope.start)
        if scope.end:
            sql.append(" AND substr(e.date, 1, 10) <= ?")
            params.append(scope.end)
        if scope.industry:
            sql.append(" AND COALESCE(e.industry, c.industry) = ? COLLATE NOCASE")
            params.append(scope.industry)
        if scope.country:
            sql.append(" AND COALESCE(e.country, c.country) = ? COLLATE NOCASE")
            params.append(scope.country)
        sql.append(" ORDER BY e.date DESC, e.id DESC")
        return [_Row(*r) for r in self.conn.execute("".join(sql), params).fetchall()]

    @staticmethod
    def _parts(division: str | None) -> list[str]:
        return [p.strip().casefold() for p in (division or "").split(";") if p.strip()]

    def _in_division(self, row: _Row, division: str | None) -> str:
        """'alone' (the round is the division's own), 'shared' (one of several), or 'no'."""
        if division is None:
            return "alone"
        parts = self._parts(row.division)
        if division.casefold() not in parts:
            return "no"
        return "alone" if len(parts) == 1 else "shared"

    # -- totals -----------------------------------------------------------------------------

    def total(self, scope: Scope) -> tuple[int, int]:
        """(summed known count, undisclosed rounds) for ``scope``."""
        total = undisclosed = 0
        for row in self._rows(scope, SUMMED):
            if row.part_of is not None:
                continue  # rule 5: listed, never summed
            where = self._in_division(row, scope.division)
            if where == "no":
                continue
            if where == "shared" or row.count is None:
                undisclosed += 1  # rules 2 and 6
                continue
            total += row.count
        return total, undisclosed

    def company_row(self, scope: Scope) -> tuple[int, int, int]:
        """(total, rounds of known size summed, undisclosed rounds) of one company in ``scope``."""
        total, undisclosed = self.total(scope)
        known = sum(
            1 for row in self._rows(scope, SUMMED)
            if row.part_of is None and row.count is not None and self._in_division(row, scope.division) == "alone"
        )
        return total, known, undisclosed

    def listed_rounds(self, scope: Scope) -> int:
        """How many rounds a timeline of ``scope`` lists (counted, undisclosed, part-of rows)."""
        return sum(1 for row in self._rows(scope, SUMMED) if self._in_division(row, scope.division) != "no")

    def rounds_count(self, scope: Scope) -> int:
        """Distinct layoff rounds (known size or not), not counting rows part of another."""
        return sum(1 for row in self._rows(scope, SUMMED) if row.part_of is None)

    def share_rounds(self, scope: Scope) -> set[int]:
        """Ids of the summed-status rounds in ``scope`` that state a workforce percentage."""
        ids = {row.id for row in self._rows(scope, SUMMED) if self._in_division(row, scope.division) != "no"}
        if not ids:
            return set()
        marks = ", ".join("?" for _ in ids)
        sql = f"SELECT id FROM events WHERE percentage IS NOT NULL AND id IN ({marks})"
        return {r[0] for r in self.conn.execute(sql, sorted(ids)).fetchall()}

    def sources(self, scope: Scope) -> set[str]:
        """Source URLs of the rounds in ``scope`` (summed, planned or rumoured; never retracted)."""
        statuses = SUMMED + NOT_SUMMED_LISTED
        return {
            url
            for row in self._rows(scope, statuses)
            if self._in_division(row, scope.division) != "no"
            for (url,) in self.conn.execute("SELECT source FROM events WHERE id = ? AND source IS NOT NULL", (row.id,))
        }

    def has_plans(self, scope: Scope, today: str) -> bool:
        """Planned/rumoured rounds listed apart: in the period, or later when it reaches today."""
        open_scope = Scope(scope.companies, scope.division, scope.start, None, scope.industry, scope.country)
        for row in self._rows(open_scope, NOT_SUMMED_LISTED):
            if scope.end is None or row.date <= scope.end or scope.end >= today:
                return True
        return False

    # -- many companies ---------------------------------------------------------------------

    def _companies(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM companies ORDER BY name").fetchall()]

    def compare(self, scope: Scope) -> list[tuple[str, int]]:
        """[company, total] for each named company (in the order named)."""
        out = []
        for name in scope.companies:
            one = Scope((name,), scope.division, scope.start, scope.end, scope.industry, scope.country)
            out.append((name, self.total(one)[0]))
        return out

    def rank(self, scope: Scope) -> list[tuple[str, int]]:
        """Companies by summed count (desc, ties by name); all-undisclosed companies left out."""
        rows = []
        for name in self._companies():
            one = Scope((name,), None, scope.start, scope.end, scope.industry, scope.country)
            total, _ = self.total(one)
            known = any(
                r.count is not None and r.part_of is None for r in self._rows(one, SUMMED)
            )
            if known:
                rows.append((name, total))
        rows.sort(key=lambda p: (-p[1], p[0].casefold()))
        return rows

    def rank_by_rounds(self, scope: Scope) -> list[tuple[str, int]]:
        """Companies by number of rounds in the period (desc, ties by name)."""
        rows = []
        for name in self._companies():
            one = Scope((name,), None, scope.start, scope.end, scope.industry, scope.country)
            n = self.rounds_count(one)
            if n:
                rows.append((name, n))
        rows.sort(key=lambda p: (-p[1], p[0].casefold()))
        return rows

    def latest(self, scope: Scope) -> tuple[str, str] | None:
        """(company, date) of the newest summed-status round in ``scope``."""
        rows = self._rows(scope, SUMMED)
        return (rows[0].company, rows[0].date) if rows else None

    def aggregates(self, scope: Scope) -> set[tuple[str, str, str]]:
        """(publisher, start, end) of the published aggregates whose period lies within ``scope``'s
        (an overview quotes those, never mixed into the sum)."""
        sql = "SELECT publisher, period_start, period_end FROM aggregates WHERE 1"
        params: list[Any] = []
        if scope.start:
            sql += " AND period_start >= ?"
            params.append(scope.start)
        if scope.end:
            sql += " AND period_end <= ?"
            params.append(scope.end)
        return {tuple(r) for r in self.conn.execute(sql, params).fetchall()}  # type: ignore[misc]

    def names_and_aliases(self) -> set[str]:
        """Every company name and alias, lower case (to keep generated names unknown)."""
        names = {r[0].casefold() for r in self.conn.execute("SELECT name FROM companies")}
        names |= {r[0].casefold() for r in self.conn.execute("SELECT alias FROM aliases")}
        return names


def shift_day(iso: str, days: int) -> str:
    """``iso`` moved by ``days`` (used for "before P" = the day before P starts)."""
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=days)).isoformat()
