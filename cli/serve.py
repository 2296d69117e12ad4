"""``layoffbot serve``: the dataset in a browser and as a JSON API (Datasette), read-only.

Datasette opens the database file with ``?mode=ro`` connections only (no canned query
writes, no plugins that write), so neither a page, the JSON API nor a custom SQL query can
change it — the bot and the CLI keep writing meanwhile (WAL) and the pages show their
changes.  Tables other than :data:`bot.data.browse.PUBLIC_TABLES` (audit log, admins,
subscriptions, imports) are denied.  Custom SQL is off unless ``--sql``: a SELECT could
otherwise read those denied tables.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cli.main import Settings, pass_settings

if TYPE_CHECKING:
    from datasette.app import Datasette

__all__ = ["serve", "make_datasette", "DATABASE_NAME"]

#: The database's name in every URL.
DATABASE_NAME = "layoffbot"


def _tables(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")]
    finally:
        conn.close()


def make_datasette(path: Path, *, allow_sql: bool = False) -> "Datasette":
    """A Datasette on the database file at ``path``: read-only, with layoffbot's metadata.

    Whatever the file is called, the database is published as ``/layoffbot`` (stable URLs)."""
    from datasette.app import Datasette
    from datasette.database import Database

    from bot.data.browse import browse_metadata

    metadata = browse_metadata(DATABASE_NAME, tables=_tables(path))
    if not allow_sql:
        metadata["allow_sql"] = False
    ds = Datasette(
        metadata=metadata,
        settings={"default_page_size": 50, "sql_time_limit_ms": 2000, "allow_download": False},
    )
    # is_mutable: read connections use ?mode=ro (immutable=1 would ignore the bot's WAL writes).
    ds.add_database(Database(ds, path=str(path), is_mutable=True), name=DATABASE_NAME)
    return ds


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--sql", "allow_sql", is_flag=True, help="Allow custom SQL queries (read-only; they can read every table).")
@pass_settings
def serve(settings: Settings, host: str, port: int, allow_sql: bool) -> None:
    """Browse the dataset and query it as JSON (Datasette), read-only.

    \b
    Pages: / (tables), /layoffbot/rounds (facets: company, industry, country, status),
    canned queries /layoffbot/company_total?company=Amazon, /layoffbot/ranking?start=2023-01-01&end=2023-12-31,
    /layoffbot/latest; add .json to any page for the API (e.g. /layoffbot/company_total.json?company=Amazon).
    Needs the serve extra: pip install -e ".[serve]".
    """
    import uvicorn

    db = settings.db()  # built from data/ (and migrated) first when needed
    path = Path(db.conn.execute("PRAGMA database_list").fetchone()[2])
    db.conn.close()
    if not path.name:
        raise click.ClickException("layoffbot serve needs a database file, not an in-memory database")
    ds = make_datasette(path, allow_sql=allow_sql)
    click.echo(f"Serving {path} read-only at http://{host}:{port}/{DATABASE_NAME}", err=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
