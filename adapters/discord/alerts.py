"""Posting the core's alerts (new or newly confirmed rounds, import summaries) to Discord channels.

The core decides who gets what (:func:`bot.admin.alerts_for_changes`: once per channel per
round, one summary per channel per import); this module only renders an
:class:`~bot.admin.Alert` like an answer and sends it.  A channel that vanished or refuses
the bot is logged and skipped: one bad subscription never blocks the others.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import discord

from adapters.discord.core import AsyncCore
from adapters.discord.render import render_reply
from bot.reply import Reply, Understood

__all__ = ["alert_reply", "post_alerts"]

log = logging.getLogger(__name__)


def alert_reply(alert: Any) -> Reply:
    """An :class:`~bot.admin.Alert` as a Reply, so it renders like an answer."""
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


async def post_alerts(client: discord.Client, core: AsyncCore, db: Any, change_ids: Iterable[int | None]) -> int:
    """Send the Discord alerts the changes call for; returns how many were sent."""
    from bot import admin

    ids = [c for c in change_ids if c]
    if not ids:
        return 0
    alerts = await core.call(admin.alerts_for_changes, db, ids, platform="discord")
    sent = 0
    for alert in alerts:
        try:
            channel = client.get_channel(int(alert.channel)) or await client.fetch_channel(int(alert.channel))
            embeds = [discord.Embed.from_dict(e) for e in render_reply(alert_reply(alert)).embeds]
            await channel.send(embeds=embeds)  # type: ignore[union-attr]
            sent += 1
        except (discord.HTTPException, ValueError) as exc:
            log.warning("could not post an alert to channel %s: %s", alert.channel, exc)
    return sent
