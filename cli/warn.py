"""``layoffbot data warn import FILE`` and ``layoffbot data alias add ALIAS COMPANY``.

Thin click commands over :mod:`bot.data.warn_import` and :mod:`bot.data.aliases`; data errors
become a one-line message and exit status 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from bot.data.validation import DataError
from cli.main import Settings, pass_settings

__all__ = ["alias", "run_warn_import", "warn"]


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except DataError as exc:
        raise click.ClickException(str(exc)) from None


_ACTOR = click.option(
    "--actor", metavar="NAME", default=None, help="Who makes the change, for the audit log. Default: the OS user."
)


@click.group()
def warn() -> None:
    """WARN Act notices: a second counting basis, kept apart from the layoff rounds.

    \b
    Examples:
      layoffbot data warn import wa.csv --dry-run
      layoffbot data warn import consolidated.csv --state CA
      layoffbot data warn unresolved
      layoffbot data export --warn -o warn.csv
      layoffbot data alias add "Meta Platforms Texas LLC" Meta
    """


def run_warn_import(settings: Settings, file: Path, state: str | None, dry_run: bool, skip_invalid: bool,
                    as_json: bool, actor: str | None) -> None:
    """Import a WARN file and print its report (shared with ``data import``, which detects WARN files)."""
    from bot.data.warn_import import import_warn

    with _errors():
        report = import_warn(settings.db(), file.read_bytes(), file_name=file.name, state=state, dry_run=dry_run,
                             skip_invalid=skip_invalid, actor=actor, via="cli")
    click.echo(json.dumps(report.to_dict(), indent=2, default=str) if as_json else report.summary())
    if report.rejected and not (skip_invalid and not dry_run):
        sys.exit(1)


@warn.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--state", metavar="XX", default=None,
              help="Only this state's notices (two-letter code) of a multi-state warn-transformer file; "
                   "a state file must match its own state.")
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows and report the rest (default: all or nothing).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@_ACTOR
@pass_settings
def warn_import(settings: Settings, file: Path, state: str | None, dry_run: bool, skip_invalid: bool,
                as_json: bool, actor: str | None) -> None:
    """Import a WARN notice file (all or nothing; one audited, undoable change).

    Recognises warn-scraper's WA, CA, NY and TX files and warn-transformer's consolidated and
    integrated files by their headers. Notices already in the database (same hash_id, or same
    state, company, date and site) are skipped; legal names are resolved through the aliases
    (Inc, LLC, Services, .com... stripped) and the unresolved ones listed for `data alias add`.
    """
    run_warn_import(settings, file, state, dry_run, skip_invalid, as_json, actor)


@warn.command("unresolved")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_settings
def warn_unresolved(settings: Settings, as_json: bool) -> None:
    """List the legal names of imported notices that no alias maps yet (most workers first)."""
    from dataclasses import asdict

    from bot.data.warn_import import unresolved_names

    names = unresolved_names(settings.db())
    if as_json:
        click.echo(json.dumps([asdict(n) for n in names], indent=2))
        return
    if not names:
        click.echo("Every imported WARN notice's legal name maps to a company.")
        return
    one = len(names) == 1
    click.echo(f"{len(names):,} legal name{'' if one else 's'} map{'s' if one else ''} to no company "
               "(map one with: layoffbot data alias add \"NAME\" COMPANY):")
    for item in names:
        click.echo(f"  {item.name}: {item.notices:,} notice{'' if item.notices == 1 else 's'}, "
                   f"{item.workers:,} worker{'' if item.workers == 1 else 's'}")


@click.group()
def alias() -> None:
    """Company aliases (the names and legal names that mean a company)."""


@alias.command("add")
@click.argument("alias_name", metavar="ALIAS")
@click.argument("company")
@click.option("--division", metavar="D", default=None, help="The alias means this division of the company (AWS).")
@_ACTOR
@pass_settings
def alias_add(settings: Settings, alias_name: str, company: str, division: str | None, actor: str | None) -> None:
    """Map ALIAS (e.g. a legal name from a WARN notice) to COMPANY; audited, undoable.

    WARN notices already imported under that legal name are resolved at once.
    """
    from bot.data.aliases import add_alias

    with _errors():
        result = add_alias(settings.db(), alias_name, company, division=division, actor=actor, via="cli")
    where = result["company"] + (f" / {result['division']}" if result["division"] else "")
    click.echo(f"Alias “{result['alias']}” -> {where} added (change {result['change_id']}; "
               f"{result['notices']:,} WARN notices resolved). Undo: layoffbot data undo {result['change_id']}")
