"""Personal watchlists: "watch Amazon", "watch fintech layoffs over 500", "watch WA"; "my watchlist";
"unwatch Amazon" / "unwatch 2" / "unwatch all".  Stored per platform user (table ``watchlists``).

:func:`watch_command` understands the words (from a DM or a private command) and returns a
:class:`WatchReply` (plain data, the adapter renders it), or ``None`` when the text is not a
watchlist command (then it is an ordinary question).  :func:`pending_watch_alerts` returns the
DMs due: one :class:`~bot.admin.alerts.Alert` (``kind="watch"``, ``channel`` = the user id) per
user per new or newly confirmed matching round, each round once per user; an import or sync
gives one DM per user listing its matching rounds.  Matching is
:func:`bot.admin.matcher.matches`, the channel subscriptions' matcher.

Limits (abuse and flood guards): at most :data:`MAX_WATCHES` entries per user, and at most
:data:`MAX_DMS_PER_HOUR` watch DMs per user in any hour; a match beyond that is dropped (a
single round is recorded as ``over_limit`` in ``watch_sent``), never sent later: no backlog storm.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlite_utils

from bot.admin.alerts import Alert, ChangedRound, _as_of, _describe, _round_row, change_ids_since, changed_rounds
from bot.admin.matcher import Criteria, facts_of, matches, round_facts, state_code, US_STATES
from bot.admin.rights import check_platform
from bot.data.audit import now_iso
from bot.data.db import write_transaction
from bot.data.registry import resolve_company
from bot.data.validation import DataError, UnknownCompanyError
from bot.reply import RoundRow, Source, format_day

__all__ = ["MAX_DMS_PER_HOUR", "MAX_WATCHES", "Watch", "WatchReply", "add_watch", "is_watch_command", "list_watches",
           "parse_watch", "pending_watch_alerts", "remove_watch", "watch_command"]

MAX_WATCHES = 20
"""Entries per user: enough for a real interest list, small enough to keep matching cheap."""
MAX_DMS_PER_HOUR = 10
"""Watch DMs per user per rolling hour; more matches in that hour are dropped, not queued."""

#: Industry words people say -> the tracker's industry names.
INDUSTRY_WORDS: dict[str, str] = {
    "fintech": "Finance", "finance": "Finance", "banking": "Finance", "crypto": "Crypto", "retail": "Retail",
    "ecommerce": "Retail", "e-commerce": "Retail", "consumer": "Consumer", "hardware": "Hardware",
    "edtech": "Education", "education": "Education", "food": "Food", "healthcare": "Healthcare",
    "health": "Healthcare", "sales": "Sales", "media": "Media", "transportation": "Transportation",
    "travel": "Travel", "real estate": "Real Estate", "proptech": "Real Estate", "security": "Security",
    "infrastructure": "Infrastructure", "marketing": "Marketing", "hr": "HR", "data": "Data", "ai": "AI",
}

_FILLER = {"layoffs", "layoff", "cuts", "cut", "job", "jobs", "rounds", "round", "at", "of", "the", "any", "all"}
_MIN_COUNT = re.compile(r"(?:\b(?:over|above|more than|at least|min(?:imum)?)\s*|>=?\s*|≥\s*)([\d,]+)\b|\b([\d,]+)\s*\+")


@dataclass(frozen=True, slots=True)
class Watch:
    """One watchlist entry."""

    number: int
    """1-based position in the user's list (what "unwatch 2" means)."""
    label: str
    criteria: Criteria


@dataclass(slots=True)
class WatchReply:
    """What to tell the user (privately): a sentence and optional list lines."""

    ok: bool
    text: str
    lines: list[str] = field(default_factory=list)


class WatchError(DataError):
    """A watch the user asked for that cannot be kept; ``str(exc)`` is the reply."""


def _industries(db: sqlite_utils.Database) -> dict[str, str]:
    known = {r[0].lower(): r[0] for r in db.execute("SELECT DISTINCT industry FROM companies WHERE industry IS NOT NULL")}
    return {**{w: known.get(v.lower(), v) for w, v in INDUSTRY_WORDS.items()}, **known}


def _countries(db: sqlite_utils.Database) -> dict[str, str]:
    return {r[0].lower(): r[0] for r in db.execute("SELECT DISTINCT country FROM companies WHERE country IS NOT NULL")}


