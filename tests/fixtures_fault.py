"""Large generated inputs for the fault suite and the audit benchmark.

:func:`write_big_csv` writes a layoffs.fyi-layout CSV of ``rows`` distinct rounds (one new
company per 20 rows, so an import also creates and audits companies); every row is valid and
none duplicates another, so an import adds exactly ``rows`` events.  Deterministic for a seed.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

__all__ = ["FYI_HEADER", "write_big_csv"]

FYI_HEADER = [
    "company", "location", "total_laid_off", "date", "percentage_laid_off", "industry",
    "source", "stage", "funds_raised", "country", "date_added",
]


def write_big_csv(path: Path, rows: int, *, seed: int = 11, prefix: str = "Faultco") -> Path:
    """Write ``rows`` distinct, valid layoffs.fyi rows to ``path`` and return it."""
    rng = random.Random(seed)
    start = dt.date(2000, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(FYI_HEADER)
        for n in range(rows):
            company = f"{prefix} {n // 20:06d}"
            # 20 rows of a company: distinct dates at least 40 days apart, so none is a duplicate.
            day = start + dt.timedelta(days=(n % 20) * 40 + rng.randrange(0, 30))
            count = "" if rng.random() < 0.3 else f"{rng.randrange(1, 5000)}.0"
            writer.writerow([
                company, "SF Bay Area", count, f"{day.month}/{day.day}/{day.year}",
                "" if rng.random() < 0.5 else f"{rng.randrange(1, 90) / 100:.2f}", "Other",
                f"https://example.com/fault/{n}", "Unknown", "", "United States", f"{day.month}/{day.day}/{day.year}",
            ])
    return path
