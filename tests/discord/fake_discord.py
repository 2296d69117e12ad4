"""A small fake Discord on 127.0.0.1 for end-to-end tests through the real discord.py client.

REST (under ``/api/v10``): ``/users/@me``, ``/gateway``, ``/gateway/bot``,
``/oauth2/applications/@me``, ``/applications/{app}/commands`` (+ guild commands),
``/channels/{id}/messages`` and ``/typing``, ``/interactions/{id}/{token}/callback``,
``/webhooks/{app}/{token}`` (+ ``/messages/@original``).  Anything else answers 404 and is
recorded, so a test sees unexpected calls.

Gateway (``/gateway``): HELLO, IDENTIFY -> READY (+ GUILD_CREATE of one server),
HEARTBEAT -> HEARTBEAT_ACK, and :meth:`FakeDiscord.dispatch` for MESSAGE_CREATE and
INTERACTION_CREATE.

discord.py parses a response only when its Content-Type is exactly ``application/json``
(aiohttp's ``json_response`` adds a charset), hence :func:`_json`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

__all__ = ["FakeDiscord", "Recorded", "GOOD_TOKEN", "BOT_ID", "APP_ID", "GUILD_ID", "CHANNEL_ID", "BOT_ROLE_ID"]

GOOD_TOKEN = "fake-good-token"
BOT_ID = 900000000000000001
APP_ID = 900000000000000002
GUILD_ID = 900000000000000003
CHANNEL_ID = 900000000000000004
DM_CHANNEL_ID = 900000000000000005
BOT_ROLE_ID = 900000000000000006
OWNER_ID = 900000000000000007

_ids = itertools.count(910000000000000000)


def next_id() -> int:
    return next(_ids)


def _json(data: Any, status: int = 200) -> web.Response:
    return web.Response(status=status, body=json.dumps(data).encode(), headers={"Content-Type": "application/json"})


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


def user_payload(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {"id": str(user_id), "username": name, "discriminator": "0", "global_name": name, "avatar": None, "bot": bot}


BOT_USER = user_payload(BOT_ID, "layoffbot", bot=True)


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[tuple[str, bytes]] = field(default_factory=list)
    """(filename, content) of multipart file parts."""


class FakeDiscord:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.identifies: list[dict[str, Any]] = []
        self.heartbeats = 0
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.attachments: dict[str, bytes] = {}
        """Files served at ``/attachments/<name>`` (the CDN of uploaded attachments)."""
        self.fail_embeds_in: set[int] = set()
        """Channel ids where a message with embeds is refused (403 Missing Permissions)."""
        self.fail_replies_in: set[int] = set()
        """Channel ids where a reply (message_reference) is refused: no Read Message History."""
        self.extra_guilds: dict[int, int] = {}
        """More servers: guild id -> its one text channel id.  Like Discord, each guild's READY
        entry, GUILD_CREATE and events go only to the shard that owns it ((id >> 22) % count)."""
        self._shard_of_socket: dict[int, tuple[int, int]] = {}
        self.dm_channels: dict[int, int] = {}
        """User id -> the DM channel id opened with ``POST /users/@me/channels``."""
        self.fail_login_with: int | None = None
        """A status for ``/users/@me`` (login), its body echoing the request's Authorization."""
        self._sockets: list[web.WebSocketResponse] = []
        self._seq = 0
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/attachments/{name}", self._attachment)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # ------------------------------------------------------------------ waiting
    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, predicate: Any, timeout: float = 10.0) -> Any:
        """Wait until ``predicate(self)`` is truthy; returns its value."""

        async def check() -> Any:
            async with self._changed:
                while True:
                    value = predicate(self)
                    if value:
                        return value
                    await self._changed.wait()

        return await asyncio.wait_for(check(), timeout)

    def find(self, method: str, path_part: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and path_part in r.path]

    async def wait_request(self, method: str, path_part: str, count: int = 1, timeout: float = 10.0) -> list[Recorded]:
        return await self.wait_for(lambda fake: (found := fake.find(method, path_part)) and len(found) >= count and found, timeout)

    # ------------------------------------------------------------------ gateway
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            payload = json.loads(msg.data)
            op = payload.get("op")
            if op == 1:
                self.heartbeats += 1
                await ws.send_json({"op": 11, "d": None, "s": None, "t": None})
            elif op == 2:
                self.identifies.append(payload["d"])
                shard = payload["d"].get("shard", [0, 1])
                self._shard_of_socket[id(ws)] = (shard[0], shard[1])
                guilds = [g for g in (GUILD_ID, *self.extra_guilds) if self._owns(ws, g)]
                await self._send(
                    ws,
                    "READY",
                    {
                        "v": 10,
                        "user": BOT_USER,
                        "guilds": [{"id": str(g), "unavailable": True} for g in guilds],
                        "session_id": "fake-session",
                        "resume_gateway_url": self.gateway_url,
                        "shard": shard,
                        "application": {"id": str(APP_ID), "flags": 0},
                    },
                )
                for guild in guilds:
                    await self._send(ws, "GUILD_CREATE", self.guild_payload(guild))
            await self._notify()
        self._sockets.remove(ws)
        return ws

    async def _send(self, ws: web.WebSocketResponse, event: str, data: dict[str, Any]) -> None:
        self._seq += 1
        await ws.send_json({"op": 0, "t": event, "s": self._seq, "d": data})

    def _owns(self, ws: web.WebSocketResponse, guild_id: int | None) -> bool:
        shard, count = self._shard_of_socket.get(id(ws), (0, 1))
        return ((int(guild_id) >> 22) % count if guild_id is not None else 0) == shard

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        guild = data.get("guild_id")
        for ws in list(self._sockets):
            if self._owns(ws, int(guild) if guild else None):
                await self._send(ws, event, data)

    def guild_payload(self, guild_id: int = GUILD_ID) -> dict[str, Any]:
        channel_id = CHANNEL_ID if guild_id == GUILD_ID else self.extra_guilds[guild_id]
        return {
            "id": str(guild_id),
            "name": "Tech workers",
            "icon": None,
            "owner_id": str(OWNER_ID),
            "member_count": 3,
            "unavailable": False,
            "features": [],
            "emojis": [],
            "stickers": [],
            "roles": [
                {"id": str(GUILD_ID), "name": "@everyone", "permissions": "1024", "position": 0, "color": 0,
                 "hoist": False, "managed": False, "mentionable": False},
                {"id": str(BOT_ROLE_ID), "name": "layoffbot", "permissions": "116736", "position": 1, "color": 0,
                 "hoist": False, "managed": True, "mentionable": True, "tags": {"bot_id": str(BOT_ID)}},
            ],
            "channels": [{"id": str(channel_id), "type": 0, "name": "layoffs", "position": 0, "guild_id": str(guild_id),
                          "permission_overwrites": []}],
            "members": [{"user": BOT_USER, "roles": [str(BOT_ROLE_ID)], "joined_at": _now(), "deaf": False, "mute": False, "flags": 0}],
            "threads": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "voice_states": [],
            "presences": [],
        }

    # ------------------------------------------------------------------ payload builders for tests
    def message_payload(
        self,
        content: str,
        *,
        author: dict[str, Any],
        guild: bool = True,
        mentions: list[dict[str, Any]] | None = None,
        mention_roles: list[int] | None = None,
        reference_id: int | None = None,
        webhook_id: int | None = None,
        guild_id: int = GUILD_ID,
    ) -> dict[str, Any]:
        channel = (CHANNEL_ID if guild_id == GUILD_ID else self.extra_guilds[guild_id]) if guild else DM_CHANNEL_ID
        data: dict[str, Any] = {
            "id": str(next_id()),
            "channel_id": str(channel),
            "author": author,
            "content": content,
            "timestamp": _now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": mentions or [],
            "mention_roles": [str(r) for r in (mention_roles or [])],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 19 if reference_id else 0,
        }
        if guild:
            data["guild_id"] = str(guild_id)
            data["member"] = {"roles": [], "joined_at": _now(), "deaf": False, "mute": False, "flags": 0}
        if reference_id:
            data["message_reference"] = {"message_id": str(reference_id), "channel_id": data["channel_id"]}
        if webhook_id:
            data["webhook_id"] = str(webhook_id)
        return data

    def interaction_payload(
        self,
        name: str,
        options: list[dict[str, Any]],
        *,
        user: dict[str, Any],
        kind: int = 2,
        guild: bool = True,
        permissions: int = 1024,
    ) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(next_id()),
            "application_id": str(APP_ID),
            "type": kind,
            "token": f"itoken-{next_id()}",
            "version": 1,
            "data": {"id": str(next_id()), "name": name, "type": 1, "options": options},
            "channel_id": str(CHANNEL_ID if guild else DM_CHANNEL_ID),
            "channel": {"id": str(CHANNEL_ID if guild else DM_CHANNEL_ID), "type": 0 if guild else 1, "name": "layoffs",
                        "position": 0, "guild_id": str(GUILD_ID), "permission_overwrites": []},
            "locale": "en-US",
            "app_permissions": "116736",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(GUILD_ID)},
            "context": 0 if guild else 1,
            "attachment_size_limit": 10485760,
        }
        if guild:
            data["guild_id"] = str(GUILD_ID)
            data["guild_locale"] = "en-US"
            data["member"] = {"user": user, "roles": [], "joined_at": _now(), "deaf": False, "mute": False, "flags": 0,
                              "permissions": str(permissions)}
        else:
            data["user"] = user
            data["channel"] = {"id": str(DM_CHANNEL_ID), "type": 1, "recipients": [user]}
        return data

    def component_payload(self, custom_id: str, *, user: dict[str, Any], message_id: int = 0) -> dict[str, Any]:
        """A button click (INTERACTION_CREATE type 3) on the bot's message ``message_id``."""
        data = self.interaction_payload("", [], user=user, kind=3)
        data["data"] = {"custom_id": custom_id, "component_type": 2}
        message = dict(self.messages.get(message_id) or self._stored_message(str(CHANNEL_ID), {}, []))
        data["message"] = message
        return data

    def modal_submit_payload(self, modal: dict[str, Any], values: dict[str, str], *, user: dict[str, Any]) -> dict[str, Any]:
        """Submitting the modal the bot opened (callback type 9 ``data``) with ``values`` by custom_id;
        fields not in ``values`` keep the value the bot pre-filled."""
        rows = []
        for row in modal["components"]:
            inner = row["components"] if row["type"] == 1 else [row["component"]]
            rows.append({"type": 1, "components": [
                {"type": 4, "custom_id": c["custom_id"], "value": values.get(c["custom_id"], c.get("value") or "")}
                for c in inner]})
        data = self.interaction_payload("", [], user=user, kind=5)
        data["data"] = {"custom_id": modal["custom_id"], "components": rows}
        return data

    def attachment_option(self, payload: dict[str, Any], option_path: list[str], name: str, content: bytes) -> None:
        """Attach ``content`` as file option ``option_path[-1]`` (inside subcommand options) of ``payload``."""
        attachment_id = str(next_id())
        self.attachments[name] = content
        payload["data"].setdefault("resolved", {})["attachments"] = {attachment_id: {
            "id": attachment_id, "filename": name, "size": len(content), "content_type": "text/csv",
            "url": f"http://127.0.0.1:{self.port}/attachments/{name}",
            "proxy_url": f"http://127.0.0.1:{self.port}/attachments/{name}"}}
        options = payload["data"]["options"]
        for part in option_path[:-1]:
            options = next(o for o in options if o["name"] == part)["options"]
        options.append({"name": option_path[-1], "type": 11, "value": attachment_id})

    async def _attachment(self, request: web.Request) -> web.Response:
        content = self.attachments.get(request.match_info["name"])
        if content is None:
            return web.Response(status=404)
        return web.Response(body=content, headers={"Content-Type": "text/csv"})

    # ------------------------------------------------------------------ REST
    async def _body(self, request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            payload = json.loads(form["payload_json"]) if "payload_json" in form else {}
            files = [(part.filename, part.file.read()) for key, part in form.items() if hasattr(part, "file")]
            return payload, files
        raw = await request.read()
        return (json.loads(raw) if raw else None), []

    def _stored_message(self, channel_id: str, payload: dict[str, Any], files: list[tuple[str, bytes]]) -> dict[str, Any]:
        message = {
            "id": str(next_id()),
            "channel_id": channel_id,
            "author": BOT_USER,
            "content": payload.get("content") or "",
            "timestamp": _now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [
                {"id": str(next_id()), "filename": name, "size": len(content), "url": f"https://cdn.invalid/{name}",
                 "proxy_url": f"https://cdn.invalid/{name}"}
                for name, content in files
            ],
            "embeds": payload.get("embeds") or [],
            "pinned": False,
            "type": 19 if payload.get("message_reference") else 0,
            "flags": payload.get("flags", 0),
        }
        self.messages[int(message["id"])] = message
        return message

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body, files = await self._body(request)
        self.requests.append(Recorded(request.method, path, dict(request.query), body, files))
        try:
            return self._route(request, path, body, files)
        finally:
            await self._notify()

    def _route(self, request: web.Request, path: str, body: Any, files: list[tuple[str, bytes]]) -> web.StreamResponse:
        method = request.method
        parts = path.strip("/").split("/")
        authorized = request.headers.get("Authorization") == f"Bot {GOOD_TOKEN}"
        if not path.startswith(("/interactions/", "/webhooks/")) and not authorized:
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        if method == "GET" and path == "/users/@me" and self.fail_login_with:
            echoed = request.headers.get("Authorization", "")
            return _json({"message": f"refused; you sent Authorization: {echoed}", "code": 0}, status=self.fail_login_with)
        if method == "GET" and path == "/users/@me":
            return _json(BOT_USER)
        if method == "GET" and path in ("/gateway", "/gateway/bot"):
            return _json({"url": self.gateway_url, "shards": 1,
                          "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0,
                                                  "max_concurrency": 1}})
        if method == "GET" and path == "/oauth2/applications/@me":
            return _json({"id": str(APP_ID), "name": "layoffbot", "description": "", "icon": None,
                          "bot_public": True, "bot_require_code_grant": False, "owner": user_payload(OWNER_ID, "owner"),
                          "verify_key": "0" * 64, "flags": 0, "team": None, "rpc_origins": []})
        if parts[0] == "applications" and parts[-1] == "commands":
            key = path
            if method == "PUT":
                # Discord answers context menus (no description sent) with an empty description.
                self.commands[key] = [dict({"description": ""}, **c, id=str(next_id()), application_id=str(APP_ID),
                                           version="1") for c in body]
            return _json(self.commands.get(key, []))
        if method == "POST" and path == "/users/@me/channels":  # open the DM with a user (user.send)
            recipient = int(body["recipient_id"])
            channel_id = self.dm_channels.setdefault(recipient, next_id())
            return _json({"id": str(channel_id), "type": 1, "recipients": [user_payload(recipient, "member")]})
        if method == "GET" and parts[0] == "users" and len(parts) == 2 and parts[1].isdigit():
            return _json(user_payload(int(parts[1]), "member"))
        if parts[0] == "channels" and len(parts) == 2 and method == "GET":
            if int(parts[1]) == DM_CHANNEL_ID:
                return _json({"id": str(DM_CHANNEL_ID), "type": 1, "recipients": [user_payload(OWNER_ID, "owner")]})
            return _json({"message": "Unknown Channel", "code": 10003}, status=404)
        if parts[0] == "channels" and parts[-1] == "typing" and method == "POST":
            return web.Response(status=204)
        if parts[0] == "channels" and parts[-1] == "messages" and method == "POST":
            if int(parts[1]) in self.fail_embeds_in and body.get("embeds"):
                return _json({"message": "Missing Permissions", "code": 50013}, status=403)
            if int(parts[1]) in self.fail_replies_in and body.get("message_reference"):
                return _json({"message": "Missing Permissions", "code": 50013}, status=403)
            return _json(self._stored_message(parts[1], body, files))
        if parts[0] == "interactions" and parts[-1] == "callback" and method == "POST":
            kind = body["type"]
            interaction = {"id": parts[1], "type": 2, "response_message_loading": kind == 5,
                           "response_message_ephemeral": bool((body.get("data") or {}).get("flags", 0) & 64)}
            if kind in (4, 5):
                message = self._stored_message(str(CHANNEL_ID), body.get("data") or {}, files)
                interaction["response_message_id"] = message["id"]
                return _json({"interaction": interaction, "resource": {"type": kind, "message": message}})
            return _json({"interaction": interaction})
        if parts[0] == "webhooks":
            if method == "POST" and len(parts) == 3:
                return _json(self._stored_message(str(CHANNEL_ID), body or {}, files))
            if len(parts) >= 5 and parts[3] == "messages":
                return _json(self._stored_message(str(CHANNEL_ID), body or {}, files))
        return _json({"message": "404: Not Found", "code": 0}, status=404)
