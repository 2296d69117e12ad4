"""The question in a message someone else wrote: "Ask layoffbot about this message" (Slack's
message shortcut and Discord's message context menu).

A news post ("Amazon to cut 14,000 corporate jobs, Reuters reports https://...") is not a
question, but the core understands the company and the period in it.  The text is cleaned
in order: links and platform markup (mentions, channel refs, emoji codes) removed, whitespace
collapsed, cut to :data:`MAX_QUESTION` characters; nothing left asks for "help".
"""

from __future__ import annotations

import re

__all__ = ["MAX_QUESTION", "question_in_message"]

MAX_QUESTION = 500

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<(https?://[^>|]+)(\|([^>]*))?>"), r"\3"),  # Slack links: keep the label
    (re.compile(r"https?://\S+"), " "),                      # bare links
    (re.compile(r"<[@#!][^>]*>"), " "),                      # Slack/Discord mentions and channel refs
    (re.compile(r"<a?:\w+:\d+>|:[a-z0-9_+-]+:"), " "),       # custom and named emoji
    (re.compile(r"[*_~`>|]+"), " "),                         # formatting marks
)


def question_in_message(text: str) -> str:
    """The text the core is asked (see the module docstring)."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text or "")
    text = " ".join(text.split())[:MAX_QUESTION].strip()
    return text or "help"
