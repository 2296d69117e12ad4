"""Chat administration in the core: who is an admin, audited writes, CSV import staging,
channel subscriptions and the alerts they receive.  Platform-neutral: adapters convert in,
call these functions, and render what they return.

Every write checks admin rights **here**, whatever the platform claims (a hidden or
``default_permissions`` command is not a protected one).  A refused attempt raises
:class:`PermissionDenied` and is recorded in ``changes`` with action ``denied``.

API for the chat adapters
-------------------------

The core names no platform: an adapter identifies itself by a short ``platform`` id (its own
name, see :func:`~bot.admin.rights.check_platform`) and converts its users in.

Who is asking::

    actor = Actor(platform="<adapter id>", user_id="<platform user id>", display="Ada", role_ids=())

Admins (table ``admins``: platform, kind user|role, ident) are managed with
``layoffbot admin grant|revoke|list`` and seeded from the admin variables each adapter declares
(:class:`AdminVariable` rows; by convention ``LAYOFFBOT_<PLATFORM>_ADMINS`` for user ids and
``LAYOFFBOT_<PLATFORM>_ADMIN_ROLES`` for role ids, comma-separated): call
:func:`seed_admins_from_env` at start-up.  :func:`is_admin` answers "may this actor write?"; an
actor is an admin by user id or by any of its role ids.

Writes (all return :class:`~bot.data.store.WriteResult` / :class:`~bot.data.store.ChangeView`, raise
:class:`PermissionDenied`, :class:`~bot.data.validation.ValidationError` (``.field``, ``.rule``:
show it on the form field), :class:`~bot.data.validation.NotFoundError`,
:class:`~bot.data.validation.UndoError`; all are :class:`~bot.data.validation.DataError`)::

    add_round(db, actor, company=..., date=..., count=..., source=..., status=..., division=...,
              percentage=..., percentage_basis=..., note=..., unsourced=False, new_company=False)
    edit_round(db, actor, event_id, {"count": "1500"})
    confirm_round(db, actor, event_id, count=..., source=...)
    retract_round(db, actor, event_id, reason=...)
    undo_change(db, actor, change_id=None)
    change_history(db, actor, company=None, event_id=None, limit=10)   # admins only

``add_round`` refuses an exact duplicate (same company, date and count: a ValidationError on
``date``) and returns ``result.warnings`` (rounds of the company within 30 days): show them.

CSV import from chat (a file shared in a direct message, an attachment)::

    preview = stage_import(db, actor, filename, content_bytes)   # dry run, nothing written
    preview.token, preview.report (ImportReport: rows_read, to_add, duplicates, flagged,
    rejected with row numbers), preview.expires_at (10 minutes)  -> show Confirm / Cancel
    report = confirm_import(db, actor, preview.token)   # all or nothing; ImportExpired if late
    cancel_import(db, actor, preview.token)

Sync of a newer tracker export from chat (the upload's "sync" choice)::

    preview = stage_sync(db, actor, filename, content_bytes)     # dry run: SyncReport
    preview.report.summary()   # updates before -> after, additions, rows flagged missing, conflicts
    report = confirm_sync(db, actor, preview.token)   # one audited, undoable change
    staged_kind(token)   # "import" | "sync" | None: which confirm a shared Confirm button calls

Pending syncs of a scheduled refresh (``data sync --from URL --dry-run``), posted to the admins' channel::

    pending_sync_posts(db, platform, channel)   # Alert(kind="sync") once per pending sync
    pending_id_of(token)                        # the id a "pending-sync:<id>" Confirm token names
    confirm_pending_sync(db, actor, pending_id) # applies exactly that file; cancel_pending_sync dismisses it
    cancel_import(db, actor, preview.token)

Subscriptions (anyone who may manage the channel, or an admin)::

    sub, created = subscribe(db, actor, channel_id, "Amazon" or None/"all", can_manage_channel=True)
    removed = unsubscribe(db, actor, channel_id, "Amazon" or None, can_manage_channel=True)  # bool
    list_subscriptions(db, platform, channel_id)   # [Subscription(platform, channel, company|None, created_by)]

``can_manage_channel`` is the adapter's answer to "may this user manage this channel?"
(each platform has its own rule, e.g. the channel's creator or a manage-channels permission).  An unknown
company raises :class:`~bot.data.validation.UnknownCompanyError` (``.suggestions``).

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

To also alert on writes made elsewhere (the CLI, another platform), use
``pending_alerts(db, platform)`` instead, after each write and on a timer (e.g. every 30 s):
it returns the alerts of every change since its last call for that platform, each once
(a cursor in ``meta``; the first call starts from now).  Use one mechanism, not both.

Watchlists and digests (issue 13): ``pending_messages(db, platform)`` (:mod:`bot.admin.outbox`)
returns the channel alerts, the personal watch DMs and the weekly digests due, all as
:class:`Alert`: ``kind == "watch"`` means ``channel`` is the user id to DM; ``kind == "digest"``
carries its :class:`~bot.reply.Reply` (chart included) in ``extra["reply"]``.  The words a user
types are handled by ``watch_command(db, platform, user_id, text)`` (a
:class:`~bot.admin.watchlists.WatchReply`, or None when the text is a question) and
``digest_command(db, actor, channel, words, can_manage_channel=...)`` (a sentence; raises
DataError).  One matcher (:mod:`bot.admin.matcher`) serves subscriptions and watchlists.
"""


