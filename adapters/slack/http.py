"""One reusable aiohttp session per event loop, for response_url posts and Web API calls.

Bolt's ``respond`` and a session-less ``AsyncWebClient`` open a new HTTP session (and a new
connection) for every call; under load that costs more than answering the question.  Keeping
one session keeps connections alive and is what lets the app ack at close to a bare app's rate.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from slack_sdk.webhook.async_client import AsyncWebhookClient

__all__ = ["SharedSession", "post_to_response_url"]

log = logging.getLogger(__name__)


class SharedSession:
    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def get(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
            self._loop = loop
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


async def post_to_response_url(session: SharedSession, response_url: str, message: dict[str, Any]) -> bool:
    """POST a message to a command's or action's ``response_url``; False (logged) on failure."""
    client = AsyncWebhookClient(url=response_url, session=await session.get())
    response = await client.send_dict(message)
    if response.status_code != 200:
        log.warning("response_url post failed: HTTP %s %s", response.status_code, response.body[:200])
        return False
    return True
