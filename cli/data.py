"""``layoffbot data ...``: build, import, edit, audit and export the dataset.

Thin click commands over :mod:`bot.data.dataset`, :mod:`bot.data.importer` and :mod:`bot.data.store`; every
data error becomes a one-line message naming the field and the rule, with exit status 1.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import click

from bot.data.importer import IMPORT_FIELDS, import_csv, parse_mapping
from bot.data.validation import DataError
from cli.main import Settings, pass_settings
from cli.warn import alias, warn

__all__ = ["data"]

_ACTOR = click.option(
    "--actor", metavar="NAME", default=None, help="Who makes the change, for the audit log. Default: the OS user."
)


@contextmanager
def _errors() -> Iterator[None]:
    """Data errors -> a clear one-line message and exit status 1 (never a traceback)."""
    try:
        yield
    except DataError as exc:  # ImportRefused, ValidationError, NotFoundError, UndoError...
        raise click.ClickException(str(exc)) from None


@click.group()
def data() -> None:
    """Build, import, edit, audit and export the dataset.

    \b
    Examples:
      layoffbot data init                      # build the database from data/
      layoffbot data import export.csv --dry-run
      layoffbot data add --company Amazon --date 2026-02-03 --count 1200 \\
          --source https://example.com/report --status confirmed
      layoffbot data edit 4280 count=1500 status=confirmed
      layoffbot data undo
      layoffbot data history --company Amazon
      layoffbot data export --warn -o warn.csv # the WARN notices
    """


# --------------------------------------------------------------------------- init


@data.command()
@click.option("--empty", is_flag=True, help="Create the schema only, without the shipped dataset.")
@click.option("--force", is_flag=True, help="Rebuild an existing database: erases its rounds, imports and audit log "
              "(admins and channel subscriptions are kept).")
@pass_settings
def init(settings: Settings, empty: bool, force: bool) -> None:
    """Build the database from data/ (or an empty one with --empty)."""
    from bot.data.dataset import (
        build_database,
        data_dir,
        data_fingerprint,
        restore_subscriptions,
        wipe_dataset,
    )
    from bot.data.db import open_db, resolve_db_path, write_transaction

    path = resolve_db_path(settings.db_path)
    with _errors():
        db = open_db(path)
        meta = {r[0]: r[1] for r in db.execute("SELECT key, value FROM meta")}
        events = db.execute("SELECT count(*) FROM events").fetchone()[0]
        if meta.get("initialized") == "data" and not empty and not force:
            edits = db.execute("SELECT count(*) FROM changes WHERE via != 'build'").fetchone()[0]
            if not edits and meta.get("built_from") == data_fingerprint():
                click.echo(f"{path} is already built from the current data/ ({events:,} events); nothing to do.")
                return
        if (meta.get("initialized") or events) and not force:
            raise click.ClickException(
                f"{path} is already initialised ({events:,} events). Use --force to rebuild it "
                "(export first: `layoffbot data export -o backup.csv`)."
            )
        with write_transaction(db):
            subs = wipe_dataset(db)
            if empty:
                db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('initialized', 'empty')")
                report = None
            else:
                report = build_database(db, data_dir())
            restore_subscriptions(db, subs)
    if report is None:
        click.echo(f"Created an empty layoffbot database at {path}.")
    else:
        click.echo(
            f"Built {path} from {data_dir()} in {report.seconds:.2f} s: {report.events:,} events "
            f"({report.base_rows:,} layoffs.fyi rows, {report.curated_adjusted} curated adjustments, "
            f"{report.curated_added} curated additions), {report.companies:,} companies, {report.aliases} aliases, "
            f"{report.aggregates} published totals; data as of {report.data_as_of}."
        )


# --------------------------------------------------------------------------- import


@data.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--map", "maps", multiple=True, metavar="HEADER=FIELD",
              help="Map a column of another layout to a field (repeatable). Fields: " + ", ".join(IMPORT_FIELDS) + ".")
@click.option("--status", default="reported", show_default=True,
              type=click.Choice(["confirmed", "reported", "planned", "rumored"]),
              help="Status of rows that have none (layoffs.fyi rows have none).")
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows and report the rest (default: all or nothing).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar with rows/s and ETA on stderr (default: on a terminal, for 1,000+ rows).")
@_ACTOR
@pass_settings
def import_(settings: Settings, file: Path, maps: tuple[str, ...], status: str, dry_run: bool,
            skip_invalid: bool, as_json: bool, progress: bool | None, actor: str | None) -> None:
    """Import a CSV of layoff rounds (all or nothing by default).

    Recognises the layoffs.fyi export (11 columns), the older 9-column layout (NULL strings)
    and `data export`'s own layout by their headers (WARN notice files go to `data warn import`);
    other CSVs need --map. Rows identical to
    an earlier row, or matching an existing round (same company, date and count), are skipped;
    rounds within 30 days of an existing one of the same company are flagged for review.
    The file is streamed: rows are checked and written in batches inside one transaction.
    """
    from bot.data.warn_import import is_warn_file

    with file.open("rb") as handle:  # the header row decides; the file itself is streamed below
        header = handle.readline(65536)
    if is_warn_file(header) and not maps:  # a WARN notice file: `data warn import` (cli/warn.py)
        from cli.warn import run_warn_import

        return run_warn_import(settings, file, None, dry_run, skip_invalid, as_json, actor)
    with _errors():
        mapping = parse_mapping(maps)
        db = settings.db()
        lines = _count_lines(file)
        show = progress if progress is not None else (lines >= 1000 and not as_json and sys.stderr.isatty())
        with _progress(lines if show else 0, "Importing rows") as update:
            report = import_csv(
                db, file, file_name=file.name, mapping=mapping, default_status=status, dry_run=dry_run,
                skip_invalid=skip_invalid, actor=actor, via="cli", progress=update,
            )
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, default=str))
    else:
        click.echo(report.summary())
    if report.rejected and not (skip_invalid and not dry_run):
        sys.exit(1)


def _count_lines(path: Path) -> int:
    """Data lines of a CSV (newlines less the header), counted without loading the file."""
    newlines = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            newlines += chunk.count(b"\n")
    return max(0, newlines - 1)


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """Progress on stderr with rows/s and ETA, or ``None`` when ``total`` is 0.

    On a terminal, a click progress bar; otherwise (``--progress`` in a log) one line per tenth.
    """
    if total <= 0:
        yield None
        return
    import time

    started = time.perf_counter()
    done = 0

    def rate() -> float:
        return done / max(time.perf_counter() - started, 1e-6)

    if not sys.stderr.isatty():
        next_line = total / 10

        def log(rows: int) -> None:
            nonlocal done, next_line
            done += rows
            if done >= next_line or done >= total:
                eta = max(total - done, 0) / max(rate(), 1e-6)
                click.echo(f"{label}: {min(done, total):,}/{total:,} ({min(done, total) / total:.0%}), "
                           f"{rate():,.0f} rows/s, ETA {eta:,.0f} s", err=True)
                next_line += total / 10

        yield log
        return
    with click.progressbar(length=total, label=label, file=sys.stderr, show_eta=True, show_pos=True,
                           item_show_func=lambda text: text) as bar:

        def update(rows: int) -> None:
            nonlocal done
            done += rows
            bar.update(rows, current_item=f"{rate():,.0f} rows/s")

        yield update


# --------------------------------------------------------------------------- sync


@data.command("sync")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@click.option("--from", "url", metavar="URL", help="Fetch the export from this http(s) URL first (size limit 50 MB, "
              "timeout 30 s).")
@click.option("--pending", "pending_id", type=int, metavar="ID",
              help="Apply the pending sync ID (the file a `--from ... --dry-run` fetched and reported), as reviewed.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write no rounds. With --from, the fetch is "
              "recorded in the sources table and a file with changes is kept as a pending sync to apply with --pending.")
@click.option("--yes", "-y", is_flag=True, help="Apply without asking (needed when not on a terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar with rows/s and ETA on stderr (default: on a terminal).")
@_ACTOR
@pass_settings
def sync(settings: Settings, file: Path | None, url: str | None, pending_id: int | None, dry_run: bool, yes: bool,
         as_json: bool, progress: bool | None, actor: str | None) -> None:
    """Sync a newer tracker export (layoffs.fyi) onto the rows imported from it before.

    Rows are matched by origin (company + date + source URL, then company + source, then
    company + date). Changed rows are updated, new rows added, rows the export no longer has
    flagged as missing (never deleted). Curated and admin-edited rows are never overwritten:
    their differences are listed as conflicts. The report shows each change as before -> after;
    the whole sync is one change (`layoffbot data undo` reverts it). Without --yes, the dry-run
    report is shown and you are asked to confirm.

    \b
    Examples:
      layoffbot data sync layoffs_2026-03-01.csv --dry-run
      layoffbot data sync --from https://example.org/layoffs.csv --yes
      layoffbot data sync --from https://example.org/layoffs.csv --dry-run   # scheduled: keeps a pending sync
      layoffbot data sync --pending 3 --yes                                  # apply it as reviewed
    """
    from bot.data.sources import mark_applied, save_pending, take_pending
    from bot.data.sync import record_source, sync_csv

    if sum(x is not None for x in (file, url, pending_id)) != 1:
        raise click.UsageError("give one of FILE, --from URL or --pending ID")
    with _errors():
        if pending_id is not None:
            pending, content = take_pending(settings.db(), pending_id)
            name, where = pending.file_name, pending.url or pending.file_name
            url = pending.url
        elif url is not None:
            from bot.data.fetch import fetch

            fetched = fetch(url)
            content, name, where = fetched.content, Path(urlsplit_path(fetched.url)).name or "export.csv", url
        else:
            assert file is not None
            content, name, where = file.read_bytes(), file.name, str(file)
        db = settings.db()
        show = progress if progress is not None else (sys.stderr.isatty() and not as_json)

        def run(dry: bool) -> Any:
            lines = max(1, content.count(b"\n") - 1) if show else 0
            with _progress(lines, "Comparing rows" if dry else "Syncing rows") as update:
                return sync_csv(db, content, file_name=name, dry_run=dry, actor=actor, via="cli", progress=update)

        preview = run(True)
        report = preview
        if not dry_run and preview.changed and not preview.rejected:
            if not yes:
                click.echo(preview.summary())
                if not sys.stdin.isatty():
                    raise click.ClickException("not on a terminal: add --yes to apply the sync (or --dry-run)")
                click.confirm("Apply these changes?", abort=True, err=True)
            report = run(False)
        if (url is not None and pending_id is None) or report.committed:
            record_source(db, name=report.tracker, layout=report.layout, url=where, sha256=report.sha256,
                          rows=report.rows_read, changed=report.committed)
        saved = None
        if dry_run and url is not None and pending_id is None and report.changed and not report.rejected:
            saved = save_pending(db, source=report.tracker, url=url, file_name=name, sha256=report.sha256,
                                 content=content, summary=report.summary())
        if pending_id is not None and report.committed:
            mark_applied(db, pending_id)
    if as_json:
        click.echo(json.dumps(report.to_dict() | {"pending_sync": saved}, indent=2, default=str))
    elif yes or dry_run or report is preview:
        click.echo(report.summary())
    else:
        click.echo(report.summary().splitlines()[-1])
    if saved is not None and not as_json:
        click.echo(f"Pending sync #{saved} kept: apply it as reviewed with `layoffbot data sync --pending {saved} --yes`.")
    if report.rejected:
        sys.exit(1)


def urlsplit_path(url: str) -> str:
    """The path of a URL (the report names the fetched file after it)."""
    from urllib.parse import urlsplit

    return urlsplit(url).path


# --------------------------------------------------------------------------- add / edit / retract / confirm


def _show_event(event: dict[str, Any]) -> str:
    count = "undisclosed" if event["count"] is None else f"{event['count']:,}"
    parts = [f"#{event['id']} {event['company']}"]
    if event.get("division"):
        parts.append(f"({event['division']})")
    parts += [event["date"], count, f"[{event['status']}]"]
    if event.get("percentage") is not None:
        parts.append(f"{event['percentage']:g}% of {event['percentage_basis']}")
    if event.get("announced_count") is not None:
        parts.append(f"announced {event['announced_count']:,}")
    parts.append(event.get("source") or "(unsourced)")
    return " ".join(parts)


@data.command()
@click.option("--company", required=True, help="Company name or alias (AWS -> Amazon, division AWS).")
@click.option("--date", "date_", required=True, metavar="YYYY-MM-DD", help="Announcement date (or M/D/YYYY).")
@click.option("--count", required=True, metavar="N|unknown", help="Employees laid off, or 'unknown' when undisclosed.")
@click.option("--source", metavar="URL", help="http(s) link to the announcement or report.")
@click.option("--unsourced", is_flag=True, help="Explicitly mark the round as having no public source (say why in --note).")
@click.option("--status", default="reported", show_default=True,
              type=click.Choice(["confirmed", "reported", "planned", "rumored"]))
@click.option("--division", help="Division(s), '; '-separated. Default: company-wide.")
@click.option("--percentage", metavar="PCT", help="Share of the workforce, 0-100 (13 or 13%).")
@click.option("--basis", type=click.Choice(["company", "corporate", "division"]),
              help="What the percentage is a share of. Default: company.")
@click.option("--announced-count", metavar="N", help="The figure as announced, when cumulative (count = the new part).")
@click.option("--includes", metavar="EVENT_ID", help="For a cumulative announcement: the earlier round it contains.")
@click.option("--part-of", metavar="EVENT_ID", help="This row overlaps that round and is never added to totals.")
@click.option("--location", help="Location (HQ metro or site).")
@click.option("--country", help="Country.")
@click.option("--note", help="Free-text note shown with the round.")
@click.option("--new-company", is_flag=True, help="Create the company if it is not known yet.")
@_ACTOR
@pass_settings
def add(settings: Settings, company: str, date_: str, count: str, source: str | None, unsourced: bool, status: str,
        division: str | None, percentage: str | None, basis: str | None, announced_count: str | None,
        includes: str | None, part_of: str | None, location: str | None, country: str | None, note: str | None,
        new_company: bool, actor: str | None) -> None:
    """Add a layoff round (validated; nothing is written on error)."""
    from bot.data.store import add_event

    with _errors():
        result = add_event(
            settings.db(), company=company, date=date_, count=count, source=source, unsourced=unsourced,
            status=status, division=division, percentage=percentage, percentage_basis=basis,
            announced_count=announced_count, includes_event_id=includes, part_of_event_id=part_of,
            location=location, country=country, note=note, new_company=new_company,
            actor=actor, via="cli",
        )
    if result.created_company:
        click.echo(f"New company: {result.created_company}")
    click.echo(f"Added {_show_event(result.event or {})} (change {result.change_id}).")
    for warning in result.warnings:
        click.echo(f"Check: {warning}")


def _parse_assignments(pairs: tuple[str, ...]) -> dict[str, str]:
    updates: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{pair!r} is not FIELD=VALUE", param_hint="FIELD=VALUE")
        updates[name.strip()] = value
    return updates


@data.command()
@click.argument("event_id", type=int)
@click.argument("assignments", nargs=-1, required=True, metavar="FIELD=VALUE...")
@click.option("--reason", help="Why, for the audit log.")
@_ACTOR
@pass_settings
def edit(settings: Settings, event_id: int, assignments: tuple[str, ...], reason: str | None, actor: str | None) -> None:
    """Change fields of a round: `data edit 42 count=1200 status=confirmed`.

    Fields: company, division, date, count, announced_count, percentage, percentage_basis (basis),
    status, location, country, industry, stage, source, other_sources, unsourced, note,
    includes_event_id (includes), part_of_event_id (part_of). An empty value clears a field.
    """
    from bot.data.store import edit_event

    with _errors():
        result = edit_event(settings.db(), event_id, _parse_assignments(assignments),
                            actor=actor, via="cli", reason=reason)
    if result.change_id is None:
        click.echo(f"Nothing changed: {_show_event(result.event or {})}")
    else:
        click.echo(f"Edited {_show_event(result.event or {})} (change {result.change_id}).")


@data.command()
@click.argument("event_id", type=int)
@click.option("--reason", required=True, help="Why the round is retracted (kept in the audit log and the note).")
@_ACTOR
@pass_settings
def retract(settings: Settings, event_id: int, reason: str, actor: str | None) -> None:
    """Retract a round: kept for the record, never counted or shown as a layoff."""
    from bot.data.store import retract_event

    with _errors():
        result = retract_event(settings.db(), event_id, reason=reason, actor=actor, via="cli")
    click.echo(f"Retracted {_show_event(result.event or {})} (change {result.change_id}).")


@data.command()
@click.argument("event_id", type=int)
@click.option("--count", required=True, metavar="N|unknown", help="The confirmed count ('unknown' if not given).")
@click.option("--source", required=True, metavar="URL", help="Link to the confirmation.")
@click.option("--note", help="Text appended to the round's note.")
@_ACTOR
@pass_settings
def confirm(settings: Settings, event_id: int, count: str, source: str, note: str | None, actor: str | None) -> None:
    """Confirm a planned, rumoured or reported round with its count and source."""
    from bot.data.store import confirm_event

    with _errors():
        result = confirm_event(settings.db(), event_id, count=count, source=source, note=note,
                               actor=actor, via="cli")
    click.echo(f"Confirmed {_show_event(result.event or {})} (change {result.change_id}).")


# --------------------------------------------------------------------------- undo / history


@data.command()
@click.argument("change_id", type=int, required=False)
@_ACTOR
@pass_settings
def undo(settings: Settings, change_id: int | None, actor: str | None) -> None:
    """Undo your own last change, or the change CHANGE_ID (anyone's). Itself audited.

    Without CHANGE_ID: the latest change made by --actor (default: the OS user) that is not
    undone yet, so two people curating at once never undo each other's work. Undoing an
    import removes its rows; undoing an undo re-applies the change. Prints whose change was
    undone and what it was.
    """
    from bot.data.history import undo_summary
    from bot.data.store import undo as undo_change

    with _errors():
        db = settings.db()
        done = undo_change(db, change_id, actor=actor, via="cli")
        click.echo(f"Undid {undo_summary(db, done)}.")


@data.command()
@click.option("--company", help="Only changes to this company's rounds.")
@click.option("--event", "event_id", type=int, help="Only changes to this round.")
@click.option("--limit", type=click.IntRange(1, 10000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (with the rows before and after).")
@pass_settings
def history(settings: Settings, company: str | None, event_id: int | None, limit: int, as_json: bool) -> None:
    """The audit log, newest first: who changed what, through what, when."""
    from dataclasses import asdict

    from bot.data.store import history as read_history

    with _errors():
        views = read_history(settings.db(), company=company, event_id=event_id, limit=limit)
    if as_json:
        click.echo(json.dumps([asdict(v) for v in views], indent=2, ensure_ascii=False))
        return
    if not views:
        click.echo("No changes recorded.")
    for view in views:
        flags = f" [undone by {view.undone_by}]" if view.undone_by else ""
        reason = f" — {view.reason}" if view.reason and view.action not in ("undo",) else ""
        click.echo(f"{view.id:>6} {view.at} {view.actor} via {view.via}: {view.summary}{reason}{flags}")


# --------------------------------------------------------------------------- export / stats


#: Columns of the exported published totals (the layout of data/aggregates.csv), in order.
_AGGREGATE_COLUMNS = (
    "publisher", "scope", "period_start", "period_end", "count", "companies", "approximate", "as_of", "source", "note",
)


def _write_csv(rows: list[dict[str, Any]], columns: list[str], out: TextIO) -> None:
    """CSV with every cell formula-safe (see :mod:`bot.data.csv_safety`; `data import` undoes it)."""
    from bot.data.csv_safety import guard_row

    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(guard_row({k: row.get(k) for k in columns}))


@data.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("-o", "--output", "output_name", type=click.Path(),
              help="Write to FILE (CSV: aliases and published totals go to FILE's .aliases.csv and "
                   ".aggregates.csv siblings). Default: stdout (CSV: events only). Never over the "
                   "database, a directory or a device; written to a temporary file, then renamed.")
@click.option("--warn", "warn_notices", is_flag=True,
              help="Export the WARN notices instead (one file: each notice as filed, with the company its legal "
                   "name resolved to; for reading, not for `data import`).")
@pass_settings
def export(settings: Settings, fmt: str, output_name: str | None, warn_notices: bool) -> None:
    """Export every round (one row per event; re-importable with `data import`), or with --warn every WARN notice.

    A CSV cell that starts with = + - @ (or a tab or carriage return) gets a leading ' so
    spreadsheets show it as text and never run it as a formula; `data import` drops that quote.
    """
    from bot.data.db import resolve_db_path
    from bot.data.store import EXPORT_COLUMNS, export_events
    from bot.safe_output import atomic_write, database_files, safe_output_path

    protect = database_files(resolve_db_path(settings.db_path))
    if warn_notices:
        _export_warn(settings, fmt, output_name, protect)
        return
    output: Path | None = None
    targets: list[Path] = []
    if output_name is not None:
        safe_output_path(output_name, protect)  # before Path() turns "" into "."
        output = Path(output_name)
        # Check every file first: a refusal writes nothing.
        targets = [output] if fmt == "json" else [
            output, output.with_name(output.stem + ".aliases.csv"), output.with_name(output.stem + ".aggregates.csv")]
        for target in targets:
            safe_output_path(target, protect)
    db = settings.db()
    events = export_events(db)
    aliases = list(db.query(
        "SELECT a.display AS alias, c.name AS company, a.division, a.ambiguous FROM aliases a"
        " JOIN companies c ON c.id = a.company_id ORDER BY c.name, a.alias"))
    aggregates = list(db.query(
        f"SELECT {', '.join(_AGGREGATE_COLUMNS)} FROM aggregates ORDER BY publisher, period_start"))
    if fmt == "json":
        meta = {r[0]: r[1] for r in db.execute("SELECT key, value FROM meta")}
        document = {"meta": meta, "events": events, "aliases": aliases, "aggregates": aggregates}
        text = json.dumps(document, indent=1, ensure_ascii=False)
        if output:
            atomic_write(output, text + "\n", protect=protect)
        else:
            click.echo(text)
    elif output:
        for target, rows, columns in (
            (targets[0], events, list(EXPORT_COLUMNS)),
            (targets[1], aliases, ["alias", "company", "division", "ambiguous"]),
            (targets[2], aggregates, list(_AGGREGATE_COLUMNS)),
        ):
            atomic_write(target, functools.partial(_write_csv, rows, columns), protect=protect)
    else:
        _write_csv(events, list(EXPORT_COLUMNS), sys.stdout)
    if output:
        click.echo(f"Exported {len(events):,} events to {output}", err=True)


def _export_warn(settings: Settings, fmt: str, output_name: str | None, protect: list[Path]) -> None:
    """``data export --warn``: the WARN notices as one CSV (formula-safe) or JSON document."""
    from bot.data.history import WARN_EXPORT_COLUMNS, export_warn_notices
    from bot.safe_output import atomic_write, safe_output_path

    output = None
    if output_name is not None:
        safe_output_path(output_name, protect)  # before Path() turns "" into "."
        output = Path(output_name)
    notices = export_warn_notices(settings.db())
    columns = list(WARN_EXPORT_COLUMNS)
    if fmt == "json":
        text = json.dumps({"warn_notices": notices}, indent=1, ensure_ascii=False)
        if output:
            atomic_write(output, text + "\n", protect=protect)
        else:
            click.echo(text)
    elif output:
        atomic_write(output, functools.partial(_write_csv, notices, columns), protect=protect)
    else:
        _write_csv(notices, columns, sys.stdout)
    if output:
        click.echo(f"Exported {len(notices):,} WARN notices to {output}", err=True)


@data.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_settings
def stats(settings: Settings, as_json: bool) -> None:
    """Counts: rounds by status and origin, companies, aliases, imports, as-of dates."""
    from bot.data.dataset import is_stale
    from bot.data.db import resolve_db_path
    from bot.data.store import stats as read_stats

    db = settings.db()
    info = read_stats(db)
    info["database"] = str(resolve_db_path(settings.db_path))
    info["stale"] = is_stale(db)
    from bot.data.sources import list_pending

    pending_syncs = list_pending(db)
    info["pending_syncs"] = [{"id": p.id, "source": p.source, "url": p.url, "fetched_at": p.fetched_at}
                             for p in pending_syncs]
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    click.echo(f"Database: {info['database']} (schema v{info['schema_version']})")
    click.echo(f"Rounds: {info['events']:,} from {info['first_date']} to {info['last_date']}; "
               f"data as of {info['data_as_of']} (layoffs.fyi base as of {info['base_as_of']})")
    click.echo("  by status: " + ", ".join(f"{k} {v:,}" for k, v in info["by_status"].items()))
    click.echo("  by origin: " + ", ".join(f"{k} {v:,}" for k, v in info["by_origin"].items()))
    click.echo(f"  employees in confirmed and reported rounds: {info['summed_total']:,} "
               f"(plus {info['undisclosed_rounds']:,} rounds of undisclosed size)")
    click.echo(f"  without a source link: {info['unsourced']:,}")
    click.echo(f"Companies: {info['companies']:,}; aliases: {info['aliases']:,}; published totals: {info['aggregates']:,}")
    if info.get("warn_notices"):
        click.echo(f"WARN notices: {info['warn_notices']:,} (a second basis, never summed; "
                   f"{info['warn_unresolved']:,} under legal names no alias maps)")
    click.echo(f"Imports: {info['imports']:,}; audit log entries: {info['changes']:,}; "
               f"chat admins: {info['admins']:,}; alert subscriptions: {info['subscriptions']:,}")
    for source in info["sources"]:
        click.echo(f"Source {source['name']} ({source['layout']}): {source['rows']:,} rows, last fetched "
                   f"{source['last_fetch'] or 'never'}, last changed {source['last_change'] or 'never'}"
                   + (f" — {source['url']}" if source["url"] else ""))
    for pending in pending_syncs:
        click.echo(f"Pending sync #{pending.id} of {pending.source}, fetched {pending.fetched_at}: "
                   f"apply with `layoffbot data sync --pending {pending.id} --yes`")
    if info["missing_from_source"]:
        click.echo(f"Rounds no longer in their source's latest export (flagged, kept, still counted): "
                   f"{info['missing_from_source']:,}; retract or edit them after review:")
        for event_id, company, date, count in db.execute(
            "SELECT e.id, c.name, e.date, e.count FROM events e JOIN companies c ON c.id = e.company_id"
            " WHERE e.tracker_state = 'missing' ORDER BY e.date DESC, e.id LIMIT 10"
        ):
            click.echo(f"  #{event_id} {company} {date} {'undisclosed' if count is None else f'{count:,}'}")
        if info["missing_from_source"] > 10:
            click.echo(f"  ... and {info['missing_from_source'] - 10:,} more")
    if info["stale"]:
        click.echo("Note: data/ changed since this database was built; `layoffbot data init --force` rebuilds it "
                   "(erasing later edits: export first).")


# --------------------------------------------------------------------------- WARN notices, aliases (cli/warn.py)

data.add_command(warn)
data.add_command(alias)
