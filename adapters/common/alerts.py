"""Posting the core's alerts to chat channels: what Slack and Discord share.

The core decides who gets what and when (:func:`bot.admin.alerts.pending_alerts`: every change
since the last call for a platform, each once, whoever wrote it).  An :class:`AlertPoster`
fetches them (its ``fetch``, run next to the engine), keeps only its platform's, and posts
each with :meth:`AlertPoster.post` — the one platform-specific part.  A channel that vanished
or refuses the bot is logged and skipped: one bad subscription never blocks the others.
It flushes right after each write made by its adapter and, once :meth:`start` ed, every
``interval`` seconds for writes made elsewhere (:func:`adapters.common.alert_polling.poll_alerts`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from adapters.common.alert_polling import ALERT_INTERVAL, poll_alerts

__all__ = ["AlertPoster"]

log = logging.getLogger(__name__)


class AlertPoster(ABC):
    """Fetch-and-post for one platform; subclasses implement :meth:`post`."""

    def __init__(self, fetch: Callable[[], Awaitable[list[Any]]], *, platform: str,
                 interval: float = ALERT_INTERVAL) -> None:
        self.fetch = fetch
        self.platform = platform
        self.interval = interval
        self.sent = 0
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None

    @abstractmethod
    async def post(self, alert: Any) -> bool:
        """Post one alert; True when it was sent.  Log and return False when the platform refuses."""

    async def post_all(self, alerts: Iterable[Any]) -> int:
        """Post the alerts of this platform (others are skipped); returns how many were sent."""
        sent = 0
        for alert in alerts:
            if getattr(alert, "platform", self.platform) != self.platform:
                continue
            try:
                sent += bool(await self.post(alert))
            except Exception:  # one bad channel never blocks the others
                log.exception("posting an alert to %s failed", getattr(alert, "channel", "?"))
        self.sent += sent
        return sent

    async def flush(self) -> int:
        """Fetch and post every pending alert; returns how many were sent.  Never raises."""
        async with self._lock:  # one flush at a time: each alert is fetched (and sent) once
            try:
                alerts = await self.fetch()
            except Exception:
                log.exception("reading the pending alerts failed")
                return 0
            return await self.post_all(alerts)

    async def start(self) -> None:
        """Set the cursor (alerts start from now) and poll for writes made elsewhere."""
        await self.flush()
        if self._task is None and self.interval > 0:
            self._task = asyncio.create_task(poll_alerts(self.flush, self.interval), name="layoffbot-alerts")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
