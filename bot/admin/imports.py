"""CSV imports uploaded in chat: a dry run kept pending until its uploader confirms or cancels."""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import sqlite_utils

from bot.admin.rights import Actor, _deny, require_admin
from bot.data.importer import ImportReport, import_csv
from bot.data.validation import ValidationError
from bot.data.warn_import import WarnImportReport, import_warn, is_warn_file
from bot.errors import ImportExpired

IMPORT_TTL = dt.timedelta(minutes=10)
#: Largest CSV accepted from chat (the 4,277-row layoffs.fyi export is 0.75 MB).
MAX_UPLOAD_BYTES = 10_000_000


@dataclass(slots=True)
class ImportPreview:
    token: str
    report: ImportReport | WarnImportReport
    """A WARN notice file (bot/data/warn_import.py) is staged and confirmed the same way."""
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

    def to_json(self) -> str:
        return json.dumps({
            "actor": [self.actor.platform, self.actor.user_id, self.actor.display, list(self.actor.role_ids)],
            "file_name": self.file_name, "content": base64.b64encode(self.content).decode("ascii"),
            "mapping": self.mapping, "expires_at": self.expires_at.isoformat(), "kind": self.kind,
        })

    @classmethod
    def from_json(cls, text: str) -> _Staged:
        data = json.loads(text)
        platform, user_id, display, roles = data["actor"]
        return cls(Actor(platform, user_id, display, tuple(roles)), data["file_name"],
                   base64.b64decode(data["content"]), data["mapping"], dt.datetime.fromisoformat(data["expires_at"]),
                   data.get("kind", "import"))


class StagingStore(Protocol):
    """Where staged imports (and syncs) wait for Confirm: any process sharing it can confirm them.

    :class:`adapters.common.state_store.StateStore` is one; the default keeps them in this
    process.  ``take`` must be atomic (of two concurrent Confirms, one gets the import)."""

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str, ttl: float) -> None: ...

    def take(self, key: str) -> str | None: ...


class _ProcessStaging:
    """The default: this process's memory (one process, or tests)."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            item = self._items.get(key)
        return item[1] if item and item[0] > time.monotonic() else None

    def set(self, key: str, value: str, ttl: float) -> None:
        with self._lock:
            now = time.monotonic()
            for old in [k for k, (expires, _) in self._items.items() if expires <= now]:
                del self._items[old]
            self._items[key] = (now + ttl, value)

    def take(self, key: str) -> str | None:
        with self._lock:
            item = self._items.pop(key, None)
        return item[1] if item and item[0] > time.monotonic() else None


_STAGING: StagingStore = _ProcessStaging()
_KEY_PREFIX = "import:"


def use_staging_store(store: StagingStore | None) -> None:
    """Keep staged imports in ``store`` from now on (None: back to this process's memory)."""
    global _STAGING
    _STAGING = store if store is not None else _ProcessStaging()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _put(token: str, staged: _Staged, now: dt.datetime) -> None:
    """Keep ``staged`` pending under ``token`` until its ``expires_at``."""
    ttl = max((staged.expires_at - now).total_seconds(), 0.001)
    _STAGING.set(_KEY_PREFIX + token, staged.to_json(), ttl)


def _peek(token: str) -> _Staged | None:
    """The pending item under ``token`` without taking it (None: unknown or expired)."""
    text = _STAGING.get(_KEY_PREFIX + str(token))
    return _Staged.from_json(text) if text is not None else None


def stage_import(db: sqlite_utils.Database, actor: Actor, filename: str, content: bytes, *,
                 mapping: Mapping[str, str] | None = None, now: dt.datetime | None = None) -> ImportPreview:
    """Dry-run an uploaded CSV and keep it pending for :func:`confirm_import` (10 minutes).

    Raises :class:`~bot.data.validation.ImportRefused` for an unrecognised layout.
    """
    require_admin(db, actor, "import")
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError("file", f"a CSV file of at most {MAX_UPLOAD_BYTES // 1_000_000} MB", f"{len(content):,} bytes")
    report = _import(db, content, filename, mapping, actor, dry_run=True)
    now = now or _now()
    token = secrets.token_urlsafe(12)
    _put(token, _Staged(actor, filename, content, dict(mapping) if mapping else None, now + IMPORT_TTL), now)
    return ImportPreview(token, report, now + IMPORT_TTL, filename)


def _import(db: sqlite_utils.Database, content: bytes, filename: str, mapping: Mapping[str, str] | None,
            actor: Actor, *, dry_run: bool) -> ImportReport | WarnImportReport:
    """Rounds through :func:`import_csv`; a WARN notice file through :func:`import_warn`."""
    if not mapping and is_warn_file(content):
        return import_warn(db, content, file_name=filename, dry_run=dry_run, actor=actor.audit_name, via=actor.platform)
    return import_csv(db, content, file_name=filename, mapping=mapping, dry_run=dry_run,
                      actor=actor.audit_name, via=actor.platform)


def _take(db: sqlite_utils.Database, actor: Actor, token: str, now: dt.datetime, kind: str | None = "import",
          action: str = "import") -> _Staged:
    """Take the pending item atomically; anything not for this caller is put back untouched.
    Another actor's attempt is refused with :class:`PermissionDenied` and recorded (a ``denied``
    change for ``action``), like any refusal."""
    text = _STAGING.take(_KEY_PREFIX + str(token))
    staged = _Staged.from_json(text) if text is not None else None
    if staged is None or staged.expires_at <= now:
        raise ImportExpired(token)
    if kind is not None and staged.kind != kind:  # a sync token given to confirm_import, or the reverse
        _put(token, staged, now)
        raise ImportExpired(token)
    if (staged.actor.platform, staged.actor.user_id) != (actor.platform, actor.user_id):
        _put(token, staged, now)  # still pending for its uploader
        raise _deny(db, actor, action, "only the admin who uploaded this file can confirm or cancel it.")
    return staged


def confirm_import(db: sqlite_utils.Database, actor: Actor, token: str, *,
                   now: dt.datetime | None = None) -> ImportReport | WarnImportReport:
    """Write a staged import, all or nothing (``report.aborted`` if a row is invalid now)."""
    require_admin(db, actor, "import")
    staged = _take(db, actor, token, now or _now(), kind="import", action="import")
    return _import(db, staged.content, staged.file_name, staged.mapping, actor, dry_run=False)


def cancel_import(db: sqlite_utils.Database, actor: Actor, token: str, *, now: dt.datetime | None = None) -> bool:
    """Drop a staged import; False if it was no longer pending.  Raises :class:`PermissionDenied`
    (recorded in the audit log) when ``actor`` is not the uploader."""
    try:
        _take(db, actor, token, now or _now(), kind=None, action="cancel import")
    except ImportExpired:
        return False
    return True


