"""Chat administration in the core: who is an admin, audited writes, CSV import staging,
channel subscriptions and the alerts they receive.  Platform-neutral: adapters convert in,
call these functions, and render what they return.

Every write checks admin rights **here**, whatever the platform claims (a hidden or
``default_permissions`` command is not a protected one).  A refused attempt raises
:class:`PermissionDenied` and is recorded in ``changes`` with action ``denied``.

API for the Slack and Discord adapters
--------------------------------------

Who is asking::

    actor = Actor(platform="slack", user_id="U123", display="Ada", role_ids=())
    # Discord: Actor("discord", str(member.id), member.display_name, tuple(str(r.id) for r in member.roles))

Admins (table ``admins``: platform slack|discord, kind user|role, ident) are managed with
``layoffbot admin grant|revoke|list`` and seeded from ``LAYOFFBOT_SLACK_ADMINS``,
``LAYOFFBOT_DISCORD_ADMINS`` (user ids) and ``LAYOFFBOT_DISCORD_ADMIN_ROLES`` (role ids),
comma-separated: call :func:`seed_admins_from_env` at start-up.  :func:`is_admin` answers
"may this actor write?"; a Discord actor is an admin by user id or by any of its role ids.

Writes (all return :class:`~bot.store.WriteResult` / :class:`~bot.store.ChangeView`, raise
:class:`PermissionDenied`, :class:`~bot.validation.ValidationError` (``.field``, ``.rule``:
show it on the form field), :class:`~bot.validation.NotFoundError`,
:class:`~bot.validation.UndoError`; all are :class:`~bot.validation.DataError`)::

    add_round(db, actor, company=..., date=..., count=..., source=..., status=..., division=...,
              percentage=..., percentage_basis=..., note=..., unsourced=False, new_company=False)
    edit_round(db, actor, event_id, {"count": "1500"})
    confirm_round(db, actor, event_id, count=..., source=...)
    retract_round(db, actor, event_id, reason=...)
    undo_change(db, actor, change_id=None)
    change_history(db, actor, company=None, event_id=None, limit=10)   # admins only

``add_round`` refuses an exact duplicate (same company, date and count: a ValidationError on
``date``) and returns ``result.warnings`` (rounds of the company within 30 days): show them.

CSV import from chat (a Slack DM file share, a Discord attachment)::

    preview = stage_import(db, actor, filename, content_bytes)   # dry run, nothing written
    preview.token, preview.report (ImportReport: rows_read, to_add, duplicates, flagged,
    rejected with row numbers), preview.expires_at (10 minutes)  -> show Confirm / Cancel
    report = confirm_import(db, actor, preview.token)   # all or nothing; ImportExpired if late
    cancel_import(actor, preview.token)

Subscriptions (anyone who may manage the channel, or an admin)::

    sub, created = subscribe(db, actor, channel_id, "Amazon" or None/"all", can_manage_channel=True)
    removed = unsubscribe(db, actor, channel_id, "Amazon" or None, can_manage_channel=True)  # bool
    list_subscriptions(db, platform, channel_id)   # [Subscription(platform, channel, company|None, created_by)]

``can_manage_channel`` is the adapter's answer to "may this user manage this channel?"
(Slack: channel creator or workspace admin; Discord: Manage Channels permission).  An unknown
company raises :class:`~bot.validation.UnknownCompanyError` (``.suggestions``).

Replies to admins should be private (ephemeral or DM).  :class:`PermissionDenied` carries
``actor``, ``action``, ``reason``; ``str(exc)`` is a reply ready to show.  A staged import
can only be confirmed or cancelled by the admin who uploaded it; uploads over
``MAX_UPLOAD_BYTES`` (10 MB) are refused with a ValidationError on ``file``.

Alerts: after a write, pass the change ids it produced (``result.change_id``, or
``report.change_id`` of an import) to :func:`alerts_for_changes`; it returns one
:class:`Alert` per subscribed channel per new or newly confirmed round, and **one summary per
channel** for an import (never a flood).  An ``Alert`` is data: ``platform``, ``channel``,
``kind`` ("round" | "import"), ``headline``, ``text`` (plain text), ``rounds``
(:class:`~bot.reply.RoundRow` list, rendered like an answer), ``sources``, ``as_of``.
Each adapter posts the alerts of its own platform (``platform=`` filter).

To also alert on writes made elsewhere (the CLI, the other platform), use
``pending_alerts(db, platform)`` instead, after each write and on a timer (e.g. every 30 s):
it returns the alerts of every change since its last call for that platform, each once
(a cursor in ``meta``; the first call starts from now).  Use one mechanism, not both.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from bot import store
from bot.alerts import Alert, alerts_for_changes, pending_alerts
from bot.audit import now_iso, record_change
from bot.importer import ImportReport, import_csv
from bot.validation import DataError, ValidationError

__all__ = [
    "PLATFORMS",
    "IMPORT_TTL",
    "MAX_UPLOAD_BYTES",
    "Actor",
    "PermissionDenied",
    "ImportExpired",
    "AdminEntry",
    "ImportPreview",
    "Subscription",
    "Alert",
    "seed_admins_from_env",
    "is_admin",
    "require_admin",
    "grant",
    "revoke",
    "list_admins",
    "add_round",
    "edit_round",
    "confirm_round",
    "retract_round",
    "undo_change",
    "change_history",
    "stage_import",
    "confirm_import",
    "cancel_import",
    "subscribe",
    "unsubscribe",
    "list_subscriptions",
    "alerts_for_changes",
    "pending_alerts",
]

PLATFORMS = ("slack", "discord")
IMPORT_TTL = dt.timedelta(minutes=10)
#: Largest CSV accepted from chat (the 4,277-row layoffs.fyi export is 0.75 MB).
MAX_UPLOAD_BYTES = 10_000_000
_ENV = {
    ("slack", "user"): "LAYOFFBOT_SLACK_ADMINS",
    ("discord", "user"): "LAYOFFBOT_DISCORD_ADMINS",
    ("discord", "role"): "LAYOFFBOT_DISCORD_ADMIN_ROLES",
}


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting, as the platform identifies them."""

    platform: str
    user_id: str
    display: str = ""
    role_ids: tuple[str, ...] = ()

    @property
    def audit_name(self) -> str:
        """How the actor appears in the audit log: ``slack:U123 (Ada)``."""
        return f"{self.platform}:{self.user_id}" + (f" ({self.display})" if self.display else "")


