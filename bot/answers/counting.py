"""The counting rules, in one place (stated in the README, enforced by tests/test_core_counting.py).

- A total sums the known ``count`` of ``confirmed`` and ``reported`` rounds dated within the
  period (inclusive).  A round whose count is unknown is an *undisclosed* round, never a 0.
- ``planned`` and ``rumored`` rounds are never summed; they are listed apart (``Reply.planned``).
- ``retracted`` rounds are ignored (the queries never return them).
- A row with ``part_of_event_id`` overlaps a round already counted: listed, never summed.
- A cumulative announcement's ``count`` is already the new part: it is summed as is, and its
  ``announced_count`` is shown in the row's note (never added on top of the rounds it contains).
- For a division question, a round of that division alone counts; a round spanning several
  divisions ("AWS; Twitch; Advertising; PXT") is listed, not counted, as an undisclosed share
  ("9,000 across AWS, Twitch, Advertising and PXT; AWS's share undisclosed"); company-wide
  rounds are not attributed to the division (a note says how many there were).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.answers.format import and_join, fmt_count, fmt_date
from bot.answers.query import RawRound
from bot.data.db import DIVISION_SEPARATOR
from bot.reply import RoundRow

__all__ = ["Tally", "tally", "to_row", "divisions_of"]


@dataclass(slots=True)
class Tally:
    total: int = 0
    counted_rounds: int = 0
    """Rounds adding a known count to the total."""
    undisclosed: int = 0
    rows: list[RoundRow] = field(default_factory=list)
    planned: list[RoundRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    company_wide_skipped: int = 0
    overlapping: int = 0
    """Rows that are part of a larger round already counted (listed, never summed)."""
    shared: int = 0
    """Rounds across several divisions, one of them the asked division (counted as undisclosed)."""
    shared_known: int = 0
    """The known size of those rounds, all divisions together (never added to the total)."""
    realized: set[int] = field(default_factory=set)
    """Planned/rumoured rounds that have since been confirmed (``part_of`` the real round)."""


def divisions_of(division: str | None) -> list[str]:
    if not division:
        return []
    return [d.strip() for d in division.split(DIVISION_SEPARATOR.strip()) if d.strip()]


def to_row(raw: RawRound, *, counted: bool, note: str | None = None) -> RoundRow:
    notes = [n for n in (note, raw.note) if n]
    return RoundRow(
        id=raw.id, company=raw.company, division=raw.division, date=raw.date, count=raw.count,
        percentage=raw.percentage, percentage_basis=raw.percentage_basis, status=raw.status,
        source=raw.source, announced_count=raw.announced_count, note="; ".join(notes) or None, counted=counted,
    )


def _round_ref(raw: RawRound | None, unknown: str) -> str:
    """ "the 18 Jan 2023 round (10,000)" for a round another row points at; ``unknown`` when it
    cannot be read."""
    if raw is None:
        return unknown
    return f"the {fmt_date(raw.date)} round" + (f" ({fmt_count(raw.count)})" if raw.count is not None else "")


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def tally(
    rounds: list[RawRound],
    *,
    division: str | None = None,
    lookup: Callable[[int], RawRound | None] = lambda _id: None,
) -> Tally:
    """Apply the counting rules to ``rounds`` (already limited to the companies and period)."""
    result = Tally()
    wanted = division.casefold() if division else None
    for raw in rounds:
        if raw.status == "retracted":
            continue
        parts = divisions_of(raw.division)
        folded = [p.casefold() for p in parts]
        shared = False
        if wanted is not None:
            if not parts:
                if raw.summed_status and raw.part_of_event_id is None:
                    result.company_wide_skipped += 1
                continue
            if wanted not in folded:
                continue
            shared = len(parts) > 1
        if not raw.summed_status:
            note = None
            if raw.part_of_event_id is not None:
                # A plan that came true: the round it became is what counts.
                parent = lookup(raw.part_of_event_id)
                note = f"since confirmed: part of {_round_ref(parent, '')}" if parent else "since confirmed"
                result.realized.add(raw.id)
            result.planned.append(to_row(raw, counted=False, note=note))
            continue
        if raw.part_of_event_id is not None:
            what = _round_ref(lookup(raw.part_of_event_id), "a larger round")
            result.rows.append(to_row(raw, counted=False, note=f"part of {what}; not added again"))
            result.overlapping += 1
            continue
        if shared:
            share = f"{fmt_count(raw.count)} across {and_join(parts)}" if raw.count is not None else f"a round across {and_join(parts)}"
            note = f"{share}; {_possessive(division or '')} share undisclosed"
            result.rows.append(to_row(raw, counted=False, note=note))
            result.undisclosed += 1
            result.shared += 1
            result.shared_known += raw.count or 0
            continue
        note = None
        if raw.includes_event_id is not None and raw.announced_count is not None:
            inside = _round_ref(lookup(raw.includes_event_id), "an earlier round")
            new_part = f"{fmt_count(raw.count)} new" if raw.count is not None else "new part undisclosed"
            note = f"announced as {fmt_count(raw.announced_count)} in total, including {inside}; {new_part}"
        elif raw.announced_count is not None and raw.announced_count != raw.count:
            note = f"announced as {fmt_count(raw.announced_count)}"
        if raw.count is None:
            result.undisclosed += 1
            result.rows.append(to_row(raw, counted=True, note=note or "count undisclosed"))
            continue
        result.total += raw.count
        result.counted_rounds += 1
        result.rows.append(to_row(raw, counted=True, note=note))
    return result
