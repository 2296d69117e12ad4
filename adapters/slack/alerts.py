"""Posting alerts to Slack channels: the shared :class:`adapters.common.alerts.AlertPoster`
with Slack's one specific part, ``chat.postMessage`` of the alert rendered as Block Kit."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.common.alert_polling import ALERT_INTERVAL
from adapters.common.alerts import AlertPoster
from adapters.slack.admin_views import render_alert
from adapters.slack.platform import SLACK

__all__ = ["SlackAlertPoster"]

log = logging.getLogger(__name__)


class SlackAlertPoster(AlertPoster):
    """Posts Slack's alerts with ``client``; ``fetch`` reads the pending ones next to the engine."""

    def __init__(self, client: AsyncWebClient, fetch: Callable[[], Awaitable[list[Any]]], *,
                 interval: float = ALERT_INTERVAL, workspaces: Any = None, bridge: Any = None) -> None:
        super().__init__(fetch, platform=SLACK.name, interval=interval)
        self.client = client
        self.workspaces = workspaces
        """:class:`adapters.slack.workspaces.Workspaces`: with OAuth installs, a ``T123:C456``
        channel is posted to with workspace T123's own token."""
        self.bridge = bridge
        """Renders a digest's chart (``upload_chart``); without it a digest is posted without one."""

    async def post(self, alert: Any) -> bool:
        """A channel alert or digest to its channel; a watch DM (``kind == "watch"``: ``channel`` is
        the user id) to the DM that ``conversations.open`` opens with that user."""
        try:
            client, channel = self.client, alert.channel
            if self.workspaces is not None:
                target, channel = await self.workspaces.target(alert.channel, self.client)
                if target is None:
                    log.warning("alert to %s skipped: the app is no longer installed in that workspace", alert.channel)
                    return False
                client = target
            if alert.kind == "watch":  # channel is the (workspace-scoped) user: open the DM with them
                opened = await client.conversations_open(users=channel)
                channel = (opened.get("channel") or {}).get("id") or channel
            await client.chat_postMessage(channel=channel, unfurl_links=False, **render_alert(alert).as_kwargs())
            chart = getattr((alert.extra or {}).get("reply"), "chart", None)
            if chart is not None and self.bridge is not None:
                from adapters.slack.charts import upload_chart

                problem = await upload_chart(client, self.bridge, chart, channel=channel)
                if problem:
                    log.info("digest chart not posted to %s: %s", channel, problem)
        except SlackApiError as exc:
            log.warning("alert to %s failed: %s", alert.channel, exc.response.get("error", exc))
            return False
        return True
