"""What the read-only browser and API (``layoffbot serve``) shows: metadata and canned queries.

Pure data, no web library: :func:`browse_metadata` returns the metadata document (titles,
descriptions, licences, sources, facets, canned queries) for one database name, and
:data:`PUBLIC_TABLES` says which tables are published.  Every other table (the audit log,
chat admins, subscriptions, imports, bot state) holds chat user ids or operational data and
is denied, not just hidden.

The canned queries state the counting rules in SQL exactly as the bot does
(:func:`bot.answers.query.summed_rounds`): only ``confirmed`` and ``reported`` rounds are
summed, a row ``part_of`` another round is never summed, and a cumulative announcement adds
only its stored (incremental) ``count`` — its ``announced_count`` is never added.
"""

from __future__ import annotations

from typing import Any

from bot.answers.query import summed_rounds
from bot.data.db import SUMMED_STATUSES

__all__ = ["PUBLIC_TABLES", "COUNTING_RULES", "CANNED_QUERIES", "summed_sql", "browse_metadata"]

#: Tables (and views) published by ``layoffbot serve``; everything else is denied.
PUBLIC_TABLES = ("rounds", "events", "companies", "aliases", "aggregates", "causes")

COUNTING_RULES = (
    "Counting rules (the same as every bot answer): a total is the sum of the known counts of "
    "confirmed and reported rounds dated in the period, both ends included; a round of unknown size "
    "is an undisclosed round, never 0; planned and rumored rounds are never summed; retracted rounds "
    "are ignored; a row that is part_of another round is listed but never summed; a cumulative "
    "announcement's count is only its new part (its announced_count is never added on top of the "
    "rounds it contains)."
)

_LAYOFFS_FYI = "https://layoffs.fyi/"
_LICENSE = "layoffs.fyi data shared publicly with attribution; curated layer: public reporting, linked per row"


def summed_sql(alias: str = "e") -> str:
    """The SQL condition of :func:`summed_rounds` with its (constant) statuses inlined.

    Datasette's canned queries take only named parameters, so the constant status list is
    written into the SQL; it comes from :data:`SUMMED_STATUSES`, never from a request."""
    clause = summed_rounds(f"{alias}.status")
    sql = clause.sql.replace("e.part_of_event_id", f"{alias}.part_of_event_id")
    for status in clause.params:
        assert status in SUMMED_STATUSES  # constants only: nothing from outside is inlined
        sql = sql.replace("?", f"'{status}'", 1)
    return sql


#: The company a ``:company`` parameter names: its exact name, else an alias (normalized as
#: the alias table stores them: lower case).
_COMPANY_ID = (
    "(SELECT id FROM companies WHERE name = trim(:company) COLLATE NOCASE "
    "UNION ALL SELECT company_id FROM aliases WHERE alias = lower(trim(:company)) LIMIT 1)"
)
_PERIOD = "(:start = '' OR e.date >= :start) AND (:end = '' OR e.date <= :end)"


def _company_total_sql() -> str:
    summed = summed_sql()
    return f"""SELECT c.name AS company,
  COALESCE(SUM(CASE WHEN {summed} THEN e.count END), 0) AS total,
  COUNT(CASE WHEN {summed} AND e.count IS NOT NULL THEN 1 END) AS rounds,
  COUNT(CASE WHEN {summed} AND e.count IS NULL THEN 1 END) AS undisclosed_rounds,
  COUNT(CASE WHEN e.status IN ('planned', 'rumored') THEN 1 END) AS planned_or_rumored_rounds,
  MIN(CASE WHEN {summed} THEN e.date END) AS first_round,
  MAX(CASE WHEN {summed} THEN e.date END) AS latest_round
FROM events e JOIN companies c ON c.id = e.company_id
WHERE e.company_id = {_COMPANY_ID} AND {_PERIOD}
GROUP BY c.id"""


def _ranking_sql() -> str:
    return f"""SELECT c.name AS company,
  SUM(e.count) AS total,
  COUNT(e.count) AS rounds,
  COUNT(*) - COUNT(e.count) AS undisclosed_rounds,
  c.industry, c.country
FROM events e JOIN companies c ON c.id = e.company_id
WHERE {summed_sql()} AND {_PERIOD}
  AND (:industry = '' OR COALESCE(e.industry, c.industry) = :industry COLLATE NOCASE)
  AND (:country = '' OR COALESCE(e.country, c.country) = :country COLLATE NOCASE)
GROUP BY c.id
HAVING COUNT(e.count) > 0
ORDER BY total DESC, c.name
LIMIT 25"""


