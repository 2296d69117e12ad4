"""The alert timer both chat adapters run: post the core's pending alerts every 30 seconds.

:func:`bot.admin.alerts.pending_alerts` returns each platform's alerts for every change since its
last call, whoever wrote it.  Each adapter posts right after its own writes; this timer
catches writes made elsewhere (the CLI, the other platform, another process).  Fetching and
posting stay per platform: the adapter passes them in as ``flush``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

__all__ = ["ALERT_INTERVAL", "poll_alerts"]

log = logging.getLogger(__name__)

ALERT_INTERVAL = 30.0
"""Seconds between two looks for alerts of writes made elsewhere."""


async def poll_alerts(flush: Callable[[], Awaitable[object]], interval: float = ALERT_INTERVAL) -> None:
    """Call ``flush`` every ``interval`` seconds until cancelled.  Call it once yourself before
    starting the timer: the first call sets the cursor, so alerts start from then.  A failed
    flush is logged and the next one tried as usual."""
    while True:
        await asyncio.sleep(interval)
        try:
            await flush()
        except Exception:  # CancelledError is not an Exception: cancelling still stops the loop
            log.exception("posting the pending alerts failed; retrying in %g s", interval)
