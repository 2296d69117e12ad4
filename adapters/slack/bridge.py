"""Call the synchronous core from the asyncio app without ever delaying an acknowledgement.

Two bridges with one interface (``answer``, ``as_of``, ``run``, ``close``):

- :class:`ProcessEngine` (what ``layoffbot slack`` uses): the Engine lives in one worker
  process, started with a lower CPU priority.  Answers cost CPU (milliseconds of Python each);
  in the app's own process they would hold the GIL and make acknowledgements wait behind them.
  In a separate, "nicer" process they cannot: under a burst, Slack gets every ack at once and
  the answers follow as fast as the CPU allows.  One worker keeps the conversation memory
  (follow-ups) in one place and SQLite single-writer.  Chart rendering (matplotlib, not
  thread-safe) runs there too.  A crashed worker is replaced on the next call.
- :class:`AsyncEngine`: an Engine object run in one dedicated thread of this process (tests,
  embedding, ``--engine thread``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Callable, Protocol, TypeVar

from bot.reply import Reply

__all__ = ["EngineLike", "EngineBridge", "AsyncEngine", "ProcessEngine"]

T = TypeVar("T")
log = logging.getLogger(__name__)


class EngineLike(Protocol):
    """What the adapter needs of :class:`bot.engine.Engine`."""

    def answer(
        self, text: str, *, asker: str | None = None, conversation: str | None = None, today: dt.date | None = None
    ) -> Reply: ...

    def as_of(self) -> dt.date | None: ...

    def suggest_companies(self, prefix: str, limit: int = 25) -> list[str]: ...


class EngineBridge(Protocol):
    async def answer(self, text: str, *, asker: str | None, conversation: str | None) -> Reply: ...

    async def as_of(self) -> dt.date | None: ...

    async def suggest_companies(self, prefix: str, limit: int = 25) -> list[str]: ...

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T: ...

    async def run_with_db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T: ...

    def close(self) -> None: ...


class AsyncEngine:
    """An Engine object, called in one dedicated thread (answers serialized, loop stays free)."""

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

    async def suggest_companies(self, prefix: str, limit: int = 25) -> list[str]:
        return await self.run(self.engine.suggest_companies, prefix, limit)

    async def run_with_db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(db, *args)`` next to the engine (admin writes share its connection)."""
        return await self.run(fn, self.engine.db, *args, **kwargs)  # type: ignore[attr-defined]

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


# -- worker process side ----------------------------------------------------------------------

_WORKER_ENGINE: Any = None


def _exit_with_parent(parent: int) -> None:
    """The worker must not outlive the app (killed app, lost pipe): poll the parent's pid."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _worker_init(db_path: str, today: dt.date | None, niceness: int) -> None:
    global _WORKER_ENGINE
    _exit_with_parent(os.getppid())
    if niceness:
        try:
            os.nice(niceness)
        except OSError:  # not permitted here: run at normal priority
            pass
    from bot.data.dataset import ensure_database
    from bot.engine import Engine

    _WORKER_ENGINE = Engine(ensure_database(db_path), today=today)


def _worker_answer(text: str, asker: str | None, conversation: str | None) -> Reply:
    return _WORKER_ENGINE.answer(text, asker=asker, conversation=conversation)


def _worker_as_of() -> dt.date | None:
    return _WORKER_ENGINE.as_of()


def _worker_suggest(prefix: str, limit: int) -> list[str]:
    return _WORKER_ENGINE.suggest_companies(prefix, limit)


def _worker_with_db(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return fn(_WORKER_ENGINE.db, *args, **kwargs)


class ProcessEngine:
    """The Engine in a worker process at lower CPU priority (see the module docstring)."""

    def __init__(self, db_path: str | os.PathLike[str], *, today: dt.date | None = None, niceness: int = 5) -> None:
        self._initargs = (str(Path(db_path)), today, niceness)
        self._executor = self._start()

    def _start(self) -> Executor:
        return ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),  # no inherited threads or sockets
            initializer=_worker_init,
            initargs=self._initargs,
        )

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a picklable module-level function in the worker."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))
        except BrokenProcessPool:
            log.error("the answering worker process died; starting a new one")
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._start()
            raise

    async def answer(self, text: str, *, asker: str | None, conversation: str | None) -> Reply:
        return await self.run(_worker_answer, text, asker, conversation)

    async def as_of(self) -> dt.date | None:
        return await self.run(_worker_as_of)

    async def suggest_companies(self, prefix: str, limit: int = 25) -> list[str]:
        return await self.run(_worker_suggest, prefix, limit)

    async def run_with_db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(db, *args)`` in the worker, next to the engine (picklable ``fn`` and result)."""
        return await self.run(_worker_with_db, fn, *args, **kwargs)

    def warm_up(self) -> None:
        """Start the worker now (imports, database, indexes) instead of on the first question."""
        self._executor.submit(_worker_as_of).result(timeout=300)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
