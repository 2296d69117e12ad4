"""A columnar, in-memory snapshot of the summed rounds, for market-wide questions on big data.

Rankings and overviews aggregate every round of a period; on a large database (100k-1M rounds)
SQLite's GROUP BY over the period is the bottleneck (~100 ms per 100k rounds).  When numpy is
installed (it comes with the ``charts`` extra) and the database holds more than
:data:`MIN_ROWS` summed rounds (the shipped data does), the engine keeps the rounds that the counting rules sum --
``confirmed``/``reported``, not ``part_of`` another round -- as numpy columns (company, day,
count, effective industry and country) and aggregates with ``bincount``.  The snapshot is
rebuilt when the data changes (same signature as the company index).  Results are identical
to the SQL path (tests/test_core_columnar.py checks both on the same data).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from bot.answers.query import SUMMED_ROUNDS

__all__ = ["MIN_ROWS", "Snapshot", "load_snapshot", "numpy_available", "shutdowns"]

MIN_ROWS = 1_000
_JULIAN_TO_ORDINAL = 1721424.5


def numpy_available() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(slots=True)
class Totals:
    company_id: int
    total: int
    known: int
    undisclosed: int


class Snapshot:
    def __init__(self, db: sqlite_utils.Database) -> None:
        import numpy as np

        self.np = np
        self._last_mask: tuple[tuple[Any, ...], Any] | None = None
        rows = db.execute(
            "SELECT e.id, e.company_id, CAST(julianday(e.date) - ? AS INTEGER), COALESCE(e.count, -1), "
            "COALESCE(e.industry, c.industry, ''), COALESCE(e.country, c.country, ''), COALESCE(e.percentage, -1) "
            "FROM events e CROSS JOIN companies c ON c.id = e.company_id "
            f"WHERE {SUMMED_ROUNDS.sql}",
            [_JULIAN_TO_ORDINAL, *SUMMED_ROUNDS.params],
        ).fetchall()
        n = len(rows)
        self.size = n
        ids, companies, days, counts, industries, countries, pcts = (zip(*rows) if rows else ((),) * 7)
        self.event_id = np.fromiter(ids, dtype=np.int64, count=n)
        self.company = np.fromiter(companies, dtype=np.int64, count=n)
        self.day = np.fromiter((d if d is not None else 0 for d in days), dtype=np.int64, count=n)
        self.count = np.fromiter(counts, dtype=np.int64, count=n)
        self.percentage = np.fromiter(pcts, dtype=np.float64, count=n)
        self.industry_codes = {name.casefold(): i for i, name in enumerate(sorted(set(industries)))}
        self.country_codes = {name.casefold(): i for i, name in enumerate(sorted(set(countries)))}
        self.industry = np.fromiter((self.industry_codes[x.casefold()] for x in industries), dtype=np.int32, count=n)
        self.country = np.fromiter((self.country_codes[x.casefold()] for x in countries), dtype=np.int32, count=n)
        names = db.execute("SELECT id, name FROM companies").fetchall()
        self.size_ids = (max((cid for cid, _ in names), default=0) + 1) if names else 1
        self.size_ids = max(self.size_ids, int(self.company.max()) + 1 if n else 1)
        order = sorted(names, key=lambda row: (_nocase(row[1]), row[0]))
        self.name_rank = np.zeros(self.size_ids, dtype=np.int64)
        for rank, (cid, _) in enumerate(order):
            self.name_rank[cid] = rank

    def _mask(self, start: dt.date | None, end: dt.date | None, industry: str | None, country: str | None) -> Any:
        """Boolean row mask of a scope; the last one is kept (an overview asks three times)."""
        key = (start, end, industry, country)
        last = self._last_mask  # one read: adapters answer from several threads
        if last is not None and last[0] == key:
            return last[1]
        mask = self._compute_mask(start, end, industry, country)
        self._last_mask = (key, mask)
        return mask

    def _compute_mask(self, start: dt.date | None, end: dt.date | None, industry: str | None, country: str | None) -> Any:
        np = self.np
        mask = np.ones(self.size, dtype=bool)
        if start is not None:
            mask &= self.day >= start.toordinal()
        if end is not None:
            mask &= self.day <= end.toordinal()
        if industry is not None:
            mask &= self.industry == self.industry_codes.get(industry.casefold(), -1)
        if country is not None:
            mask &= self.country == self.country_codes.get(country.casefold(), -1)
        return mask

    def per_company(self, start, end, industry, country):  # type: ignore[no-untyped-def]
        np = self.np
        mask = self._mask(start, end, industry, country)
        company, count = self.company[mask], self.count[mask]
        known = count >= 0
        totals = np.bincount(company[known], weights=count[known], minlength=self.size_ids)
        n_known = np.bincount(company[known], minlength=self.size_ids)
        n_undisclosed = np.bincount(company[~known], minlength=self.size_ids)
        return totals, n_known, n_undisclosed

    def rank(self, start, end, industry, country, limit: int) -> list[Totals]:  # type: ignore[no-untyped-def]
        """Companies with a known total, largest first, ties by name (as the SQL path)."""
        np = self.np
        totals, n_known, n_undisclosed = self.per_company(start, end, industry, country)
        candidates = np.nonzero(n_known)[0]
        if candidates.size == 0:
            return []
        cand_totals = totals[candidates]
        if candidates.size > limit * 4:
            # Only the companies at or above the limit-th largest total can be in the answer.
            threshold = np.partition(cand_totals, candidates.size - limit)[candidates.size - limit]
            keep = cand_totals >= threshold
            candidates, cand_totals = candidates[keep], cand_totals[keep]
        order = np.lexsort((self.name_rank[candidates], -cand_totals))[:limit]
        return [
            Totals(int(candidates[i]), int(cand_totals[i]), int(n_known[candidates[i]]), int(n_undisclosed[candidates[i]]))
            for i in order
        ]

    def unranked(self, start, end, industry, country) -> int:  # type: ignore[no-untyped-def]
        """Companies whose rounds in the scope are all of undisclosed size."""
        np = self.np
        _, n_known, n_undisclosed = self.per_company(start, end, industry, country)
        return int(np.count_nonzero((n_known == 0) & (n_undisclosed > 0)))

    def overview(self, start, end, industry, country) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
        """(total, rounds, undisclosed rounds, companies) -- as the SQL overview query."""
        np = self.np
        mask = self._mask(start, end, industry, country)
        count = self.count[mask]
        known = count >= 0
        companies = int(np.count_nonzero(np.bincount(self.company[mask], minlength=self.size_ids)))
        return int(count[known].sum()), int(mask.sum()), int((~known).sum()), companies

    def largest_rounds(self, start, end, industry, country, limit: int) -> list[int]:  # type: ignore[no-untyped-def]
        """Event ids of the largest known rounds of the period."""
        np = self.np
        mask = self._mask(start, end, industry, country)
        ids, count = self.event_id[mask], self.count[mask]
        if ids.size == 0:
            return []
        k = min(limit, ids.size)
        top = np.argpartition(-count, k - 1)[:k]
        top = top[np.argsort(-count[top], kind="stable")]
        return [int(ids[i]) for i in top if count[i] >= 0]


def shutdowns(snapshot: "Snapshot", start, end, industry, country, limit: int) -> tuple[int, int, list[int]]:  # type: ignore[no-untyped-def]
    """(companies, known jobs, event ids of the ``limit`` most recent) of the rounds that cut 100%."""
    np = snapshot.np
    mask = snapshot._mask(start, end, industry, country) & (snapshot.percentage >= 100)
    companies = int(np.unique(snapshot.company[mask]).size)
    counts = snapshot.count[mask]
    jobs = int(counts[counts >= 0].sum())
    days, ids = snapshot.day[mask], snapshot.event_id[mask]
    order = np.lexsort((-snapshot.count[mask], -days))[:limit]
    return companies, jobs, [int(ids[i]) for i in order]


def _nocase(name: str) -> str:
    # SQLite's NOCASE folds ASCII letters only.
    return "".join(ch.lower() if "A" <= ch <= "Z" else ch for ch in name)


def load_snapshot(db: sqlite_utils.Database, *, min_rows: int = MIN_ROWS) -> Snapshot | None:
    """A snapshot when numpy is installed and the data is big enough to need one."""
    if not numpy_available():
        return None
    summed = db.execute(f"SELECT count(*) FROM events e WHERE {SUMMED_ROUNDS.sql}", SUMMED_ROUNDS.params).fetchone()[0]
    if summed < min_rows:
        return None
    return Snapshot(db)
