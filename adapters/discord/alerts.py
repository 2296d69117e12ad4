"""Posting the core's alerts (new or newly confirmed rounds, import summaries) to Discord channels.

The core decides who gets what and when: :func:`bot.admin.alerts.pending_alerts` returns the alerts
of every change since its last call for Discord (each once, whoever wrote it: this bot, the
CLI, the Slack app, an import; one summary per channel per import).  :class:`AlertPoster`
calls it at start (which sets the cursor to "now"), right after each write made here, and
every ``interval`` seconds for writes made elsewhere (the shared
:class:`adapters.common.alerts.AlertPoster`); it renders each alert like an answer.

With shard ranges (``shards=``), each process keeps its own cursor and posts only to channels
of the guilds its shards serve (their channels are in its cache; DM channels belong to shard
0's process), so every alert is posted once, by the process that owns the channel's guild.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from adapters.common.alert_polling import ALERT_INTERVAL
from adapters.common.alerts import AlertPoster as CommonAlertPoster
from adapters.discord.core import AsyncCore
from adapters.discord.outgoing import prepare
from adapters.discord.platform import DISCORD
from adapters.discord.render import render_reply
from adapters.discord.shards import ShardRange
from bot.reply import Reply, Understood

__all__ = ["alert_reply", "AlertPoster", "DEFAULT_INTERVAL"]

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = ALERT_INTERVAL


_DESCRIPTIONS = {"round": "alert", "watch": "your watchlist", "digest": "weekly digest"}


def alert_reply(alert: Any) -> Reply:
    """An :class:`~bot.admin.alerts.Alert` as a Reply, so it renders like an answer (a digest
    carries its own Reply, chart included)."""
    carried = (getattr(alert, "extra", None) or {}).get("reply")
    if isinstance(carried, Reply):
        return carried
    body = alert.text.split("\n", 1)[1] if "\n" in alert.text else ""
    return Reply(
        intent="latest",
        text=body,
        headline=alert.headline,
        understood=Understood(description=_DESCRIPTIONS.get(alert.kind, "import summary")),
        rows=list(alert.rounds),
        row_kind="rounds",
        sources=list(alert.sources),
        as_of=alert.as_of,
    )


class AlertPoster(CommonAlertPoster):
    """Discord's :class:`adapters.common.alerts.AlertPoster`: alerts rendered like answers."""

    def __init__(self, client: discord.Client, core: AsyncCore, db: Any, *, interval: float = DEFAULT_INTERVAL,
                 shards: ShardRange | None = None, admin_channel: int | None = None) -> None:
        from bot.admin.outbox import pending_messages  # channel alerts, watch DMs, due digests, pending syncs

        cursor = f"shards={shards.label}" if shards is not None else None
        admins = str(admin_channel) if admin_channel is not None else None
        super().__init__(lambda: core.call(pending_messages, db, DISCORD.name, cursor=cursor, admin_channel=admins),
                         platform=DISCORD.name, interval=interval)
        self.client = client
        self.shards = shards
        self.core = core
        self.db = db

    async def post(self, alert: Any) -> bool:
        """A channel alert or digest to its channel; a watch DM (``kind == "watch"``: ``channel`` is
        the user id) with ``user.send`` (lookup: the client's cache, then ``fetch_user``); a pending
        sync (``kind == "sync"``) to the admins' channel with Confirm / Cancel."""
        try:
            if alert.kind in ("watch", "digest", "sync"):
                # Claimed once for the whole bot (the watch cursor, the digest slot), whichever
                # process polled first: it posts them over REST, whatever its shard range.
                target: Any
                if alert.kind == "watch":
                    target = self.client.get_user(int(alert.channel)) or await self.client.fetch_user(int(alert.channel))
                else:
                    target = self.client.get_channel(int(alert.channel)) or await self.client.fetch_channel(int(alert.channel))
                return await self._send(target, alert)
            channel = self.client.get_channel(int(alert.channel))
            if channel is None and self.shards is not None and not self.shards.owns_guild(None):
                return False  # not a channel of our guilds (those are cached), and DMs are shard 0's
            if channel is None:
                channel = await self.client.fetch_channel(int(alert.channel))
            guild = getattr(channel, "guild", None)
            if self.shards is not None and not self.shards.owns_guild(guild.id if guild is not None else None):
                return False  # another process's guild: it posts this one
            return await self._send(channel, alert)
        except (discord.HTTPException, ValueError) as exc:
            log.warning("could not post an alert to channel %s: %s", alert.channel, exc)
            return False

    async def _send(self, target: Any, alert: Any) -> bool:
        """Send ``alert`` rendered like an answer to a channel or a user (a DM)."""
        if alert.kind == "sync":  # the dry-run report for the admins, with the shared Confirm / Cancel buttons
            from adapters.discord.admin_forms import import_buttons

            extra = alert.extra or {}
            report = "\n".join(extra.get("lines") or [])
            embed = discord.Embed(title=alert.headline[:256], description=f"{alert.text}\n```\n{report[:3500]}\n```",
                                  color=0x2E86C1)
            await target.send(embed=embed, view=import_buttons(str(extra.get("token", "")), can_confirm=True))
            return True
        reply = alert_reply(alert)
        if reply.chart is not None:  # a digest: the chart rendered off the loop, attached
            outgoing = await prepare(self.core, reply)
            await target.send(embeds=outgoing.embeds, files=outgoing.files())
            return True
        embeds = [discord.Embed.from_dict(e) for e in render_reply(reply).embeds]
        await target.send(embeds=embeds)
        return True
