"""Who may write: admins per platform (users, or Discord roles), checked on every write and
recorded in the audit log when refused."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import sqlite_utils

from bot.data.audit import now_iso, record_change
from bot.data.validation import DataError, ValidationError

PLATFORMS = ("slack", "discord")
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


