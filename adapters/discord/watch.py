"""Personal watchlists on Discord: ``/layoffs-watch what:<text>``, ``/layoffs-unwatch what:<text>``,
``/layoffs-watchlist`` (replies only the user sees), and the same words in a DM with the bot
("watch Amazon", "my watchlist", "unwatch all").  The core does the work
(:func:`bot.admin.watchlists.watch_command`); the DMs themselves are posted by the alert poster
(:mod:`adapters.discord.alerts`, ``user.send``).
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord.limits import DESCRIPTION, clip
from adapters.discord.platform import DISCORD

__all__ = ["register_watch_commands", "watch_embed", "answer_watch_message"]


def watch_embed(reply: Any) -> discord.Embed:
    """A :class:`~bot.admin.watchlists.WatchReply` as an embed (green when done, red when not)."""
    text = "\n".join([reply.text, *reply.lines])
    return discord.Embed(title="Your watchlist", description=clip(text, DESCRIPTION),
                         color=0x27AE60 if reply.ok else 0xC0392B)


async def _run(ctx: Any, user_id: int, text: str) -> Any:
    from bot.admin.watchlists import watch_command

    return await ctx.core.call(watch_command, ctx.db, DISCORD.name, str(user_id), text)


async def answer_watch_message(ctx: Any, message: discord.Message, text: str) -> bool:
    """A watchlist command written in a DM with the bot; False when ``text`` is not one."""
    reply = await _run(ctx, message.author.id, text)
    if reply is None:
        return False
    await message.channel.send(embed=watch_embed(reply))
    return True


def register_watch_commands(tree: app_commands.CommandTree, ctx: Any) -> None:
    """Add the three watchlist commands to ``tree`` (``ctx``: the admin context: core and db)."""

    async def say(interaction: discord.Interaction, text: str) -> None:
        reply = await _run(ctx, interaction.user.id, text)
        await interaction.response.send_message(embed=watch_embed(reply), ephemeral=True)

    @tree.command(name="layoffs-watch", description="DM me new layoff rounds that match, e.g. 'Amazon' or 'fintech over 500'")
    @app_commands.describe(what="A company, an industry and size ('fintech layoffs over 500') or a place ('WA')")
    async def layoffs_watch(interaction: discord.Interaction, what: app_commands.Range[str, 1, 200]) -> None:
        await say(interaction, f"watch {what}")

    @tree.command(name="layoffs-unwatch", description="Stop watching something (its number, its words, or 'all')")
    @app_commands.describe(what="What to stop watching: 'Amazon', '2' or 'all'")
    async def layoffs_unwatch(interaction: discord.Interaction, what: app_commands.Range[str, 1, 200]) -> None:
        await say(interaction, f"unwatch {what}")

    @tree.command(name="layoffs-watchlist", description="What you are watching")
    async def layoffs_watchlist(interaction: discord.Interaction) -> None:
        await say(interaction, "my watchlist")
