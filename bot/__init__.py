"""layoffbot core: question in, :class:`~bot.reply.Reply` out.  Never imports an adapter or names a platform.

Public API::

    from bot import Engine, Reply, LayoffbotError
    reply = Engine(db).answer("how many has Amazon cut?")   # never raises; always a Reply

``Engine`` is imported lazily (on first use of ``bot.Engine``): importing it pulls in the
question parser and the answer modules, about 0.2 s that ``import bot`` (the CLI's start-up,
every adapter's import) does not need to pay.  The errors and ``Reply`` are imported eagerly;
they are cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.errors import (
    DatabaseFileError,
    DataError,
    DatasetError,
    ImportExpired,
    ImportRefused,
    LayoffbotError,
    NotFoundError,
    PermissionDenied,
    SchemaTooNew,
    SettingsError,
    UndoError,
    UnknownCompanyError,
    ValidationError,
)
from bot.reply import Reply

if TYPE_CHECKING:
    from bot.engine import Engine

__all__ = [
    "DataError",
    "DatabaseFileError",
    "DatasetError",
    "Engine",
    "ImportExpired",
    "ImportRefused",
    "LayoffbotError",
    "NotFoundError",
    "PermissionDenied",
    "Reply",
    "SchemaTooNew",
    "SettingsError",
    "UndoError",
    "UnknownCompanyError",
    "ValidationError",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "Engine":
        from bot.engine import Engine

        return Engine
    raise AttributeError(f"module 'bot' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), "Engine"])
