"""Answers as files into Slack: the core's export files ("as csv", "as json") via files_upload_v2.

The files come from :func:`bot.answers.export.export_files` (the same bytes the console writes);
upload failures are reported to the caller as a short reason for the user, like charts.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.answers.export import export_files
from bot.reply import Reply

__all__ = ["upload_exports"]

log = logging.getLogger(__name__)


async def upload_exports(client: AsyncWebClient, reply: Reply, *, channel: str, thread_ts: str | None = None) -> str | None:
    """Upload the reply's export files; None on success (or nothing to upload), else a reason."""
    files = export_files(reply)
    if not files:
        return None
    try:
        await client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            file_uploads=[{"content": f.content, "filename": f.filename, "title": f.title} for f in files],
        )
    except SlackApiError as exc:
        error = exc.response.get("error", "") if exc.response is not None else ""
        log.warning("uploading the export failed: %s", error or exc)
        if error in ("not_in_channel", "channel_not_found"):
            return "invite @layoffbot to this channel to get files here"
        return "the file could not be uploaded"
    return None
