"""Alerts for subscribed channels: what each channel must be sent after a write.

One :class:`Alert` per channel per new or newly confirmed round; one summary per channel for
an import (never a flood).  Alerts are data; each chat adapter renders and posts
them.  Re-exported by :mod:`bot.admin` (its docstring describes the whole adapter API).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from bot.admin.matcher import Criteria, matches, round_facts
from bot.data import history, store
from bot.data.db import SUMMED_STATUSES, write_transaction
from bot.data.validation import DataError
from bot.reply import RoundRow, Source, format_day

__all__ = ["Alert", "ChangedRound", "alerts_for_changes", "change_ids_since", "changed_rounds", "pending_alerts"]


@dataclass(slots=True)
class Alert:
    """One message for one channel.  Data, not markup: adapters render it."""

    platform: str
    channel: str
    kind: str
    """"round" (one new or newly confirmed round) or "import" (a summary of an import)."""
    headline: str
    text: str
    rounds: list[RoundRow] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    as_of: dt.date | None = None
    change_ids: list[int] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def _round_row(event: Mapping[str, Any]) -> RoundRow:
    return RoundRow(
        id=event["id"], company=event["company"], division=event["division"],
        date=dt.date.fromisoformat(event["date"]), count=event["count"], percentage=event["percentage"],
        percentage_basis=event["percentage_basis"], status=event["status"], source=event["source"],
        announced_count=event["announced_count"], note=event["note"],
        counted=event["status"] in SUMMED_STATUSES and event["part_of_event_id"] is None,
    )


def _describe(row: RoundRow) -> str:
    size = "an undisclosed number of" if row.count is None else f"{row.count:,}"
    where = f" ({row.division})" if row.division else ""
    pct = f", {row.percentage:g}% of {row.percentage_basis} staff" if row.percentage is not None else ""
    return f"{row.company}{where}: {size} jobs, {format_day(row.date)}{pct} [{row.status}]"


def _subscriptions(db: sqlite_utils.Database, platform: str | None) -> list[tuple[str, str, Criteria]]:
    """Every channel subscription as the matcher's criteria (company ``None`` = all)."""
    sql = "SELECT platform, channel, company_id FROM subscriptions"
    params: list[Any] = []
    if platform:
        sql += " WHERE platform = ?"
        params.append(platform)
    return [(r[0], r[1], Criteria(company_id=r[2])) for r in db.execute(sql + " ORDER BY platform, channel", params)]


def _channels(db: sqlite_utils.Database, event_id: int, platform: str | None) -> list[tuple[str, str]]:
    facts = round_facts(db, event_id)
    if facts is None:
        return []
    found: list[tuple[str, str]] = []
    for sub_platform, channel, criteria in _subscriptions(db, platform):
        if matches(criteria, facts) and (sub_platform, channel) not in found:
            found.append((sub_platform, channel))
    return found


def _as_of(db: sqlite_utils.Database) -> dt.date | None:
    row = db.execute("SELECT value FROM meta WHERE key = 'data_as_of'").fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else None


def _round_change(db: sqlite_utils.Database, change: Mapping[str, Any]) -> tuple[dict[str, Any], bool] | None:
    """The round a single change adds or newly confirms, with "newly confirmed?"; None when the
    change alerts nobody (not a round, part of an import, an edit that confirms nothing, retracted)."""
    if change["table_name"] != "events" or change["action"] not in ("add", "confirm", "edit"):
        return None
    if change["action"] == "add" and change["import_id"] is not None:
        return None
    before = history.load_json(change["before"]) or {}
    after = history.load_json(change["after"]) or {}
    newly_confirmed = after.get("status") == "confirmed" and before.get("status") not in (None, "confirmed")
    if change["action"] == "edit" and not newly_confirmed:
        return None
    try:
        event = store.get_event(db, change["row_id"])
    except DataError:
        return None
    if event["status"] == "retracted":
        return None
    return event, newly_confirmed


@dataclass(slots=True)
class ChangedRound:
    """A round that alerts may be about: added or newly confirmed by ``change_id``.  ``batch`` is
    the import/sync change it came with (so a user gets one summary per import), else None."""

    change_id: int
    event: dict[str, Any]
    newly_confirmed: bool
    batch: int | None = None


def changed_rounds(db: sqlite_utils.Database, change_ids: Iterable[int | None]) -> list[ChangedRound]:
    """The rounds the changes add or newly confirm, by the same rules as :func:`alerts_for_changes`
    (the personal watchlists use it; see :mod:`bot.admin.watchlists`)."""
    found: list[ChangedRound] = []
    for change_id in [c for c in change_ids if c]:
        try:
            change = history.get_change(db, int(change_id))
        except DataError:
            continue
        if change["undone_by"] is not None:
            continue
        if change["action"] in ("import", "sync"):
            for event in db.query(
                "SELECT e.*, c.name AS company FROM events e JOIN companies c ON c.id = e.company_id"
                " WHERE e.import_id = ? AND e.status != 'retracted' ORDER BY e.count IS NULL, e.count DESC, e.date DESC",
                [change["row_id"]],
            ):
                found.append(ChangedRound(int(change_id), event, False, int(change_id)))
            continue
        single = _round_change(db, change)
        if single is not None:
            found.append(ChangedRound(int(change_id), single[0], single[1]))
    return found


