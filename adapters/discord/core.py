"""The core, called from the event loop without blocking it.

The engine is synchronous and shares one SQLite connection, so its calls run one at a time on
a dedicated worker thread; chart rendering (matplotlib, the slow part) runs on another.  A
failing call never reaches the chat as a traceback: :meth:`AsyncCore.answer` logs it and
returns an apologetic Reply instead.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import io
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from adapters.common.chart_renderer import load_renderer
from bot.reply import ChartRequest, Reply

__all__ = ["EngineLike", "AsyncCore", "render_chart_png"]

log = logging.getLogger(__name__)
T = TypeVar("T")


class EngineLike(Protocol):
    """The part of :class:`bot.engine.Engine` the adapter uses."""

    def answer(
        self, text: str, *, asker: str | None = None, conversation: str | None = None, today: dt.date | None = None
    ) -> Reply: ...

    def suggest_companies(self, prefix: str, limit: int = 25) -> list[str]: ...


def render_chart_png(chart: ChartRequest) -> bytes | None:
    """PNG bytes of ``chart``, or None when the charts extra is missing
    (:func:`adapters.common.chart_renderer.load_renderer`) or rendering fails."""
    render_png = load_renderer()
    if render_png is None:
        return None
    try:
        data = render_png(chart)
    except Exception:
        log.exception("chart rendering failed; answering without the image")
        return None
    if isinstance(data, io.BytesIO):
        data = data.getvalue()
    return bytes(data) if data else None


class AsyncCore:
    def __init__(self, engine: EngineLike, *, today: dt.date | None = None) -> None:
        self.engine = engine
        self.today = today
        self._engine_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="layoffbot-engine")
        self._chart_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="layoffbot-charts")

    def answer_task(self, text: str, *, asker: str, conversation: str) -> asyncio.Future[Reply]:
        """Start answering; the future resolves to a Reply, never raises."""
        loop = asyncio.get_running_loop()
        call = functools.partial(self._answer_sync, text, asker=asker, conversation=conversation)
        return loop.run_in_executor(self._engine_thread, call)

    async def answer(self, text: str, *, asker: str, conversation: str) -> Reply:
        return await self.answer_task(text, asker=asker, conversation=conversation)

    def _answer_sync(self, text: str, *, asker: str, conversation: str) -> Reply:
        try:
            return self.engine.answer(text, asker=asker, conversation=conversation, today=self.today)
        except Exception:
            log.exception("the engine failed on a question (conversation %s)", conversation)
            return Reply(
                intent="unknown",
                text="Sorry, something went wrong while answering that. Please try rephrasing; "
                "the error has been logged.",
                headline="Sorry, something went wrong",
            )

    async def call(self, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run ``function`` on the engine's thread (admin writes share its connection); raises
        whatever it raises."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._engine_thread, functools.partial(function, *args, **kwargs))

    async def suggest_companies(self, prefix: str, limit: int = 25) -> list[str]:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(
                self._engine_thread, functools.partial(self.engine.suggest_companies, prefix, limit)
            )
        except Exception:
            log.exception("company suggestions failed for %r", prefix)
            return []

    async def chart_png(self, chart: ChartRequest) -> bytes | None:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._chart_thread, render_chart_png, chart)

    def close(self) -> None:
        self._engine_thread.shutdown(wait=False, cancel_futures=True)
        self._chart_thread.shutdown(wait=False, cancel_futures=True)
