"""Channel subscriptions: which channels get alerts for which companies."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from bot.admin.rights import Actor, _deny, check_platform, is_admin
from bot.data import store
from bot.data.audit import now_iso, record_change
from bot.data.db import write_transaction


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
    platform = check_platform(actor.platform)
    _may_manage(db, actor, "subscribe", can_manage_channel)
    company_id, name = _company_id(db, company)
    sub = Subscription(platform, channel, name, actor.audit_name)
    with write_transaction(db):
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
    platform = check_platform(actor.platform)
    _may_manage(db, actor, "unsubscribe", can_manage_channel)
    company_id, name = _company_id(db, company)
    with write_transaction(db):
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
    params = [check_platform(platform)]
    if channel is not None:
        sql += " AND s.channel = ?"
        params.append(channel)
    return [Subscription(*row) for row in db.execute(sql + " ORDER BY s.channel, c.name", params)]
