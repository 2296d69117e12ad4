"""The one bridge between an asyncio chat adapter and the synchronous core (Slack and Discord).

The core (:class:`bot.engine.Engine`) is synchronous and keeps one SQLite connection and the
conversation memory (follow-ups), so its calls run one at a time, off the event loop, in one
of two places with one interface (:class:`EngineBridge`):

- :class:`ThreadEngine`: an Engine object on one dedicated thread of this process (tests,
  embedding, ``--engine thread``, Discord).  Chart rendering (matplotlib, the slow part) runs on
  a second thread so that answers never wait behind a picture.
- :class:`ProcessEngine` (what ``layoffbot slack`` uses by default): the Engine lives in one
  worker process started at a lower CPU priority.  Answers cost CPU (milliseconds of Python
  each); in the app's own process they would hold the GIL and make acknowledgements wait behind
  them.  In a separate, "nicer" process they cannot: under a burst, the platform gets every ack
  at once and the answers follow as fast as the CPU allows.  One worker keeps the conversation
  memory in one place and SQLite single-writer; charts render there too.  A crashed worker is
  replaced on the next call.

Both follow the Engine's contract: :meth:`~EngineBridge.answer` never raises.  Whatever goes
wrong (the engine, a dead worker) is logged with its traceback and answered with
:func:`bot.reply.apology`, the one "something went wrong" reply; tracebacks never reach chat.
``run``/``call`` and ``run_with_db`` (admin writes) do raise what the function raises: the
adapters turn the core's :class:`~bot.errors.DataError` into their messages.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import io
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Protocol, TypeVar

from adapters.common.chart_renderer import load_renderer
from bot.reply import ChartRequest, Reply, apology

__all__ = ["EngineLike", "EngineBridge", "ThreadEngine", "ProcessEngine", "render_chart_png"]

T = TypeVar("T")
log = logging.getLogger(__name__)


class EngineLike(Protocol):
    """What the adapters need of :class:`bot.engine.Engine` (``db`` too, for admin writes)."""

    def answer(
        self, text: str, *, asker: str | None = None, conversation: str | None = None, today: dt.date | None = None
    ) -> Reply: ...

    def as_of(self) -> dt.date | None: ...

    def suggest_companies(self, prefix: str, limit: int = 25) -> list[str]: ...


class EngineBridge(Protocol):
    """The core as the asyncio adapters see it (:class:`ThreadEngine` or :class:`ProcessEngine`)."""

    async def answer(self, text: str, *, asker: str | None, conversation: str | None) -> Reply: ...

    def answer_task(self, text: str, *, asker: str | None, conversation: str | None) -> asyncio.Future[Reply]: ...

    async def as_of(self) -> dt.date | None: ...

    async def suggest_companies(self, prefix: str, limit: int = 25) -> list[str]: ...

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T: ...

    async def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T: ...

    async def run_with_db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T: ...

    async def chart_png(self, chart: ChartRequest) -> bytes | None: ...

    def close(self) -> None: ...


def render_chart_png(chart: ChartRequest) -> bytes | None:
    """PNG bytes of ``chart``, or None when the charts extra is missing
    (:func:`adapters.common.chart_renderer.load_renderer`) or rendering fails."""
    render_png = load_renderer()
    if render_png is None:
        return None
    try:
        data: Any = render_png(chart)
    except Exception:
        log.exception("chart rendering failed; answering without the image")
        return None
    if isinstance(data, io.BytesIO):
        data = data.getvalue()
    return bytes(data) if data else None


def _answer_safely(engine: EngineLike, text: str, asker: str | None, conversation: str | None,
                   today: dt.date | None) -> Reply:
    """``engine.answer``, held to the Engine's contract even when an engine breaks it."""
    try:
        if today is None:
            return engine.answer(text, asker=asker, conversation=conversation)
        return engine.answer(text, asker=asker, conversation=conversation, today=today)
    except Exception:
        log.exception("the engine failed on a question (conversation %s)", conversation)
        return apology()


