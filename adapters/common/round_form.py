"""What the Slack and Discord add-round forms offer, taken from the core's own vocabulary."""

from __future__ import annotations

from bot.data.db import PERCENTAGE_BASES, STATUSES

__all__ = ["NEW_ROUND_STATUSES", "PERCENTAGE_BASES"]

NEW_ROUND_STATUSES: tuple[str, ...] = ("reported", *(s for s in STATUSES if s not in ("reported", "retracted")))
"""Statuses a new round may have, the default ("reported") first; a round becomes "retracted"
only through the retract command."""
