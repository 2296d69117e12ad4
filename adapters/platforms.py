"""Every chat platform layoffbot has an adapter for, in one place (the CLI lists them).

Adding a platform: describe it in ``adapters/<name>/platform.py`` and add it to
:data:`PLATFORMS`; the core needs no change.
"""

from __future__ import annotations

from adapters.common.platform import Platform
from adapters.discord.platform import DISCORD
from adapters.slack.platform import SLACK
from bot.admin.rights import AdminVariable

__all__ = ["ADMIN_VARIABLES", "NAMES", "PLATFORMS", "get"]

PLATFORMS: tuple[Platform, ...] = (SLACK, DISCORD)
NAMES: tuple[str, ...] = tuple(p.name for p in PLATFORMS)
#: Every admin variable of every platform (``layoffbot admin list`` and the bots seed them all:
#: the admins table is shared).
ADMIN_VARIABLES: tuple[AdminVariable, ...] = tuple(v for p in PLATFORMS for v in p.admin_variables)


def get(name: str) -> Platform:
    """The platform called ``name`` (KeyError if there is none)."""
    for platform in PLATFORMS:
        if platform.name == name:
            return platform
    raise KeyError(name)
