"""Everything a chat platform must post now, in one call for the alert timer: the channel alerts
(:func:`~bot.admin.alerts.pending_alerts`), the personal watch DMs
(:func:`~bot.admin.watchlists.pending_watch_alerts`) and the weekly digests that are due
(:func:`~bot.admin.digest.due_digests`), and -- when the adapter names its admins' channel -- the
pending syncs of a scheduled refresh (:func:`~bot.admin.sync_posts.pending_sync_posts`).  Each is an :class:`~bot.admin.alerts.Alert`; its
``kind`` ("round" | "import" | "watch" | "digest" | "sync") tells the adapter where and how to post it.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from bot.admin.alerts import Alert, pending_alerts
from bot.admin.digest import due_digests
from bot.admin.sync_posts import pending_sync_posts
from bot.admin.watchlists import pending_watch_alerts

__all__ = ["pending_messages"]


def pending_messages(db: sqlite_utils.Database, platform: str, *, cursor: str | None = None,
                     now: dt.datetime | None = None, admin_channel: str | None = None) -> list[Alert]:
    """Channel alerts, watch DMs, due digests, then pending syncs for ``admin_channel``; each once.

    ``cursor`` names the channel alerts' own cursor (one per shard range of a sharded bot, see
    :func:`~bot.admin.alerts.pending_alerts`); the watch DMs and digests are claimed once for the
    whole platform, by whichever process asks first, which then posts them.  Without
    ``admin_channel`` no pending sync is returned (nor marked posted).
    """
    messages = pending_alerts(db, platform, cursor=cursor)
    messages += pending_watch_alerts(db, platform, now=now)
    messages += due_digests(db, platform, now=now)
    if admin_channel:
        messages += pending_sync_posts(db, platform, admin_channel)
    return messages
