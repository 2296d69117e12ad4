"""Run the app: HTTP mode (Starlette + uvicorn, a production ASGI server) or Socket Mode.

HTTP routes: ``POST /slack/events`` (commands, events, interactions; the
:class:`~adapters.slack.guard.SlackRequestGuard` refuses oversized, slow, unsigned, stale,
malformed and replayed requests before Bolt, which verifies the signature again) and
``GET /health`` (``{"status": "ok"}``, for load balancers); for an app installable into any
workspace also bolt's ``GET /slack/install`` and ``GET /slack/oauth_redirect``.

Connection limits (uvicorn): at most :data:`MAX_CONNECTIONS` open connections (more get 503),
:data:`HEADER_TIMEOUT` seconds to send a request's headers (half-open and slow-header
connections are closed), :data:`KEEP_ALIVE_TIMEOUT` seconds idle between requests, request
heads up to 16 KiB (h11's default).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import AsyncIterator

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from uvicorn.protocols.http.h11_impl import H11Protocol

from adapters.common.once import OnceStore, SQLiteOnce
from adapters.slack.guard import SlackRequestGuard

__all__ = ["EVENTS_PATH", "HEALTH_PATH", "GuardedH11Protocol", "build_asgi_app", "build_uvicorn_server", "connect_socket_mode", "run_http",
           "run_socket_mode"]

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/health"

log = logging.getLogger(__name__)

MAX_CONNECTIONS = 256
"""Open connections served at once; beyond, uvicorn answers 503 (Slack retries events)."""
HEADER_TIMEOUT = 10.0
"""Seconds from connecting (or from the last response) to a complete request head."""
KEEP_ALIVE_TIMEOUT = 5
"""Seconds an idle keep-alive connection is kept (uvicorn's default)."""


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, plus a deadline for the request head: uvicorn itself only times
    out connections idle after a response, so one that connects and sends nothing (or one byte
    at a time) would be held forever."""

    header_timeout: float = HEADER_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_deadline: asyncio.TimerHandle | None = None
        self._arm_head_deadline()

    def _arm_head_deadline(self) -> None:
        self._cancel_head_deadline()
        self._head_deadline = self.loop.call_later(self.header_timeout, self._head_too_slow)

    def _cancel_head_deadline(self) -> None:
        if getattr(self, "_head_deadline", None) is not None:
            self._head_deadline.cancel()  # type: ignore[union-attr]
            self._head_deadline = None

    def _head_too_slow(self) -> None:
        self._head_deadline = None
        if not self.transport.is_closing() and (self.cycle is None or self.cycle.response_complete):
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        cycle = self.cycle
        super().data_received(data)
        if self.cycle is not None and self.cycle is not cycle:  # a complete request head arrived
            self._cancel_head_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.cycle is not None and self.cycle.response_complete:
            self._arm_head_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_deadline()
        super().connection_lost(exc)


def _once_store(app: AsyncApp) -> OnceStore:
    listeners = getattr(app, "layoffbot", None)
    store = getattr(listeners, "once", None)
    return store if store is not None else SQLiteOnce()


def build_asgi_app(app: AsyncApp, *, path: str = EVENTS_PATH, signing_secret: str | None = None,
                   once: OnceStore | None = None) -> Starlette:
    """The Starlette app; ``POST path`` goes through the request guard to Bolt.  The signing
    secret defaults to the Bolt app's, the replay store to ``app.layoffbot.once``."""
    handler = AsyncSlackRequestHandler(app)
    secret = signing_secret if signing_secret is not None else getattr(app, "_signing_secret", "")

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        alerts = await start_alert_loop(app)
        yield
        if alerts is not None:
            alerts.cancel()
        await _close_http(app)

    routes = [Route(path, events, methods=["POST"]), Route(HEALTH_PATH, health, methods=["GET"])]
    if app.oauth_flow is not None:  # bolt's install page and OAuth redirect (GET)
        routes += [Route(app.oauth_flow.install_path, events, methods=["GET"]),
                   Route(app.oauth_flow.redirect_uri_path, events, methods=["GET"])]
    starlette = Starlette(
        routes=routes,
        lifespan=lifespan,
    )
    starlette.add_middleware(SlackRequestGuard, signing_secret=secret, path=path, once=once or _once_store(app))
    return starlette


async def start_alert_loop(app: AsyncApp) -> "asyncio.Task[None] | None":
    """Background alerts for subscribed channels (issue 6), when the core supports them.  The
    alert cursor is set before serving, so the first write made here is never missed."""
    listeners = getattr(app, "layoffbot", None)
    admin = getattr(listeners, "admin", None)
    if admin is None or not getattr(listeners, "alerts_enabled", False):
        return None
    try:
        await admin.post_pending_alerts(app.client)
    except Exception:
        log.exception("alerts are unavailable")
        return None
    return asyncio.get_running_loop().create_task(admin.alert_loop(app.client))


async def _close_http(app: AsyncApp) -> None:
    listeners = getattr(app, "layoffbot", None)
    if listeners is not None:
        await listeners.http.close()


def build_uvicorn_server(app: AsyncApp, *, host: str = "0.0.0.0", port: int = 3000, path: str = EVENTS_PATH):  # type: ignore[no-untyped-def]
    import uvicorn

    config = uvicorn.Config(
        build_asgi_app(app, path=path),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,  # request lines would be noise; errors are logged by the app
        # uvicorn's loggers propagate to the root handlers, where the secret-redacting filter is.
        log_config=None,
        lifespan="on",  # closes the shared HTTP session on shutdown
        http=GuardedH11Protocol,
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=KEEP_ALIVE_TIMEOUT,
    )
    return uvicorn.Server(config)


def run_http(app: AsyncApp, *, host: str = "0.0.0.0", port: int = 3000, path: str = EVENTS_PATH,
             sock: socket.socket | None = None) -> None:
    server = build_uvicorn_server(app, host=host, port=port, path=path)
    log.warning("layoffbot Slack app listening on http://%s:%d%s (health: %s)", host, port, path, HEALTH_PATH)
    server.run(sockets=[sock] if sock else None)


async def connect_socket_mode(app: AsyncApp, app_token: str) -> AsyncSocketModeHandler:
    """Open the Socket Mode connection (apps.connections.open with the app token, then the
    websocket); envelopes are acknowledged by Bolt over the socket."""
    handler = AsyncSocketModeHandler(app, app_token)
    await handler.connect_async()
    return handler


async def _serve_socket_mode(app: AsyncApp, app_token: str) -> None:
    handler = await connect_socket_mode(app, app_token)
    alerts = await start_alert_loop(app)
    try:
        await asyncio.Event().wait()  # until interrupted; the client reconnects by itself
    finally:
        if alerts is not None:
            alerts.cancel()
        await handler.close_async()
        await _close_http(app)


def run_socket_mode(app: AsyncApp, app_token: str) -> None:
    """Serve over Socket Mode until interrupted.  A refused app token raises
    :class:`~adapters.slack.settings.SlackSettingsError` naming SLACK_APP_TOKEN."""
    from slack_sdk.errors import SlackApiError

    from adapters.slack.settings import SlackSettingsError

    log.warning("layoffbot Slack app connecting in Socket Mode")
    try:
        asyncio.run(_serve_socket_mode(app, app_token))
    except KeyboardInterrupt:
        pass
    except SlackApiError as exc:
        error = exc.response.get("error", "") if exc.response is not None else ""
        raise SlackSettingsError("SLACK_APP_TOKEN", f"was refused by Slack ({error or 'error'})") from None