def change_ids_since(db: sqlite_utils.Database, cursor: int) -> list[int]:
    """Ids of the changes after ``cursor`` that may alert someone."""
    return [
        r[0]
        for r in db.execute(
            "SELECT id FROM changes WHERE id > ? AND action IN ('add', 'confirm', 'edit', 'import', 'sync')"
            " AND NOT (action = 'add' AND import_id IS NOT NULL) ORDER BY id",
            [cursor],
        )
    ]


def alerts_for_changes(db: sqlite_utils.Database, change_ids: Iterable[int | None], *,
                       platform: str | None = None) -> list[Alert]:
    """What each subscribed channel must be sent for the changes just written.

    Strategy, in order: an ``add`` of a round (not part of an import) -> one "round" alert per
    channel subscribed to its company or to all; a ``confirm`` (or an edit that makes a round
    confirmed) -> a "round" alert saying it is newly confirmed; an ``import`` -> one "import"
    alert per channel, summarising the rows that concern it (none if no row does).  Retracted
    rounds and undone changes alert nobody; a channel never gets the same round twice.
    """
    alerts: list[Alert] = []
    seen: set[tuple[str, str, int]] = set()
    as_of = _as_of(db)
    for change_id in [c for c in change_ids if c]:
        try:
            change = history.get_change(db, int(change_id))
        except DataError:
            continue
        if change["undone_by"] is not None:
            continue
        if change["action"] in ("import", "sync"):  # one summary of the rounds it added
            alerts += _import_alerts(db, change, platform, as_of)
            continue
        found = _round_change(db, change)
        if found is None:
            continue
        event, newly_confirmed = found
        row = _round_row(event)
        headline = ("Newly confirmed layoff round" if newly_confirmed else "New layoff round") + f": {row.company}"
        sources = [Source(row.source, f"{row.company}, {format_day(row.date)}")] if row.source else []
        for target_platform, channel in _channels(db, event["id"], platform):
            key = (target_platform, channel, event["id"])
            if key in seen:
                continue
            seen.add(key)
            alerts.append(Alert(target_platform, channel, "round", headline, f"{headline}\n{_describe(row)}",
                                [row], sources, as_of, [int(change_id)]))
    return alerts


def _import_alerts(db: sqlite_utils.Database, change: Mapping[str, Any], platform: str | None,
                   as_of: dt.date | None) -> list[Alert]:
    import_id = change["row_id"]
    events = list(db.query(
        "SELECT e.*, c.name AS company FROM events e JOIN companies c ON c.id = e.company_id"
        " WHERE e.import_id = ? AND e.status != 'retracted' ORDER BY e.count IS NULL, e.count DESC, e.date DESC",
        [import_id],
    ))
    if not events:
        return []
    file_name = (history.load_json(change["after"]) or {}).get("file_name", "a file")
    wanted: dict[tuple[str, str], list[Criteria]] = {}
    for sub_platform, channel, criteria in _subscriptions(db, platform):
        wanted.setdefault((sub_platform, channel), []).append(criteria)
    facts = {e["id"]: round_facts(db, e["id"]) for e in events}
    alerts: list[Alert] = []
    for (sub_platform, channel), criteria_list in wanted.items():
        mine = [e for e in events if any(matches(c, facts[e["id"]]) for c in criteria_list)]  # type: ignore[arg-type]
        if not mine:
            continue
        rows = [_round_row(e) for e in mine]
        known = sum(r.count or 0 for r in rows if r.counted)
        undisclosed = sum(1 for r in rows if r.count is None)
        names = sorted({r.company for r in rows})
        headline = f"{len(rows):,} new layoff round{'s' if len(rows) != 1 else ''} imported"
        detail = f"{known:,} jobs in rounds of known size" + (
            f", plus {undisclosed:,} round{'s' if undisclosed != 1 else ''} of undisclosed size" if undisclosed else "")
        top = rows[:5]
        text = "\n".join([f"{headline} from {file_name}: {detail}.",
                          "Companies: " + ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else ""),
                          *(f"• {_describe(r)}" for r in top)])
        sources = [Source(r.source, f"{r.company}, {format_day(r.date)}") for r in top if r.source]
        alerts.append(Alert(sub_platform, channel, "import", headline, text, top, sources, as_of, [change["id"]],
                            {"import_id": import_id, "rounds": len(rows), "known_total": known,
                             "undisclosed_rounds": undisclosed, "companies": names}))
    return alerts


def pending_alerts(db: sqlite_utils.Database, platform: str, *, cursor: str | None = None) -> list[Alert]:
    """Alerts for every change written since the last call for this platform, whoever wrote
    it (the CLI, any chat platform, an import); each alert is returned once.  ``cursor`` names a
    separate cursor (e.g. one per shard range of a sharded bot, each posting to its own channels).

    The cursor (``meta`` key ``alerts_cursor:<platform>``) starts at the latest change on the
    first call, so a new bot never replays history.  Call it after each write and on a timer;
    do not also call :func:`alerts_for_changes` for the same changes.
    """
    key = f"alerts_cursor:{platform}" + (f":{cursor}" if cursor else "")
    with write_transaction(db):
        # Write first to take the lock: two processes of the same platform never both send.
        db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, NULL)", [key])
        cursor = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()[0]
        last = db.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0]
        alerts: list[Alert] = []
        if cursor is not None:
            ids = change_ids_since(db, int(cursor))
            alerts = alerts_for_changes(db, ids, platform=platform)
        db.execute("UPDATE meta SET value = ? WHERE key = ?", [str(last), key])
    return alerts
