"""Bolt listeners: convert in, call the core, convert out.  Nothing here knows about layoffs.

- ``/layoffs``: acknowledged at once (``in_channel`` echoes the question for everyone; private
  and help are acknowledged silently), then answered through ``response_url``.
- ``app_mention``: answered in a thread (the mention's thread, or a new one under it).
- ``message.im``: direct messages, no mention needed; answered where they were written.
- ``app_home_opened``: publishes the Home tab.
- The Show-all button: the full answer, ephemerally.
- The message shortcut "Ask layoffbot about this message": the question found in someone's
  message (a company and a period in a news post), answered privately to whoever asked.
- A global middleware drops retried deliveries of an event already accepted (same ``event_id``),
  so a retry never produces a second reply.

Every handler catches its own failures: the user gets one friendly line, the log a traceback
(redacted by :mod:`adapters.slack.redact`).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.common.alert_polling import ALERT_INTERVAL
from adapters.common.message_question import question_in_message
from adapters.common.shared_state import StoredAnswers
from adapters.common.once import OnceStore, SQLiteOnce
from adapters.slack.bridge import EngineBridge
from adapters.slack.charts import upload_chart
from adapters.slack.files import upload_exports
from adapters.slack.convert import Command, clean_text, conversation_key, parse_command
from adapters.slack.http import SharedSession, post_to_response_url
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
from adapters.slack.state import AnswerStore, SeenEvents, SharedSeenEvents
from adapters.slack.workspaces import Workspaces
from bot.reply import Reply

__all__ = ["SlackListeners"]

log = logging.getLogger(__name__)

EXPIRED = "That answer is no longer kept here — ask again to see everything."
#: The message shortcut's callback id (manifest.yml: "Ask layoffbot about this message").
ASK_ABOUT_MESSAGE_CALLBACK = "layoffs_ask_about_message"
ADMIN_REQUEST_TTL = 3600.0
"""How long an admin command's ``trigger_id`` is remembered: a redelivered command (a Socket
Mode retry, a replay) never writes twice."""


@dataclass
class SlackListeners:
    """The app's behaviour, with its dependencies explicit (handy for tests)."""

    bridge: EngineBridge
    private_by_default: bool = False
    seen: SeenEvents | SharedSeenEvents = field(default_factory=SeenEvents)
    answers: AnswerStore[Reply] | StoredAnswers[Reply] = field(default_factory=AnswerStore)
    http: SharedSession = field(default_factory=SharedSession)
    _app: AsyncApp | None = field(default=None, repr=False)
    admin: Any = field(default=None, repr=False)
    """The admin side (issue 6), :class:`adapters.slack.admin_listeners.SlackAdmin`."""
    alerts_enabled: bool = False
    """Run the alert loop for writes made outside this app (needs the core's DB)."""
    alert_interval: float = ALERT_INTERVAL
    admin_channel: str | None = None
    """The admins' channel (LAYOFFBOT_SLACK_ADMIN_CHANNEL): pending syncs are posted there."""
    workspaces: Workspaces = field(default_factory=Workspaces)
    """One workspace, or many (OAuth installs): scopes admin and channel ids by team."""
    once: OnceStore = field(default_factory=SQLiteOnce)
    """Requests already handled (replayed signatures, admin commands' trigger ids)."""

    def register(self, app: AsyncApp) -> None:
        self._app = app
        app.use(self.drop_retried_deliveries)
        app.use(self.share_http_session)
        app.command("/layoffs")(self.on_command)
        app.event("app_mention")(self.on_mention)
        app.event("message", matchers=[self._is_direct_message])(self.on_direct_message)
        app.event("message")(self.ignore)  # channel messages, edits, bot posts: nothing to do
        app.event("app_home_opened")(self.on_home_opened)
        app.action(SHOW_ALL_ACTION)(self.on_show_all)
        app.shortcut(ASK_ABOUT_MESSAGE_CALLBACK)(self.on_ask_about_message)
        from adapters.slack.admin_listeners import SlackAdmin

        self.admin = SlackAdmin(self)
        self.admin.register(app)

    # -- middleware -------------------------------------------------------------------------

    async def drop_retried_deliveries(self, body: dict[str, Any], next: Any, logger: logging.Logger) -> Any:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        # In a worker thread: with shared state this is a write that may wait for the lock.
        if event_id and not await asyncio.to_thread(self.seen.first_time, event_id):
            logger.info("ignoring a repeated delivery of event %s", event_id)
            return BoltResponse(status=200, body="")
        return await next()

    async def share_http_session(self, client: AsyncWebClient, next: Any) -> Any:
        # Bolt builds a client per request from app.client's settings; give both our session.
        session = await self.http.get()
        if self._app is not None and self._app.client.session is not session:
            self._app.client.session = session
        client.session = session
        return await next()

    async def respond(self, response_url: str | None, *, response_type: str = "ephemeral", **message: Any) -> None:
        """Post to a response_url, never replacing the original message."""
        if not response_url:
            raise ValueError("no response_url to answer to")
        payload = {"response_type": response_type, "replace_original": False, **message}
        await post_to_response_url(self.http, response_url, payload)

    # -- rendering ---------------------------------------------------------------------------

    def render(self, reply: Reply) -> SlackMessage:
        """The answer; when it had to be shortened, the full Reply is kept behind Show all."""
        message = render_reply(reply)
        if message.truncated:
            message = render_reply(reply, show_all_value=self.answers.put(reply))
        return message

    # -- /layoffs ----------------------------------------------------------------------------

    async def on_command(self, ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient) -> None:
        """Ack first, answer after.  Bolt runs this listener as a task and sends the HTTP
        response (or the Socket Mode ack) as soon as ``ack()`` is called, so the slow part
        below never delays it: the same effect as a lazy listener, without Bolt copying the
        whole request for one."""
        from adapters.slack.admin_listeners import is_admin_command

        if self.admin is not None and is_admin_command(command.get("text", "")):
            await ack()  # admin and subscription replies are private
            trigger = command.get("trigger_id")
            if trigger and not self.once.remember_once(f"slack:admin:{trigger}", ADMIN_REQUEST_TTL):
                log.warning("ignored a repeated admin command (same trigger_id)")
                return
            try:
                await self.admin.handle_command(command, client)
            except Exception:
                log.exception("admin command failed")
                await self._respond_error(command.get("response_url"))
            return
        parsed = parse_command(command.get("text", ""))
        public = not (parsed.private or parsed.help or self.private_by_default)
        # An in_channel ack shows everyone the question; the answer follows via response_url.
        if public:
            await ack(response_type="in_channel")
        else:
            await ack()
        await self.answer_command(command, parsed, client)

    async def answer_command(self, command: dict[str, Any], parsed: Command, client: AsyncWebClient) -> None:
        channel, user = command["channel_id"], command["user_id"]
        response_url = command.get("response_url")
        try:
            key = conversation_key(command.get("team_id"), channel, None, user)
            reply = await self.bridge.answer(parsed.question, asker=user, conversation=key)
            if parsed.help:
                message = render_help(reply, command=command.get("command") or "/layoffs")
                await self.respond(response_url, **message.as_kwargs())
                return
            private = parsed.private or self.private_by_default or reply.private
            message = self.render(reply)
            await self.respond(
                response_url,
                response_type="ephemeral" if private else "in_channel",
                unfurl_links=False,
                unfurl_media=False,
                **message.as_kwargs(),
            )
            if reply.chart is not None:
                problem = "charts are only posted with public answers" if private else None
                if problem is None:
                    problem = await upload_chart(client, self.bridge, reply.chart, channel=channel)
                if problem:
                    await self.respond(response_url, text=f"(No chart: {problem}.)")
            if reply.export:
                problem = "files are only posted with public answers" if private else None
                if problem is None:
                    problem = await upload_exports(client, reply, channel=channel)
                if problem:
                    await self.respond(response_url, text=f"(No file: {problem}.)")
        except Exception:
            log.exception("answering /layoffs failed")
            await self._respond_error(response_url)

    async def _respond_error(self, response_url: str | None) -> None:
        try:
            await self.respond(response_url, **render_error().as_kwargs())
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
        if event.get("subtype") == "file_share" and not event.get("bot_id") and self.admin is not None:
            try:
                await self.admin.on_file_share(event, client, team=context.get("team_id") or event.get("team"))
            except Exception:
                log.exception("handling a file shared in a DM failed")
                await client.chat_postMessage(channel=event["channel"], text=FRIENDLY_ERROR)
            return
        if not self._from_a_person(event):
            return
        from bot.admin.watchlists import is_watch_command

        if self.admin is not None and is_watch_command(clean_text(event.get("text", ""))):
            try:
                if await self.admin.on_watch_message(event, client, team=context.get("team_id") or event.get("team")):
                    return
            except Exception:
                log.exception("a watchlist command in a DM failed")
                await client.chat_postMessage(channel=event["channel"], text=FRIENDLY_ERROR)
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
            if reply.export:
                problem = await upload_exports(client, reply, channel=channel, thread_ts=reply_thread_ts)
                if problem:
                    await client.chat_postMessage(channel=channel, thread_ts=reply_thread_ts, text=f"(No file: {problem}.)")
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

    async def on_ask_about_message(self, ack: AsyncAck, shortcut: dict[str, Any]) -> None:
        """Ack at once, then answer the message's question ephemerally through response_url."""
        await ack()
        response_url = shortcut.get("response_url")
        try:
            message = shortcut.get("message") or {}
            user = (shortcut.get("user") or {}).get("id", "")
            team = (shortcut.get("team") or {}).get("id")
            channel = (shortcut.get("channel") or {}).get("id", "")
            key = conversation_key(team, channel, None, user)  # private to the asker, like /layoffs
            reply = await self.bridge.answer(question_in_message(message.get("text", "")), asker=user, conversation=key)
            rendered = render_help(reply) if reply.intent == "help" else self.render(reply)
            await self.respond(response_url, unfurl_links=False, unfurl_media=False, **rendered.as_kwargs())
        except Exception:
            log.exception("answering a message shortcut failed")
            await self._respond_error(response_url)

    async def on_show_all(self, ack: AsyncAck, action: dict[str, Any], body: dict[str, Any]) -> None:
        await ack()
        response_url = body.get("response_url")
        try:
            reply = self.answers.get(action.get("value", ""))
            if reply is None:
                await self.respond(response_url, text=EXPIRED)
                return
            for message in render_full(reply):
                await self.respond(response_url, **message.as_kwargs())
        except Exception:
            log.exception("Show all failed")
            await self._respond_error(response_url)