def _label(company: str | None, criteria: Criteria) -> str:
    what = company or (f"{criteria.industry} layoffs" if criteria.industry else "layoffs")
    if company and criteria.industry:
        what += f" ({criteria.industry})"
    if criteria.location:
        code = state_code(criteria.location)
        what += f" in {code} ({US_STATES[code]})" if code else f" in {criteria.location}"
    if criteria.min_count is not None:
        what += f" over {criteria.min_count:,}"
    return what


def parse_watch(db: sqlite_utils.Database, words: str) -> tuple[Criteria, str]:
    """``(criteria, label)`` for what follows "watch".  Rules in order: a minimum count ("over
    500", ">= 500", "500+"); the whole rest as a company; else industry words, a US state (code
    in capitals or name) or a country, and what is left as a company.  Raises
    :class:`WatchError` / :class:`~bot.data.validation.UnknownCompanyError` when not understood."""
    text = " ".join(words.split())
    min_count = None
    found = _MIN_COUNT.search(text)
    if found:
        min_count = int((found.group(1) or found.group(2)).replace(",", ""))
        text = (text[: found.start()] + " " + text[found.end():]).strip()
    tokens = [t for t in re.split(r"\s+", text) if t and t.lower() not in _FILLER]
    if not tokens and min_count is None:
        raise WatchError("Say what to watch: a company (“watch Amazon”), an industry and size (“watch fintech layoffs "
                         "over 500”) or a place (“watch WA”).")
    rest = " ".join(tokens)
    if rest and rest.lower() != "in":
        try:
            whole_id, whole_name, _ = resolve_company(db, rest)
            whole = Criteria(company_id=whole_id, min_count=min_count)
            return whole, _label(whole_name, whole)
        except UnknownCompanyError:
            pass
    industries, countries = _industries(db), _countries(db)
    industry = location = None
    left: list[str] = []
    for token in tokens:
        low = token.lower()
        if low == "in":
            continue
        if industry is None and low in industries:
            industry = industries[low]
        elif location is None and (token in US_STATES or (len(token) > 2 and state_code(token))):
            location = state_code(token)
        elif location is None and low in countries:
            location = countries[low]
        else:
            left.append(token)
    company_id: int | None = None
    name: str | None = None
    if left:
        company_id, name, _ = resolve_company(db, " ".join(left))  # UnknownCompanyError: said with suggestions
    criteria = Criteria(company_id=company_id, industry=industry, min_count=min_count, location=location)
    return criteria, _label(name, criteria)


def list_watches(db: sqlite_utils.Database, platform: str, user_id: str) -> list[Watch]:
    rows = db.execute(
        "SELECT label, company_id, industry, min_count, location FROM watchlists WHERE platform = ? AND user_id = ?"
        " ORDER BY id", [check_platform(platform), user_id],
    ).fetchall()
    return [Watch(i, r[0], Criteria(r[1], r[2], r[3], r[4])) for i, r in enumerate(rows, 1)]


def add_watch(db: sqlite_utils.Database, platform: str, user_id: str, words: str) -> tuple[Watch, bool]:
    """Add an entry; ``(watch, created)`` (False when the same entry exists).  Raises WatchError
    at :data:`MAX_WATCHES`."""
    platform = check_platform(platform)
    criteria, label = parse_watch(db, words)
    with write_transaction(db):
        watches = list_watches(db, platform, user_id)
        for watch in watches:
            if watch.label.lower() == label.lower():
                return watch, False
        if len(watches) >= MAX_WATCHES:
            raise WatchError(f"Your watchlist is full ({MAX_WATCHES} entries): “unwatch” one first.")
        db.execute(
            "INSERT INTO watchlists (platform, user_id, company_id, industry, min_count, location, label, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [platform, user_id, criteria.company_id, criteria.industry, criteria.min_count, criteria.location,
             label, now_iso()],
        )
    return Watch(len(watches) + 1, label, criteria), True


def remove_watch(db: sqlite_utils.Database, platform: str, user_id: str, words: str) -> list[str]:
    """Remove "all", a number from "my watchlist", or the entry the words describe; the labels removed."""
    platform = check_platform(platform)
    target = " ".join(words.split())
    watches = list_watches(db, platform, user_id)
    if target.lower() in ("all", "everything", "*"):
        chosen = watches
    elif target.lstrip("#").isdigit():
        chosen = [w for w in watches if w.number == int(target.lstrip("#"))]
    else:
        _, label = parse_watch(db, target)
        chosen = [w for w in watches if w.label.lower() == label.lower()]
    with write_transaction(db):
        for watch in chosen:
            db.execute("DELETE FROM watchlists WHERE platform = ? AND user_id = ? AND label = ?",
                       [platform, user_id, watch.label])
    return [w.label for w in chosen]


