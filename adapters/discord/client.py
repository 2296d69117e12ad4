"""The Discord client: connects, syncs the slash commands, answers mentions and DMs.

Event flow of a message (convert in, call the core, convert out):
:func:`~adapters.discord.conversation.addresses_bot` decides whether to answer,
:func:`~adapters.discord.conversation.question_text` extracts the question, the core answers
on its worker thread, :mod:`~adapters.discord.render` builds the embed, and the answer is sent
as a reply to the question (a plain message in DMs).  When embeds are not allowed in a
channel (no Embed Links permission), the plain-text rendering is sent instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import discord

from adapters.common.alert_polling import ALERT_INTERVAL
from adapters.discord.commands import build_tree
from adapters.discord.conversation import (
    ConversationMemory,
    addresses_bot,
    asker_id,
    is_direct_message,
    question_text,
)
from adapters.discord.core import AsyncCore
from adapters.discord.invite import invite_url
from adapters.discord.outgoing import prepare
from adapters.discord.shards import ShardRange
from adapters.discord.sync import HashStore, MemoryHashStore, sync_commands

__all__ = ["LayoffBot", "ShardedLayoffBot", "create_client", "bot_intents"]

log = logging.getLogger(__name__)


def bot_intents() -> discord.Intents:
    """Default intents, explicitly WITHOUT the privileged message content (and members, presences).

    Mentions and DMs carry their content anyway, and any server can add the bot without
    Discord reviewing it.
    """
    intents = discord.Intents.default()
    intents.message_content = False
    intents.members = False
    intents.presences = False
    return intents


class _LayoffBotMixin:
    """Shared by the plain and the auto-sharded client."""

    def __init__(
        self,
        *,
        core: AsyncCore,
        hash_store: HashStore | None = None,
        sync_guild: int | None = None,
        sync: bool = True,
        defer_after: float = 1.0,
        announce: Callable[[str], None] | None = None,
        db: Any = None,
        alert_interval: float = ALERT_INTERVAL,
        state: Any = None,
        shard_range: ShardRange | None = None,
        admin_channel: int | None = None,
        **options: Any,
    ) -> None:
        options.setdefault("intents", bot_intents())
        options.setdefault("allowed_mentions", discord.AllowedMentions.none())
        super().__init__(**options)  # type: ignore[call-arg]
        self.core = core
        self.state = state
        """The shared :class:`~adapters.common.state_store.StateStore` (None: this process only)."""
        self.shard_range = shard_range
        self.conversations = ConversationMemory(store=state)
        self.hash_store: HashStore = hash_store or MemoryHashStore()
        self.sync_guild = sync_guild
        self.sync_on_start = sync
        self.sync_result: str | None = None
        self.announce = announce
        """Told (one line) when the bot is connected: the CLI prints it."""
        self.tree = build_tree(self, core, self.conversations, defer_after=defer_after)  # type: ignore[arg-type]
        self.admin: Any = None
        if db is not None:
            # Admin commands and alerts (issue 6) need the database the engine answers from.
            from adapters.discord.admin import AdminContext, register_admin_commands

            self.admin = AdminContext(self, core, db, alert_interval=alert_interval,  # type: ignore[arg-type]
                                      shards=shard_range, admin_channel=admin_channel)
            register_admin_commands(self.tree, self.admin)
            from adapters.discord.watch import register_watch_commands

            register_watch_commands(self.tree, self.admin)
            from adapters.discord.digest import register_digest_command

            register_digest_command(self.tree, self.admin)

    async def setup_hook(self) -> None:
        if self.admin is not None:
            await self.admin.alerts.start()
        if not self.sync_on_start:
            return
        app_id = self.application_id  # type: ignore[attr-defined]
        try:
            self.sync_result = await sync_commands(self.tree, app_id, self.hash_store, guild_id=self.sync_guild,
                                                   lock=self.state)
        except discord.HTTPException as exc:
            # The bot still answers mentions and DMs; say why the commands may be missing.
            log.error("could not sync the slash commands (%s %s): %s", exc.status, exc.code, exc.text)
            self.sync_result = "failed"

    async def on_ready(self) -> None:
        user = self.user  # type: ignore[attr-defined]
        line = (
            f"Connected as {user} in {len(self.guilds)} servers"  # type: ignore[attr-defined]
            + (f" (shards {self.shard_range.label})" if self.shard_range is not None else "") + ". "
            f"Invite URL: {invite_url(self.application_id or getattr(user, 'id', 0))}"  # type: ignore[attr-defined]
        )
        log.info(line)
        if self.announce is not None:
            self.announce(line)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Our buttons (import Confirm/Cancel, "Fix the form"); slash commands go to the tree."""
        if self.admin is None:
            return
        from adapters.discord.admin_forms import handle_component

        try:
            await handle_component(self.admin, interaction)
        except Exception:
            log.exception("a button interaction failed")

    async def on_message(self, message: discord.Message) -> None:
        me = self.user  # type: ignore[attr-defined]
        if me is None or not addresses_bot(message, me):
            return
        text = question_text(message, me) or "help"
        conversation = self.conversations.conversation_for(message)
        try:
            if self.admin is not None and is_direct_message(message):
                from adapters.discord.watch import answer_watch_message
                from bot.admin.watchlists import is_watch_command

                if is_watch_command(text) and await answer_watch_message(self.admin, message, text):
                    return
            await self._answer_message(message, text, conversation)
        except Exception:
            log.exception("failed to answer message %s in channel %s", message.id, message.channel.id)

    async def _answer_message(self, message: discord.Message, text: str, conversation: str) -> None:
        reply = await self.core.answer(text, asker=asker_id(message.author), conversation=conversation)
        if reply.chart is not None:
            # Rendering the chart takes a moment: show "layoffbot is typing…" (best effort).
            try:
                await message.channel.typing()
            except discord.HTTPException:
                pass
        outgoing = await prepare(self.core, reply)
        reference = None if is_direct_message(message) else message.to_reference(fail_if_not_exists=False)
        sent = await self._send_with_fallbacks(message.channel, outgoing, reference)
        if sent is not None:
            self.conversations.remember(sent.id, conversation)

    async def _send_with_fallbacks(
        self, channel: Any, outgoing: Any, reference: discord.MessageReference | None
    ) -> discord.Message | None:
        """Send the answer; when Discord refuses it (a missing permission: Embed Links, Attach
        Files, Read Message History for replies), try plainer forms in order: the plain text as a
        reply, then the plain text on its own."""
        attempts: list[dict[str, Any]] = [
            {"embeds": outgoing.embeds, "files": outgoing.files(), "reference": reference},
            {"content": outgoing.plain, "reference": reference},
        ]
        if reference is not None:
            attempts.append({"content": outgoing.plain, "reference": None})
        for number, attempt in enumerate(attempts):
            try:
                return await channel.send(mention_author=False, **attempt)
            except discord.HTTPException as exc:
                log.warning(
                    "Discord refused an answer in channel %s (%s %s: %s)%s",
                    channel.id, exc.status, exc.code, exc.text,
                    "; trying a plainer form" if number + 1 < len(attempts) else "; giving up",
                )
        return None

    async def close(self) -> None:
        if self.admin is not None:
            await self.admin.alerts.stop()
        await super().close()  # type: ignore[misc]
        self.core.close()


class LayoffBot(_LayoffBotMixin, discord.Client):
    """The bot on one gateway connection."""


class ShardedLayoffBot(_LayoffBotMixin, discord.AutoShardedClient):
    """The bot with as many shards as Discord recommends (``--shards auto``), or a range of
    them (``--shard-ids 0-3 --shard-count 8``)."""


def create_client(
    core: AsyncCore, *, shards: str | None = None, shard_range: ShardRange | None = None, **options: Any
) -> LayoffBot | ShardedLayoffBot:
    """A plain client; an auto-sharded one when ``shards == "auto"``; the shards of
    ``shard_range`` (out of its count) in this process when given."""
    if shard_range is not None:
        return ShardedLayoffBot(core=core, shard_ids=list(shard_range.ids), shard_count=shard_range.count,
                                shard_range=shard_range, **options)
    if shards == "auto":
        return ShardedLayoffBot(core=core, **options)
    return LayoffBot(core=core, **options)
