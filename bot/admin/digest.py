"""The weekly digest of a subscribed channel: the week's rounds, the largest, plans and rumours, a chart.

Opt-in by someone who may manage the channel (the same rule as subscriptions): ``digest weekly
monday 9`` (day and hour; UTC unless a timezone is named: ``digest weekly friday 17
Europe/Berlin``), ``digest off``, ``digest`` (shows the schedule).  The channel must be
subscribed first; the digest covers what its subscriptions cover (one company, or all).

The digest is data: :func:`build_digest` returns a :class:`~bot.reply.Reply` (intent
``digest``: ``rows`` the week's counted rounds largest first, ``total``, ``undisclosed_rounds``,
``planned`` the plans and rumours shown apart, ``chart`` the week's top companies, ``sources``),
which every adapter already renders like an answer.  "The week" is the seven days before the
posting day (posting Monday: Monday to Sunday of the week before), by the rounds' dates.

Posted once, even with several bot instances running: :func:`due_digests` claims the
``(platform, channel, ISO week)`` slot with an ``INSERT`` into ``digest_posts`` (primary key)
before building; only the instance whose insert went in posts.  That is a lock in the one
SQLite database of a single host; across hosts the scale-out StateStore's lock (SQLite or Redis
backend, issue 14) can take its place with the same key.  A claimed slot whose post then fails
is not retried (better a missed digest than a double one).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlite_utils

from bot.admin.alerts import Alert, _as_of, _round_row
from bot.admin.rights import Actor, _deny, check_platform, is_admin
from bot.data.audit import now_iso, record_change
from bot.data.db import SUMMED_STATUSES, write_transaction
from bot.data.validation import DataError
from bot.reply import Reply, RoundRow, Source, Understood, format_day

__all__ = ["WEEKDAYS", "DigestSchedule", "build_digest", "digest_command", "due_digests", "get_digest",
           "set_digest", "week_of"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class DigestError(DataError):
    """A digest schedule that cannot be set; ``str(exc)`` is the reply."""


@dataclass(frozen=True, slots=True)
class DigestSchedule:
    platform: str
    channel: str
    weekday: int
    """0 = Monday."""
    hour: int
    tz: str = "UTC"

    def describe(self) -> str:
        return f"every {WEEKDAYS[self.weekday].title()} at {self.hour:02d}:00 {self.tz}"


_SCHEDULE = re.compile(r"^(?:weekly\s+)?(?:on\s+)?(?P<day>[a-z]+)\s+(?:at\s+)?(?P<hour>\d{1,2})(?::00)?\s*(?P<ampm>am|pm)?"
                       r"(?:\s+(?P<tz>[A-Za-z_]+(?:/[A-Za-z_+-]+)*))?$", re.I)


def parse_schedule(text: str) -> tuple[int, int, str]:
    """``(weekday, hour, tz)`` of "weekly monday 9", "friday 5pm", "monday 9 Europe/Berlin"."""
    found = _SCHEDULE.match(" ".join(text.split()))
    if not found:
        raise DigestError("Say when: “digest weekly monday 9” (day and hour, UTC), or add a timezone "
                          "(“digest weekly friday 17 Europe/Berlin”); “digest off” stops it.")
    day = found["day"].lower()
    days = [i for i, name in enumerate(WEEKDAYS) if name.startswith(day) and len(day) >= 3]
    if len(days) != 1:
        raise DigestError(f"“{found['day']}” is not a day of the week.")
    hour = int(found["hour"])
    if found["ampm"]:
        if not 1 <= hour <= 12:
            raise DigestError("An hour with am/pm is 1 to 12.")
        hour = hour % 12 + (12 if found["ampm"].lower() == "pm" else 0)
    if not 0 <= hour <= 23:
        raise DigestError("The hour is 0 to 23.")
    tz = found["tz"] or "UTC"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise DigestError(f"“{tz}” is not a timezone I know (try UTC or Europe/Berlin).") from None
    return days[0], hour, tz


def get_digest(db: sqlite_utils.Database, platform: str, channel: str) -> DigestSchedule | None:
    row = db.execute("SELECT platform, channel, weekday, hour, tz FROM digests WHERE platform = ? AND channel = ?",
                     [check_platform(platform), channel]).fetchone()
    return DigestSchedule(*row) if row else None


def set_digest(db: sqlite_utils.Database, actor: Actor, channel: str, schedule: str | None, *,
               can_manage_channel: bool) -> DigestSchedule | None:
    """Set (or with ``schedule=None`` remove) the channel's weekly digest; audited.  The channel
    must be subscribed; only who may manage it (or an admin) may change it."""
    platform = check_platform(actor.platform)
    if not can_manage_channel and not is_admin(db, actor):
        raise _deny(db, actor, "digest", "only people who can manage this channel (or layoffbot admins) can change "
                    "its digest.", target="digests")
    before = get_digest(db, platform, channel)
    if schedule is None:
        with write_transaction(db):
            db.execute("DELETE FROM digests WHERE platform = ? AND channel = ?", [platform, channel])
            if before is not None:
                record_change(db, actor=actor.audit_name, via=platform, action="digest", table_name="digests",
                              row_id=None, before={"channel": channel, "schedule": before.describe()}, after=None)
        return None
    weekday, hour, tz = parse_schedule(schedule)
    if not db.execute("SELECT 1 FROM subscriptions WHERE platform = ? AND channel = ?", [platform, channel]).fetchone():
        raise DigestError("Subscribe this channel first (“subscribe all” or “subscribe <company>”): the digest "
                          "covers what the channel is subscribed to.")
    with write_transaction(db):
        db.execute("INSERT OR REPLACE INTO digests (platform, channel, weekday, hour, tz, created_by, created_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?)", [platform, channel, weekday, hour, tz, actor.audit_name, now_iso()])
        after = DigestSchedule(platform, channel, weekday, hour, tz)
        record_change(db, actor=actor.audit_name, via=platform, action="digest", table_name="digests", row_id=None,
                      before={"channel": channel, "schedule": before.describe()} if before else None,
                      after={"channel": channel, "schedule": after.describe()})
    return after


def digest_command(db: sqlite_utils.Database, actor: Actor, channel: str, words: str, *,
                   can_manage_channel: bool) -> str:
    """The reply to "digest …" (``words`` after the word digest); raises DataError when refused."""
    words = " ".join(words.split())
    if not words:
        current = get_digest(db, actor.platform, channel)
        return (f"This channel gets a weekly digest {current.describe()}." if current else
                "No weekly digest here. Start one with “digest weekly monday 9” (UTC, or add a timezone).")
    if words.lower() in ("off", "stop", "none", "cancel"):
        set_digest(db, actor, channel, None, can_manage_channel=can_manage_channel)
        return "Weekly digest stopped for this channel."
    schedule = set_digest(db, actor, channel, words, can_manage_channel=can_manage_channel)
    assert schedule is not None
    return (f"Weekly digest on: {schedule.describe()} — the past week's rounds, the largest, plans and rumours, "
            "with a chart.")


def _company_filter(db: sqlite_utils.Database, platform: str, channel: str) -> list[int] | None:
    ids = [r[0] for r in db.execute("SELECT company_id FROM subscriptions WHERE platform = ? AND channel = ?",
                                    [platform, channel])]
    return None if not ids or None in ids else ids


def build_digest(db: sqlite_utils.Database, start: dt.date, end: dt.date,
                 company_ids: list[int] | None = None) -> Reply:
    """The digest of the rounds dated ``start``..``end`` (inclusive), of ``company_ids`` or all."""
    sql = ("SELECT e.*, c.name AS company FROM events e JOIN companies c ON c.id = e.company_id"
           " WHERE e.date BETWEEN ? AND ? AND e.status != 'retracted'")
    params: list[object] = [start.isoformat(), end.isoformat()]
    if company_ids is not None:
        sql += f" AND e.company_id IN ({', '.join('?' for _ in company_ids)})"
        params += company_ids
    events = list(db.query(sql + " ORDER BY e.count IS NULL, e.count DESC, e.date, c.name", params))
    rows = [_round_row(e) for e in events]
    counted = [r for r in rows if r.status in SUMMED_STATUSES]
    plans = [r for r in rows if r.status not in SUMMED_STATUSES]
    summed = [r for r in counted if r.counted]
    total = sum(r.count or 0 for r in summed)
    undisclosed = sum(1 for r in summed if r.count is None)
    largest = next((r for r in counted if r.count is not None), None)
    period = f"{format_day(start)} – {format_day(end)}"
    headline = f"Layoffs in the week {period}"
    lines = [f"{len(counted):,} round{'s' if len(counted) != 1 else ''}, {total:,} jobs in rounds of known size"
             + (f", plus {undisclosed:,} of undisclosed size" if undisclosed else "") + "."]
    if largest is not None:
        lines.append(f"Largest: {largest.company}, {largest.count:,} jobs ({format_day(largest.date)}).")
    if plans:
        lines.append(f"Plans and rumours (not counted): {len(plans)} — "
                     + "; ".join(f"{r.company} ({r.status})" for r in plans[:5]) + ".")
    if not rows:
        lines = ["No layoff rounds recorded this week."]
    chart = None
    if counted:
        try:
            from bot.charts.data import build_chart

            names = sorted({r.company for r in counted}) if company_ids is not None else ()
            chart = build_chart(db, kind="top_companies", companies=names, start=start, end=end, limit=10)
        except (ValueError, ImportError):
            chart = None
    sources = [Source(r.source, f"{r.company}, {format_day(r.date)}") for r in rows[:10] if r.source]
    return Reply(intent="digest", text="\n".join([headline, *lines]), headline=headline,
                 understood=Understood(description=f"weekly digest, {period}"), total=total,
                 undisclosed_rounds=undisclosed, rows=list(counted), row_kind="rounds", planned=plans,
                 sources=sources, as_of=_as_of(db), chart=chart,
                 extra={"start": start.isoformat(), "end": end.isoformat(),
                        "largest": None if largest is None else {"company": largest.company, "count": largest.count}})


def week_of(day: dt.date) -> str:
    """The slot key of a posting day: its ISO week, ``2026-W08``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def due_digests(db: sqlite_utils.Database, platform: str, *, now: dt.datetime | None = None) -> list[Alert]:
    """The digests due now for ``platform``, each claimed (so returned once, by one instance)."""
    platform = check_platform(platform)
    now = now or dt.datetime.now(dt.timezone.utc)
    due: list[Alert] = []
    for schedule in [DigestSchedule(*r) for r in db.execute(
            "SELECT platform, channel, weekday, hour, tz FROM digests WHERE platform = ?", [platform])]:
        local = now.astimezone(ZoneInfo(schedule.tz))
        if local.weekday() != schedule.weekday or local.hour < schedule.hour:
            continue
        if not db.execute("SELECT 1 FROM subscriptions WHERE platform = ? AND channel = ?",
                          [platform, schedule.channel]).fetchone():
            continue  # unsubscribed since: the digest pauses until the channel subscribes again
        with write_transaction(db):
            claimed = db.execute("INSERT OR IGNORE INTO digest_posts (platform, channel, week, claimed_at)"
                                 " VALUES (?, ?, ?, ?)", [platform, schedule.channel, week_of(local.date()),
                                                          now.isoformat(timespec="seconds")]).rowcount == 1
        if not claimed:
            continue
        day = local.date()
        reply = build_digest(db, day - dt.timedelta(days=7), day - dt.timedelta(days=1),
                             _company_filter(db, platform, schedule.channel))
        due.append(Alert(platform, schedule.channel, "digest", reply.headline, reply.text,
                         [r for r in reply.rows if isinstance(r, RoundRow)][:10],
                         reply.sources, reply.as_of, [], {"reply": reply, "week": week_of(day)}))
    return due