class PermissionDenied(DataError, PermissionError):
    """The actor may not do this.  Attributes: ``actor``, ``action``, ``reason``, ``change_id``
    (the ``denied`` row recorded in the audit log)."""

    def __init__(self, actor: Actor, action: str, reason: str, change_id: int | None = None) -> None:
        self.actor = actor
        self.action = action
        self.reason = reason
        self.change_id = change_id
        super().__init__(f"Sorry, {reason}")


class ImportExpired(DataError):
    """The staged import is unknown, expired, cancelled or already confirmed.  ``token``."""

    def __init__(self, token: str) -> None:
        self.token = token
        super().__init__("This import is no longer pending (it expired after 10 minutes, or was confirmed or "
                         "cancelled). Upload the file again.")


@dataclass(frozen=True, slots=True)
class AdminEntry:
    platform: str
    kind: str
    ident: str
    granted_by: str | None
    granted_at: str | None


# --------------------------------------------------------------------------- who is an admin


def _check_platform(platform: str) -> str:
    value = (platform or "").strip().lower()
    if value not in PLATFORMS:
        raise ValidationError("platform", f"one of {', '.join(PLATFORMS)}", platform)
    return value


def grant(db: sqlite_utils.Database, platform: str, ident: str, *, kind: str = "user", by: str = "cli") -> bool:
    """Make a user (or, on Discord, a role) an admin.  False if it already was one."""
    platform = _check_platform(platform)
    if kind not in ("user", "role") or (kind == "role" and platform != "discord"):
        raise ValidationError("kind", "user, or role on Discord", kind)
    ident = (ident or "").strip()
    if not ident:
        raise ValidationError("ident", "a user or role id", ident)
    with db.atomic():
        cursor = db.execute(
            "INSERT OR IGNORE INTO admins (platform, kind, ident, granted_by, granted_at) VALUES (?, ?, ?, ?, ?)",
            [platform, kind, ident, by, now_iso()],
        )
        if cursor.rowcount:
            record_change(db, actor=by, via="cli" if ":" not in by else by.split(":")[0], action="admin",
                          table_name="admins", row_id=None, before=None,
                          after={"platform": platform, "kind": kind, "ident": ident})
    return bool(cursor.rowcount)


