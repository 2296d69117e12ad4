"""A small hand-written database for the chart tests, with every counting trap in it.

Known figures (confirmed + reported, known counts, part_of rows left out):

Amazon   2022-11-16  10,000 reported
         2023-01-04   8,000 confirmed (announced 18,000 cumulative, includes the Nov 2022 round)
         2023-03-20   9,000 confirmed  divisions "AWS; Twitch; Advertising; PXT"
         2023-04-26   undisclosed, reported, division "AWS"
         2023-07-12     500 reported,  division "AWS"
         2024-05-01   5,000 rumored    (never summed)
         2024-06-01   undisclosed, planned (never summed; part_of the Oct 2025 round it became)
         2024-09-09   1,000 retracted  (ignored)
         2025-10-28  14,000 confirmed
         2026-01-28  16,000 confirmed (announced 30,000 cumulative, includes Oct 2025)
Meta     2022-11-09  11,000 confirmed
         2023-03-14  10,000 confirmed
         2025-02-10   3,600 confirmed
         2026-01-13   1,500 reported   division "Reality Labs"
Google   2023-01-20  12,000 confirmed
         2024-01-10   undisclosed, reported
Intel    2025-04-23  22,000 reported
         2025-07-15   5,000 reported   part_of the April plan (never summed)
Stripe   2023-01-20   1,100 confirmed  (industry Finance, country United States)
Zalando  2023-03-01   undisclosed, reported (only undisclosed rounds)

Data as of 2026-01-28 (meta ``as_of``).
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from bot.data.db import open_db

__all__ = ["AS_OF", "make_chart_db"]

AS_OF = dt.date(2026, 1, 28)

_COMPANIES = [
    (1, "Amazon", "Retail", "United States"),
    (2, "Meta", "Consumer", "United States"),
    (3, "Google", "Consumer", "United States"),
    (4, "Intel", "Hardware", "United States"),
    (5, "Stripe", "Finance", "United States"),
    (6, "Zalando", "Retail", "Germany"),
]

# id, company_id, date, count, status, division, announced_count, includes, part_of
_EVENTS = [
    (1, 1, "2022-11-16", 10000, "reported", None, None, None, None),
    (2, 1, "2023-01-04", 8000, "confirmed", None, 18000, 1, None),
    (3, 1, "2023-03-20", 9000, "confirmed", "AWS; Twitch; Advertising; PXT", None, None, None),
    (4, 1, "2023-04-26", None, "reported", "AWS", None, None, None),
    (5, 1, "2023-07-12", 500, "reported", "AWS", None, None, None),
    (6, 1, "2024-05-01", 5000, "rumored", None, None, None, None),
    (7, 1, "2024-06-01", None, "planned", None, None, None, 9),
    (8, 1, "2024-09-09", 1000, "retracted", None, None, None, None),
    (9, 1, "2025-10-28", 14000, "confirmed", None, None, None, None),
    (10, 1, "2026-01-28", 16000, "confirmed", None, 30000, 9, None),
    (11, 2, "2022-11-09", 11000, "confirmed", None, None, None, None),
    (12, 2, "2023-03-14", 10000, "confirmed", None, None, None, None),
    (13, 2, "2025-02-10", 3600, "confirmed", None, None, None, None),
    (14, 2, "2026-01-13", 1500, "reported", "Reality Labs", None, None, None),
    (15, 3, "2023-01-20", 12000, "confirmed", None, None, None, None),
    (16, 3, "2024-01-10", None, "reported", None, None, None, None),
    (17, 4, "2025-04-23", 22000, "reported", None, None, None, None),
    (18, 4, "2025-07-15", 5000, "reported", None, None, None, 17),
    (19, 5, "2023-01-20", 1100, "confirmed", None, None, None, None),
    (20, 6, "2023-03-01", None, "reported", None, None, None, None),
]


def make_chart_db(*, as_of: dt.date | None = AS_OF) -> sqlite_utils.Database:
    db = open_db(":memory:")
    with db.atomic():
        db.execute("PRAGMA defer_foreign_keys = ON")  # a plan may point at a later round
        for company_id, name, industry, country in _COMPANIES:
            db.execute(
                "INSERT INTO companies (id, name, industry, country) VALUES (?, ?, ?, ?)",
                [company_id, name, industry, country],
            )
        for event_id, company_id, date, count, status, division, announced, includes, part_of in _EVENTS:
            db.execute(
                "INSERT INTO events (id, company_id, date, count, status, division, announced_count,"
                " includes_event_id, part_of_event_id, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [event_id, company_id, date, count, status, division, announced, includes, part_of,
                 f"https://example.com/{event_id}"],
            )
        if as_of is not None:
            db.execute("INSERT INTO meta (key, value) VALUES ('as_of', ?)", [as_of.isoformat()])
    return db
