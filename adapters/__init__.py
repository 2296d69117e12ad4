"""Platform adapters: convert in, call the core, render out.

What the Slack and Discord adapters share (rendering stays per platform), in
:mod:`adapters.common`: :mod:`~adapters.common.bridge` (the one engine bridge: a thread or a
worker process), :mod:`~adapters.common.settings` (the one settings loader: environment over
``.env``, never mutating ``os.environ``, raising :class:`bot.errors.SettingsError`),
:mod:`~adapters.common.admin_messages` (what admins are told), :mod:`~adapters.common.alerts`
(the alert posting base) and :mod:`~adapters.common.alert_polling` (its 30 s timer),
:mod:`~adapters.common.platform` (how an adapter describes its platform to the core),
:mod:`~adapters.common.chart_renderer` (finding the PNG renderer), :mod:`~adapters.common.round_form`
(the add-round forms' choices, from the core), :mod:`~adapters.common.text` (clipping text),
:mod:`~adapters.common.redact` (secrets out of every log line, traceback and uncaught
exception; one-line start-up errors) and :mod:`~adapters.common.once` (``remember_once(key,
ttl)``: requests already handled, in the SQLite database).
:mod:`adapters.platforms` lists every platform (``slack/platform.py``, ``discord/platform.py``).
Dates are shown with :func:`bot.reply.format_day` everywhere.
"""
