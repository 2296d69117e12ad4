"""What every answer shares: the context it runs in and the Reply assembly.

Every Reply states what was understood (``understood.description``), the data's as-of date,
the sources of the rounds it counted (largest few, "and N more") and suggestions; this module
makes that true for every intent by building the text in one place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sqlite_utils

from bot.answers.format import fmt_date, round_line, sources_for
from bot.answers.query import ROUND_COLUMNS, Clause, RawRound, Scope
from bot.nlu.parse import Frame
from bot.reply import CompanyRow, Reply, RoundRow, Understood

if TYPE_CHECKING:
    from bot.answers.columnar import Snapshot

__all__ = ["Context", "Draft", "MAX_TEXT_ROWS", "coverage_note", "as_written"]

MAX_TEXT_ROWS = 12


@dataclass(slots=True)
class Context:
    db: sqlite_utils.Database
    frame: Frame
    today: dt.date
    as_of: dt.date | None
    snapshot_loader: Callable[[], "Snapshot | None"] = lambda: None
    """The columnar snapshot for market-wide aggregates on big data (None: use SQL)."""
    first_date: dt.date | None = None
    """The oldest round's date: a period before it is not covered by the data."""

    @property
    def snapshot(self) -> "Snapshot | None":
        return self.snapshot_loader()

    @property
    def scope(self) -> Scope:
        f = self.frame
        return Scope(list(f.companies), f.division, f.start, f.end, f.industry, f.country)

    @property
    def reaches_today(self) -> bool:
        """The period is open or runs to today or later: plans dated after its end are still news."""
        return self.frame.end is None or self.frame.end >= self.today

    def plan_clauses(self, ids: list[int] | None = None) -> list[Clause]:
        """The scope's clauses for planned and rumoured rounds: as asked, but with no end date
        when the period reaches today (a plan dated after it is always mentioned)."""
        scope = self.scope  # a fresh Scope each time
        if self.reaches_today:
            scope.end = None
        return scope.clauses(ids)

    def lookup(self, event_id: int) -> RawRound | None:
        return _lookup(self.db, event_id)


def _lookup(db: sqlite_utils.Database, event_id: int) -> RawRound | None:
    row = db.execute(
        f"SELECT {ROUND_COLUMNS} FROM events e CROSS JOIN companies c ON c.id = e.company_id WHERE e.id = ?", [event_id]
    ).fetchone()
    return RawRound.from_row(row) if row else None


def as_written(word: str, text: str) -> str:
    """``word`` (normalized) in the user's own spelling when the message has it ("Anthropic")."""
    # Words as normalized; the message may have "&", "-" or "." between them ("ernst & young").
    pattern = r"[\W_]+".join(re.escape(w) for w in word.split())
    original = re.search(pattern, text, re.IGNORECASE)
    return original.group(0) if original else word


def coverage_note(
    start: dt.date | None, end: dt.date | None, as_of: dt.date | None, first: dt.date | None = None
) -> str | None:
    """A period reaching past the data's as-of date (or before its first round) is only partly
    covered, or not at all: say so, or "0 jobs" would read as "no layoffs"."""
    if as_of is not None and start is not None and start > as_of:
        return (f"Our data runs to {fmt_date(as_of)}, before this period starts: nothing recorded here "
                "does not mean there were no layoffs.")
    if first is not None and end is not None and end < first:
        return (f"Our data starts on {fmt_date(first)}, after this period ends: nothing recorded here "
                "does not mean there were no layoffs.")
    if as_of is not None and end is not None and end > as_of:
        return f"Our data runs to {fmt_date(as_of)}: this period is only covered up to then."
    return None


@dataclass(slots=True)
class Draft:
    """An answer being written; :meth:`finish` turns it into a :class:`Reply`."""

    intent: str
    headline: str
    description: str
    total: int | None = None
    undisclosed: int = 0
    round_rows: list[RoundRow] = field(default_factory=list)
    company_rows: list[CompanyRow] = field(default_factory=list)
    planned: list[RoundRow] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    source_rows: list[RoundRow] | None = None
    rows_title: str = "Rounds"
    with_company: bool = False

    def finish(self, ctx: Context) -> Reply:
        frame = ctx.frame
        understood = Understood(
            companies=list(frame.companies), division=frame.division, start=frame.start, end=frame.end,
            industry=frame.industry, country=frame.country,
            limit=frame.limit if self.intent in ("rank", "latest") else None, description=self.description,
        )
        sources, more = sources_for(self.source_rows if self.source_rows is not None else self.round_rows)
        notes = list(frame.notes) + self.notes
        if frame.ignored and self.intent not in ("help", "unknown"):
            notes.append("Ignored: " + ", ".join(f"‘{w}’" for w in dict.fromkeys(frame.ignored))
                         + " (every figure is an exact sum of sourced counts).")
        coverage = coverage_note(frame.start, frame.end, ctx.as_of, ctx.first_date)
        if coverage and self.intent != "planned":
            notes.append(coverage)
        if frame.unknown_names and frame.companies:
            # "intel vs hp vs nvidia": the names we have are answered; the one we don't is said.
            names = ", ".join(f"“{as_written(n, frame.text)}”" for n in frame.unknown_names)
            self.headline += f" (I don't have {names} in our data: no figure for {'it' if len(frame.unknown_names) == 1 else 'them'}.)"
            notes = [n for n in notes if not n.startswith("I don't have ")]
        text: list[str] = [self.description, self.headline]
        text.extend(self.lines)
        if self.round_rows:
            text.append(f"{self.rows_title}:")
            for row in self.round_rows[:MAX_TEXT_ROWS]:
                text.append("  • " + round_line(row, with_company=self.with_company))
            if len(self.round_rows) > MAX_TEXT_ROWS:
                text.append(f"  … and {len(self.round_rows) - MAX_TEXT_ROWS} more rounds")
        if self.planned:
            text.append("Planned or rumoured (not counted in any total):")
            for row in self.planned[:MAX_TEXT_ROWS]:
                text.append("  • " + round_line(row, with_company=self.with_company or len(frame.companies) != 1)
                            + (f" — {row.source}" if row.source else ""))
        for note in notes:
            text.append(f"Note: {note}")
        if sources:
            text.append("Sources:")
            text.extend(f"  {s.label}: {s.url}" for s in sources)
            if more:
                text.append(f"  … and {more} more")
        text.append(f"Data as of {fmt_date(ctx.as_of)}." if ctx.as_of else "Data as-of date unknown.")
        self.suggestions = list(dict.fromkeys(self.suggestions))  # "latest layoffs" once, not twice
        if self.suggestions:
            text.append("Try: " + " · ".join(f"“{s}”" for s in self.suggestions))
        rows: list[RoundRow | CompanyRow] = list(self.company_rows) if self.company_rows else list(self.round_rows)
        row_kind = "companies" if self.company_rows else ("rounds" if self.round_rows else None)
        return Reply(
            intent=self.intent, text="\n".join(t for t in text if t), headline=self.headline, understood=understood,
            total=self.total, undisclosed_rounds=self.undisclosed, rows=rows, row_kind=row_kind,  # type: ignore[arg-type]
            planned=self.planned, sources=sources, notes=notes, suggestions=self.suggestions[:4], as_of=ctx.as_of,
            extra={"more_sources": more} if more else {},
        )


