"""Bolt listeners: convert in, call the core, convert out.  Nothing here knows about layoffs.

- ``/layoffs``: acknowledged at once (``in_channel`` echoes the question for everyone; private
  and help are acknowledged silently), answered by a lazy listener through ``response_url``.
- ``app_mention``: answered in a thread (the mention's thread, or a new one under it).
- ``message.im``: direct messages, no mention needed; answered where they were written.
- ``app_home_opened``: publishes the Home tab.
- The Show-all button: the full answer, ephemerally.
- A global middleware drops retried deliveries of an event already accepted (same ``event_id``),
  so a retry never produces a second reply.

Every handler catches its own failures: the user gets one friendly line, the log a traceback
(redacted by :mod:`adapters.slack.redact`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.bridge import AsyncEngine
from adapters.slack.charts import upload_chart
from adapters.slack.convert import clean_text, conversation_key, parse_command
from adapters.slack.render import (
    FRIENDLY_ERROR,
    SHOW_ALL_ACTION,
    SlackMessage,
    render_error,
    render_full,
    render_help,
    render_home,
    render_reply,
)
from adapters.slack.state import AnswerStore, SeenEvents
from bot.reply import Reply

__all__ = ["SlackListeners"]

log = logging.getLogger(__name__)

EXPIRED = "That answer is no longer kept here — ask again to see everything."


@dataclass
class SlackListeners:
    """The app's behaviour, with its dependencies explicit (handy for tests)."""

    bridge: AsyncEngine
    private_by_default: bool = False
    seen: SeenEvents = field(default_factory=SeenEvents)
    answers: AnswerStore[Reply] = field(default_factory=AnswerStore)

    def register(self, app: AsyncApp) -> None:
        app.use(self.drop_retried_deliveries)
        app.command("/layoffs")(ack=self.ack_command, lazy=[self.answer_command])
        app.event("app_mention")(self.on_mention)
        app.event("message", matchers=[self._is_direct_message])(self.on_direct_message)
        app.event("message")(self.ignore)  # channel messages, edits, bot posts: nothing to do
        app.event("app_home_opened")(self.on_home_opened)
        app.action(SHOW_ALL_ACTION)(self.on_show_all)

    # -- middleware -------------------------------------------------------------------------

    async def drop_retried_deliveries(self, body: dict[str, Any], next: Any, logger: logging.Logger) -> Any:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not self.seen.first_time(event_id):
            logger.info("ignoring a repeated delivery of event %s", event_id)
            return BoltResponse(status=200, body="")
        return await next()

    # -- rendering ---------------------------------------------------------------------------

    def render(self, reply: Reply) -> SlackMessage:
        """The answer; when it had to be shortened, the full Reply is kept behind Show all."""
        message = render_reply(reply)
        if message.truncated:
            message = render_reply(reply, show_all_value=self.answers.put(reply))
        return message

    # -- /layoffs ----------------------------------------------------------------------------

    async def ack_command(self, ack: AsyncAck, command: dict[str, Any]) -> None:
        parsed = parse_command(command.get("text", ""))
        public = not (parsed.private or parsed.help or self.private_by_default)
        # An in_channel ack shows everyone the question; the answer follows via response_url.
        if public:
            await ack(response_type="in_channel")
        else:
            await ack()

    async def answer_command(self, command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        parsed = parse_command(command.get("text", ""))
        channel, user = command["channel_id"], command["user_id"]
        try:
            key = conversation_key(command.get("team_id"), channel, None, user)
            reply = await self.bridge.answer(parsed.question, asker=user, conversation=key)
            if parsed.help:
                message = render_help(reply, command=command.get("command") or "/layoffs")
                await respond(response_type="ephemeral", replace_original=False, **message.as_kwargs())
                return
            private = parsed.private or self.private_by_default or reply.private
            message = self.render(reply)
            await respond(
                response_type="ephemeral" if private else "in_channel",
                replace_original=False,
                unfurl_links=False,
                unfurl_media=False,
                **message.as_kwargs(),
            )
            if reply.chart is not None:
                problem = "charts are only posted with public answers" if private else None
                if problem is None:
                    problem = await upload_chart(client, self.bridge, reply.chart, channel=channel)
                if problem:
                    await respond(response_type="ephemeral", replace_original=False, text=f"(No chart: {problem}.)")
        except Exception:
            log.exception("answering /layoffs failed")
            await self._respond_error(respond)

    async def _respond_error(self, respond: AsyncRespond) -> None:
        try:
            await respond(response_type="ephemeral", replace_original=False, **render_error().as_kwargs())
        except Exception:
            log.exception("could not even report the error to the user")

    # -- mentions and direct messages ---------------------------------------------------------

    @staticmethod
    async def _is_direct_message(event: dict[str, Any]) -> bool:
        return event.get("channel_type") == "im"

    @staticmethod
    def _from_a_person(event: dict[str, Any]) -> bool:
        # Bots (this one included) and edits/joins/etc. never get an answer: no reply loops.
        return not event.get("bot_id") and not event.get("subtype") and bool(event.get("user"))

    async def on_mention(self, event: dict[str, Any], client: AsyncWebClient, context: Any) -> None:
        if not self._from_a_person(event):
            return
        thread_ts = event.get("thread_ts") or event["ts"]
        await self._answer_in_conversation(client, event, context, reply_thread_ts=thread_ts, key_thread=thread_ts)

    async def on_direct_message(self, event: dict[str, Any], client: AsyncWebClient, context: Any) -> None:
        if not self._from_a_person(event):
            return
        thread_ts = event.get("thread_ts")  # top level of a DM is one running conversation
        await self._answer_in_conversation(client, event, context, reply_thread_ts=thread_ts, key_thread=thread_ts)

    async def ignore(self) -> None:
        return None

    async def _answer_in_conversation(
        self,
        client: AsyncWebClient,
        event: dict[str, Any],
        context: Any,
        *,
        reply_thread_ts: str | None,
        key_thread: str | None,
    ) -> None:
        channel = event["channel"]
        try:
            question = clean_text(event.get("text", "")) or "help"
            key = conversation_key(context.get("team_id") or event.get("team"), channel, key_thread)
            reply = await self.bridge.answer(question, asker=event["user"], conversation=key)
            message = render_help(reply) if reply.intent == "help" else self.render(reply)
            await client.chat_postMessage(
                channel=channel,
                thread_ts=reply_thread_ts,
                unfurl_links=False,
                unfurl_media=False,
                **message.as_kwargs(),
            )
            if reply.chart is not None:
                problem = await upload_chart(client, self.bridge, reply.chart, channel=channel, thread_ts=reply_thread_ts)
                if problem:
                    await client.chat_postMessage(channel=channel, thread_ts=reply_thread_ts, text=f"(No chart: {problem}.)")
        except Exception:
            log.exception("answering a message in %s failed", channel)
            try:
                await client.chat_postMessage(channel=channel, thread_ts=reply_thread_ts, text=FRIENDLY_ERROR)
            except Exception:
                log.exception("could not even report the error to the user")

    # -- App Home and Show all ------------------------------------------------------------

    async def on_home_opened(self, event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab") != "home":
            return
        try:
            as_of = await self.bridge.as_of()
            await client.views_publish(user_id=event["user"], view=render_home(as_of))
        except Exception:
            log.exception("publishing the Home tab failed")

    async def on_show_all(self, ack: AsyncAck, action: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        try:
            reply = self.answers.get(action.get("value", ""))
            if reply is None:
                await respond(response_type="ephemeral", replace_original=False, text=EXPIRED)
                return
            for message in render_full(reply):
                await respond(response_type="ephemeral", replace_original=False, **message.as_kwargs())
        except Exception:
            log.exception("Show all failed")
            await self._respond_error(respond)
