"""CSV imports uploaded in chat: a dry run kept pending until its uploader confirms or cancels."""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass

import sqlite_utils

from bot.admin.rights import Actor, PermissionDenied, require_admin
from bot.data.importer import ImportReport, import_csv
from bot.data.validation import ValidationError
from bot.errors import ImportExpired

IMPORT_TTL = dt.timedelta(minutes=10)
#: Largest CSV accepted from chat (the 4,277-row layoffs.fyi export is 0.75 MB).
MAX_UPLOAD_BYTES = 10_000_000


@dataclass(slots=True)
class ImportPreview:
    token: str
    report: ImportReport
    expires_at: dt.datetime
    file_name: str


@dataclass(slots=True)
class _Staged:
    actor: Actor
    file_name: str
    content: bytes
    mapping: dict[str, str] | None
    expires_at: dt.datetime
    kind: str = "import"
    """``import`` (confirm_import) or ``sync`` (bot.admin.sync.confirm_sync)."""


_STAGED: dict[str, _Staged] = {}
_STAGED_LOCK = threading.Lock()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def stage_import(db: sqlite_utils.Database, actor: Actor, filename: str, content: bytes, *,
                 mapping: Mapping[str, str] | None = None, now: dt.datetime | None = None) -> ImportPreview:
    """Dry-run an uploaded CSV and keep it pending for :func:`confirm_import` (10 minutes).

    Raises :class:`~bot.data.validation.ImportRefused` for an unrecognised layout.
    """
    require_admin(db, actor, "import")
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError("file", f"a CSV file of at most {MAX_UPLOAD_BYTES // 1_000_000} MB", f"{len(content):,} bytes")
    report = import_csv(db, content, file_name=filename, mapping=mapping, dry_run=True,
                        actor=actor.audit_name, via=actor.platform)
    now = now or _now()
    token = secrets.token_urlsafe(12)
    with _STAGED_LOCK:
        for key in [k for k, v in _STAGED.items() if v.expires_at <= now]:
            del _STAGED[key]
        _STAGED[token] = _Staged(actor, filename, content, dict(mapping) if mapping else None, now + IMPORT_TTL)
    return ImportPreview(token, report, now + IMPORT_TTL, filename)


def _take(actor: Actor, token: str, now: dt.datetime, kind: str | None = "import") -> _Staged:
    with _STAGED_LOCK:
        staged = _STAGED.get(token)
        if staged is None or staged.expires_at <= now:
            _STAGED.pop(token, None)
            raise ImportExpired(token)
        if kind is not None and staged.kind != kind:  # a sync token given to confirm_import, or the reverse
            raise ImportExpired(token)
        if (staged.actor.platform, staged.actor.user_id) != (actor.platform, actor.user_id):
            raise PermissionDenied(actor, "import", "only the admin who uploaded this file can confirm or cancel it.")
        del _STAGED[token]
        return staged


def confirm_import(db: sqlite_utils.Database, actor: Actor, token: str, *,
                   now: dt.datetime | None = None) -> ImportReport:
    """Write a staged import, all or nothing (``report.aborted`` if a row is invalid now)."""
    require_admin(db, actor, "import")
    staged = _take(actor, token, now or _now())
    return import_csv(db, staged.content, file_name=staged.file_name, mapping=staged.mapping,
                      actor=actor.audit_name, via=actor.platform)


def cancel_import(actor: Actor, token: str, *, now: dt.datetime | None = None) -> bool:
    """Drop a staged import; False if it was no longer pending."""
    try:
        _take(actor, token, now or _now(), kind=None)
    except ImportExpired:
        return False
    return True


