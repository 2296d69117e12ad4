"""Pending syncs posted to a platform's admins' channel, with Confirm / Cancel.

A scheduled ``layoffbot data sync --from URL --dry-run`` that finds changes keeps the fetched file
as a pending sync (:func:`bot.data.sources.save_pending`).  :func:`pending_sync_posts` turns each
one, once per platform, into an :class:`~bot.admin.alerts.Alert` of kind ``"sync"`` addressed to
the admins' channel the adapter names: the dry-run report's counts and its first before -> after
lines, and a confirm token (``extra["token"]``, ``pending-sync:<id>``) for the adapter's usual
Confirm / Cancel buttons.  :func:`confirm_pending_sync` applies exactly that file (admin rights
checked here; a refusal is audited by :func:`~bot.admin.rights.require_admin`);
:func:`cancel_pending_sync` dismisses it.

Posted once: the ``meta`` key ``sync_posted:<platform>`` holds the highest pending id posted
(ids only grow; the same file fetched again keeps its id, so it is not posted again).
"""

from __future__ import annotations

import sqlite_utils

from bot.admin.alerts import Alert
from bot.admin.rights import Actor, require_admin
from bot.data.db import write_transaction
from bot.data.sources import mark_applied, take_pending
from bot.data.sync import SyncReport, record_source, sync_csv

__all__ = ["PENDING_TOKEN_PREFIX", "REPORT_LINES", "cancel_pending_sync", "confirm_pending_sync",
           "pending_id_of", "pending_sync_posts"]

PENDING_TOKEN_PREFIX = "pending-sync:"
"""Confirm tokens of pending syncs; other tokens are staged uploads (:mod:`bot.admin.imports`)."""
REPORT_LINES = 12
"""Lines of the dry-run report posted: the counts, then the first before -> after lines."""


def pending_id_of(token: str) -> int | None:
    """The pending sync id a ``pending-sync:<id>`` token names; ``None`` for any other token."""
    if not token.startswith(PENDING_TOKEN_PREFIX):
        return None
    rest = token[len(PENDING_TOKEN_PREFIX):]
    return int(rest) if rest.isdigit() and len(rest) < 12 else None


def pending_sync_posts(db: sqlite_utils.Database, platform: str, channel: str) -> list[Alert]:
    """One ``"sync"`` alert to ``channel`` per pending sync not yet posted on ``platform``."""
    key = f"sync_posted:{platform}"
    with write_transaction(db):
        db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, '0')", [key])  # the write lock first
        last = int(db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()[0] or 0)
        rows = db.execute("SELECT id, source, url, file_name, fetched_at, summary FROM pending_syncs"
                          " WHERE state = 'pending' AND id > ? ORDER BY id", [last]).fetchall()
        if rows:
            db.execute("UPDATE meta SET value = ? WHERE key = ?", [str(rows[-1][0]), key])
    alerts = []
    for pending_id, source, url, file_name, fetched_at, summary in rows:
        lines = (summary or "").splitlines()
        shown = lines[:REPORT_LINES] + ([f"... and {len(lines) - REPORT_LINES:,} more lines (see "
                                         f"`layoffbot data sync --pending {pending_id} --dry-run`)"]
                                        if len(lines) > REPORT_LINES else [])
        headline = f"Pending sync #{pending_id} of {source}: the scheduled refresh found changes"
        text = (f"Fetched {url or file_name} at {fetched_at}. Nothing is written until an admin confirms; "
                "the sync is then one change (undoable).")
        alerts.append(Alert(platform=platform, channel=channel, kind="sync", headline=headline, text=text,
                            extra={"token": f"{PENDING_TOKEN_PREFIX}{pending_id}", "lines": shown,
                                   "pending_id": pending_id}))
    return alerts


def confirm_pending_sync(db: sqlite_utils.Database, actor: Actor, pending_id: int) -> SyncReport:
    """Apply pending sync ``pending_id`` as reviewed, like ``layoffbot data sync --pending ID --yes``.

    Raises :class:`~bot.admin.rights.PermissionDenied` (recorded) for a non-admin and
    :class:`~bot.data.validation.NotFoundError` when it is no longer pending (applied, superseded,
    cancelled).  An aborted sync (a row no longer valid) writes nothing and stays pending.
    """
    require_admin(db, actor, "sync", row_id=pending_id)
    pending, content = take_pending(db, pending_id)
    report = sync_csv(db, content, file_name=pending.file_name, actor=actor.audit_name, via=actor.platform)
    if report.committed:
        record_source(db, name=report.tracker, layout=report.layout, url=pending.url or pending.file_name,
                      sha256=report.sha256, rows=report.rows_read, changed=True)
        mark_applied(db, pending_id)
    return report


def cancel_pending_sync(db: sqlite_utils.Database, actor: Actor, pending_id: int) -> bool:
    """Dismiss pending sync ``pending_id`` (admins only; nothing in the dataset changes).
    False when it was no longer pending."""
    require_admin(db, actor, "cancel sync", row_id=pending_id)
    with write_transaction(db):
        cur = db.execute("UPDATE pending_syncs SET state = 'cancelled', content = x'' WHERE id = ? AND state = 'pending'",
                         [pending_id])
    return cur.rowcount > 0
