"""Installing the app into any workspace: bolt's OAuth flow with slack_sdk's stores.

- Routes (bolt's): ``GET /slack/install`` (the "Add to Slack" page; issues a state and sets
  the state cookie) and ``GET /slack/oauth_redirect`` (Slack sends the installer back with a
  code; bolt exchanges it with ``oauth.v2.access`` and saves the installation).
- Installations: slack_sdk's :class:`SQLite3InstallationStore` in the layoffbot database file
  (tables ``slack_installations`` / ``slack_bots``), or its :class:`SQLAlchemyInstallationStore`
  when ``SLACK_INSTALLATION_DB`` is a SQLAlchemy URL (e.g. PostgreSQL shared by several hosts).
  Both are synchronous: every call runs in a worker thread, never on the event loop.
- OAuth state: the shared :class:`~adapters.common.state_store.StateStore` (set-if-absent with
  the state's expiry, consumed atomically), so an install started on one instance can finish
  on another, on one host (SQLite) or across hosts (Redis).
- Every request's token is the workspace's own: bolt's installation-store authorize looks it
  up by team id; :func:`bot_token_for` does the same for alerts posted outside a request.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import sqlite3
from typing import Any

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import (
    AsyncInstallationStore,
)
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from adapters.common.state_store import StateStore
from adapters.slack.settings import SlackSettings, SlackSettingsError

__all__ = [
    "BOT_SCOPES",
    "INSTALL_PATH",
    "REDIRECT_PATH",
    "SharedOAuthStateStore",
    "ThreadedInstallationStore",
    "bot_token_for",
    "create_installation_store",
    "create_oauth_settings",
]

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
#: The bot scopes asked at install (the same as manifest.yml's).
BOT_SCOPES = ("commands", "app_mentions:read", "chat:write", "im:history", "files:write", "files:read",
              "users:read", "channels:read")
STATE_TTL = 600


class SharedOAuthStateStore(AsyncOAuthStateStore):
    """OAuth ``state`` values in the shared StateStore: issued once, consumed once, anywhere."""

    def __init__(self, store: StateStore, *, expiration_seconds: int = STATE_TTL) -> None:
        self.store = store
        self.expiration_seconds = expiration_seconds

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(24)
        await asyncio.to_thread(self.store.add, f"slack:oauth_state:{state}", "1", self.expiration_seconds)
        return state

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self.store.take, f"slack:oauth_state:{state}") is not None


class ThreadedInstallationStore(AsyncInstallationStore):
    """A synchronous slack_sdk installation store, each call run in a worker thread."""

    def __init__(self, sync_store: Any) -> None:
        self.sync_store = sync_store

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self.sync_store.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self.sync_store.save_bot, bot)

    async def async_find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                             is_enterprise_install: bool | None = False) -> Bot | None:
        return await asyncio.to_thread(self.sync_store.find_bot, enterprise_id=enterprise_id, team_id=team_id,
                                       is_enterprise_install=is_enterprise_install)

    async def async_find_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                      user_id: str | None = None,
                                      is_enterprise_install: bool | None = False) -> Installation | None:
        return await asyncio.to_thread(self.sync_store.find_installation, enterprise_id=enterprise_id,
                                       team_id=team_id, user_id=user_id, is_enterprise_install=is_enterprise_install)

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await asyncio.to_thread(self.sync_store.delete_bot, enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                        user_id: str | None = None) -> None:
        await asyncio.to_thread(self.sync_store.delete_installation, enterprise_id=enterprise_id,
                                team_id=team_id, user_id=user_id)


def create_installation_store(settings: SlackSettings, db_path: str) -> ThreadedInstallationStore:
    """SQLAlchemy when ``SLACK_INSTALLATION_DB`` is set, else SQLite in the database file."""
    assert settings.client_id is not None
    if settings.installation_db:
        try:
            import sqlalchemy  # type: ignore[import-not-found]  # optional: only with SLACK_INSTALLATION_DB
            from slack_sdk.oauth.installation_store.sqlalchemy import (
                SQLAlchemyInstallationStore,
            )
        except ImportError:
            raise SlackSettingsError("SLACK_INSTALLATION_DB", "needs SQLAlchemy (pip install sqlalchemy)") from None
        try:
            engine = sqlalchemy.create_engine(settings.installation_db)
        except (sqlalchemy.exc.ArgumentError, ImportError, ValueError) as exc:  # bad URL, missing driver
            raise SlackSettingsError("SLACK_INSTALLATION_DB", f"is not a usable SQLAlchemy URL ({type(exc).__name__})") from None
        return ThreadedInstallationStore(SQLAlchemyInstallationStore(client_id=settings.client_id, engine=engine))
    from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore

    store = SQLite3InstallationStore(database=db_path, client_id=settings.client_id, logger=log)
    try:
        store.init()  # create the tables now, before several workers race to
    except sqlite3.Error:  # another process created them first
        store.init_called = True
    return ThreadedInstallationStore(store)


def create_oauth_settings(settings: SlackSettings, *, installation_store: AsyncInstallationStore,
                          state: StateStore) -> AsyncOAuthSettings:
    """bolt's OAuth settings for ``settings.client_id`` (see the module docstring)."""
    return AsyncOAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scopes=list(BOT_SCOPES),
        redirect_uri=settings.redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=installation_store,
        installation_store_bot_only=True,
        state_store=SharedOAuthStateStore(state),
        state_expiration_seconds=STATE_TTL,
        logger=log,
    )


async def bot_token_for(installation_store: AsyncInstallationStore | None, team_id: str | None) -> str | None:
    """The bot token of the workspace ``team_id`` (None: not installed there)."""
    if installation_store is None or not team_id:
        return None
    bot = await installation_store.async_find_bot(enterprise_id=None, team_id=team_id)
    return bot.bot_token if bot is not None else None
