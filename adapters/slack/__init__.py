"""Slack adapter: a thin slack-bolt app over the layoffbot core (issue 4).

Modules, in the style of ``slack_bolt.adapter.*``: :mod:`settings` (env/.env, checked at
start), :mod:`app` (factory), :mod:`listeners` (convert in, call the core, convert out),
:mod:`render` and :mod:`limits` (Block Kit within Slack's limits), :mod:`convert` (Slack markup
in, conversation keys), :mod:`bridge` (the shared :mod:`adapters.common.bridge`), :mod:`platform` (what the core is
told about Slack), :mod:`alerts` (posting alerts), :mod:`http`
(one shared HTTP session), :mod:`charts` (files_upload_v2), :mod:`state` (retries seen, Show
all), :mod:`redact` (no secrets in logs), :mod:`server` (uvicorn HTTP or Socket Mode),
:mod:`cli`; the admin side of issue 6: :mod:`admin_listeners`, :mod:`admin_views`,
:mod:`admin_ops`.  ``manifest.yml`` is the Slack app manifest.
Imports stay lazy here so ``import adapters.slack`` never needs slack_bolt.
"""

__all__: list[str] = []