def _show(db: sqlite_utils.Database, platform: str, user_id: str) -> WatchReply:
    watches = list_watches(db, platform, user_id)
    if not watches:
        return WatchReply(True, "Your watchlist is empty. Try “watch Amazon”, “watch fintech layoffs over 500” or “watch WA”.")
    return WatchReply(True, f"You are watching ({len(watches)} of {MAX_WATCHES}); I DM you each new or newly confirmed "
                      "round that matches:", [f"{w.number}. {w.label}" for w in watches])


def _watch(db: sqlite_utils.Database, platform: str, user_id: str, words: str) -> WatchReply:
    watch, created = add_watch(db, platform, user_id, words)
    if not created:
        return WatchReply(True, f"You already watch {watch.label}.")
    return WatchReply(True, f"Watching {watch.label}: I will DM you each new or newly confirmed round that matches "
                      f"(at most {MAX_DMS_PER_HOUR} DMs an hour). “my watchlist” shows the list, “unwatch …” stops.")


def _unwatch(db: sqlite_utils.Database, platform: str, user_id: str, words: str) -> WatchReply:
    if not words.strip():
        return WatchReply(False, "Say what to stop watching: “unwatch Amazon”, “unwatch 2” or “unwatch all”.")
    removed = remove_watch(db, platform, user_id, words)
    if not removed:
        return WatchReply(False, f"“{words.strip()}” is not on your watchlist.", [w.label for w in list_watches(db, platform, user_id)])
    return WatchReply(True, "Stopped watching: " + "; ".join(removed) + ".")


_COMMANDS: list[tuple[re.Pattern[str], Callable[[sqlite_utils.Database, str, str, str], WatchReply]]] = [
    (re.compile(r"^(?:my\s+)?watch\s?list$|^(?:what\s+am\s+i\s+)?watching\??$|^my\s+watches$", re.I),
     lambda db, p, u, _: _show(db, p, u)),
    (re.compile(r"^unwatch\b\s*(.*)$", re.I | re.S), _unwatch),
    (re.compile(r"^watch\b\s*(.*)$", re.I | re.S), _watch),
]
"""The watchlist commands: a pattern and its handler, first match wins."""


def is_watch_command(text: str) -> bool:
    """Cheap check an adapter makes before routing text to :func:`watch_command`."""
    clean = " ".join(text.strip().split())
    return any(pattern.match(clean) for pattern, _ in _COMMANDS)


def watch_command(db: sqlite_utils.Database, platform: str, user_id: str, text: str) -> WatchReply | None:
    """Handle "watch …", "unwatch …", "my watchlist"; None when ``text`` is none of them.  Never
    raises for what the user typed: a failure is a WatchReply with ``ok=False``."""
    clean = " ".join(text.strip().split())
    for pattern, handler in _COMMANDS:
        found = pattern.match(clean)
        if found:
            try:
                return handler(db, platform, user_id, found.group(1) if found.groups() else "")
            except UnknownCompanyError as exc:
                hint = f" Did you mean {', '.join(exc.suggestions)}?" if getattr(exc, "suggestions", None) else ""
                return WatchReply(False, f"I don't know a company, industry or place called “{exc.name}”.{hint}")
            except DataError as exc:
                return WatchReply(False, str(exc))
    return None


# -- the DMs --------------------------------------------------------------------------------------