def _latest_sql() -> str:
    statuses = ", ".join(f"'{s}'" for s in SUMMED_STATUSES)
    return f"""SELECT e.id, c.name AS company, e.division, e.date, e.count, e.status,
  e.part_of_event_id IS NULL AS counted, e.announced_count, e.source, e.note
FROM events e JOIN companies c ON c.id = e.company_id
WHERE e.status IN ({statuses})
ORDER BY e.date DESC, e.id DESC
LIMIT 20"""


#: name -> (title, description, SQL).  Empty parameters mean "no filter".
CANNED_QUERIES: dict[str, tuple[str, str, str]] = {
    "company_total": (
        "A company's total",
        "Jobs cut by one company (name or alias, e.g. Amazon, AWS, Facebook), optionally between start and end "
        "(YYYY-MM-DD, inclusive; empty = open). All of the company's rounds: a division's share is the bot's "
        "job (a round across several divisions is never one division's count). " + COUNTING_RULES,
        _company_total_sql(),
    ),
    "ranking": (
        "Who cut the most",
        "Companies by jobs cut, optionally in a period (start/end YYYY-MM-DD), an industry or a country; "
        "ties by name; companies whose rounds are all of undisclosed size are left out. " + COUNTING_RULES,
        _ranking_sql(),
    ),
    "latest": (
        "Latest rounds",
        "The 20 newest confirmed or reported rounds (counted = 0: part of another round, never summed).",
        _latest_sql(),
    ),
}

_TABLES: dict[str, dict[str, Any]] = {
    "rounds": {
        "title": "Layoff rounds",
        "description": "One row per round (retracted ones included, with their status), company names resolved; "
        "counted = 1 when the round adds to totals. " + COUNTING_RULES,
        "facets": ["company", "industry", "country", "status"],
        "sort_desc": "date",
    },
    "events": {
        "title": "Layoff rounds (raw)",
        "description": "The stored rounds: count is the round's own incremental count; announced_count the figure "
        "as announced; includes_event_id / part_of_event_id the cumulative and overlap links. " + COUNTING_RULES,
        "facets": ["company_id", "industry", "country", "status"],
        "sort_desc": "date",
    },
    "companies": {"title": "Companies", "description": "Every company with its industry, location and country.",
                  "facets": ["industry", "country"]},
    "aliases": {"title": "Aliases", "description": "Alias → company (and division); ambiguous = 1 when the alias "
                "is also an ordinary word and needs layoff words around it."},
    "aggregates": {"title": "Published totals", "description": "Totals published by trackers (layoffs.fyi, "
                   "Crunchbase, Challenger), each with scope, period, source and as-of date; never mixed into our sums.",
                   "facets": ["publisher"]},
    "causes": {"title": "Stated causes", "description": "Cause tags on rounds (ai, restructuring, cost, acquisition, "
               "closure, relocation…), each with the quote and the source that state it; a round without a tag has "
               "no cause stated (causes are never guessed).", "facets": ["cause"]},
}


def browse_metadata(database: str, *, tables: list[str]) -> dict[str, Any]:
    """The metadata document for a database named ``database`` holding ``tables``.

    Tables not in :data:`PUBLIC_TABLES` get ``allow: false`` (denied to everyone)."""
    table_meta: dict[str, Any] = {}
    for name in tables:
        meta = dict(_TABLES.get(name, {}))
        if name not in PUBLIC_TABLES:
            meta = {"hidden": True, "allow": False}
        else:
            meta.setdefault("source", "layoffs.fyi and curated sources")
            meta.setdefault("source_url", _LAYOFFS_FYI)
            meta.setdefault("license", _LICENSE)
        table_meta[name] = meta
    queries = {
        name: {"title": title, "description": description, "sql": sql}
        for name, (title, description, sql) in CANNED_QUERIES.items()
    }
    return {
        "title": "layoffbot: corporate layoffs, sourced",
        "description": "The curated, sourced layoffs dataset behind layoffbot (read-only). " + COUNTING_RULES,
        "license": _LICENSE,
        "source": "layoffs.fyi export of 2026-01-28 and curated public reporting",
        "source_url": _LAYOFFS_FYI,
        "databases": {database: {"title": "layoffbot", "tables": table_meta, "queries": queries},
                      "_memory": {"allow": False}},
    }
