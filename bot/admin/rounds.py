"""Admin writes to rounds: each checks rights first, then goes through the one write path
(:mod:`bot.data.store`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from bot.admin.rights import Actor, require_admin
from bot.data import store


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


