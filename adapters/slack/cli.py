"""``layoffbot slack``: start the Slack app (Socket Mode with SLACK_APP_TOKEN, else HTTP)."""

from __future__ import annotations

import logging

import click

from bot.cli import Settings, pass_settings

__all__ = ["slack"]


@click.command("slack")
@click.option("--port", type=int, default=3000, show_default=True, envvar="PORT", help="HTTP mode: port to listen on.")
@click.option("--host", default="0.0.0.0", show_default=True, help="HTTP mode: interface to listen on.")
@click.option("--path", default="/slack/events", show_default=True, help="HTTP mode: Request URL path.")
@click.option("--env-file", type=click.Path(dir_okay=False), default=None, help="Read variables from this file (default: ./.env).")
@pass_settings
def slack(settings: Settings, port: int, host: str, path: str, env_file: str | None) -> None:
    """Run the Slack app.

    \b
    Variables (environment or .env):
      SLACK_BOT_TOKEN       xoxb-… (OAuth & Permissions), required
      SLACK_SIGNING_SECRET  Basic Information -> Signing Secret, required in HTTP mode
      SLACK_APP_TOKEN       xapp-… (App-Level Token, connections:write): use Socket Mode
      SLACK_API_URL         Web API base URL override (proxies, tests)
      LAYOFFBOT_SLACK_PRIVATE=1  answer /layoffs privately by default

    With SLACK_APP_TOKEN set the app connects over Socket Mode (no public URL needed);
    otherwise it serves HTTP on --port at --path (Slack's Request URL) plus GET /health.
    """
    from adapters.slack.settings import SlackSettingsError, load_settings

    try:
        slack_settings = load_settings(dotenv_path=env_file)
    except SlackSettingsError as exc:
        raise click.ClickException(str(exc)) from None

    from adapters.slack.redact import install_redaction

    install_redaction(slack_settings.secrets())
    logging.getLogger().setLevel(min(logging.getLogger().level, logging.INFO))

    from adapters.slack.app import create_app
    from adapters.slack.server import run_http, run_socket_mode
    from bot.engine import Engine

    engine = Engine(settings.db(), today=settings.today)
    app = create_app(slack_settings, engine)
    if slack_settings.app_token:
        run_socket_mode(app, slack_settings.app_token)
    else:
        run_http(app, host=host, port=port, path=path)
