"""The Slack side of issue 6: admin subcommands, the add-round modal, CSV import from a DM,
subscriptions and the alerts they receive.  Thin, like the rest: convert in, call
:mod:`adapters.slack.admin_ops` (which calls the core, which checks admin rights on every
write), convert out.  Admin replies are private: ephemeral, or a DM to the admin.

Commands (``/layoffs ...``): ``subscribe <company|all>``, ``unsubscribe <company|all>``,
``subscriptions``, ``digest weekly <day> <hour> [timezone]`` / ``digest off`` / ``digest`` (the channel's
weekly digest), ``watch …`` / ``unwatch …`` / ``my watchlist`` (the asker's own watchlist), ``admin`` (help), ``admin add`` (modal), ``admin confirm <id> <count> <url>``,
``admin edit <id> field=value ...``, ``admin retract <id> <reason>``, ``admin undo [change]``, ``admin history [company]``,
``admin import`` (then upload a CSV in a DM with the bot).
"""

from __future__ import annotations

import logging
import urllib.parse
from dataclasses import dataclass
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.common.alert_polling import poll_alerts
from adapters.slack import admin_ops
from adapters.slack.admin_views import (
    ADD_ROUND_CALLBACK,
    ADMIN_HELP,
    COMPANY_SELECT_ACTION,
    FORM_FIELDS,
    IMPORT_CANCEL_ACTION,
    IMPORT_CONFIRM_ACTION,
    add_round_modal,
    company_options,
    form_values,
    render_import_preview,
    render_outcome,
)
from adapters.slack.alerts import SlackAlertPoster
from adapters.slack.convert import clean_text
from adapters.slack.http import post_to_response_url
from bot.admin import MAX_UPLOAD_BYTES

if TYPE_CHECKING:
    from slack_bolt.async_app import AsyncAck, AsyncApp

    from adapters.slack.listeners import SlackListeners

__all__ = ["SlackAdmin", "is_admin_command"]

log = logging.getLogger(__name__)
T = TypeVar("T")

_TOP_LEVEL = ("subscribe", "unsubscribe", "subscriptions", "digest")
SLACK_FILE_HOST = "files.slack.com"
"""Files are downloaded (with the bot token) only from this host and its subdomains, over https
— or from the origin of SLACK_API_URL when that is set (a proxy, the tests' fake Slack)."""


