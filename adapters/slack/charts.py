"""Charts into Slack: render the core's ChartRequest to PNG and upload it with files_upload_v2.

The renderer is found by :func:`adapters.common.chart_renderer.load_renderer` (shared with Discord);
when it is missing, or rendering fails, the text answer stands alone and the log says why.
Upload failures (e.g. the bot is not in the channel) are reported to the caller.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.common.chart_renderer import load_renderer
from bot.reply import ChartRequest

if TYPE_CHECKING:
    from adapters.slack.bridge import EngineBridge

__all__ = ["load_renderer", "upload_chart"]

log = logging.getLogger(__name__)


def _alt_text(chart: ChartRequest) -> str:
    """Alt text: the charts module's text version of the chart when available, else the title."""
    try:
        from bot.charts import describe_chart

        return describe_chart(chart)[:1000]
    except Exception:  # older charts module, or an unexpected chart: the title still helps
        return chart.title


def _filename(chart: ChartRequest) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", chart.title.lower()).strip("-")[:60] or "chart"
    return f"{slug}.png"


async def upload_chart(
    client: AsyncWebClient,
    bridge: "EngineBridge",
    chart: ChartRequest,
    *,
    channel: str,
    thread_ts: str | None = None,
) -> str | None:
    """Upload the chart; None on success, else a short reason fit for the user."""
    renderer = load_renderer()
    if renderer is None:
        return "charts are not installed on this server"
    try:
        png = await bridge.run(renderer, chart)
    except Exception:
        log.exception("rendering the chart %r failed", chart.title)
        return "the chart could not be drawn"
    try:
        await client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            content=png,
            filename=_filename(chart),
            title=chart.title,
            alt_txt=_alt_text(chart),
        )
    except SlackApiError as exc:
        error = exc.response.get("error", "") if exc.response is not None else ""
        log.warning("uploading the chart failed: %s", error or exc)
        if error in ("not_in_channel", "channel_not_found"):
            return "invite @layoffbot to this channel to get charts here"
        return "the chart could not be uploaded"
    return None
