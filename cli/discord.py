"""``layoffbot discord``: run the Discord bot."""

from __future__ import annotations

import asyncio
import logging

import click

from cli.main import Settings, pass_settings

__all__ = ["discord", "run_bot"]

log = logging.getLogger(__name__)


class _NoVoiceWarning(logging.Filter):
    """discord.py warns at start that voice needs PyNaCl; a text bot never needs voice."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


async def run_bot(client: "object", token: str) -> None:
    """Log in and stay connected until stopped; always closes the client."""
    async with client:  # type: ignore[attr-defined]
        await client.start(token)  # type: ignore[attr-defined]


def _alert_interval() -> dict[str, float]:
    """``LAYOFFBOT_ALERT_INTERVAL`` (seconds between looks for writes made elsewhere), if set."""
    import os

    raw = os.environ.get("LAYOFFBOT_ALERT_INTERVAL", "").strip()
    if not raw:
        return {}
    try:
        value = float(raw)
    except ValueError:
        raise click.ClickException("LAYOFFBOT_ALERT_INTERVAL must be a number of seconds (default 30).") from None
    if not 0.1 <= value <= 86400:
        raise click.ClickException("LAYOFFBOT_ALERT_INTERVAL must be between 0.1 and 86400 seconds.")
    return {"alert_interval": value}


@click.command("discord")
@click.option(
    "--sync-guild",
    type=int,
    metavar="ID",
    help="Sync the slash commands to this one server (applied at once; for testing) instead of globally.",
)
@click.option(
    "--shards",
    type=click.Choice(["auto"]),
    default=None,
    help="'auto': run an AutoShardedClient with the shard count Discord recommends (needed from 2,500 servers).",
)
@click.option(
    "--shard-ids",
    metavar="RANGE",
    help="Run these shards in this process, e.g. 0-3 or 0,2,4-5 (with --shard-count); other processes or "
    "hosts run the rest. Alerts are posted by the process owning the channel's server.",
)
@click.option("--shard-count", type=int, metavar="N", help="The bot's total number of shards (with --shard-ids).")
@click.option("--no-sync", is_flag=True, help="Do not sync the slash commands at start.")
@pass_settings
def discord(settings: Settings, sync_guild: int | None, shards: str | None, shard_ids: str | None,
            shard_count: int | None, no_sync: bool) -> None:
    """Run the Discord bot: answers @mentions, DMs and /layoffs.

    \b
    Needs DISCORD_TOKEN (environment or .env in the current directory).
    DISCORD_API_URL / DISCORD_GATEWAY_URL override Discord's REST base and gateway
    (e.g. a local fake Discord in tests).
    Slash commands are synced globally only when they changed since the last start
    (fingerprint kept in the database), or to one server with --sync-guild.
    Works without the privileged Message Content intent.
    LAYOFFBOT_ALERT_INTERVAL: seconds between looks for alerts of writes made
    elsewhere (default 30).
    Chat admins: LAYOFFBOT_DISCORD_ADMINS (user ids) and LAYOFFBOT_DISCORD_ADMIN_ROLES
    (role ids) are seeded at start; see also `layoffbot admin grant discord ID`.
    LAYOFFBOT_DISCORD_ADMIN_CHANNEL: the admins' channel id; pending syncs of a
    scheduled refresh (`data sync --from URL --dry-run`) are posted there with
    Confirm / Cancel.

    \b
    Several processes: `--shard-ids 0-3 --shard-count 8` here, `--shard-ids 4-7
    --shard-count 8` elsewhere. Shared state (reply chains, conversations, the
    command-sync lock) is in the database file, or in Redis when REDIS_URL is set.
    """
    import discord as discord_py

    from adapters.discord.client import create_client
    from adapters.discord.core import AsyncCore
    from adapters.discord.settings import (
        SettingsError,
        apply_endpoints,
        load_settings,
        merged_environment,
    )
    from adapters.discord.sync import MetaTableHashStore
    from bot.engine import Engine

    logging.getLogger("discord.client").addFilter(_NoVoiceWarning())
    from adapters.discord.shards import ShardRange, ShardRangeError

    shard_range = None
    if (shard_ids is None) != (shard_count is None):
        raise click.UsageError("--shard-ids and --shard-count go together (e.g. --shard-ids 0-3 --shard-count 8).")
    if shard_ids is not None and shards is not None:
        raise click.UsageError("--shards auto and --shard-ids are alternatives: use one.")
    if shard_ids is not None and shard_count is not None:
        try:
            shard_range = ShardRange.parse(shard_ids, shard_count)
        except ShardRangeError as exc:
            raise click.BadParameter(str(exc), param_hint="--shard-ids") from None
    try:
        config = load_settings()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None
    from adapters.common.redact import install_redaction, one_line

    install_redaction([config.token])
    apply_endpoints(config)
    if config.custom_endpoints:
        click.echo(f"Using Discord at {config.api_url} (gateway {config.gateway_url})", err=True)

    db = settings.db()
    from adapters.platforms import ADMIN_VARIABLES
    from bot.admin import seed_admins_from_env

    # LAYOFFBOT_DISCORD_ADMINS / LAYOFFBOT_DISCORD_ADMIN_ROLES, from the environment or .env
    seed_admins_from_env(db, merged_environment(), variables=ADMIN_VARIABLES)
    from adapters.common.process_state import process_store, shared_frames
    from adapters.common.state_store import RedisStateStore, StateStoreError
    from bot.data.db import resolve_db_path

    try:
        state = process_store(resolve_db_path(settings.db_path))
        if isinstance(state, RedisStateStore):
            state.ping()
    except StateStoreError as exc:
        raise click.ClickException(str(exc)) from None
    frames = shared_frames(resolve_db_path(settings.db_path))
    core = AsyncCore(Engine(db, today=settings.today, frames=frames), today=settings.today)
    client = create_client(
        core,
        shards=shards,
        shard_range=shard_range,
        state=state,
        hash_store=MetaTableHashStore(db),
        sync_guild=sync_guild,
        sync=not no_sync,
        announce=lambda line: click.echo(line, err=True),
        db=db,
        admin_channel=config.admin_channel,
        **_alert_interval(),
    )
    try:
        asyncio.run(run_bot(client, config.token))
    except discord_py.LoginFailure:
        raise click.ClickException(
            "Discord rejected the bot token (DISCORD_TOKEN). Copy a fresh one from the Developer Portal: "
            "your application > Bot > Reset Token."
        ) from None
    except discord_py.PrivilegedIntentsRequired as exc:  # pragma: no cover - we request none
        raise click.ClickException(f"Discord refused a privileged intent: {exc}") from None
    except (discord_py.GatewayNotFound, discord_py.ConnectionClosed, OSError) as exc:
        raise click.ClickException(f"Could not connect to Discord: {one_line(exc, [config.token])}") from None
    except discord_py.HTTPException as exc:  # e.g. 429 or 5xx at login: one line, token masked
        raise click.ClickException(f"Discord refused the start: {one_line(exc, [config.token])}") from None
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    except Exception as exc:  # noqa: BLE001 - anything else: one clear line, never a traceback with the token
        raise click.ClickException(f"The Discord bot stopped: {one_line(exc, [config.token])}") from None
