"""A rendered Reply turned into discord.py objects: embeds and the chart file."""

from __future__ import annotations

import io
from dataclasses import dataclass

import discord

from adapters.discord.core import AsyncCore
from adapters.discord.render import CHART_FILENAME, RenderedReply, render_reply
from bot.reply import Reply

__all__ = ["Outgoing", "prepare"]


@dataclass
class Outgoing:
    rendered: RenderedReply
    embeds: list[discord.Embed]
    chart_png: bytes | None

    def files(self) -> list[discord.File]:
        """Fresh File objects (a File can be sent once)."""
        if self.chart_png is None:
            return []
        return [discord.File(io.BytesIO(self.chart_png), filename=CHART_FILENAME)]

    @property
    def plain(self) -> str:
        return self.rendered.plain


async def prepare(core: AsyncCore, reply: Reply) -> Outgoing:
    """Render ``reply``; when it asks for a chart, render the PNG (off the loop) and show it
    as the embed's image, else fall back to the embed alone."""
    png = await core.chart_png(reply.chart) if reply.chart is not None else None
    rendered = render_reply(reply, chart_attached=png is not None)
    embeds = [discord.Embed.from_dict(embed) for embed in rendered.embeds]
    return Outgoing(rendered=rendered, embeds=embeds, chart_png=png)
