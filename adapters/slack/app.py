"""The app factory: a Bolt ``AsyncApp`` wired to the core, like ``slack_bolt``'s own adapters.

``create_app(settings, engine)`` builds the Web API client (rate-limit and connection retries,
``SLACK_API_URL`` as base URL), the app with signature verification on, and registers the
listeners of :mod:`adapters.slack.listeners`.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.common.shared_state import StoredAnswers
from adapters.common.state_store import StateStore
from adapters.slack.bridge import AsyncEngine, EngineBridge, EngineLike
from adapters.slack.listeners import SlackListeners
from adapters.slack.settings import SlackSettings, SlackSettingsError
from adapters.slack.state import SharedSeenEvents
from adapters.slack.workspaces import Workspaces

__all__ = ["TokenCheckFailed", "check_app_token", "check_bot_token", "create_app", "create_web_client"]

#: auth.test errors that mean the token itself is wrong (not a network hiccup).
_BAD_TOKEN_ERRORS = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type"}


class TokenCheckFailed(Exception):
    """auth.test failed for a reason other than a bad token (``ratelimited``, ``fatal_error``
    ...): the token may well be fine.  ``error`` is Slack's error code (never the response
    body, which may echo the request's headers)."""

    def __init__(self, error: str) -> None:
        self.error = error
        super().__init__(f"auth.test answered {error or 'an error'}")


def create_web_client(settings: SlackSettings, *, rate_limit_retries: int = 3, token: str | None = None) -> AsyncWebClient:
    """The bot's Web API client (``token``: a workspace's, in OAuth mode).  Rate-limited calls
    (429) wait ``Retry-After`` and retry, per client, so per workspace."""
    kwargs: dict[str, Any] = {}
    if settings.api_url:
        kwargs["base_url"] = settings.api_url
    return AsyncWebClient(
        token=token or settings.bot_token,
        retry_handlers=[
            AsyncRateLimitErrorRetryHandler(max_retry_count=rate_limit_retries),
            AsyncConnectionErrorRetryHandler(max_retry_count=1),
        ],
        **kwargs,
    )


def create_app(
    settings: SlackSettings,
    engine: EngineLike | None = None,
    *,
    bridge: EngineBridge | None = None,
    client: AsyncWebClient | None = None,
    logger: logging.Logger | None = None,
    alerts: bool | None = None,
    state: StateStore | None = None,
    installation_store: Any = None,
) -> AsyncApp:
    """A ready Bolt app over the core: either an ``engine`` object (run in a worker thread) or
    a ``bridge`` (e.g. :class:`~adapters.slack.bridge.ProcessEngine`).  The listeners object is
    reachable as ``app.layoffbot`` (tests, server).  ``alerts`` (default: when the core's
    database is reachable) runs the subscribed channels' alert loop while serving.  ``state``
    (a shared :class:`~adapters.common.state_store.StateStore`) keeps retried-delivery ids and
    Show-all answers where every process of the app sees them; without it, in this process.

    With ``settings.oauth`` (client id and secret, no bot token) the app is installable into
    any workspace: bolt's OAuth flow on ``/slack/install`` and ``/slack/oauth_redirect``, each
    request authorized with its workspace's token from ``installation_store`` (default:
    slack_sdk's SQLite store in ``state``'s database file, see :mod:`adapters.slack.oauth`)."""
    if (engine is None) == (bridge is None):
        raise TypeError("create_app needs exactly one of engine= or bridge=")
    oauth: dict[str, Any] = {}
    workspaces = Workspaces()
    if settings.oauth:
        from adapters.slack.oauth import (
            create_installation_store,
            create_oauth_settings,
        )

        if state is None:
            raise TypeError("an installable app (OAuth) needs state= for its OAuth state")
        if installation_store is None:
            path = getattr(state, "path", None)
            if path is None or path == ":memory:":
                raise TypeError("installations need a database file: pass installation_store=")
            installation_store = create_installation_store(settings, path)
        oauth["oauth_settings"] = create_oauth_settings(settings, installation_store=installation_store, state=state)
        workspaces = Workspaces(installation_store, lambda token: create_web_client(settings, token=token))
    app = AsyncApp(
        client=client or create_web_client(settings),
        # Socket Mode needs no signing secret (the websocket is authenticated by the app token);
        # HTTP requests are always verified: load_settings refuses HTTP mode without one.
        signing_secret=settings.signing_secret or "",
        request_verification_enabled=True,
        ignoring_self_events_enabled=True,
        process_before_response=False,
        name="layoffbot",
        logger=logger,
        **oauth,
    )
    listeners = SlackListeners(
        bridge=bridge if bridge is not None else AsyncEngine(engine),  # type: ignore[arg-type]
        private_by_default=settings.private_by_default,
        admin_channel=settings.admin_channel,
        alerts_enabled=alerts if alerts is not None else (bridge is not None or hasattr(engine, "db")),
        workspaces=workspaces,
        **_shared_state(state),
    )
    listeners.register(app)
    app.layoffbot = listeners  # type: ignore[attr-defined]
    return app


def _shared_state(state: StateStore | None) -> dict[str, Any]:
    if state is None:
        return {}
    # The state store's remember_once also backs the request guard's replay check and the admin
    # commands' trigger ids: a replay is dropped whichever process (or host, with Redis) it reaches.
    return {"seen": SharedSeenEvents(state), "answers": StoredAnswers(state), "once": state}


async def check_bot_token(settings: SlackSettings) -> dict[str, str]:
    """Ask Slack (auth.test) whether the bot token works, before serving anything.

    Returns the workspace and bot identity; raises :class:`SlackSettingsError` naming
    SLACK_BOT_TOKEN when Slack refuses it, :class:`TokenCheckFailed` for Slack's other errors.
    Network errors are left to the caller.
    """
    client = create_web_client(settings, rate_limit_retries=1)
    try:
        result = await client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error", "") if exc.response is not None else ""
        if error in _BAD_TOKEN_ERRORS:
            raise SlackSettingsError("SLACK_BOT_TOKEN", f"was refused by Slack ({error})") from None
        raise TokenCheckFailed(str(error)) from None
    return {"team": str(result.get("team", "")), "user": str(result.get("user", "")), "url": str(result.get("url", ""))}


async def check_app_token(settings: SlackSettings) -> None:
    """Socket Mode: ask Slack for a connection URL once with the app token, so a refused token
    stops the start with a clear message (the Socket Mode client itself would retry forever)."""
    if not settings.app_token:
        return
    client = create_web_client(settings, rate_limit_retries=1)
    try:
        await client.apps_connections_open(app_token=settings.app_token)
    except SlackApiError as exc:
        error = exc.response.get("error", "") if exc.response is not None else ""
        raise SlackSettingsError("SLACK_APP_TOKEN", f"was refused by Slack ({error or 'error'})") from None
