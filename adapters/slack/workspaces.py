"""One workspace (``SLACK_BOT_TOKEN``) or many (OAuth installs): identities and tokens.

With many workspaces, everything the core keeps per user or channel is scoped by the team id
(``T123:U456``, ``T123:C789``): admins are granted per workspace and a channel's subscriptions
belong to its workspace, so one workspace's admins never read or write another's.  The core
needs no change: the Actor's platform stays ``slack`` and the scope is part of the id.  An alert
for ``T123:C789`` is posted with workspace T123's own bot token (from the installation store).
With one workspace, ids are Slack's own, unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

__all__ = ["Workspaces"]


@dataclass
class Workspaces:
    installation_store: Any = None
    """slack_sdk ``AsyncInstallationStore`` in OAuth mode, else None (one workspace)."""
    make_client: Any = None
    """``token -> AsyncWebClient`` (retry handlers, base URL), for alerts in OAuth mode."""
    _clients: dict[str, AsyncWebClient] = field(default_factory=dict, repr=False)

    @property
    def many(self) -> bool:
        return self.installation_store is not None

    def scoped(self, team: str | None, ident: str) -> str:
        """``ident`` as the core knows it (see the module docstring)."""
        if not self.many or not ident or ":" in ident:
            return ident
        return f"{team}:{ident}" if team else ident

    async def target(self, channel_key: str, default: AsyncWebClient) -> tuple[AsyncWebClient | None, str]:
        """The client and Slack channel id to post to ``channel_key`` (None: not installed there)."""
        if not self.many or ":" not in channel_key:
            return default, channel_key
        team, channel = channel_key.split(":", 1)
        client = self._clients.get(team)
        if client is None:
            from adapters.slack.oauth import bot_token_for

            token = await bot_token_for(self.installation_store, team)
            if token is None:
                return None, channel
            client = self._clients[team] = self.make_client(token)
        return client, channel
