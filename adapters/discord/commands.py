"""The slash commands: ``/layoffs``, ``/layoffs-company`` and ``/layoffs-help``.

* ``/layoffs question:<text> [company:<name>] [private:<bool>]`` asks anything; the optional
  ``company`` (autocompleted) is put in front of the question, so "how many in 2023?" with
  company Amazon asks "Amazon: how many in 2023?".
* ``/layoffs-company company:<name> [private]``: a company's total and rounds (it asks
  "how many has <name> cut?"), the name autocompleted.
* ``/layoffs-help``: what the bot answers (only the asker sees it).
* "Ask layoffbot about this message" (a message context menu): answers the question found in
  the message -- a company and a period in a news post -- privately to whoever asked.

Installs: these commands are installable by servers AND by users (``allowed_installs``), and
usable in servers, in DMs with the bot and in private channels (``allowed_contexts``), so a
user who installed layoffbot can ask anywhere.  In a user install the bot is not a member of
the channel: it only answers the interaction (one response, then follow-ups, at most
:data:`MAX_USER_INSTALL_FOLLOWUPS` of them -- an answer here uses one).

Autocomplete offers at most 25 company names from the core (prefix matches first, then fuzzy).
Interactions must be answered within 3 seconds: the answer is awaited for ``defer_after``
seconds, after which the interaction is deferred ("layoffbot is thinking…") and the answer
follows up; a chart answer is always deferred, since rendering the image takes a while.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Optional

import discord
from discord import app_commands

from adapters.common.message_question import question_in_message
from adapters.discord.conversation import (
    ConversationMemory,
    asker_id,
    channel_conversation,
)
from adapters.discord.core import AsyncCore
from adapters.discord.outgoing import prepare
from bot.reply import SOMETHING_WENT_WRONG, Reply

__all__ = ["build_tree", "AUTOCOMPLETE_LIMIT", "ASK_ABOUT_MESSAGE", "MAX_USER_INSTALL_FOLLOWUPS", "ask_text",
           "company_question", "company_choices"]

log = logging.getLogger(__name__)

AUTOCOMPLETE_LIMIT = 25
#: Discord's limit on follow-up messages to one interaction of a user-installed app.
MAX_USER_INSTALL_FOLLOWUPS = 5
ASK_ABOUT_MESSAGE = "Ask layoffbot about this message"
_CHOICE_MAX = 100  # Discord's limit on a choice's name and string value


def ask_text(question: str, company: str | None) -> str:
    """The question the core gets for ``/layoffs`` (company first unless already named)."""
    question = " ".join(question.split())
    if company and company.strip() and company.strip().lower() not in question.lower():
        return f"{company.strip()}: {question}"
    return question


def company_question(company: str) -> str:
    """The question ``/layoffs-company`` asks (the layoff context keeps names like "Block" a company)."""
    return f"how many has {' '.join(company.split())} cut?"


async def company_choices(core: AsyncCore, current: str) -> list[app_commands.Choice[str]]:
    """Company names for an autocompleted ``company`` option (also the admin commands')."""
    try:
        # Autocomplete has the same 3 s deadline; the engine thread may be busy answering.
        names = await asyncio.wait_for(core.suggest_companies(current.strip(), AUTOCOMPLETE_LIMIT), 2.0)
    except asyncio.TimeoutError:
        names = []
    choices: list[app_commands.Choice[str]] = []
    seen: set[str] = set()
    for name in names:
        name = name[:_CHOICE_MAX]
        if name and name not in seen:
            seen.add(name)
            choices.append(app_commands.Choice(name=name, value=name))
        if len(choices) == AUTOCOMPLETE_LIMIT:
            break
    return choices


def build_tree(
    client: discord.Client, core: AsyncCore, conversations: ConversationMemory, *, defer_after: float = 1.0
) -> app_commands.CommandTree:
    tree = app_commands.CommandTree(client)

    async def answer(interaction: discord.Interaction, text: str, *, private: bool) -> None:
        """Answer ``text`` to ``interaction``: directly when fast, else defer then follow up."""
        direct = interaction.guild_id is None
        conversation = channel_conversation(interaction.channel_id, interaction.user.id, direct=direct)
        task = core.answer_task(text, asker=asker_id(interaction.user), conversation=conversation)
        deferred_ephemeral: bool | None = None
        try:
            reply: Reply = await asyncio.wait_for(asyncio.shield(task), timeout=defer_after)
        except asyncio.TimeoutError:
            await interaction.response.defer(ephemeral=private, thinking=True)
            deferred_ephemeral = private
            reply = await task
        ephemeral = private or reply.private
        if reply.chart is not None and deferred_ephemeral is None:
            await interaction.response.defer(ephemeral=ephemeral, thinking=True)
            deferred_ephemeral = ephemeral
        outgoing = await prepare(core, reply)

        if deferred_ephemeral is None:
            callback = await interaction.response.send_message(
                embeds=outgoing.embeds, files=outgoing.files(), ephemeral=ephemeral
            )
            message_id = getattr(callback, "message_id", None)
        else:
            if ephemeral and not deferred_ephemeral:
                # Deferred publicly before we knew the answer is private: don't show it there.
                await interaction.edit_original_response(content="The answer was sent to you privately.")
            message = await interaction.followup.send(
                embeds=outgoing.embeds, files=outgoing.files(), ephemeral=ephemeral, wait=True
            )
            message_id = message.id
        if message_id is not None:
            conversations.remember(message_id, conversation)

    async def company_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await company_choices(core, current)

    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @tree.command(name="layoffs", description="Ask about layoffs, e.g. 'how many has Amazon cut in 2023?'")
    @app_commands.describe(
        question="Your question, e.g. 'who cut the most in 2023?' or 'Meta vs Google'",
        company="Optional: the company the question is about",
        private="Only you see the answer (default: everyone in the channel)",
    )
    @app_commands.autocomplete(company=company_autocomplete)
    async def layoffs(
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, 500],
        company: Optional[app_commands.Range[str, 1, 100]] = None,
        private: bool = False,
    ) -> None:
        await answer(interaction, ask_text(question, company), private=private)

    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @tree.command(name="layoffs-company", description="A company's layoffs: rounds, total and sources")
    @app_commands.describe(company="Company name", private="Only you see the answer")
    @app_commands.autocomplete(company=company_autocomplete)
    async def layoffs_company(
        interaction: discord.Interaction, company: app_commands.Range[str, 1, 100], private: bool = False
    ) -> None:
        await answer(interaction, company_question(company), private=private)

    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @tree.command(name="layoffs-help", description="What layoffbot can answer, with examples")
    async def layoffs_help(interaction: discord.Interaction) -> None:
        await answer(interaction, "help", private=True)

    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @tree.context_menu(name=ASK_ABOUT_MESSAGE)
    async def ask_about_message(interaction: discord.Interaction, message: discord.Message) -> None:
        await answer(interaction, question_in_message(message.content or ""), private=True)

    @tree.error
    async def on_tree_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        log.error("slash command failed", exc_info=error)
        text = SOMETHING_WENT_WRONG
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.response.send_message(text, ephemeral=True)
        except discord.HTTPException:
            log.warning("could not tell the user about the failure either")

    return tree
