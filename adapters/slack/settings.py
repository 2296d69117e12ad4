"""Slack settings from the environment (or a ``.env`` file), checked before anything starts.

Lookup order for every variable: the process environment first, then ``.env`` in the current
directory (:func:`adapters.common.settings.merged_environment`: ``os.environ`` is never
changed).  A missing or malformed value raises :class:`SlackSettingsError` — the shared
:class:`~bot.errors.SettingsError` with the hint of where to find the value in the Slack app's
configuration pages.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from adapters.common.settings import merged_environment, read, read_flag
from bot.errors import SettingsError

__all__ = ["SlackSettings", "SlackSettingsError", "load_settings", "WHERE_TO_FIND"]

#: Where each variable comes from in https://api.slack.com/apps -> your app.
WHERE_TO_FIND: dict[str, str] = {
    "SLACK_BOT_TOKEN": "OAuth & Permissions -> Bot User OAuth Token (starts with xoxb-), after installing the app",
    "SLACK_SIGNING_SECRET": "Basic Information -> App Credentials -> Signing Secret",
    "SLACK_APP_TOKEN": "Basic Information -> App-Level Tokens -> generate one with the connections:write scope "
    "(starts with xapp-); only needed for Socket Mode",
    "SLACK_API_URL": "optional: the Slack Web API base URL, e.g. https://slack.com/api/ (proxies, tests)",
    "LAYOFFBOT_SLACK_PRIVATE": "optional: 1 to answer /layoffs privately (ephemeral) by default",
    "LAYOFFBOT_SLACK_ADMIN_CHANNEL": "optional: the admins' channel id (C..., or T...:C... with OAuth installs); "
    "pending syncs of a scheduled refresh are posted there with Confirm / Cancel",
    "SLACK_CLIENT_ID": "Basic Information -> App Credentials -> Client ID; with SLACK_CLIENT_SECRET and no "
    "SLACK_BOT_TOKEN, the app is installable into any workspace (OAuth, /slack/install)",
    "SLACK_CLIENT_SECRET": "Basic Information -> App Credentials -> Client Secret",
    "SLACK_INSTALLATION_DB": "optional: a SQLAlchemy URL for the installations (default: the layoffbot database file)",
    "SLACK_REDIRECT_URI": "optional: the public https://.../slack/oauth_redirect URL (OAuth & Permissions -> Redirect URLs)",
}

_TOKEN_PREFIXES = {"SLACK_BOT_TOKEN": ("xoxb-",), "SLACK_APP_TOKEN": ("xapp-",)}
_SECRET_SHAPE = re.compile(r"^[0-9A-Za-z]{16,}$")


class SlackSettingsError(SettingsError):
    """The shared :class:`~bot.errors.SettingsError`, with the hint of where to find a Slack
    variable (:data:`WHERE_TO_FIND`).  Attributes: ``variable``, ``reason`` (also ``problem``)."""

    def __init__(self, variable: str, problem: str) -> None:
        where = WHERE_TO_FIND.get(variable)
        super().__init__(variable, problem, hint=f"Find it in your Slack app settings: {where}." if where else None)


@dataclass(frozen=True, slots=True)
class SlackSettings:
    bot_token: str | None
    """One workspace's token; None in OAuth (multi-workspace) mode, where each workspace's own
    token comes from the installation store."""
    signing_secret: str | None
    app_token: str | None = None
    api_url: str | None = None
    private_by_default: bool = False
    client_id: str | None = None
    client_secret: str | None = None
    installation_db: str | None = None
    redirect_uri: str | None = None
    admin_channel: str | None = None
    """LAYOFFBOT_SLACK_ADMIN_CHANNEL: where pending syncs are posted (none: not posted)."""

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None

    @property
    def oauth(self) -> bool:
        """Installable into any workspace (bolt's OAuth flow), tokens per workspace."""
        return self.bot_token is None and self.client_id is not None

    def secrets(self) -> list[str]:
        """Values the log redaction filter must never let through."""
        return [s for s in (self.bot_token, self.signing_secret, self.app_token, self.client_secret) if s]

    def __repr__(self) -> str:  # never print a secret by accident
        return (
            f"SlackSettings(bot_token='***', signing_secret='***', app_token={'***' if self.app_token else None}, "
            f"api_url={self.api_url!r}, private_by_default={self.private_by_default}, client_id={self.client_id!r})"
        )


def _check_token(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    prefixes = _TOKEN_PREFIXES[name]
    if not value.startswith(prefixes) or any(c.isspace() for c in value):
        # Say what shape is expected without echoing the value (it may be a real secret).
        raise SlackSettingsError(name, f"does not look right (expected a token starting with {prefixes[0]})")
    return value


def load_settings(
    env: Mapping[str, str] | None = None, *, dotenv_path: str | os.PathLike[str] | None = None
) -> SlackSettings:
    """Read and validate the Slack settings.

    ``env`` defaults to ``os.environ`` over the variables of ``dotenv_path`` (default
    ``./.env`` when it exists); ``os.environ`` itself is never changed.
    """
    if env is None:
        env = merged_environment(None, Path(dotenv_path) if dotenv_path is not None else Path.cwd() / ".env")

    app_token = _check_token("SLACK_APP_TOKEN", read(env, "SLACK_APP_TOKEN"))
    bot_token = _check_token("SLACK_BOT_TOKEN", read(env, "SLACK_BOT_TOKEN"))
    client_id, client_secret = read(env, "SLACK_CLIENT_ID"), read(env, "SLACK_CLIENT_SECRET")
    if (client_id is None) != (client_secret is None):
        missing = "SLACK_CLIENT_SECRET" if client_secret is None else "SLACK_CLIENT_ID"
        raise SlackSettingsError(missing, "is not set (installing into many workspaces needs both client credentials)")
    if bot_token is None and client_id is None:
        raise SlackSettingsError("SLACK_BOT_TOKEN", "is not set (or set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
                                 "to install the app into any workspace)")
    if bot_token is None and app_token is not None:
        raise SlackSettingsError("SLACK_APP_TOKEN", "cannot be used for installs into many workspaces (OAuth needs "
                                 "HTTP mode and a public Redirect URL); unset it, or set SLACK_BOT_TOKEN")

    signing_secret = read(env, "SLACK_SIGNING_SECRET")
    if signing_secret is None and app_token is None:
        # HTTP mode cannot verify requests without it, and verification always stays on.
        raise SlackSettingsError("SLACK_SIGNING_SECRET", "is not set (HTTP mode verifies every request with it)")
    if signing_secret is not None and not _SECRET_SHAPE.match(signing_secret):
        raise SlackSettingsError("SLACK_SIGNING_SECRET", "does not look right (expected a string of letters and digits)")

    api_url = read(env, "SLACK_API_URL")
    if api_url is not None:
        if not re.match(r"^https?://[^\s/]+", api_url):
            raise SlackSettingsError("SLACK_API_URL", "must be an http(s) URL")
        api_url = api_url if api_url.endswith("/") else api_url + "/"

    try:
        private_by_default = read_flag(env, "LAYOFFBOT_SLACK_PRIVATE")
    except SettingsError as exc:
        raise SlackSettingsError(exc.variable, exc.reason) from None

    return SlackSettings(
        bot_token=bot_token,
        signing_secret=signing_secret,
        app_token=app_token,
        api_url=api_url,
        private_by_default=private_by_default,
        client_id=client_id if bot_token is None else None,
        client_secret=client_secret if bot_token is None else None,
        installation_db=read(env, "SLACK_INSTALLATION_DB"),
        redirect_uri=read(env, "SLACK_REDIRECT_URI"),
        admin_channel=_check_channel(read(env, "LAYOFFBOT_SLACK_ADMIN_CHANNEL")),
    )


_CHANNEL_SHAPE = re.compile(r"^(T[A-Z0-9]+:)?[CG][A-Z0-9]+$")


def _check_channel(value: str | None) -> str | None:
    """A Slack channel id (``C0123``, or ``T012:C0123`` for one workspace of OAuth installs)."""
    if value is not None and not _CHANNEL_SHAPE.match(value):
        raise SlackSettingsError("LAYOFFBOT_SLACK_ADMIN_CHANNEL", "must be a channel id such as C0123ABCD "
                                 "(channel details -> About -> Channel ID), not a name")
    return value
