"""Admin operations as the Slack adapter runs them, next to the engine (thread or worker process).

Each function takes the database first (see ``EngineBridge.run_with_db``), calls the core's
:mod:`bot.admin` — which checks admin rights itself, every time — and returns an
:class:`Outcome`: plain data that always crosses a process boundary safely (core exceptions
carry custom constructors, so they are turned into ``ok=False`` outcomes here, with the form
field a validation error belongs to).  No Slack imports: conversion to Block Kit is the
listeners' job.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from adapters.common import admin_messages as say
from adapters.slack.platform import SLACK
from bot import admin
from bot.data.history import undo_summary

__all__ = [
    "Outcome",
    "check_admin",
    "add_round",
    "edit_round",
    "confirm_round",
    "retract_round",
    "undo",
    "history",
    "subscribe",
    "unsubscribe",
    "subscriptions",
    "stage_import",
    "confirm_import",
    "cancel_import",
    "stage_sync",
    "pending",
    "watch",
    "digest",
]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Outcome:
    ok: bool
    message: str
    field: str | None = None
    """The form field a validation error belongs to (``company``, ``date``, ``count`` ...)."""
    lines: list[str] = dataclasses.field(default_factory=list)
    alerts: list[Any] = dataclasses.field(default_factory=list)
    """:class:`bot.admin.alerts.Alert` objects for Slack channels, to post after the write."""
    token: str | None = None
    """A staged import's token (Confirm / Cancel buttons)."""
    denied: bool = False
    """The core refused the actor (and recorded the refusal)."""


def _actor(user_id: str, display: str = "") -> admin.Actor:
    return admin.Actor(platform=SLACK.name, user_id=user_id, display=display)


def _failure(exc: Exception) -> Outcome:
    notice = say.describe_error(exc)
    if notice.kind == "error":
        log.exception("admin operation failed")
    return Outcome(ok=False, message=notice.text, field=notice.field, denied=isinstance(exc, admin.PermissionDenied))


def pending(db: sqlite_utils.Database, admin_channel: str | None = None) -> list[Any]:
    """Slack alerts due now: ``pending_alerts`` returns every change since the last call, whoever
    wrote it (a write made here, the CLI, Discord), each once.  Called after each write made here
    and on a timer for writes made elsewhere; the timer names the admins' channel, so pending
    syncs of a scheduled refresh are posted there (each once)."""
    try:
        from bot.admin.outbox import pending_messages

        return pending_messages(db, SLACK.name, admin_channel=admin_channel)  # channel alerts, watch DMs, due digests
    except Exception:  # a failed alert must not undo or hide a successful write
        log.exception("building alerts failed")
        return []


_event_line = say.round_line
_change_line = say.change_line


def check_admin(db: sqlite_utils.Database, user_id: str, action: str) -> Outcome:
    """May this user write?  A refusal is recorded by the core, like any refused write."""
    try:
        admin.require_admin(db, _actor(user_id), action)
    except Exception as exc:
        return _failure(exc)
    return Outcome(ok=True, message="")


def add_round(db: sqlite_utils.Database, user_id: str, fields: dict[str, Any]) -> Outcome:
    try:
        result = admin.add_round(db, _actor(user_id), **fields)
    except Exception as exc:
        return _failure(exc)
    lines = [f"⚠ {w}" for w in result.warnings]
    if result.created_company:
        lines.insert(0, f"New company created: {result.created_company}")
    return Outcome(ok=True, message=f"Added round {_event_line(result.event)} (change {result.change_id}).",
                   lines=lines, alerts=pending(db))


def edit_round(db: sqlite_utils.Database, user_id: str, event_id: int, updates: dict[str, str]) -> Outcome:
    try:
        result = admin.edit_round(db, _actor(user_id), event_id, updates)
    except Exception as exc:
        return _failure(exc)
    return Outcome(ok=True, message=f"Edited {_event_line(result.event)} (change {result.change_id}).",
                   alerts=pending(db))


def confirm_round(db: sqlite_utils.Database, user_id: str, event_id: int, count: str, source: str) -> Outcome:
    try:
        result = admin.confirm_round(db, _actor(user_id), event_id, count=count, source=source)
    except Exception as exc:
        return _failure(exc)
    return Outcome(ok=True, message=f"Confirmed {_event_line(result.event)} (change {result.change_id}).",
                   alerts=pending(db))


def retract_round(db: sqlite_utils.Database, user_id: str, event_id: int, reason: str) -> Outcome:
    try:
        result = admin.retract_round(db, _actor(user_id), event_id, reason=reason)
    except Exception as exc:
        return _failure(exc)
    return Outcome(ok=True, message=f"Retracted {_event_line(result.event)} (change {result.change_id}).")


def undo(db: sqlite_utils.Database, user_id: str, change_id: int | None) -> Outcome:
    try:
        view = admin.undo_change(db, _actor(user_id), change_id)
    except Exception as exc:
        return _failure(exc)
    return Outcome(ok=True, message=f"Undone: {undo_summary(db, view)}")


def history(db: sqlite_utils.Database, user_id: str, company: str | None, limit: int = 10) -> Outcome:
    try:
        views = admin.change_history(db, _actor(user_id), company=company, limit=limit)
    except Exception as exc:
        return _failure(exc)
    title = f"Last {len(views)} changes" + (f" for {company}" if company else "")
    return Outcome(ok=True, message=title + ":" if views else "No changes recorded yet.", lines=[_change_line(v) for v in views])


