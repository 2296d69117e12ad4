"""``layoffbot causes ...``: list, add and remove the stated causes of rounds (audited, undoable).

Thin click commands over :mod:`bot.data.causes`; a data error is one line with exit status 1.
``layoffbot data undo`` undoes a tag or a removal like any other change.
"""

from __future__ import annotations

import json

import click

from bot.data.causes import CAUSES
from bot.data.validation import DataError
from cli.main import Settings, pass_settings

__all__ = ["causes"]

_ACTOR = click.option("--actor", metavar="NAME", default=None, help="Who makes the change, for the audit log. "
                      "Default: the OS user.")


@click.group()
def causes() -> None:
    """List, add and remove the stated causes of rounds (never guessed: each with quote and source).

    \b
    Examples:
      layoffbot causes list --cause ai
      layoffbot causes add 4123 ai --quote "replaced by AI agents" --source https://example.com/report
      layoffbot causes remove 4123 ai --reason "the source was misread"
      layoffbot data undo          # undoes the last tag or removal like any change
    """


@causes.command("list")
@click.option("--cause", type=click.Choice(CAUSES), help="Only this cause.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_settings
def list_(settings: Settings, cause: str | None, as_json: bool) -> None:
    """Every cause tag with its round, quote and source."""
    from bot.data.causes import list_causes

    rows = list_causes(settings.db(), cause)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        count = "undisclosed" if row["count"] is None else f"{row['count']:,}"
        click.echo(f"#{row['event_id']} {row['company']} {row['date']} {count} [{row['status']}] — {row['cause']}: "
                   f"“{row['quote']}” {row['source']}")
    if not rows:
        click.echo("No cause tags.")


@causes.command("add")
@click.argument("event_id", type=int)
@click.argument("cause", type=click.Choice(CAUSES))
@click.option("--quote", required=True, help="The words of the source that state the cause.")
@click.option("--source", required=True, metavar="URL", help="The http(s) link stating it.")
@click.option("--evidence", help="Where the curation found it (e.g. a review note).")
@_ACTOR
@pass_settings
def add(settings: Settings, event_id: int, cause: str, quote: str, source: str, evidence: str | None,
        actor: str | None) -> None:
    """Tag round EVENT_ID with CAUSE, stated by --quote at --source."""
    from bot.data.causes import tag_cause

    try:
        change = tag_cause(settings.db(), event_id, cause, quote=quote, source=source, evidence=evidence, actor=actor)
    except DataError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Tagged round {event_id} with cause {cause} (change {change}).")


@causes.command("remove")
@click.argument("event_id", type=int)
@click.argument("cause", type=click.Choice(CAUSES))
@click.option("--reason", required=True, help="Why, for the audit log.")
@_ACTOR
@pass_settings
def remove(settings: Settings, event_id: int, cause: str, reason: str, actor: str | None) -> None:
    """Remove CAUSE from round EVENT_ID."""
    from bot.data.causes import untag_cause

    try:
        change = untag_cause(settings.db(), event_id, cause, reason=reason, actor=actor)
    except DataError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Removed cause {cause} from round {event_id} (change {change}).")
