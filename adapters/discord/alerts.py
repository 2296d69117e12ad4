"""Posting the core's alerts (new or newly confirmed rounds, import summaries) to Discord channels.

The core decides who gets what and when: :func:`bot.admin.alerts.pending_alerts` returns the alerts
of every change since its last call for Discord (each once, whoever wrote it: this bot, the
CLI, the Slack app, an import; one summary per channel per import).  :class:`AlertPoster`
calls it at start (which sets the cursor to "now"), right after each write made here, and
every ``interval`` seconds for writes made elsewhere; it renders each alert like an answer.
A channel that vanished or refuses the bot is logged and skipped: one bad subscription never
blocks the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import discord

from adapters.common.alert_polling import ALERT_INTERVAL, poll_alerts
from adapters.discord.core import AsyncCore
from adapters.discord.render import render_reply
from bot.reply import Reply, Understood

__all__ = ["alert_reply", "AlertPoster", "DEFAULT_INTERVAL"]

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = ALERT_INTERVAL


def alert_reply(alert: Any) -> Reply:
    """An :class:`~bot.admin.alerts.Alert` as a Reply, so it renders like an answer."""
    body = alert.text.split("\n", 1)[1] if "\n" in alert.text else ""
    return Reply(
        intent="latest",
        text=body,
        headline=alert.headline,
        understood=Understood(description="alert" if alert.kind == "round" else "import summary"),
        rows=list(alert.rounds),
        row_kind="rounds",
        sources=list(alert.sources),
        as_of=alert.as_of,
    )


class AlertPoster:
    def __init__(self, client: discord.Client, core: AsyncCore, db: Any, *, interval: float = DEFAULT_INTERVAL) -> None:
        self.client = client
        self.core = core
        self.db = db
        self.interval = interval
        self.sent = 0
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None

    async def flush(self) -> int:
        """Post every pending alert; returns how many were sent.  Never raises."""
        from bot.admin.alerts import pending_alerts

        async with self._lock:  # one flush at a time: each alert is fetched (and sent) once
            try:
                alerts = await self.core.call(pending_alerts, self.db, "discord")
            except Exception:
                log.exception("reading the pending alerts failed")
                return 0
            sent = 0
            for alert in alerts:
                sent += await self._post(alert)
            self.sent += sent
            return sent

    async def _post(self, alert: Any) -> int:
        try:
            channel = self.client.get_channel(int(alert.channel)) or await self.client.fetch_channel(int(alert.channel))
            embeds = [discord.Embed.from_dict(e) for e in render_reply(alert_reply(alert)).embeds]
            await channel.send(embeds=embeds)  # type: ignore[union-attr]
            return 1
        except (discord.HTTPException, ValueError) as exc:
            log.warning("could not post an alert to channel %s: %s", alert.channel, exc)
            return 0

    async def start(self) -> None:
        """Set the cursor (alerts start from now) and poll for writes made elsewhere."""
        await self.flush()
        if self._task is None and self.interval > 0:
            self._task = asyncio.create_task(poll_alerts(self.flush, self.interval), name="layoffbot-alerts")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
