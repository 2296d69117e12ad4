"""What the bot needs when it is added to a server: OAuth2 scopes, permissions, the invite URL."""

from __future__ import annotations

import discord

__all__ = ["SCOPES", "required_permissions", "invite_url"]

SCOPES = ("bot", "applications.commands")
"""Exactly these: ``bot`` joins the server, ``applications.commands`` registers the slash commands."""


def required_permissions() -> discord.Permissions:
    """View Channels, Send Messages (and in Threads), Embed Links (answers are embeds),
    Attach Files (charts), Read Message History (replying to a message)."""
    return discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        attach_files=True,
        read_message_history=True,
    )


def invite_url(client_id: int) -> str:
    return discord.utils.oauth_url(client_id, permissions=required_permissions(), scopes=SCOPES)