def subscribe(db: sqlite_utils.Database, user_id: str, channel: str, company: str | None, can_manage: bool) -> Outcome:
    try:
        sub, created = admin.subscribe(db, _actor(user_id), channel, company, can_manage_channel=can_manage)
    except Exception as exc:
        return _failure(exc)
    return Outcome(ok=True, message=say.subscribed(sub.company, created))


def unsubscribe(db: sqlite_utils.Database, user_id: str, channel: str, company: str | None, can_manage: bool) -> Outcome:
    try:
        removed = admin.unsubscribe(db, _actor(user_id), channel, company, can_manage_channel=can_manage)
    except Exception as exc:
        return _failure(exc)
    return Outcome(ok=True, message=say.unsubscribed(company, removed))


def subscriptions(db: sqlite_utils.Database, channel: str) -> Outcome:
    subs = admin.list_subscriptions(db, SLACK.name, channel)
    if not subs:
        return Outcome(ok=True, message=say.no_subscriptions("`/layoffs subscribe <company|all>`"))
    return Outcome(ok=True, message="Alerts in this channel:", lines=[s.company or say.ALL_COMPANIES for s in subs])


def stage_import(db: sqlite_utils.Database, user_id: str, filename: str, content: bytes) -> Outcome:
    try:
        preview = admin.stage_import(db, _actor(user_id), filename, content)
    except Exception as exc:
        return _failure(exc)
    report = preview.report
    ok_to_confirm = not report.rejected and report.to_add > 0
    message = f"{say.import_title(preview.file_name)} {say.import_verdict(report)}"
    return Outcome(ok=True, message=message, lines=report.summary().splitlines(),
                   token=preview.token if ok_to_confirm else None)


def stage_sync(db: sqlite_utils.Database, user_id: str, filename: str, content: bytes) -> Outcome:
    """A tracker export sent with the word "sync": the sync's dry run (before -> after), to confirm."""
    try:
        preview = admin.stage_sync(db, _actor(user_id), filename, content)
    except Exception as exc:
        return _failure(exc)
    report = preview.report
    ok_to_confirm = not report.rejected and report.changed
    message = f"Sync dry run of {preview.file_name}: nothing written yet."
    if report.rejected:
        message += " Rows were rejected, so this file cannot be synced: fix them and upload it again."
    elif ok_to_confirm:
        message += " Confirm within a few minutes to apply it as one change (undoable)."
    return Outcome(ok=True, message=message, lines=report.summary().splitlines(),
                   token=preview.token if ok_to_confirm else None)


def confirm_import(db: sqlite_utils.Database, user_id: str, token: str) -> Outcome:
    """The shared Confirm button: a staged import or sync, or a pending sync posted to the admins'
    channel (token ``pending-sync:<id>``)."""
    pending_id = admin.pending_id_of(token)
    if pending_id is not None or admin.staged_kind(token) == "sync":  # the Confirm button is shared with syncs
        try:
            synced = (admin.confirm_pending_sync(db, _actor(user_id), pending_id) if pending_id is not None
                      else admin.confirm_sync(db, _actor(user_id), token))
        except Exception as exc:
            return _failure(exc)
        if synced.aborted:
            return Outcome(ok=False, message="Sync aborted: a row is no longer valid; nothing was written.",
                           lines=synced.summary().splitlines())
        return Outcome(ok=True, message=f"Synced {synced.file_name}: {len(synced.updated)} updated, "
                       f"{len(synced.added)} added, {len(synced.missing)} flagged missing.",
                       lines=synced.summary().splitlines(), alerts=pending(db))
    try:
        report = admin.confirm_import(db, _actor(user_id), token)
    except Exception as exc:
        return _failure(exc)
    if getattr(report, "aborted", False):
        return Outcome(ok=False, message=say.IMPORT_ABORTED,
                       lines=report.summary().splitlines())
    return Outcome(ok=True, message=f"{say.imported_title(report)} from {report.file_name}.",
                   lines=report.summary().splitlines(), alerts=pending(db))


def cancel_import(db: sqlite_utils.Database, user_id: str, token: str) -> Outcome:
    pending_id = admin.pending_id_of(token)
    try:
        if pending_id is not None:  # a pending sync posted to the admins' channel: dismiss it
            dismissed = admin.cancel_pending_sync(db, _actor(user_id), pending_id)
            return Outcome(ok=True, message=f"Pending sync #{pending_id} dismissed: nothing was written."
                           if dismissed else f"Pending sync #{pending_id} is no longer pending.")
        cancelled = admin.cancel_import(db, _actor(user_id), token)
    except Exception as exc:
        return _failure(exc)
    return Outcome(ok=True, message=say.IMPORT_CANCELLED if cancelled else say.import_expired())


def watch(db: sqlite_utils.Database, user_id: str, text: str) -> Outcome | None:
    """A personal watchlist command ("watch Amazon", "my watchlist", "unwatch 2"); None when the
    text is not one (:func:`bot.admin.watchlists.watch_command`)."""
    from bot.admin.watchlists import watch_command

    reply = watch_command(db, SLACK.name, user_id, text)
    if reply is None:
        return None
    return Outcome(ok=reply.ok, message=reply.text, lines=reply.lines)


def digest(db: sqlite_utils.Database, user_id: str, channel: str, words: str, can_manage: bool) -> Outcome:
    """The channel's weekly digest: set, stop or show it (:func:`bot.admin.digest.digest_command`)."""
    from bot.admin.digest import digest_command

    try:
        text = digest_command(db, _actor(user_id), channel, words, can_manage_channel=can_manage)
    except Exception as exc:
        return _failure(exc)
    return Outcome(ok=True, message=text)
