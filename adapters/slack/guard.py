"""The ASGI guard in front of Bolt's handler: every hostile request is refused before any work.

In order, for ``POST <events path>`` (other routes pass through untouched):

1. **Size**: a ``Content-Length`` over :data:`MAX_BODY_BYTES` (1 MiB) is refused with 413 at
   once; the body is read chunk by chunk and refused with 413 as soon as more than that arrived,
   whatever the header said (chunked bodies included).  A body that takes longer than
   :data:`BODY_TIMEOUT` seconds to arrive is refused with 408; while the bodies being read
   together would exceed :data:`BODY_BUDGET` (16 MiB), more are refused with 503.
2. **Signature** (Slack's v0 scheme, checked here on the raw bytes): a missing, non-numeric or
   stale (over five minutes) timestamp, or a wrong signature, is 401.
3. **Shape**: bodies that are not UTF-8, not the form or JSON Slack sends, or lack the fields
   the listeners rely on (or carry them with the wrong types) are 400 — see :data:`REQUIRED`.
4. **Replays**: a signature already handled within :data:`REPLAY_TTL` is answered 200 with an
   empty body and not run again (``remember_once`` of :mod:`adapters.common.once`).

Each refusal is one log line with the reason and the client address — never the body or a
header value, so nothing in a request can leak a secret into the log or forge a log line.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import time
import urllib.parse
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from adapters.common.once import OnceStore

__all__ = ["BODY_BUDGET", "BODY_TIMEOUT", "buffered_bytes", "MAX_BODY_BYTES", "REPLAY_TTL", "REQUIRED", "SlackRequestGuard", "payload_problem"]

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY_BYTES = 1024 * 1024
"""Largest request body accepted (Slack's payloads are a few kB; a big modal is tens of kB)."""
BODY_TIMEOUT = 10.0
"""Seconds a client has to send the whole body (slow senders hold no connection longer)."""
SIGNATURE_WINDOW = 300
"""Slack's window: a request timestamped more than five minutes away from now is stale."""
REPLAY_TTL = 2 * SIGNATURE_WINDOW
"""How long handled signatures are remembered: the window on both sides of now."""
BODY_BUDGET = 16 * 1024 * 1024
"""Bytes of request bodies held at once by this process, all requests together: beyond it a
request is refused with 503 (Slack retries), so slow bodies cannot add up to the connection
limit times the body limit."""

_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")

#: Fields each payload ``type`` must carry, as (dotted path, type); ``?`` marks a field that may
#: be absent but must have that type when present.  Extend by adding a row.
REQUIRED: dict[str, tuple[tuple[str, type], ...]] = {
    "command": (("command", str), ("user_id", str), ("channel_id", str), ("text?", str),
                ("response_url?", str), ("trigger_id?", str), ("team_id?", str)),
    "url_verification": (("challenge", str),),
    "app_rate_limited": (),
    "event_callback": (("event", dict), ("event.type", str), ("event_id", str), ("team_id?", str),
                       ("authorizations?", list), ("event.user?", str), ("event.text?", str),
                       ("event.ts?", str), ("event.thread_ts?", str), ("event.channel?", str),
                       ("event.channel_type?", str), ("event.subtype?", str), ("event.bot_id?", str),
                       ("event.tab?", str), ("event.files?", list)),
    "block_actions": (("user", dict), ("user.id", str), ("actions", list), ("response_url?", str),
                      ("team?", dict), ("channel?", dict), ("trigger_id?", str)),
    "view_submission": (("user", dict), ("user.id", str), ("view", dict), ("view.callback_id", str),
                        ("view.state", dict), ("view.state.values", dict), ("view.private_metadata?", str),
                        ("team?", dict)),
    "view_closed": (("user", dict), ("user.id", str), ("view", dict), ("view.callback_id?", str)),
    "block_suggestion": (("user", dict), ("user.id", str), ("action_id", str), ("value", str), ("team?", dict)),
    "message_action": (("callback_id", str), ("user", dict), ("user.id", str), ("response_url?", str),
                       ("message?", dict), ("message.text?", str), ("team?", dict), ("channel?", dict)),
    "shortcut": (("callback_id", str), ("user", dict), ("user.id", str), ("team?", dict)),
    # Per event type (``event:<type>``), on top of ``event_callback``'s rows:
    "event:app_mention": (("event.channel", str), ("event.ts", str)),
    "event:message": (("event.channel", str),),
    "event:app_home_opened": (("event.user", str),),
}


class _TooLarge(Exception):
    pass


class _OverBudget(Exception):
    pass


class _Budget:
    """Bytes of bodies being read right now, in this process (one event loop: no lock)."""

    def __init__(self) -> None:
        self.held = 0

    def take(self, size: int) -> None:
        if self.held + size > BODY_BUDGET:
            raise _OverBudget
        self.held += size

    def give_back(self, size: int) -> None:
        self.held -= size


_BUDGET = _Budget()


def buffered_bytes() -> int:
    """Bytes of request bodies this process holds right now (tests, diagnostics)."""
    return _BUDGET.held


class _Disconnected(Exception):
    pass


def _lookup(doc: dict[str, Any], path: str) -> tuple[bool, Any]:
    node: Any = doc
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _shape_problem(kind: str, doc: dict[str, Any]) -> str | None:
    if ":" in kind:  # the per-event rows are not payload types
        return "unknown payload type"
    problem = _rows_problem(kind, doc)
    if problem is None and kind == "event_callback":
        problem = _rows_problem("event:" + doc["event"]["type"], doc, unknown_ok=True)
    return problem


def _rows_problem(kind: str, doc: dict[str, Any], *, unknown_ok: bool = False) -> str | None:
    rules = REQUIRED.get(kind)
    if rules is None and unknown_ok:
        return None
    if rules is None:
        return "unknown payload type"
    for path, expected in rules:
        optional = path.endswith("?")
        found, value = _lookup(doc, path.rstrip("?"))
        if not found:
            if optional:
                continue
            return f"missing field {path}"
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            return f"field {path.rstrip('?')} has the wrong type"
    if kind == "block_actions" and not all(isinstance(a, dict) and isinstance(a.get("action_id"), str)
                                           and isinstance(a.get("value", ""), str) for a in doc["actions"]):
        return "malformed actions"
    return None


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return doc if isinstance(doc, dict) else None


def payload_problem(body: bytes, content_type: str) -> str | None:
    """Why a (signed) body is not one Slack would send, or None when it is well-formed."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "body is not UTF-8"
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/json":
        doc = _json_object(text)
        if doc is None:
            return "body is not a JSON object"
        kind = doc.get("type")
        return _shape_problem(kind, doc) if isinstance(kind, str) else "missing field type"
    if media != "application/x-www-form-urlencoded":
        return "unsupported content type"
    try:
        pairs = urllib.parse.parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text),
                                       errors="strict", max_num_fields=200)
    except (ValueError, UnicodeDecodeError):
        return "malformed form body"
    form: dict[str, Any] = {}
    for key, value in pairs:
        if key in form:
            return f"repeated field {key}"
        form[key] = value
    if "payload" in form:
        doc = _json_object(form["payload"])
        if doc is None:
            return "payload is not a JSON object"
        kind = doc.get("type")
        return _shape_problem(kind, doc) if isinstance(kind, str) else "missing field type"
    if "ssl_check" in form:
        return None
    if "command" in form:
        return _shape_problem("command", form)
    return "neither a command nor a payload"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _client(scope: Scope) -> str:
    client = scope.get("client")
    return f"{client[0]}:{client[1]}" if client else "unknown client"


async def _respond(send: Send, status: int, body: bytes = b"") -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    if status >= 400:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _Disconnected
            chunk = message.get("body", b"")
            if size + len(chunk) > limit:
                raise _TooLarge
            _BUDGET.take(len(chunk))
            size += len(chunk)
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)
    finally:
        _BUDGET.give_back(size)  # the joined body is handed on; the budget bounds bodies in flight


class SlackRequestGuard:
    """ASGI middleware: refuses oversized, slow, unsigned, stale, malformed and replayed Slack
    requests before the wrapped app (Bolt's handler) sees them."""

    def __init__(self, app: ASGIApp, *, signing_secret: str, path: str, once: OnceStore,
                 max_body: int | None = None, body_timeout: float | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        if not signing_secret:
            raise ValueError("the Slack request guard needs the signing secret")
        self.app = app
        self._secret = signing_secret.encode()
        self.path = path
        self.once = once
        self.max_body = MAX_BODY_BYTES if max_body is None else max_body
        self.body_timeout = BODY_TIMEOUT if body_timeout is None else body_timeout
        self._clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") != self.path or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        length = _header(scope, b"content-length")
        if length is not None and (not length.isascii() or not length.isdigit()):
            return await self._refuse(scope, send, 400, "invalid Content-Length")
        if length is not None and int(length) > self.max_body:
            return await self._refuse(scope, send, 413, "body over the size limit (Content-Length)")
        try:
            body = await asyncio.wait_for(_read_body(receive, self.max_body), self.body_timeout)
        except _TooLarge:
            return await self._refuse(scope, send, 413, "body over the size limit")
        except _OverBudget:
            return await self._refuse(scope, send, 503, "too many request bodies in flight")
        except TimeoutError:
            return await self._refuse(scope, send, 408, "body not received in time")
        except _Disconnected:
            return None
        signature = _header(scope, b"x-slack-signature") or ""
        problem = self._signature_problem(_header(scope, b"x-slack-request-timestamp"), signature, body)
        if problem:
            return await self._refuse(scope, send, 401, problem)
        problem = payload_problem(body, _header(scope, b"content-type") or "")
        if problem:
            return await self._refuse(scope, send, 400, problem)
        try:
            first = await asyncio.to_thread(self.once.remember_once, "slack:signature:" + signature, REPLAY_TTL)
        except Exception as exc:  # noqa: BLE001 - never a traceback per request; Slack retries a 503
            return await self._refuse(scope, send, 503, f"replay store unavailable ({type(exc).__name__})")
        if not first:
            log.warning("dropped a replayed Slack request from %s", _client(scope))
            return await _respond(send, 200)
        await self.app(scope, _replay(body, receive), send)

    def _signature_problem(self, timestamp: str | None, signature: str, body: bytes) -> str | None:
        if timestamp is None or not signature:
            return "unsigned request"
        if not _TIMESTAMP.fullmatch(timestamp):
            return "non-numeric timestamp"
        if abs(self._clock() - int(timestamp)) > SIGNATURE_WINDOW:
            return "stale timestamp"
        if not _SIGNATURE.fullmatch(signature):
            return "malformed signature"
        expected = "v0=" + hmac.new(self._secret, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            return "invalid signature"
        return None

    async def _refuse(self, scope: Scope, send: Send, status: int, reason: str) -> None:
        log.warning("refused a Slack request from %s: %s (HTTP %d)", _client(scope), reason, status)
        await _respond(send, status)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that yields the body already read, then the client's later messages."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
