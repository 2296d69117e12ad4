"""Who may write: admins per platform (users, or roles where the platform has them), checked on
every write and recorded in the audit log when refused.

The core knows no platform by name.  A platform is a short identifier chosen by its adapter
(:func:`check_platform`); which admin variables exist, and whether a platform has roles, is
the adapters' knowledge, handed in as :class:`AdminVariable` rows and ``kinds``."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import sqlite_utils

from bot.data.audit import now_iso, record_change
from bot.data.db import write_transaction
from bot.errors import PermissionDenied, ValidationError

#: What a platform identifier looks like: short, lower case, as an adapter names itself.
PLATFORM_ID = re.compile(r"[a-z][a-z0-9_-]{1,19}")
#: Channels of change that are not chat platforms (the audit log's other ``via`` values).
RESERVED_IDS = frozenset({"cli", "import", "build", "env"})
#: Kinds of admin entries: a user id, or a role id (everyone with the role is an admin).
KINDS = ("user", "role")
#: The naming convention of admin variables when no adapter lists them (see :func:`seed_admins_from_env`).
_CONVENTION = re.compile(r"LAYOFFBOT_([A-Z][A-Z0-9_]{1,19}?)_ADMIN(S|_ROLES)")


class AdminVariable(NamedTuple):
    """An environment variable listing admin ids (comma-separated), as an adapter declares it."""

    platform: str
    kind: str
    variable: str


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting, as the platform identifies them."""

    platform: str
    user_id: str
    display: str = ""
    role_ids: tuple[str, ...] = ()

    @property
    def audit_name(self) -> str:
        """How the actor appears in the audit log: ``<platform>:<user id> (<display>)``."""
        return f"{self.platform}:{self.user_id}" + (f" ({self.display})" if self.display else "")


@dataclass(frozen=True, slots=True)
class AdminEntry:
    platform: str
    kind: str
    ident: str
    granted_by: str | None
    granted_at: str | None


# --------------------------------------------------------------------------- who is an admin


def is_platform_id(value: str) -> bool:
    """True for a well-formed platform identifier that is not a reserved channel (``cli``...)."""
    return bool(PLATFORM_ID.fullmatch(value or "")) and value not in RESERVED_IDS


def check_platform(platform: str) -> str:
    """The platform identifier, lower-cased; :class:`ValidationError` on ``platform`` otherwise."""
    value = (platform or "").strip().lower()
    if not is_platform_id(value):
        raise ValidationError("platform", "a platform identifier (2-20 lower-case letters, digits, - or _)", platform)
    return value


_check_platform = check_platform  # the name other modules imported


def grant(db: sqlite_utils.Database, platform: str, ident: str, *, kind: str = "user", by: str = "cli",
          kinds: Sequence[str] = KINDS) -> bool:
    """Make a user (or a role) an admin.  False if it already was one.

    ``kinds``: the kinds this platform has (its adapter knows; a platform without roles passes
    ``("user",)``)."""
    platform = check_platform(platform)
    if kind not in KINDS or kind not in kinds:
        raise ValidationError("kind", f"{' or '.join(kinds)} on {platform}", kind)
    ident = (ident or "").strip()
    if not ident:
        raise ValidationError("ident", "a user or role id", ident)
    with write_transaction(db):
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
    platform = check_platform(platform)
    with write_transaction(db):
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
        params.append(check_platform(platform))
    return [AdminEntry(*row) for row in db.execute(sql + " ORDER BY platform, kind, ident", params)]


def conventional_variables(environ: Mapping[str, str]) -> list[AdminVariable]:
    """The admin variables present in ``environ`` by the naming convention
    ``LAYOFFBOT_<PLATFORM>_ADMINS`` (user ids) and ``LAYOFFBOT_<PLATFORM>_ADMIN_ROLES`` (role ids)."""
    found = []
    for name in sorted(environ):
        match = _CONVENTION.fullmatch(name)
        if match and is_platform_id(match.group(1).lower()):
            found.append(AdminVariable(match.group(1).lower(), "user" if match.group(2) == "S" else "role", name))
    return found


def seed_admins_from_env(db: sqlite_utils.Database, environ: Mapping[str, str] | None = None,
                         variables: Iterable[AdminVariable] | None = None) -> int:
    """Grant the ids listed in the environment (comma-separated); returns how many were new.

    ``variables``: which variables to read, as the adapters declare them
    (``adapters.platforms.ADMIN_VARIABLES``); by default every variable following the naming
    convention (:func:`conventional_variables`).  Env admins are re-granted on every start:
    remove them from the environment to revoke them for good.
    """
    environ = os.environ if environ is None else environ
    rows = conventional_variables(environ) if variables is None else list(variables)
    added = 0
    for platform, kind, variable in rows:
        for ident in (environ.get(variable) or "").split(","):
            if ident.strip():
                added += grant(db, platform, ident.strip(), kind=kind, by="env")
    return added


def is_admin(db: sqlite_utils.Database, actor: Actor) -> bool:
    """True when the actor's user id, or one of its role ids, is an admin."""
    if not is_platform_id(actor.platform):
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
    with write_transaction(db):
        change_id = record_change(
            db, actor=actor.audit_name, via=actor.platform if is_platform_id(actor.platform) else "cli",
            action="denied", table_name=target, row_id=row_id, before=None, after=None, reason=f"{action}: {reason}",
        )
    return PermissionDenied(actor, action, reason, change_id)


def require_admin(db: sqlite_utils.Database, actor: Actor, action: str, *, row_id: int | None = None) -> None:
    """Raise :class:`PermissionDenied` (and record the attempt) unless the actor is an admin."""
    if not is_admin(db, actor):
        raise _deny(db, actor, action, "only layoffbot admins can change the dataset.", row_id=row_id)