from __future__ import annotations

from bot.admin.alerts import Alert, alerts_for_changes, pending_alerts
from bot.admin.digest import digest_command, due_digests
from bot.admin.outbox import pending_messages
from bot.admin.watchlists import WatchReply, pending_watch_alerts, watch_command
from bot.admin.imports import (
    IMPORT_TTL,
    MAX_UPLOAD_BYTES,
    ImportExpired,
    ImportPreview,
    StagingStore,
    cancel_import,
    confirm_import,
    stage_import,
    use_staging_store,
)
from bot.admin.rights import (
    KINDS,
    Actor,
    AdminEntry,
    AdminVariable,
    PermissionDenied,
    check_platform,
    grant,
    is_admin,
    list_admins,
    require_admin,
    revoke,
    seed_admins_from_env,
)
from bot.admin.rounds import (
    add_round,
    change_history,
    confirm_round,
    edit_round,
    retract_round,
    undo_change,
)
from bot.admin.sync import SyncPreview, confirm_sync, stage_sync, staged_kind
from bot.admin.sync_posts import cancel_pending_sync, confirm_pending_sync, pending_id_of, pending_sync_posts
from bot.admin.subscriptions import (
    Subscription,
    list_subscriptions,
    subscribe,
    unsubscribe,
)

__all__ = [
    "IMPORT_TTL",
    "KINDS",
    "MAX_UPLOAD_BYTES",
    "Actor",
    "AdminEntry",
    "AdminVariable",
    "Alert",
    "ImportExpired",
    "ImportPreview",
    "PermissionDenied",
    "Subscription",
    "StagingStore",
    "SyncPreview",
    "WatchReply",
    "add_round",
    "alerts_for_changes",
    "cancel_import",
    "change_history",
    "check_platform",
    "confirm_import",
    "confirm_round",
    "confirm_sync",
    "confirm_pending_sync",
    "cancel_pending_sync",
    "pending_id_of",
    "pending_sync_posts",
    "digest_command",
    "due_digests",
    "edit_round",
    "grant",
    "is_admin",
    "list_admins",
    "list_subscriptions",
    "pending_alerts",
    "pending_messages",
    "pending_watch_alerts",
    "require_admin",
    "retract_round",
    "revoke",
    "seed_admins_from_env",
    "stage_import",
    "stage_sync",
    "staged_kind",
    "subscribe",
    "undo_change",
    "unsubscribe",
    "use_staging_store",
    "watch_command",
]
