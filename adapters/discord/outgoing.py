"""A rendered Reply turned into discord.py objects: embeds, the chart file and export files."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import discord

from adapters.discord.core import AsyncCore
from adapters.discord.render import CHART_FILENAME, RenderedReply, render_reply
from bot.answers.export import ExportFile, export_files
from bot.reply import Reply

__all__ = ["Outgoing", "prepare"]


@dataclass
class Outgoing:
    rendered: RenderedReply
    embeds: list[discord.Embed]
    chart_png: bytes | None
    exports: list[ExportFile] = field(default_factory=list)
    """The answer's rows as files ("as csv", "as json"), attached beside the chart."""

    def files(self) -> list[discord.File]:
        """Fresh File objects (a File can be sent once)."""
        out = [discord.File(io.BytesIO(f.content), filename=f.filename) for f in self.exports]
        if self.chart_png is None:
            return out
        return [discord.File(io.BytesIO(self.chart_png), filename=CHART_FILENAME), *out]

    @property
    def plain(self) -> str:
        return self.rendered.plain


async def prepare(core: AsyncCore, reply: Reply) -> Outgoing:
    """Render ``reply``; when it asks for a chart, render the PNG (off the loop) and show it
    as the embed's image, else fall back to the embed alone."""
    png = await core.chart_png(reply.chart) if reply.chart is not None else None
    rendered = render_reply(reply, chart_attached=png is not None)
    embeds = [discord.Embed.from_dict(embed) for embed in rendered.embeds]
    return Outgoing(rendered=rendered, embeds=embeds, chart_png=png, exports=export_files(reply))
