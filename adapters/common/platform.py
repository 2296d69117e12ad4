"""What an adapter tells the core about its platform: its identifier, its admin variables, and
which admin kinds it has.  The core (``bot/``) names no platform; this is where the names live."""

from __future__ import annotations

from dataclasses import dataclass

from bot.admin.rights import AdminVariable, check_platform

__all__ = ["Platform"]


@dataclass(frozen=True, slots=True)
class Platform:
    """A chat platform as its adapter describes it.

    ``name`` is the identifier the core stores (actors, admins, subscriptions, the audit log's
    ``via``); ``title`` is how people spell it; ``admin_kinds`` says whether admins can be
    roles as well as users; ``admin_variables`` are the environment variables that seed admins.
    """

    name: str
    title: str
    admin_kinds: tuple[str, ...] = ("user",)
    admin_variables: tuple[AdminVariable, ...] = ()

    def __post_init__(self) -> None:
        check_platform(self.name)  # a typo here must fail at import, not in the audit log
