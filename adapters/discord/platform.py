"""The Discord platform as the core sees it: identifier ``discord``; admins are user ids or
role ids (everyone with the role is an admin)."""

from __future__ import annotations

from adapters.common.platform import Platform
from bot.admin.rights import AdminVariable

__all__ = ["DISCORD"]

DISCORD = Platform(
    name="discord",
    title="Discord",
    admin_kinds=("user", "role"),
    admin_variables=(
        AdminVariable("discord", "user", "LAYOFFBOT_DISCORD_ADMINS"),
        AdminVariable("discord", "role", "LAYOFFBOT_DISCORD_ADMIN_ROLES"),
    ),
)
