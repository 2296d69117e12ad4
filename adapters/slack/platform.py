"""The Slack platform as the core sees it: identifier ``slack``, admins are user ids (``U…``)."""

from __future__ import annotations

from adapters.common.platform import Platform
from bot.admin.rights import AdminVariable

__all__ = ["SLACK"]

SLACK = Platform(
    name="slack",
    title="Slack",
    admin_kinds=("user",),
    admin_variables=(AdminVariable("slack", "user", "LAYOFFBOT_SLACK_ADMINS"),),
)
