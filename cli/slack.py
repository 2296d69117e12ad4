"""``layoffbot slack``: start the Slack app (Socket Mode with SLACK_APP_TOKEN, else HTTP)."""

from __future__ import annotations

import logging

import click

from cli.main import Settings, pass_settings

__all__ = ["slack"]


def _open_state(settings: Settings):  # type: ignore[no-untyped-def]
    """The shared state (Redis with REDIS_URL, else the database file), checked before serving."""
    from adapters.common.process_state import process_store
    from adapters.common.state_store import RedisStateStore, StateStoreError
    from bot.data.db import resolve_db_path

    try:
        store = process_store(resolve_db_path(settings.db_path))
        if isinstance(store, RedisStateStore):
            store.ping()
    except StateStoreError as exc:
        raise click.ClickException(str(exc)) from None
    logging.getLogger(__name__).warning("shared state: %r", store)
    return store


@click.command("slack")
@click.option("--port", type=int, default=3000, show_default=True, envvar="PORT", help="HTTP mode: port to listen on.")
@click.option("--host", default="0.0.0.0", show_default=True, help="HTTP mode: interface to listen on.")
@click.option("--path", default="/slack/events", show_default=True, help="HTTP mode: Request URL path.")
@click.option(
    "--engine",
    "engine_mode",
    type=click.Choice(["process", "thread"]),
    default="process",
    show_default=True,
    help="Where answers are computed: a worker process at lower CPU priority (acks never wait "
    "behind answers), or a thread of this process.",
)
@click.option("--env-file", type=click.Path(dir_okay=False), default=None, help="Read variables from this file (default: ./.env).")
@pass_settings
def slack(settings: Settings, port: int, host: str, path: str, engine_mode: str, env_file: str | None) -> None:
    """Run the Slack app.

    \b
    Variables (environment or .env):
      SLACK_BOT_TOKEN       xoxb-… (OAuth & Permissions): one workspace
      SLACK_CLIENT_ID, SLACK_CLIENT_SECRET  instead of SLACK_BOT_TOKEN: installable into
                            any workspace (GET /slack/install, /slack/oauth_redirect)
      SLACK_REDIRECT_URI    https://your.host/slack/oauth_redirect (OAuth mode)
      SLACK_INSTALLATION_DB SQLAlchemy URL for installations (default: the database file)
      SLACK_SIGNING_SECRET  Basic Information -> Signing Secret, required in HTTP mode
      SLACK_APP_TOKEN       xapp-… (App-Level Token, connections:write): use Socket Mode
      SLACK_API_URL         Web API base URL override (proxies, tests)
      LAYOFFBOT_SLACK_PRIVATE=1  answer /layoffs privately by default
      LAYOFFBOT_SLACK_ADMIN_CHANNEL  admins' channel id: pending syncs of a scheduled
                                 refresh are posted there with Confirm / Cancel
      LAYOFFBOT_SLACK_ADMINS     Slack user ids granted admin rights at start (U123,U456;
                                 T123:U456 with OAuth installs: admins are per workspace)

      REDIS_URL             redis://host:6379/0: share state across hosts (else the database file)

    With SLACK_APP_TOKEN set the app connects over Socket Mode (no public URL needed);
    otherwise it serves HTTP on --port at --path (Slack's Request URL) plus GET /health.
    Conversations, retried deliveries, Show-all answers and staged imports live in shared
    state, so several `layoffbot slack` processes can serve one app behind a load balancer.
    HTTP mode refuses, before any work: bodies over 1 MiB (413), bodies slower than 10 s
    (408), unsigned or stale requests (401), malformed ones (400), and replays of a request
    already handled (dropped); refusals are logged as one line, never with the body.
    """
    from adapters.slack.settings import SlackSettingsError, load_settings

    try:
        slack_settings = load_settings(dotenv_path=env_file)
    except SlackSettingsError as exc:
        raise click.ClickException(str(exc)) from None

    from adapters.common.redact import install_redaction, one_line

    secrets = slack_settings.secrets()
    install_redaction(secrets)
    logging.getLogger().setLevel(min(logging.getLogger().level, logging.INFO))

    import asyncio

    import aiohttp

    from adapters.slack.app import (
        TokenCheckFailed,
        check_app_token,
        check_bot_token,
        create_app,
    )
    from adapters.slack.server import run_http, run_socket_mode

    try:
        if slack_settings.oauth:  # no token of our own: each workspace's comes with its install
            logging.getLogger(__name__).warning("installable into any workspace: open http://%s:%d/slack/install "
                                                "(through your public URL) to add it to one", host, port)
        else:
            identity = asyncio.run(check_bot_token(slack_settings))
            asyncio.run(check_app_token(slack_settings))
            logging.getLogger(__name__).warning("signed in to %s as @%s", identity["url"] or "Slack", identity["user"])
    except SlackSettingsError as exc:
        raise click.ClickException(str(exc)) from None
    except (TimeoutError, aiohttp.ClientError, OSError, TokenCheckFailed) as exc:
        # Slack unreachable or busy right now (ratelimited ...): serve anyway, say so in one line.
        logging.getLogger(__name__).warning("could not check SLACK_BOT_TOKEN with Slack (%s); starting anyway",
                                            one_line(exc, secrets))
    except Exception as exc:  # noqa: BLE001 - anything else: one clear line, never a traceback with a token
        raise click.ClickException(f"could not start the Slack app: {one_line(exc, secrets)}") from None

    db = settings.db()  # builds the database from data/ on first use, before serving
    state = _open_state(settings)
    installations = None
    if slack_settings.oauth:
        from adapters.slack.oauth import create_installation_store
        from bot.data.db import resolve_db_path

        try:
            installations = create_installation_store(slack_settings, str(resolve_db_path(settings.db_path)))
        except SlackSettingsError as exc:
            raise click.ClickException(str(exc)) from None
    from adapters.common.settings import DEFAULT_DOTENV, merged_environment
    from adapters.platforms import ADMIN_VARIABLES
    from bot.admin import seed_admins_from_env

    # LAYOFFBOT_SLACK_ADMINS=U123,U456, exported or in .env (os.environ itself is never changed)
    seeded = seed_admins_from_env(db, merged_environment(None, env_file or DEFAULT_DOTENV), variables=ADMIN_VARIABLES)
    if seeded:
        logging.getLogger(__name__).warning("granted admin rights to %d user(s) from the environment", seeded)
    if engine_mode == "process" and db.conn.execute("PRAGMA database_list").fetchone()[2]:
        from adapters.slack.bridge import ProcessEngine
        from bot.data.db import resolve_db_path

        bridge = ProcessEngine(resolve_db_path(settings.db_path), today=settings.today, shared_state=True)
        bridge.warm_up()
        app = create_app(slack_settings, bridge=bridge, state=state, installation_store=installations)
    else:  # a thread, or an in-memory database that another process could not open
        from adapters.common.shared_state import StoredFrames
        from bot.engine import Engine

        app = create_app(slack_settings, Engine(db, today=settings.today, frames=StoredFrames(state)), state=state,
                         installation_store=installations)
    try:
        if slack_settings.app_token:
            run_socket_mode(app, slack_settings.app_token)
        else:  # handled requests are remembered in the shared state (create_app's state=)
            run_http(app, host=host, port=port, path=path)
    except SlackSettingsError as exc:
        raise click.ClickException(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - one clear line, redacted
        raise click.ClickException(f"the Slack app stopped: {one_line(exc, secrets)}") from None
    finally:
        app.layoffbot.bridge.close()  # type: ignore[attr-defined]
