"""Tracker syncs from chat: an admin uploads a newer export and chooses "sync"; the dry-run report
(updates before -> after, additions, rows flagged missing, conflicts) is kept pending until the
same admin confirms (10 minutes), like a staged import (:mod:`bot.admin.imports`).

Cancel with :func:`bot.admin.imports.cancel_import` (the staging is shared).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import sqlite_utils

from bot.admin import imports as staging
from bot.admin.rights import Actor, require_admin
from bot.data.sync import SyncReport, sync_csv
from bot.data.validation import ValidationError

__all__ = ["SyncPreview", "confirm_sync", "stage_sync", "staged_kind"]


@dataclass(slots=True)
class SyncPreview:
    token: str
    report: SyncReport
    expires_at: dt.datetime
    file_name: str


def stage_sync(db: sqlite_utils.Database, actor: Actor, filename: str, content: bytes, *,
               now: dt.datetime | None = None) -> SyncPreview:
    """Dry-run a sync of an uploaded tracker export and keep it pending for :func:`confirm_sync`.

    Raises :class:`~bot.data.validation.ImportRefused` when the file is not a tracker export.
    """
    require_admin(db, actor, "sync")
    if len(content) > staging.MAX_UPLOAD_BYTES:
        raise ValidationError("file", f"a CSV file of at most {staging.MAX_UPLOAD_BYTES // 1_000_000} MB",
                              f"{len(content):,} bytes")
    report = sync_csv(db, content, file_name=filename, dry_run=True, actor=actor.audit_name, via=actor.platform)
    now = now or staging._now()
    token = secrets.token_urlsafe(12)
    staging._put(token, staging._Staged(actor, filename, content, None, now + staging.IMPORT_TTL, kind="sync"), now)
    return SyncPreview(token, report, now + staging.IMPORT_TTL, filename)


def confirm_sync(db: sqlite_utils.Database, actor: Actor, token: str, *, now: dt.datetime | None = None) -> SyncReport:
    """Apply a staged sync (one audited, undoable change); ``ImportExpired`` when no longer pending."""
    require_admin(db, actor, "sync")
    staged = staging._take(db, actor, token, now or staging._now(), kind="sync", action="sync")
    return sync_csv(db, staged.content, file_name=staged.file_name, actor=actor.audit_name, via=actor.platform)


def staged_kind(token: str) -> str | None:
    """``"import"`` or ``"sync"`` for a pending token, ``None`` when unknown or expired: adapters
    share one Confirm button and dispatch on it."""
    staged = staging._peek(token)  # in the shared staging store: any process sees it
    return None if staged is None else staged.kind
