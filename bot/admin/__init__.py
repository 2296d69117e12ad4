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

To also alert on writes made elsewhere (the CLI, the other platform), use
``pending_alerts(db, platform)`` instead, after each write and on a timer (e.g. every 30 s):
it returns the alerts of every change since its last call for that platform, each once
(a cursor in ``meta``; the first call starts from now).  Use one mechanism, not both.
"""


from __future__ import annotations

from bot.admin.alerts import Alert, alerts_for_changes, pending_alerts
from bot.admin.imports import (
    IMPORT_TTL,
    MAX_UPLOAD_BYTES,
    ImportExpired,
    ImportPreview,
    cancel_import,
    confirm_import,
    stage_import,
)
from bot.admin.rights import (
    PLATFORMS,
    Actor,
    AdminEntry,
    PermissionDenied,
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
from bot.admin.subscriptions import (
    Subscription,
    list_subscriptions,
    subscribe,
    unsubscribe,
)

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
