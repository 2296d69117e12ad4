"""Discord settings from the environment (and a ``.env`` file), and pointing discord.py at them.

Lookup order for every setting: the command-line option, then the process environment, then
``.env`` in the current directory (never overriding the environment, never changing
``os.environ``: :mod:`adapters.common.settings`).  Errors are the shared
:class:`~bot.errors.SettingsError` (``variable``; ``setting`` is its older name).  The token is never
logged or shown: :class:`DiscordSettings` hides it from ``repr``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from adapters.common import settings as common_settings
from bot.errors import SettingsError

__all__ = ["DiscordSettings", "SettingsError", "load_settings", "merged_environment", "apply_endpoints", "DEFAULT_API_URL", "DEFAULT_GATEWAY_URL"]

DEFAULT_API_URL = "https://discord.com/api/v10"
DEFAULT_GATEWAY_URL = "wss://gateway.discord.gg/"


@dataclass(frozen=True)
class DiscordSettings:
    token: str = field(repr=False)
    api_url: str = DEFAULT_API_URL
    """REST base, ``DISCORD_API_URL`` (e.g. a local fake Discord in tests)."""
    gateway_url: str = DEFAULT_GATEWAY_URL
    """Gateway websocket, ``DISCORD_GATEWAY_URL``."""
    admin_channel: int | None = None
    """``LAYOFFBOT_DISCORD_ADMIN_CHANNEL``: the admins' channel id, where pending syncs of a
    scheduled refresh are posted with Confirm / Cancel (unset: not posted)."""

    @property
    def custom_endpoints(self) -> bool:
        return self.api_url != DEFAULT_API_URL or self.gateway_url != DEFAULT_GATEWAY_URL


def merged_environment(
    environ: Mapping[str, str] | None = None, dotenv_path: Path | None = Path(".env")
) -> dict[str, str]:
    """The process environment (or ``environ``) over the variables of ``dotenv_path``: the
    shared :func:`adapters.common.settings.merged_environment` (``os.environ`` never changed).

    Everything read at start — the token, the endpoints, and the admin ids seeded into the
    database (``LAYOFFBOT_DISCORD_ADMINS``…) — comes from this one mapping, so a variable
    works the same whether it is exported or written in ``.env``.
    """
    return common_settings.merged_environment(environ, dotenv_path)


def load_settings(
    *,
    token: str | None = None,
    environ: Mapping[str, str] | None = None,
    dotenv_path: Path | None = Path(".env"),
) -> DiscordSettings:
    """Settings from the arguments, else the environment, else ``dotenv_path``.

    Raises :class:`SettingsError` when there is no token or a URL is not http(s)/ws(s).
    """
    env = merged_environment(environ, dotenv_path)
    token = (token or env.get("DISCORD_TOKEN") or "").strip()
    if not token:
        raise SettingsError(
            "DISCORD_TOKEN", "is not set", hint="Developer Portal > your application > Bot > Reset Token",
            message="No Discord bot token: set DISCORD_TOKEN in the environment or in .env "
            "(Developer Portal > your application > Bot > Reset Token).",
        )
    api_url = (env.get("DISCORD_API_URL") or DEFAULT_API_URL).rstrip("/")
    gateway_url = env.get("DISCORD_GATEWAY_URL") or DEFAULT_GATEWAY_URL
    if not api_url.startswith(("http://", "https://")):
        raise SettingsError("DISCORD_API_URL", f"must start with http:// or https://, not {api_url!r}")
    if not gateway_url.startswith(("ws://", "wss://")):
        raise SettingsError("DISCORD_GATEWAY_URL", f"must start with ws:// or wss://, not {gateway_url!r}")
    admin_channel = common_settings.read(env, "LAYOFFBOT_DISCORD_ADMIN_CHANNEL")
    if admin_channel is not None and not (admin_channel.isdigit() and 15 <= len(admin_channel) <= 21):
        raise SettingsError("LAYOFFBOT_DISCORD_ADMIN_CHANNEL", "must be a channel id (a number such as "
                            "900000000000000004)", hint="Discord: User Settings > Advanced > Developer Mode, "
                            "then right-click the channel > Copy Channel ID")
    return DiscordSettings(token=token, api_url=api_url, gateway_url=gateway_url,
                           admin_channel=int(admin_channel) if admin_channel is not None else None)


def apply_endpoints(settings: DiscordSettings) -> None:
    """Point discord.py's REST base and gateway at ``settings`` (before login).

    These are class attributes in discord.py (``Route.BASE``,
    ``DiscordWebSocket.DEFAULT_GATEWAY``), hence process-wide.  A plain ``Client`` connects
    to ``DEFAULT_GATEWAY`` directly; an ``AutoShardedClient`` asks ``/gateway/bot`` (served
    by the same REST base).
    """
    import discord.gateway
    import discord.http
    import yarl

    discord.http.Route.BASE = settings.api_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)
