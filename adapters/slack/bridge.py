"""Call the synchronous core from the asyncio app without blocking the event loop.

The engine (SQLite + Python) runs in one dedicated worker thread: answers are serialized, the
loop stays free to acknowledge Slack within its 3-second deadline, and the SQLite connection is
only ever used by one thread at a time.  Chart rendering shares the thread for the same reason
(matplotlib is not thread-safe).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Protocol, TypeVar

from bot.reply import Reply

__all__ = ["EngineLike", "AsyncEngine"]

T = TypeVar("T")


class EngineLike(Protocol):
    """What the adapter needs of :class:`bot.engine.Engine`."""

    def answer(
        self, text: str, *, asker: str | None = None, conversation: str | None = None, today: dt.date | None = None
    ) -> Reply: ...

    def as_of(self) -> dt.date | None: ...


class AsyncEngine:
    def __init__(self, engine: EngineLike) -> None:
        self.engine = engine
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="layoffbot-core")

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))

    async def answer(self, text: str, *, asker: str | None, conversation: str | None) -> Reply:
        return await self.run(self.engine.answer, text, asker=asker, conversation=conversation)

    async def as_of(self) -> dt.date | None:
        return await self.run(self.engine.as_of)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
