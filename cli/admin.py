"""``layoffbot admin ...``: who may curate the dataset from Slack and Discord."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from adapters.platforms import ADMIN_VARIABLES, NAMES
from adapters.platforms import get as get_platform
from bot.data.audit import default_actor
from bot.data.validation import DataError
from cli.main import Settings, pass_settings

__all__ = ["admin"]

_PLATFORM = click.argument("platform", type=click.Choice(NAMES))
_IDENT = click.argument("ident")
_ROLE = click.option("--role", is_flag=True, help="IDENT is a Discord role id (everyone with the role is an admin).")


@click.group()
def admin() -> None:
    """Grant, revoke and list chat admins.

    Admins may add, edit, confirm, retract and undo rounds and import CSVs from chat; the core
    checks it on every write. IDENT is a Slack user id (U…), a Discord user id, or with
    --role a Discord role id. Also seeded at start-up from LAYOFFBOT_SLACK_ADMINS,
    LAYOFFBOT_DISCORD_ADMINS and LAYOFFBOT_DISCORD_ADMIN_ROLES (comma-separated ids).

    \b
    Examples:
      layoffbot admin grant slack U012ABCDEF
      layoffbot admin grant discord 112233445566778899 --role
      layoffbot admin list
    """


@admin.command()
@_PLATFORM
@_IDENT
@_ROLE
@click.option("--actor", default=None, help="Who grants it (audit log). Default: the OS user.")
@pass_settings
def grant(settings: Settings, platform: str, ident: str, role: bool, actor: str | None) -> None:
    """Make a Slack/Discord user (or Discord role) an admin."""
    from bot.admin import grant as do_grant

    try:
        added = do_grant(settings.db(), platform, ident, kind="role" if role else "user", by=actor or default_actor(),
                         kinds=get_platform(platform).admin_kinds)
    except DataError as exc:
        raise click.ClickException(str(exc)) from None
    kind = "role" if role else "user"
    click.echo(f"{platform} {kind} {ident} is {'now' if added else 'already'} an admin.")


@admin.command()
@_PLATFORM
@_IDENT
@_ROLE
@click.option("--actor", default=None, help="Who revokes it (audit log). Default: the OS user.")
@pass_settings
def revoke(settings: Settings, platform: str, ident: str, role: bool, actor: str | None) -> None:
    """Remove an admin (an id still listed in the environment comes back on the next start)."""
    from bot.admin import revoke as do_revoke

    removed = do_revoke(settings.db(), platform, ident, kind="role" if role else "user", by=actor or default_actor())
    kind = "role" if role else "user"
    if not removed:
        raise click.ClickException(f"{platform} {kind} {ident} is not an admin.")
    click.echo(f"{platform} {kind} {ident} is no longer an admin.")


@admin.command("list")
@click.option("--platform", type=click.Choice(NAMES), help="Only this platform.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_settings
def list_(settings: Settings, platform: str | None, as_json: bool) -> None:
    """List admins (after seeding from the environment)."""
    from bot.admin import list_admins, seed_admins_from_env

    db = settings.db()
    seed_admins_from_env(db, variables=ADMIN_VARIABLES)
    entries = list_admins(db, platform)
    if as_json:
        click.echo(json.dumps([asdict(e) for e in entries], indent=2))
        return
    if not entries:
        click.echo("No chat admins yet. Add one with: layoffbot admin grant slack|discord ID")
    for entry in entries:
        click.echo(f"{entry.platform:8} {entry.kind:5} {entry.ident}  (granted by {entry.granted_by} at {entry.granted_at})")
