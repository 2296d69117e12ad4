"""The weekly digest of a Discord channel: ``/layoffs-digest [schedule:<when>]``.

``schedule`` is "weekly monday 9" (day and hour, UTC), "weekly friday 17 Europe/Berlin", or
"off"; empty shows the current schedule.  Who may manage the channel (Manage Channels, Manage
Server or Administrator; anyone in their own DMs) or a layoffbot admin may change it; the core
(:func:`bot.admin.digest.digest_command`) checks and audits.  The digest itself is posted by the
alert poster (:mod:`adapters.discord.alerts`) when due, once.
"""

from __future__ import annotations

from typing import Any, Optional

import discord
from discord import app_commands

from adapters.discord.limits import DESCRIPTION, clip

__all__ = ["register_digest_command"]


def _can_manage(interaction: discord.Interaction) -> bool:
    if interaction.guild_id is None:
        return True
    permissions = interaction.permissions
    return permissions.manage_channels or permissions.manage_guild or permissions.administrator


def register_digest_command(tree: app_commands.CommandTree, ctx: Any) -> None:
    """Add ``/layoffs-digest`` to ``tree`` (``ctx``: the admin context: core, db, ``_write``)."""
    from bot.admin.digest import digest_command

    @tree.command(name="layoffs-digest", description="A weekly layoff digest in this channel, e.g. 'weekly monday 9'")
    @app_commands.describe(schedule="'weekly monday 9' (UTC), 'weekly friday 17 Europe/Berlin', or 'off'; empty: show")
    async def layoffs_digest(interaction: discord.Interaction,
                             schedule: Optional[app_commands.Range[str, 1, 100]] = None) -> None:
        text = await ctx._write(interaction, digest_command, str(interaction.channel_id), schedule or "",
                                can_manage_channel=_can_manage(interaction))
        if text is not None:
            embed = discord.Embed(title="Weekly digest", description=clip(text, DESCRIPTION), color=0x27AE60)
            await interaction.response.send_message(embed=embed, ephemeral=True)
