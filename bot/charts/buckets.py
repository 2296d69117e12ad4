"""Time buckets and period names for charts: which bucket, which buckets, their labels.

When no bucket is asked for, it is picked from the period's length in calendar months (both
ends counted): up to 18 -> month, up to 60 (5 years) -> quarter, longer -> year.
"""

from __future__ import annotations

import datetime as dt

from bot.reply import format_day

__all__ = [
    "BUCKETS",
    "MONTH_BUCKET_MAX_MONTHS",
    "QUARTER_BUCKET_MAX_MONTHS",
    "MONTH_ABBR",
    "MONTH_NAMES",
    "choose_bucket",
    "bucket_of",
    "bucket_keys",
    "bucket_label",
    "describe_period",
    "fmt_day",
]

BUCKETS = ("month", "quarter", "year")
#: Period lengths (in calendar months, both ends counted) up to which a bucket is chosen.
MONTH_BUCKET_MAX_MONTHS = 18
QUARTER_BUCKET_MAX_MONTHS = 60
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")  # fmt: skip


def _months_spanned(start: dt.date, end: dt.date) -> int:
    """Calendar months touched by the inclusive period (Jan 2023 – Jan 2023 is 1)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def choose_bucket(start: dt.date, end: dt.date) -> str:
    """month for up to 18 months, quarter for up to 5 years, year beyond."""
    months = _months_spanned(start, end)
    if months <= MONTH_BUCKET_MAX_MONTHS:
        return "month"
    if months <= QUARTER_BUCKET_MAX_MONTHS:
        return "quarter"
    return "year"


def bucket_of(year: int, month: int, bucket: str) -> tuple[int, int]:
    """(year, month), (year, quarter) or (year, 0)."""
    if bucket == "month":
        return (year, month)
    if bucket == "quarter":
        return (year, (month - 1) // 3 + 1)
    return (year, 0)


def bucket_keys(start: dt.date, end: dt.date, bucket: str) -> list[tuple[int, int]]:
    """Every bucket from the one holding ``start`` to the one holding ``end`` (continuous axis)."""
    keys: list[tuple[int, int]] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        key = bucket_of(year, month, bucket)
        if not keys or keys[-1] != key:
            keys.append(key)
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return keys


def bucket_label(key: tuple[int, int], bucket: str) -> str:
    """"Jan 2023", "Q1 2023" or "2023"."""
    year, part = key
    if bucket == "month":
        return f"{MONTH_ABBR[part - 1]} {year}"
    if bucket == "quarter":
        return f"Q{part} {year}"
    return str(year)


fmt_day = format_day  # the one date format (bot.reply)


def _is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def describe_period(start: dt.date, end: dt.date) -> str:
    """Shortest honest name of an inclusive period: "2023", "2022–2024", "Mar–Jun 2023",
    "March 2024", else "1 Mar 2023 – 28 Jan 2026"."""
    whole_months = start.day == 1 and _is_month_end(end)
    if whole_months and start.month == 1 and end.month == 12:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if whole_months:
        if (start.year, start.month) == (end.year, end.month):
            return f"{MONTH_NAMES[start.month - 1]} {start.year}"  # not strftime: locale-free
        if start.year == end.year:
            return f"{MONTH_ABBR[start.month - 1]}–{MONTH_ABBR[end.month - 1]} {end.year}"
        return f"{MONTH_ABBR[start.month - 1]} {start.year} – {MONTH_ABBR[end.month - 1]} {end.year}"
    if start == end:
        return fmt_day(start)
    return f"{fmt_day(start)} – {fmt_day(end)}"
