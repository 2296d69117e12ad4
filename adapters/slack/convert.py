"""Convert in: Slack payloads -> a question for the core, and the conversation it belongs to.

Slack sends message text in its own markup (``<@U123>`` mentions, ``<https://x|label>`` links,
``&amp;``); the core wants plain words.  Conversation keys follow Slack's threading: a thread is
identified by channel + ``thread_ts``, so follow-ups in the same thread or DM reuse it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Command", "parse_command", "clean_text", "conversation_key"]

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#[A-Z0-9]+\|([^>]*)>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<!(?:here|channel|everyone)[^>]*>")
_PRIVATE_WORDS = ("private",)


def clean_text(text: str) -> str:
    """Slack markup -> plain text: mentions dropped, channels and links by their label, entities
    unescaped, whitespace collapsed."""
    text = _MENTION.sub(" ", text or "")
    text = _SPECIAL.sub(" ", text)
    text = _CHANNEL.sub(lambda m: "#" + m.group(1), text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Command:
    """A parsed ``/layoffs`` text: ``help`` or a ``question``, ``private`` or not."""

    question: str
    private: bool = False
    help: bool = False


def parse_command(text: str) -> Command:
    """``""``/``help``/``?`` -> help; ``private <q>`` -> private question."""
    words = clean_text(text).split(" ")
    private = False
    if words and words[0].lower() in _PRIVATE_WORDS:
        private = True
        words = words[1:]
    question = " ".join(w for w in words if w)
    if question.lower() in ("", "help", "?", "-h", "--help"):
        return Command(question="help", private=True, help=True)
    return Command(question=question, private=private)


def conversation_key(team: str | None, channel: str, thread_ts: str | None, user: str | None = None) -> str:
    """``slack:<team>:<channel>:<thread_ts>``; a slash command has no thread, so its follow-ups
    are per user in the channel (``...:user:<id>``) and two people never share one."""
    base = f"slack:{team or '-'}:{channel}"
    if thread_ts:
        return f"{base}:{thread_ts}"
    if user:
        return f"{base}:user:{user}"
    return base
