"""A small hand-written database for the core's tests; every expected figure in
``tests/golden/`` is computed by hand from these rows.

Today is pinned to :data:`TODAY` (2026-02-15); the data is as of :data:`AS_OF` (2026-02-01).

Traps included on purpose (see ../shared major_events.md):
- Amazon 2023-01-04 is a cumulative announcement ("18,000") that includes the Nov 2022 round:
  its ``count`` is the incremental 8,000.  Amazon 2026-01-28 likewise ("30,000" incl. Oct 2025).
- Amazon 2023-03-20 spans AWS, Twitch, Advertising and PXT (one 9,000 round).
- Amazon 2023-04-26 is an AWS round of undisclosed size; Amazon 2024-02-01 is retracted;
  Amazon 2026-06-01 is a planned round (AWS; Retail), count unknown.
- Intel 2025-07-15 (5,000, WARN filings) is part of the 2025-04-23 plan (22,000).
- Google 2024-01-10 has an undisclosed count; Oracle only a rumour.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from bot.data.db import open_db

__all__ = ["TODAY", "AS_OF", "COMPANIES", "EVENTS", "build_fixture_db"]

TODAY = dt.date(2026, 2, 15)
AS_OF = dt.date(2026, 2, 1)

# id, name, industry, country
COMPANIES = [
    (1, "Amazon", "Retail", "United States"),
    (2, "Meta", "Consumer", "United States"),
    (3, "Google", "Consumer", "United States"),
    (4, "Microsoft", "Other", "United States"),
    (5, "Intel", "Hardware", "United States"),
    (6, "Twitter", "Consumer", "United States"),
    (7, "PayPal", "Finance", "United States"),
    (8, "Byju's", "Education", "India"),
    (9, "Paytm", "Finance", "India"),
    (10, "Salesforce", "Sales", "United States"),
    (11, "Zoom", "Other", "United States"),
    (12, "Snap", "Consumer", "United States"),
    (13, "Block", "Finance", "United States"),
    (14, "Oracle", "Other", "United States"),
    (15, "Swiggy", "Food", "India"),
]

# alias, company id, division, ambiguous
ALIASES = [
    ("amazon", 1, None, 0), ("amazon.com", 1, None, 0), ("amzn", 1, None, 0),
    ("aws", 1, "AWS", 0), ("amazon web services", 1, "AWS", 0), ("twitch", 1, "Twitch", 0),
    ("meta", 2, None, 0), ("facebook", 2, None, 0), ("meta platforms", 2, None, 0), ("fb", 2, None, 0),
    ("reality labs", 2, "Reality Labs", 0),
    ("google", 3, None, 0), ("alphabet", 3, None, 0),
    ("microsoft", 4, None, 0), ("msft", 4, None, 0), ("activision blizzard", 4, "Gaming", 0), ("xbox", 4, "Gaming", 0),
    ("intel", 5, None, 0),
    ("twitter", 6, None, 0), ("x", 6, None, 1), ("x corp", 6, None, 0),
    ("paypal", 7, None, 0), ("byju's", 8, None, 0), ("byjus", 8, None, 0), ("paytm", 9, None, 0),
    ("salesforce", 10, None, 0), ("zoom", 11, None, 1), ("zoom video communications", 11, None, 0),
    ("snap", 12, None, 1), ("snapchat", 12, None, 0), ("block", 13, None, 1), ("square", 13, None, 1),
    ("block inc", 13, None, 0), ("oracle", 14, None, 0), ("swiggy", 15, None, 0),
]

# id, company, division, date, count, announced_count, includes, part_of, pct, basis, status, source
EVENTS = [
    (1, 1, None, "2022-11-16", 10000, None, None, None, 3.0, "company", "reported", "https://example.com/amazon-2022-11"),
    (2, 1, None, "2023-01-04", 8000, 18000, 1, None, 1.2, "company", "confirmed", "https://example.com/amazon-2023-01"),
    (3, 1, "AWS; Twitch; Advertising; PXT", "2023-03-20", 9000, None, None, None, None, None, "confirmed", "https://example.com/amazon-2023-03"),
    (4, 1, "AWS", "2023-04-26", None, None, None, None, None, None, "reported", "https://example.com/aws-2023-04"),
    (5, 1, "AWS", "2024-04-03", 100, None, None, None, None, None, "reported", "https://example.com/aws-2024-04"),
    (6, 1, None, "2024-02-01", 5000, None, None, None, None, None, "retracted", "https://example.com/amazon-2024-02"),
    (7, 1, None, "2025-10-28", 14000, None, None, None, 4.0, "corporate", "confirmed", "https://example.com/amazon-2025-10"),
    (8, 1, None, "2026-01-28", 16000, 30000, 7, None, 10.0, "corporate", "confirmed", "https://example.com/amazon-2026-01"),
    (9, 1, "AWS; Retail", "2026-06-01", None, None, None, None, None, None, "planned", "https://example.com/amazon-plan-2026"),
    (10, 2, None, "2022-11-09", 11000, None, None, None, 13.0, "company", "confirmed", "https://example.com/meta-2022-11"),
    (11, 2, None, "2023-03-14", 10000, None, None, None, None, None, "confirmed", "https://example.com/meta-2023-03"),
    (12, 2, None, "2025-02-10", 3600, None, None, None, 5.0, "company", "confirmed", "https://example.com/meta-2025-02"),
    (13, 2, "Reality Labs", "2026-01-13", 1500, None, None, None, 10.0, "division", "reported", "https://example.com/meta-2026-01"),
    (14, 3, None, "2023-01-20", 12000, None, None, None, 6.0, "company", "confirmed", "https://example.com/google-2023-01"),
    (15, 3, None, "2024-01-10", None, None, None, None, None, None, "reported", "https://example.com/google-2024-01"),
    (16, 4, None, "2023-01-18", 10000, None, None, None, 5.0, "company", "confirmed", "https://example.com/msft-2023-01"),
    (17, 4, "Gaming", "2024-01-25", 1900, None, None, None, 8.0, "division", "confirmed", "https://example.com/msft-2024-01"),
    (18, 4, None, "2025-05-13", 6000, None, None, None, 3.0, "company", "confirmed", "https://example.com/msft-2025-05"),
    (19, 4, None, "2025-07-02", 9000, None, None, None, 4.0, "company", "confirmed", "https://example.com/msft-2025-07"),
    (20, 5, None, "2024-08-01", 15000, None, None, None, 15.0, "company", "confirmed", "https://example.com/intel-2024-08"),
    (21, 5, None, "2025-04-23", 22000, None, None, None, 20.0, "company", "reported", "https://example.com/intel-2025-04"),
    (22, 5, None, "2025-07-15", 5000, None, None, 21, None, None, "reported", "https://example.com/intel-2025-07-warn"),
    (23, 6, None, "2022-11-04", 3700, None, None, None, 50.0, "company", "confirmed", "https://example.com/twitter-2022-11"),
    (24, 7, None, "2023-01-31", 2000, None, None, None, 7.0, "company", "confirmed", "https://example.com/paypal-2023-01"),
    (25, 7, None, "2024-01-30", 2500, None, None, None, 9.0, "company", "confirmed", "https://example.com/paypal-2024-01"),
    (26, 8, None, "2022-10-11", 2500, None, None, None, 5.0, "company", "reported", "https://example.com/byjus-2022-10"),
    (27, 8, None, "2023-06-26", 1000, None, None, None, None, None, "reported", "https://example.com/byjus-2023-06"),
    (28, 9, None, "2023-12-25", 1000, None, None, None, None, None, "reported", "https://example.com/paytm-2023-12"),
    (29, 10, None, "2023-01-04", 8000, None, None, None, 10.0, "company", "confirmed", "https://example.com/salesforce-2023-01"),
    (30, 10, "Support", "2025-09-01", 4000, None, None, None, 44.0, "division", "reported", "https://example.com/salesforce-2025-09"),
    (31, 11, None, "2023-02-07", 1300, None, None, None, 15.0, "company", "confirmed", "https://example.com/zoom-2023-02"),
    (32, 12, None, "2022-08-31", 1280, None, None, None, 20.0, "company", "confirmed", "https://example.com/snap-2022-08"),
    (33, 13, None, "2024-01-30", 1000, None, None, None, 8.0, "company", "reported", "https://example.com/block-2024-01"),
    (34, 14, None, "2026-03-05", None, None, None, None, None, None, "rumored", "https://example.com/oracle-2026-03"),
    (35, 15, None, "2023-01-20", 380, None, None, None, 6.0, "company", "reported", "https://example.com/swiggy-2023-01"),
    (36, 3, None, "2025-02-27", None, None, None, None, None, None, "rumored", None),
]

AGGREGATES = [
    ("layoffs.fyi", "global tech", "2022-01-01", "2022-12-31", 165269, 1064, 1, "2023-01-02", "https://layoffs.fyi/"),
    ("layoffs.fyi", "global tech", "2023-01-01", "2023-12-31", 264220, 1194, 1, "2024-01-02", "https://layoffs.fyi/"),
    ("layoffs.fyi", "global tech", "2024-01-01", "2024-12-31", 152922, 551, 0, "2025-01-02", "https://layoffs.fyi/"),
    ("Challenger", "U.S. technology sector", "2023-01-01", "2023-12-31", 168032, None, 0, "2024-01-04", "https://www.challengergray.com/"),
]


def build_fixture_db(path: str = ":memory:") -> sqlite_utils.Database:
    db = open_db(path)
    with db.atomic():
        db["meta"].insert_all(
            [{"key": "data_as_of", "value": AS_OF.isoformat()}, {"key": "initialized", "value": "fixture"}], replace=True
        )
        db["companies"].insert_all(
            [{"id": i, "name": n, "industry": ind, "country": c} for i, n, ind, c in COMPANIES]
        )
        db["aliases"].insert_all(
            [
                {"alias": a, "display": a, "company_id": cid, "division": div, "ambiguous": amb}
                for a, cid, div, amb in ALIASES
            ]
        )
        rows = []
        for (eid, cid, div, date, count, announced, includes, part_of, pct, basis, status, source) in EVENTS:
            company = COMPANIES[cid - 1]
            rows.append(
                {
                    "id": eid, "company_id": cid, "division": div, "date": date, "count": count,
                    "announced_count": announced, "includes_event_id": includes, "part_of_event_id": part_of,
                    "percentage": pct, "percentage_basis": basis, "status": status, "source": source,
                    "unsourced": 0 if source else 1, "industry": company[2], "country": company[3],
                    "date_added": date if date <= AS_OF.isoformat() else AS_OF.isoformat(),
                    "origin": "curated",
                }
            )
        db["events"].insert_all(rows)
        db["aggregates"].insert_all(
            [
                {"publisher": p, "scope": s, "period_start": a, "period_end": b, "count": n, "companies": c,
                 "approximate": ap, "as_of": asof, "source": src}
                for p, s, a, b, n, c, ap, asof, src in AGGREGATES
            ]
        )
    return db