class _Bridge:
    """What both bridges share: answers that never raise, suggestions that never raise."""

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:  # pragma: no cover - abstract
        raise NotImplementedError

    async def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Same as :meth:`run` (the name the Discord adapter uses)."""
        return await self.run(fn, *args, **kwargs)

    def answer_task(self, text: str, *, asker: str | None, conversation: str | None) -> asyncio.Future[Reply]:
        """Start answering; the future resolves to a Reply and never raises."""
        return asyncio.ensure_future(self.answer(text, asker=asker, conversation=conversation))

    async def answer(self, text: str, *, asker: str | None, conversation: str | None) -> Reply:
        try:
            return await self._answer(text, asker=asker, conversation=conversation)
        except Exception:
            log.exception("answering failed outside the engine (conversation %s)", conversation)
            return apology()

    async def _answer(self, text: str, *, asker: str | None, conversation: str | None) -> Reply:  # pragma: no cover
        raise NotImplementedError

    async def suggest_companies(self, prefix: str, limit: int = 25) -> list[str]:
        """Company names starting like ``prefix`` (autocomplete); ``[]`` if anything fails."""
        try:
            return await self._suggest(prefix, limit)
        except Exception:
            log.exception("company suggestions failed for %r", prefix)
            return []

    async def _suggest(self, prefix: str, limit: int) -> list[str]:  # pragma: no cover - abstract
        raise NotImplementedError


class ThreadEngine(_Bridge):
    """An Engine object, called on one dedicated thread (answers serialized, loop stays free);
    charts on a second thread."""

    def __init__(self, engine: EngineLike, *, today: dt.date | None = None) -> None:
        self.engine = engine
        self.today = today
        self._engine_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="layoffbot-engine")
        self._chart_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="layoffbot-charts")

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` on the engine's thread; raises whatever it raises."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._engine_thread, functools.partial(fn, *args, **kwargs))

    def answer_task(self, text: str, *, asker: str | None, conversation: str | None) -> asyncio.Future[Reply]:
        loop = asyncio.get_running_loop()
        call = functools.partial(_answer_safely, self.engine, text, asker, conversation, self.today)
        return loop.run_in_executor(self._engine_thread, call)

    async def _answer(self, text: str, *, asker: str | None, conversation: str | None) -> Reply:
        return await self.answer_task(text, asker=asker, conversation=conversation)

    async def as_of(self) -> dt.date | None:
        return await self.run(self.engine.as_of)

    async def _suggest(self, prefix: str, limit: int) -> list[str]:
        return await self.run(self.engine.suggest_companies, prefix, limit)

    async def run_with_db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(db, *args)`` next to the engine (admin writes share its connection)."""
        return await self.run(fn, self.engine.db, *args, **kwargs)  # type: ignore[attr-defined]

    async def chart_png(self, chart: ChartRequest) -> bytes | None:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._chart_thread, render_chart_png, chart)

    def close(self) -> None:
        self._engine_thread.shutdown(wait=False, cancel_futures=True)
        self._chart_thread.shutdown(wait=False, cancel_futures=True)


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


def _worker_init(db_path: str, today: dt.date | None, niceness: int, shared_state: bool = False) -> None:
    global _WORKER_ENGINE
    _exit_with_parent(os.getppid())
    if niceness:
        try:
            os.nice(niceness)
        except OSError:  # not permitted here: run at normal priority
            pass
    from bot.data.dataset import ensure_database
    from bot.engine import Engine

    frames = None
    if shared_state:  # conversations and staged imports seen by every process (issue 14)
        from adapters.common.process_state import shared_frames

        frames = shared_frames(db_path)
    _WORKER_ENGINE = Engine(ensure_database(db_path), today=today, frames=frames)


def _worker_answer(text: str, asker: str | None, conversation: str | None) -> Reply:
    return _answer_safely(_WORKER_ENGINE, text, asker, conversation, None)


def _worker_as_of() -> dt.date | None:
    return _WORKER_ENGINE.as_of()


def _worker_suggest(prefix: str, limit: int) -> list[str]:
    return _WORKER_ENGINE.suggest_companies(prefix, limit)


def _worker_with_db(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return fn(_WORKER_ENGINE.db, *args, **kwargs)


class ProcessEngine(_Bridge):
    """The Engine in a worker process at lower CPU priority (see the module docstring)."""

    def __init__(self, db_path: str | os.PathLike[str], *, today: dt.date | None = None, niceness: int = 5,
                 shared_state: bool = False) -> None:
        self._initargs = (str(Path(db_path)), today, niceness, shared_state)
        self._executor = self._start()

    def _start(self) -> Executor:
        return ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),  # no inherited threads or sockets
            initializer=_worker_init,
            initargs=self._initargs,
        )

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a picklable module-level function in the worker; raises whatever it raises."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))
        except BrokenProcessPool:
            log.error("the answering worker process died; starting a new one")
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._start()
            raise

    async def _answer(self, text: str, *, asker: str | None, conversation: str | None) -> Reply:
        return await self.run(_worker_answer, text, asker, conversation)

    async def as_of(self) -> dt.date | None:
        return await self.run(_worker_as_of)

    async def _suggest(self, prefix: str, limit: int) -> list[str]:
        return await self.run(_worker_suggest, prefix, limit)

    async def run_with_db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(db, *args)`` in the worker, next to the engine (picklable ``fn`` and result)."""
        return await self.run(_worker_with_db, fn, *args, **kwargs)

    async def chart_png(self, chart: ChartRequest) -> bytes | None:
        return await self.run(render_chart_png, chart)

    def warm_up(self) -> None:
        """Start the worker now (imports, database, indexes) instead of on the first question."""
        self._executor.submit(_worker_as_of).result(timeout=300)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