def revoke(db: sqlite_utils.Database, platform: str, ident: str, *, kind: str = "user", by: str = "cli") -> bool:
    """Remove an admin.  False if it was not one."""
    platform = _check_platform(platform)
    with db.atomic():
        cursor = db.execute("DELETE FROM admins WHERE platform = ? AND kind = ? AND ident = ?", [platform, kind, ident.strip()])
        if cursor.rowcount:
            record_change(db, actor=by, via="cli", action="admin", table_name="admins", row_id=None,
                          before={"platform": platform, "kind": kind, "ident": ident.strip()}, after=None)
    return bool(cursor.rowcount)


def list_admins(db: sqlite_utils.Database, platform: str | None = None) -> list[AdminEntry]:
    sql = "SELECT platform, kind, ident, granted_by, granted_at FROM admins"
    params: list[str] = []
    if platform:
        sql += " WHERE platform = ?"
        params.append(_check_platform(platform))
    return [AdminEntry(*row) for row in db.execute(sql + " ORDER BY platform, kind, ident", params)]


def seed_admins_from_env(db: sqlite_utils.Database, environ: Mapping[str, str] | None = None) -> int:
    """Grant the ids listed in the environment (comma-separated); returns how many were new.

    Env admins are re-granted on every start: remove them from the environment to revoke them
    for good.
    """
    environ = os.environ if environ is None else environ
    added = 0
    for (platform, kind), variable in _ENV.items():
        for ident in (environ.get(variable) or "").split(","):
            if ident.strip():
                added += grant(db, platform, ident.strip(), kind=kind, by="env")
    return added


def is_admin(db: sqlite_utils.Database, actor: Actor) -> bool:
    """True when the actor's user id, or one of its role ids (Discord), is an admin."""
    if actor.platform not in PLATFORMS:
        return False
    if db.execute(
        "SELECT 1 FROM admins WHERE platform = ? AND kind = 'user' AND ident = ?", [actor.platform, actor.user_id]
    ).fetchone():
        return True
    roles = [r for r in actor.role_ids if r]
    if not roles:
        return False
    found = db.execute(
        f"SELECT 1 FROM admins WHERE platform = ? AND kind = 'role' AND ident IN ({','.join('?' * len(roles))})",
        [actor.platform, *roles],
    ).fetchone()
    return found is not None


def _deny(db: sqlite_utils.Database, actor: Actor, action: str, reason: str, target: str = "events",
          row_id: int | None = None) -> PermissionDenied:
    with db.atomic():
        change_id = record_change(
            db, actor=actor.audit_name, via=actor.platform if actor.platform in PLATFORMS else "cli",
            action="denied", table_name=target, row_id=row_id, before=None, after=None, reason=f"{action}: {reason}",
        )
    return PermissionDenied(actor, action, reason, change_id)


def require_admin(db: sqlite_utils.Database, actor: Actor, action: str, *, row_id: int | None = None) -> None:
    """Raise :class:`PermissionDenied` (and record the attempt) unless the actor is an admin."""
    if not is_admin(db, actor):
        raise _deny(db, actor, action, "only layoffbot admins can change the dataset.", row_id=row_id)


# --------------------------------------------------------------------------- writes


def add_round(db: sqlite_utils.Database, actor: Actor, **fields: Any) -> store.WriteResult:
    require_admin(db, actor, "add")
    return store.add_event(db, actor=actor.audit_name, via=actor.platform, **fields)


def edit_round(db: sqlite_utils.Database, actor: Actor, event_id: int, updates: Mapping[str, Any],
               reason: str | None = None) -> store.WriteResult:
    require_admin(db, actor, "edit", row_id=event_id)
    return store.edit_event(db, event_id, updates, actor=actor.audit_name, via=actor.platform, reason=reason)


def confirm_round(db: sqlite_utils.Database, actor: Actor, event_id: int, *, count: Any, source: Any,
                  note: Any = None) -> store.WriteResult:
    require_admin(db, actor, "confirm", row_id=event_id)
    return store.confirm_event(db, event_id, count=count, source=source, note=note, actor=actor.audit_name,
                               via=actor.platform)


def retract_round(db: sqlite_utils.Database, actor: Actor, event_id: int, *, reason: str) -> store.WriteResult:
    require_admin(db, actor, "retract", row_id=event_id)
    return store.retract_event(db, event_id, reason=reason, actor=actor.audit_name, via=actor.platform)


def undo_change(db: sqlite_utils.Database, actor: Actor, change_id: int | None = None) -> store.ChangeView:
    require_admin(db, actor, "undo")
    return store.undo(db, change_id, actor=actor.audit_name, via=actor.platform)


