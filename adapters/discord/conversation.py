"""Which messages the bot answers, what the question is, and which conversation it continues.

Without the privileged Message Content intent Discord still delivers the content of direct
messages and of messages that mention the bot, which is exactly what the bot answers:

1. never a bot's message (itself included), a webhook's or a system message;
2. every direct message;
3. in a server, a message that mentions the bot (``<@id>``), or the bot's managed role
   (Discord's autocomplete sometimes inserts that); ``@everyone`` does not count.

Conversation keys (so "and in 2023?" continues the previous question), in order:

1. a reply to one of the bot's answers continues that answer's conversation (the reply chain);
2. a direct message: the DM channel;
3. a server channel or thread: that channel and the asking user (people asking side by side in
   one channel do not mix their follow-ups).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any

import discord

__all__ = [
    "is_direct_message",
    "addresses_bot",
    "question_text",
    "clean_markup",
    "channel_conversation",
    "asker_id",
    "ConversationMemory",
]

_ANSWERABLE_TYPES = (discord.MessageType.default, discord.MessageType.reply)
#: Discord markup that carries no words of a question: custom emoji (``<:name:123>``, animated
#: ``<a:name:123>``), user/role/channel mentions (``<@1>``, ``<@!1>``, ``<@&1>``, ``<#1>``),
#: timestamps (``<t:1700000000:R>``) and command mentions (``</layoffs:123>``).
_MARKUP = re.compile(r"<(?:a?:\w{1,32}:\d{1,20}|@[!&]?\d{1,20}|#\d{1,20}|t:-?\d{1,13}(?::[tTdDfFR])?|/[\w -]{1,64}:\d{1,20})>")


def clean_markup(text: str) -> str:
    """Discord markup -> plain words: custom emoji, mentions, timestamps and command mentions
    removed, whitespace collapsed.  (The core only has a generic safety net for markup.)"""
    return " ".join(_MARKUP.sub(" ", text or "").split())


def is_direct_message(message: discord.Message) -> bool:
    return isinstance(message.channel, (discord.DMChannel, discord.GroupChannel))


def _bot_role_ids(message: discord.Message, me: discord.abc.User) -> set[int]:
    guild = message.guild
    role = guild.self_role if guild is not None else None
    return {role.id} if role is not None else set()


def addresses_bot(message: discord.Message, me: discord.abc.User) -> bool:
    """Whether the bot should answer ``message`` (rules in the module docstring)."""
    if message.author.bot or message.author.id == me.id or message.webhook_id is not None:
        return False
    if message.type not in _ANSWERABLE_TYPES:
        return False
    if is_direct_message(message):
        return True
    if any(user.id == me.id for user in message.mentions):
        return True
    role_ids = _bot_role_ids(message, me)
    return bool(role_ids) and any(int(rid) in role_ids for rid in message.raw_role_mentions)


def question_text(message: discord.Message, me: discord.abc.User) -> str:
    """The message's text without the bot's mention(s), whitespace collapsed."""
    text = message.content or ""
    text = re.sub(rf"<@!?{me.id}>", " ", text)
    for role_id in _bot_role_ids(message, me):
        text = text.replace(f"<@&{role_id}>", " ")
    return clean_markup(text)


def asker_id(user: discord.abc.User) -> str:
    """How the core sees a Discord user (audit logs, admin checks)."""
    return f"discord:{user.id}"


def channel_conversation(channel_id: int | None, user_id: int, *, direct: bool) -> str:
    if direct or channel_id is None:
        return f"discord:dm:{channel_id if channel_id is not None else user_id}"
    return f"discord:channel:{channel_id}:user:{user_id}"


class ConversationMemory:
    """Remembers which conversation each of the bot's answers belongs to: a bounded LRU, or
    the shared state store (``store=``) so a reply reaching another process continues too."""

    def __init__(self, size: int = 5000, *, store: Any = None, ttl: float = 6 * 3600.0) -> None:
        self._size = size
        self._by_message: OrderedDict[int, str] = OrderedDict()
        self.store = store
        self.ttl = ttl

    def remember(self, answer_message_id: int, conversation: str) -> None:
        if self.store is not None:
            self.store.set(f"discord:answer:{answer_message_id}", conversation, self.ttl)
            return
        self._by_message[answer_message_id] = conversation
        self._by_message.move_to_end(answer_message_id)
        while len(self._by_message) > self._size:
            self._by_message.popitem(last=False)

    def conversation_for(self, message: discord.Message) -> str:
        """The conversation ``message`` continues (rules in the module docstring)."""
        reference = message.reference
        if reference is not None and reference.message_id is not None:
            known = (self.store.get(f"discord:answer:{reference.message_id}") if self.store is not None
                     else self._by_message.get(reference.message_id))
            if known is not None:
                return known
        return channel_conversation(message.channel.id, message.author.id, direct=is_direct_message(message))
