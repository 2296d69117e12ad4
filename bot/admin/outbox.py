"""Everything a chat platform must post now, in one call for the alert timer: the channel alerts
(:func:`~bot.admin.alerts.pending_alerts`), the personal watch DMs
(:func:`~bot.admin.watchlists.pending_watch_alerts`) and the weekly digests that are due
(:func:`~bot.admin.digest.due_digests`).  Each is an :class:`~bot.admin.alerts.Alert`; its
``kind`` ("round" | "import" | "watch" | "digest") tells the adapter where and how to post it.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from bot.admin.alerts import Alert, pending_alerts
from bot.admin.digest import due_digests
from bot.admin.watchlists import pending_watch_alerts

__all__ = ["pending_messages"]


def pending_messages(db: sqlite_utils.Database, platform: str, *, cursor: str | None = None,
                     now: dt.datetime | None = None) -> list[Alert]:
    """Channel alerts, then watch DMs, then due digests, for ``platform``; each returned once.

    ``cursor`` names the channel alerts' own cursor (one per shard range of a sharded bot, see
    :func:`~bot.admin.alerts.pending_alerts`); the watch DMs and digests are claimed once for the
    whole platform, by whichever process asks first, which then posts them.
    """
    messages = pending_alerts(db, platform, cursor=cursor)
    messages += pending_watch_alerts(db, platform, now=now)
    messages += due_digests(db, platform, now=now)
    return messages