def pending_watch_alerts(db: sqlite_utils.Database, platform: str, *, now: dt.datetime | None = None) -> list[Alert]:
    """The watch DMs due for every change since the last call for this platform, each once.

    Cursor ``meta`` key ``watch_cursor:<platform>`` (the first call starts from now, like
    :func:`~bot.admin.alerts.pending_alerts`): each change is looked at once.  A single round's
    change (an add, a confirm) is recorded per user in ``watch_sent``, so a round reaches a user
    once, and once more when it is later newly confirmed (that is news).  An import or sync gives
    each user one DM listing its matching rounds.  Alert ``channel`` is the platform user id to DM.

    Cost: matching is per distinct criteria (many users watching "Amazon" are matched once), so a
    poll after a 500-row import with 1,000 watchers takes well under a second.
    """
    platform = check_platform(platform)
    now = now or dt.datetime.now(dt.timezone.utc)
    stamp = now.isoformat(timespec="seconds")
    key = f"watch_cursor:{platform}"
    alerts: list[Alert] = []
    with write_transaction(db):
        db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, NULL)", [key])  # take the write lock first
        cursor = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()[0]
        last = db.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0]
        db.execute("UPDATE meta SET value = ? WHERE key = ?", [str(last), key])
        if cursor is None:
            return []
        users: dict[str, list[Criteria]] = {}
        for user_id, *crit in db.execute("SELECT user_id, company_id, industry, min_count, location FROM watchlists"
                                         " WHERE platform = ? ORDER BY user_id, id", [platform]):
            users.setdefault(user_id, []).append(Criteria(*crit))
        changes = changed_rounds(db, change_ids_since(db, int(cursor))) if users else []
        if not changes:
            return []
        as_of = _as_of(db)
        by_change: dict[int, list[ChangedRound]] = {}
        for changed in changes:
            by_change.setdefault(changed.change_id, []).append(changed)
        recent = {r[0]: r[1] for r in db.execute(
            "SELECT user_id, count(*) FROM watch_dms WHERE platform = ? AND sent_at > ? GROUP BY user_id",
            [platform, (now - dt.timedelta(hours=1)).isoformat(timespec="seconds")])}
        rows: dict[int, RoundRow] = {}
        sent_rows: list[tuple[str, str, int, str, str]] = []
        dm_rows: list[tuple[str, str, str]] = []
        for change_id, items in by_change.items():
            facts = [round_facts(db, c.event["id"]) or facts_of(c.event) for c in items]
            matched = {criteria: [i for i, f in enumerate(facts) if matches(criteria, f)]
                       for criteria in {c for wanted in users.values() for c in wanted}}
            for user_id, wanted in users.items():
                hits = matched[wanted[0]] if len(wanted) == 1 else sorted(set().union(*(matched[c] for c in wanted)))
                if not hits:
                    continue
                chosen = [items[i] for i in hits]
                if chosen[0].batch is None:  # single rounds: once per user (and once more when confirmed)
                    chosen = [c for c in chosen if _fresh(db, platform, user_id, c)]
                    if not chosen:
                        continue
                allowed = recent.get(user_id, 0) < MAX_DMS_PER_HOUR
                sent_rows += [(platform, user_id, c.event["id"], stamp,
                               ("confirmed" if c.newly_confirmed else "sent") if allowed else "over_limit")
                              for c in chosen if c.batch is None]
                if not allowed:
                    continue
                recent[user_id] = recent.get(user_id, 0) + 1
                dm_rows.append((platform, user_id, stamp))
                shown = [rows.setdefault(c.event["id"], _round_row(c.event)) for c in chosen[:10]]
                alerts.append(_dm(platform, user_id, change_id, shown, len(chosen), chosen[0].newly_confirmed, as_of))
        db.conn.executemany("INSERT OR REPLACE INTO watch_sent (platform, user_id, event_id, sent_at, state)"
                            " VALUES (?, ?, ?, ?, ?)", sent_rows)
        db.conn.executemany("INSERT INTO watch_dms (platform, user_id, sent_at) VALUES (?, ?, ?)", dm_rows)
    return alerts


def _fresh(db: sqlite_utils.Database, platform: str, user_id: str, changed: ChangedRound) -> bool:
    state = db.execute("SELECT state FROM watch_sent WHERE platform = ? AND user_id = ? AND event_id = ?",
                       [platform, user_id, changed.event["id"]]).fetchone()
    return state is None or (changed.newly_confirmed and state[0] != "confirmed")


def _dm(platform: str, user_id: str, change_id: int, rows: list[RoundRow], total: int, confirmed: bool,
        as_of: dt.date | None) -> Alert:
    if total == 1:
        word = "Newly confirmed layoff round" if confirmed else "New layoff round"
        headline = f"Your watchlist: {word.lower()} at {rows[0].company}"
        text = f"{headline}\n{_describe(rows[0])}"
    else:
        headline = f"Your watchlist: {total} new layoff rounds imported"
        more = [f"…and {total - len(rows)} more"] if total > len(rows) else []
        text = "\n".join([headline, *(f"• {_describe(r)}" for r in rows), *more])
    sources = [Source(r.source, f"{r.company}, {format_day(r.date)}") for r in rows if r.source]
    return Alert(platform, user_id, "watch", headline, text, rows, sources, as_of, [change_id],
                 {"user": user_id, "rounds": total})