class DownloadRefused(Exception):
    """A shared file was not downloaded: ``reason`` says why (a foreign host, too big ...)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def allowed_file_url(url: str, api_url: str | None = None) -> bool:
    """May the bot token be sent to ``url``?  https on files.slack.com (or a subdomain), or the
    exact scheme, host and port of a configured ``api_url``."""
    try:
        parts = urllib.parse.urlsplit(url)
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        return False
    if parts.username or parts.password:
        return False
    if parts.scheme == "https" and port in (None, 443) and (host == SLACK_FILE_HOST or host.endswith("." + SLACK_FILE_HOST)):
        return True
    if api_url:
        api = urllib.parse.urlsplit(api_url)
        return (parts.scheme, host, port) == (api.scheme, (api.hostname or "").lower(), api.port)
    return False
_FORM_BLOCKS = {name for name, *_ in FORM_FIELDS}


def is_admin_command(text: str) -> bool:
    """Subcommands answered privately by :class:`SlackAdmin`: admin, subscriptions, watchlists."""
    from bot.admin.watchlists import is_watch_command

    first = clean_text(text).split(" ", 1)[0].lower()
    return first in _TOP_LEVEL or first == "admin" or is_watch_command(clean_text(text))


@dataclass
class SlackAdmin:
    listeners: "SlackListeners"

    def register(self, app: "AsyncApp") -> None:
        app.view(ADD_ROUND_CALLBACK)(self.on_add_round_submitted)
        app.action(IMPORT_CONFIRM_ACTION)(self.on_import_button)
        app.action(IMPORT_CANCEL_ACTION)(self.on_import_button)
        app.options(COMPANY_SELECT_ACTION)(self.on_company_suggestions)

    async def on_company_suggestions(self, ack: "AsyncAck", payload: dict[str, Any]) -> None:
        """The form's company autocomplete (Slack allows 3 seconds; the core answers in ms)."""
        typed = str(payload.get("value", ""))
        try:
            names = await self.listeners.bridge.suggest_companies(typed, 25)
        except Exception:
            log.exception("company autocomplete failed")
            names = []
        await ack(options=company_options(names, typed))

    async def _op(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(db, *args)`` next to the engine (an :mod:`admin_ops` function: an Outcome, or
        the pending alerts)."""
        return await self.listeners.bridge.run_with_db(fn, *args)

    async def alert_loop(self, client: AsyncWebClient) -> None:
        """Post alerts for writes made anywhere (CLI, Discord, another Slack process) every
        ``listeners.alert_interval`` seconds (call :meth:`post_pending_alerts` once first: it
        sets the cursor)."""
        await poll_alerts(lambda: self.post_pending_alerts(client), self.listeners.alert_interval)

    async def post_pending_alerts(self, client: AsyncWebClient) -> None:
        await self._poster(client).flush()

    def _poster(self, client: AsyncWebClient) -> SlackAlertPoster:
        return SlackAlertPoster(client, lambda: self._op(admin_ops.pending, self.listeners.admin_channel), interval=self.listeners.alert_interval,
                                workspaces=self.listeners.workspaces, bridge=self.listeners.bridge)

    async def _post_alerts(self, client: AsyncWebClient, alerts: list[Any]) -> None:
        await self._poster(client).post_all(alerts)

    # -- /layoffs subcommands ---------------------------------------------------------------

    async def handle_command(self, command: dict[str, Any], client: AsyncWebClient) -> None:
        words = clean_text(command.get("text", "")).split(" ")
        user, channel, response_url = command["user_id"], command["channel_id"], command.get("response_url")
        scoped = self.listeners.workspaces.scoped
        team = command.get("team_id")
        head = words[0].lower()
        rest = [w for w in words[1:] if w]

        async def reply(outcome: admin_ops.Outcome) -> None:
            message = render_outcome(outcome.message, outcome.lines, ok=outcome.ok)
            await self.listeners.respond(response_url, **message.as_kwargs())

        watched = await self._op(admin_ops.watch, scoped(team, user), " ".join(words))
        if watched is not None:  # "watch …", "unwatch …", "my watchlist": the asker's own list
            await reply(watched)
            return
        if head in ("subscribe", "unsubscribe"):
            target = " ".join(rest)
            company = None if target.lower() in ("", "all", "everything") else target
            if head == "subscribe" and not target:
                await self.listeners.respond(response_url, text="Usage: `/layoffs subscribe <company|all>`")
                return
            can_manage = await can_manage_channel(client, user, channel)
            fn = admin_ops.subscribe if head == "subscribe" else admin_ops.unsubscribe
            await reply(await self._op(fn, scoped(team, user), scoped(team, channel), company, can_manage))
            return
        if head == "digest":  # "digest weekly monday 9", "digest off", "digest"
            can_manage = await can_manage_channel(client, user, channel)
            await reply(await self._op(admin_ops.digest, scoped(team, user), scoped(team, channel), " ".join(rest),
                                       can_manage))
            return
        if head == "subscriptions":
            await reply(await self._op(admin_ops.subscriptions, scoped(team, channel)))
            return
        user = scoped(team, user)  # the admin as the core knows them (per workspace with OAuth installs)

        op = rest[0].lower() if rest else "help"
        args = rest[1:]
        round_or_change = args[0].lstrip("#") if args else ""  # the id edit/confirm/retract/undo start with
        numbered = round_or_change.isdigit()
        if op == "add":
            allowed = await self._op(admin_ops.check_admin, user, "add")
            if not allowed.ok:
                await reply(allowed)
                return
            await client.views_open(trigger_id=command["trigger_id"], view=add_round_modal(channel))
        elif op == "edit" and len(args) >= 2 and numbered and all("=" in a for a in args[1:]):
            updates = dict(a.split("=", 1) for a in args[1:])
            outcome = await self._op(admin_ops.edit_round, user, int(round_or_change), updates)
            await reply(outcome)
            await self._post_alerts(client, outcome.alerts)
        elif op == "confirm" and len(args) >= 3 and numbered:
            outcome = await self._op(admin_ops.confirm_round, user, int(round_or_change), args[1], args[2])
            await reply(outcome)
            await self._post_alerts(client, outcome.alerts)
        elif op == "retract" and len(args) >= 2 and numbered:
            await reply(await self._op(admin_ops.retract_round, user, int(round_or_change), " ".join(args[1:])))
        elif op == "undo" and (not args or numbered):
            await reply(await self._op(admin_ops.undo, user, int(round_or_change) if args else None))
        elif op == "history":
            await reply(await self._op(admin_ops.history, user, " ".join(args) or None))
        elif op == "import":
            await self.listeners.respond(response_url, text="Send me the CSV file in a direct message: I will answer "
                                         "with a dry-run report and Confirm / Cancel buttons.")
        else:
            await self.listeners.respond(response_url, text=ADMIN_HELP, blocks=render_outcome(ADMIN_HELP).blocks)

    # -- the add-round modal -------------------------------------------------------------------

    async def on_add_round_submitted(self, ack: "AsyncAck", body: dict[str, Any], view: dict[str, Any],
                                     client: AsyncWebClient) -> None:
        user = self.listeners.workspaces.scoped((body.get("team") or {}).get("id"), body["user"]["id"])
        outcome = await self._op(admin_ops.add_round, user, form_values(view))
        if not outcome.ok:
            # Nothing was written: show the problem on its field and keep the form open.
            block = outcome.field if outcome.field in _FORM_BLOCKS else "company"
            await ack(response_action="errors", errors={block: outcome.message[:150]})
            return
        await ack()
        message = render_outcome(outcome.message, outcome.lines)
        try:
            await client.chat_postMessage(channel=body["user"]["id"], **message.as_kwargs())  # privately, in the admin's DM
        except SlackApiError as exc:
            log.warning("could not DM the admin: %s", exc.response.get("error", exc))
        await self._post_alerts(client, outcome.alerts)

    # -- CSV import ------------------------------------------------------------------------------

    async def on_watch_message(self, event: dict[str, Any], client: AsyncWebClient, *, team: str | None = None) -> bool:
        """A watchlist command written in a DM with the bot; False when the text is not one.  The
        watcher is the workspace-scoped user, so the DMs go out with that workspace's token."""
        user = self.listeners.workspaces.scoped(team, event.get("user", ""))
        outcome = await self._op(admin_ops.watch, user, clean_text(event.get("text", "")))
        if outcome is None:
            return False
        message = render_outcome(outcome.message, outcome.lines, ok=outcome.ok)
        await client.chat_postMessage(channel=event["channel"], **message.as_kwargs())
        return True

    async def on_file_share(self, event: dict[str, Any], client: AsyncWebClient, *, team: str | None = None) -> None:
        """A file sent to the bot in a DM: stage the CSV import (or, with the word "sync" in the
        message, the sync of a newer tracker export) and show the dry-run report."""
        user, channel = self.listeners.workspaces.scoped(team, event.get("user", "")), event["channel"]
        files = [f for f in event.get("files", []) if isinstance(f, dict) and (
                 str(f.get("name", "")).lower().endswith(".csv") or f.get("filetype") == "csv")]
        if not files:
            await client.chat_postMessage(channel=channel, text="I can only import CSV files.")
            return
        file = files[0]
        # "sync" in the message: a newer tracker export to sync onto its rows, not an import.
        is_sync = "sync" in str(event.get("text") or "").lower().split()
        allowed = await self._op(admin_ops.check_admin, user, "sync" if is_sync else "import")  # before the download
        if not allowed.ok:
            await client.chat_postMessage(channel=channel, **render_outcome(allowed.message, ok=False).as_kwargs())
            return
        size = file.get("size") or 0
        if not isinstance(size, (int, float)) or isinstance(size, bool) or size > MAX_UPLOAD_BYTES:
            await client.chat_postMessage(channel=channel, text="That file is over 10 MB; split it and send the parts.")
            return
        try:
            content = await self._download(client, file)
        except DownloadRefused as exc:
            log.warning("did not download a shared file: %s", exc.reason)
            await client.chat_postMessage(channel=channel, text=f"I could not fetch that file ({exc.reason}).")
            return
        stage = admin_ops.stage_sync if is_sync else admin_ops.stage_import
        outcome = await self._op(stage, user, str(file.get("name") or "upload.csv"), content)
        message = (render_import_preview(outcome.message, outcome.lines, outcome.token) if outcome.ok
                   else render_outcome(outcome.message, outcome.lines, ok=False))
        await client.chat_postMessage(channel=channel, **message.as_kwargs())

    async def _download(self, client: AsyncWebClient, file: dict[str, Any]) -> bytes:
        """The file's bytes, streamed, at most MAX_UPLOAD_BYTES (counted on what is read, not on
        what the event or the server claims); no redirects, so the token never leaves Slack."""
        url = file.get("url_private_download") or file.get("url_private")
        if not isinstance(url, str) or not url:
            raise DownloadRefused("the file has no download URL")
        default_api = "https://slack.com/api/"
        api_url = client.base_url if client.base_url != default_api else None
        if not allowed_file_url(url, api_url):
            raise DownloadRefused("it is not on Slack's file servers")
        session = await self.listeners.http.get()
        async with session.get(url, headers={"Authorization": f"Bearer {client.token}"}, allow_redirects=False) as resp:
            if resp.status != 200:
                raise DownloadRefused(f"Slack answered HTTP {resp.status}")
            chunks: list[bytes] = []
            size = 0
            async for chunk in resp.content.iter_chunked(64 * 1024):
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    raise DownloadRefused("it is over 10 MB")
                chunks.append(chunk)
            return b"".join(chunks)

    async def on_import_button(self, ack: "AsyncAck", body: dict[str, Any], action: dict[str, Any],
                               client: AsyncWebClient) -> None:
        await ack()
        user = self.listeners.workspaces.scoped((body.get("team") or {}).get("id"), body["user"]["id"])
        token = action.get("value", "")
        if action["action_id"] == IMPORT_CONFIRM_ACTION:
            outcome = await self._op(admin_ops.confirm_import, user, token)
        else:
            outcome = await self._op(admin_ops.cancel_import, user, token)
        message = render_outcome(outcome.message, outcome.lines, ok=outcome.ok)
        if outcome.denied:  # not the uploader's click: answer them alone, keep the preview
            await self.listeners.respond(body.get("response_url"), **message.as_kwargs())
            return
        if body.get("response_url"):  # replace the preview: its buttons are spent
            await post_to_response_url(self.listeners.http, body["response_url"],
                                       {"replace_original": True, **message.as_kwargs()})
        await self._post_alerts(client, outcome.alerts)


async def can_manage_channel(client: AsyncWebClient, user: str, channel: str) -> bool:
    """Slack's nearest notion of "may manage this channel": a workspace admin or owner, or the
    channel's creator.  Unknown (API refused) means no; admins of the bot are allowed anyway."""
    try:
        info = (await client.users_info(user=user)).get("user") or {}
        if info.get("is_admin") or info.get("is_owner"):
            return True
    except SlackApiError as exc:
        log.info("users.info failed: %s", exc.response.get("error", exc))
    try:
        channel_info = (await client.conversations_info(channel=channel)).get("channel") or {}
        return channel_info.get("creator") == user
    except SlackApiError as exc:
        log.info("conversations.info failed: %s", exc.response.get("error", exc))
        return False
