"""Plain-text formatting shared by the answers: numbers, dates, lists, sources."""

from __future__ import annotations

import datetime as dt

from bot.nlu.timephrase import format_date
from bot.reply import RoundRow, Source

__all__ = [
    "fmt_count", "fmt_date", "fmt_pct", "and_join", "plural", "undisclosed_phrase", "sources_for", "round_line",
    "BASIS_TEXT", "MAX_SOURCES", "country_phrase",
]

MAX_SOURCES = 5
NOTE_CHARS = 140
BASIS_TEXT = {"company": "of the whole company", "corporate": "of corporate staff", "division": "of the division"}


def fmt_count(n: int | None) -> str:
    return "undisclosed" if n is None else f"{n:,}"


def fmt_date(day: dt.date) -> str:
    return format_date(day)


def fmt_pct(pct: float | None) -> str:
    if pct is None:
        return ""
    return f"{pct:.0f}%" if float(pct).is_integer() else f"{pct:.1f}%"


def and_join(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def undisclosed_phrase(n: int) -> str:
    return f"plus {plural(n, 'round')} of undisclosed size" if n else ""


def sources_for(rows: list[RoundRow], limit: int = MAX_SOURCES) -> tuple[list[Source], int]:
    """Sources of the counted rounds, largest first: (the first ``limit``, how many more).

    With no counted round to back (a division whose only rounds are shared), the sources of
    the rounds listed instead."""
    counted = [r for r in rows if r.counted and r.source] or [r for r in rows if r.source]
    counted.sort(key=lambda r: (r.count or 0, r.date), reverse=True)
    seen: set[str] = set()
    out: list[Source] = []
    for row in counted:
        if row.source in seen:
            continue
        seen.add(row.source)  # type: ignore[arg-type]
        label = f"{row.company}, {fmt_date(row.date)} ({fmt_count(row.count)})"
        out.append(Source(url=row.source, label=label))  # type: ignore[arg-type]
    return out[:limit], max(0, len(out) - limit)


def round_line(row: RoundRow, *, with_company: bool = False) -> str:
    bits = [fmt_date(row.date)]
    if with_company:
        bits.append(row.company)
    bits.append(fmt_count(row.count))
    if row.percentage is not None and row.percentage_basis == "division" and row.division:
        bits.append(f"{fmt_pct(row.percentage)} of {row.division}")  # "35% of Twitch", not "of the division"
    else:
        if row.percentage is not None:
            basis = BASIS_TEXT.get(row.percentage_basis or "company", "")
            bits.append(f"{fmt_pct(row.percentage)} {basis}".strip())
        if row.division:
            bits.append(row.division)
    bits.append(row.status)
    line = " · ".join(bits)
    if row.note:
        note = row.note if len(row.note) <= NOTE_CHARS else row.note[: NOTE_CHARS - 1].rstrip() + "…"
        line += f" ({note})"
    if not row.counted and row.status in ("confirmed", "reported") and row.count is not None:
        line += " [not added]"
    return line


def country_phrase(country: str) -> str:
    """ "the United Kingdom", "the Netherlands", "India": a country as it reads after "in"."""
    plural_or_union = country.startswith(("United ", "Czech ")) or country in ("Netherlands", "Philippines", "UAE", "Bahamas")
    return f"the {country}" if plural_or_union else country