def change_history(db: sqlite_utils.Database, actor: Actor, *, company: str | None = None,
                   event_id: int | None = None, limit: int = 10) -> list[store.ChangeView]:
    """Recent changes (of a company's rounds, or of one round), newest first.  Admins only."""
    require_admin(db, actor, "history")
    return store.history(db, company=company, event_id=event_id, limit=limit)


# --------------------------------------------------------------------------- import staging


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


_STAGED: dict[str, _Staged] = {}
_STAGED_LOCK = threading.Lock()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def stage_import(db: sqlite_utils.Database, actor: Actor, filename: str, content: bytes, *,
                 mapping: Mapping[str, str] | None = None, now: dt.datetime | None = None) -> ImportPreview:
    """Dry-run an uploaded CSV and keep it pending for :func:`confirm_import` (10 minutes).

    Raises :class:`~bot.validation.ImportRefused` for an unrecognised layout.
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


def _take(actor: Actor, token: str, now: dt.datetime) -> _Staged:
    with _STAGED_LOCK:
        staged = _STAGED.get(token)
        if staged is None or staged.expires_at <= now:
            _STAGED.pop(token, None)
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
        _take(actor, token, now or _now())
    except ImportExpired:
        return False
    return True


# --------------------------------------------------------------------------- subscriptions


@dataclass(frozen=True, slots=True)
class Subscription:
    platform: str
    channel: str
    company: str | None
    """``None`` = all companies."""
    created_by: str | None = None


def _company_id(db: sqlite_utils.Database, company: str | None) -> tuple[int | None, str | None]:
    if company is None or company.strip().lower() in ("", "all", "*", "everything"):
        return None, None
    company_id, name, _ = store.resolve_company(db, company)
    return company_id, name


def _may_manage(db: sqlite_utils.Database, actor: Actor, action: str, can_manage_channel: bool) -> None:
    if not can_manage_channel and not is_admin(db, actor):
        raise _deny(db, actor, action, "only people who can manage this channel (or layoffbot admins) can change "
                    "its alerts.", target="subscriptions")


def subscribe(db: sqlite_utils.Database, actor: Actor, channel: str, company: str | None, *,
              can_manage_channel: bool) -> tuple[Subscription, bool]:
    """Subscribe a channel to a company's rounds (``None``/"all" = every company).

    Returns ``(subscription, created)``; ``created`` is False if it already existed.
    """
    platform = _check_platform(actor.platform)
    _may_manage(db, actor, "subscribe", can_manage_channel)
    company_id, name = _company_id(db, company)
    sub = Subscription(platform, channel, name, actor.audit_name)
    with db.atomic():
        exists = db.execute(
            "SELECT 1 FROM subscriptions WHERE platform = ? AND channel = ? AND company_id IS ?",
            [platform, channel, company_id],
        ).fetchone()
        if exists:
            return sub, False
        cursor = db.execute(
            "INSERT INTO subscriptions (platform, channel, company_id, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
            [platform, channel, company_id, actor.audit_name, now_iso()],
        )
        record_change(db, actor=actor.audit_name, via=platform, action="subscribe", table_name="subscriptions",
                      row_id=cursor.lastrowid, before=None,
                      after={"platform": platform, "channel": channel, "company": name})
    return sub, True


def unsubscribe(db: sqlite_utils.Database, actor: Actor, channel: str, company: str | None, *,
                can_manage_channel: bool) -> bool:
    """Remove a subscription; False if there was none."""
    platform = _check_platform(actor.platform)
    _may_manage(db, actor, "unsubscribe", can_manage_channel)
    company_id, name = _company_id(db, company)
    with db.atomic():
        row = db.execute(
            "SELECT id FROM subscriptions WHERE platform = ? AND channel = ? AND company_id IS ?",
            [platform, channel, company_id],
        ).fetchone()
        if row is None:
            return False
        db.execute("DELETE FROM subscriptions WHERE id = ?", [row[0]])
        record_change(db, actor=actor.audit_name, via=platform, action="unsubscribe", table_name="subscriptions",
                      row_id=row[0], before={"platform": platform, "channel": channel, "company": name}, after=None)
    return True


def list_subscriptions(db: sqlite_utils.Database, platform: str, channel: str | None = None) -> list[Subscription]:
    sql = ("SELECT s.platform, s.channel, c.name, s.created_by FROM subscriptions s"
           " LEFT JOIN companies c ON c.id = s.company_id WHERE s.platform = ?")
    params = [_check_platform(platform)]
    if channel is not None:
        sql += " AND s.channel = ?"
        params.append(channel)
    return [Subscription(*row) for row in db.execute(sql + " ORDER BY s.channel, c.name", params)]
