"""Run the app: HTTP mode (Starlette + uvicorn, a production ASGI server) or Socket Mode.

HTTP routes: ``POST /slack/events`` (commands, events, interactions; Bolt verifies the
signature of each) and ``GET /health`` (``{"status": "ok"}``, for load balancers); for an app
installable into any workspace also bolt's ``GET /slack/install`` and ``GET /slack/oauth_redirect``.
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

__all__ = ["EVENTS_PATH", "HEALTH_PATH", "build_asgi_app", "build_uvicorn_server", "run_http", "connect_socket_mode", "run_socket_mode"]

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/health"

log = logging.getLogger(__name__)


def build_asgi_app(app: AsyncApp, *, path: str = EVENTS_PATH) -> Starlette:
    handler = AsyncSlackRequestHandler(app)

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
    return Starlette(
        routes=routes,
        lifespan=lifespan,
    )


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
