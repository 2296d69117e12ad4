"""The ``layoffbot`` command line: a root group whose subcommands load lazily.

Errors: every failure of a command is one line on stderr and exit status 1 (see
:meth:`LazyGroup.invoke`): the project's errors, I/O errors and SQLite errors by their message,
anything else as "unexpected error <type> at <file>:<line>" (never its message, which may quote
a secret); ``-v`` adds the traceback.

Lazy loading keeps ``layoffbot ask`` fast (the Slack, Discord and chart libraries are only
imported by the commands that need them) and lets each concern keep its commands in its own
module: ``cli.data`` (data), ``cli.ask`` (ask, chat), ``cli.admin`` (admin),
``cli.slack`` (slack), ``cli.discord`` (discord), ``cli.serve`` (serve), ``cli.causes`` (causes).
"""

from __future__ import annotations

import datetime as dt
import errno
import importlib
import logging
import sqlite3
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    import sqlite_utils

__all__ = ["Settings", "error_message", "main", "pass_settings"]

#: name -> (module, attribute, one-line help shown in ``layoffbot --help``)
_SUBCOMMANDS: dict[str, tuple[str, str, str]] = {
    "ask": ("cli.ask", "ask", "Answer one question (or one per line from stdin with --json -)."),
    "chat": ("cli.ask", "chat", "Interactive question session with follow-ups."),
    "data": ("cli.data", "data", "Build, import, edit, audit and export the dataset."),
    "admin": ("cli.admin", "admin", "Grant, revoke and list chat admins."),
    "slack": ("cli.slack", "slack", "Run the Slack app (Socket Mode or HTTP)."),
    "discord": ("cli.discord", "discord", "Run the Discord bot."),
    "serve": ("cli.serve", "serve", "Browse and query the dataset read-only (Datasette)."),
    "causes": ("cli.causes", "causes", "List, add and remove the stated causes of rounds."),
}


@dataclass
class Settings:
    """Global options shared by every subcommand."""

    db_path: Path | None = None
    today: dt.date | None = None
    _db: "sqlite_utils.Database | None" = field(default=None, repr=False)

    def db(self, *, build: bool = True) -> "sqlite_utils.Database":
        """The database, built from ``data/`` first when it does not exist yet."""
        if self._db is None:
            from bot.data.dataset import ensure_database

            self._db = ensure_database(self.db_path, build=build)
        return self._db

    def effective_today(self) -> dt.date:
        return self.today or dt.date.today()


pass_settings = click.make_pass_decorator(Settings, ensure=True)


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = _SUBCOMMANDS.get(cmd_name)
        if spec is None:
            return None
        module_name, attr, short_help = spec
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            missing = exc.name or module_name
            if missing.startswith(("bot", "adapters")):
                raise
            extra = {"slack": "slack", "discord": "discord", "serve": "serve"}.get(cmd_name, "")
            hint = f' Install it with: pip install -e ".[{extra}]"' if extra else ""

            @click.command(cmd_name, help=short_help, context_settings={"ignore_unknown_options": True})
            @click.argument("args", nargs=-1, type=click.UNPROCESSED)
            def missing_cmd(args: tuple[str, ...]) -> None:
                raise click.ClickException(f"'{cmd_name}' needs the {missing!r} package, which is not installed.{hint}")

            return missing_cmd
        return getattr(module, attr)

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; an error becomes one line (``Error: ...``) and exit status 1.

        Click's own errors (usage, ``ClickException``, ``Abort``) and a closed stdout pipe
        (``layoffbot data export | head``; click exits quietly) pass through.  With ``-v`` the
        traceback is printed to stderr first.
        """
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
                raise
            if ctx.params.get("verbose"):
                traceback.print_exception(exc, file=sys.stderr)
            raise click.ClickException(error_message(exc, ctx.obj)) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help without importing every subcommand's module.
        rows = [(name, _SUBCOMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def error_message(exc: BaseException, settings: object = None) -> str:
    """One line saying what went wrong, for an error that reached the command line."""
    from bot.data.validation import DataError

    if isinstance(exc, DataError):
        return str(exc)
    if isinstance(exc, OSError):
        if exc.strerror is None:  # an OSError with a message of its own (UnsafeOutputError)
            return str(exc)
        return f"{exc.filename}: {exc.strerror}" if exc.filename is not None else exc.strerror
    if isinstance(exc, sqlite3.DatabaseError):
        db_path = getattr(settings, "db_path", None)
        return f"database {db_path or '(default)'}: {exc}"
    # A bug: its type and where it happened, not its message (which may quote a request or a
    # token); -v prints the traceback.
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"unexpected error {type(exc).__name__}{where} (run with -v for the traceback)"


def _parse_today(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path),  # a directory or device is refused by open_db, in one line
    envvar="LAYOFFBOT_DB",
    help="SQLite database file. Default: $LAYOFFBOT_DB, else layoffbot.db in the user data directory. "
    "Built from data/ on first use.",
)
@click.option(
    "--today",
    callback=_parse_today,
    envvar="LAYOFFBOT_TODAY",
    metavar="YYYY-MM-DD",
    help="Pin today's date for relative periods ('last year'). Default: $LAYOFFBOT_TODAY, else the real date.",
)
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) to stderr.")
@click.version_option(package_name="layoffbot")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, today: dt.date | None, verbose: int) -> None:
    """layoffbot: answers questions about corporate layoffs from a curated, sourced dataset.

    \b
    Examples:
      layoffbot ask "how many has Amazon cut?"
      layoffbot ask "who cut the most in 2023?"
      layoffbot chat
      layoffbot data stats
    """
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    ctx.obj = Settings(db_path=db_path, today=today)


def main() -> None:
    cli(prog_name="layoffbot", auto_envvar_prefix=None)


if __name__ == "__main__":  # pragma: no cover
    main()
