"""Slack adapter: a thin slack-bolt app over the layoffbot core (issue 4).

Modules, in the style of ``slack_bolt.adapter.*``: :mod:`settings` (env/.env), :mod:`app`
(factory), :mod:`listeners` (convert in, call the core, convert out), :mod:`render` (Block Kit
within Slack's limits), :mod:`server` (uvicorn HTTP or Socket Mode), :mod:`cli`.
Imports stay lazy here so ``import adapters.slack`` never needs slack_bolt.
"""

__all__: list[str] = []
