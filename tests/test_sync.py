"""``data sync``: a newer tracker export updates, adds and flags rows by their origin; curated and
admin-edited rows are listed as conflicts; the whole sync is one undoable change; ``--from``
fetches over HTTP from a local server (and refuses other schemes and oversized bodies)."""

from __future__ import annotations

import csv
import http.server
import io
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.data.db import MIGRATIONS, migrate, open_db
from bot.data.fetch import FetchError, fetch
from bot.data.importer import import_csv
from bot.data.store import edit_event, undo
from bot.data.sync import sync_csv
from bot.data.validation import ImportRefused, UndoError
from cli.main import cli

from fixtures_data import make_small_db

HEADER = ["company", "location", "total_laid_off", "date", "percentage_laid_off", "industry", "source", "stage",
          "funds_raised", "country", "date_added"]
BASE = [
    ["Amazon", "Seattle", "1000", "1/10/2025", "0.01", "Retail", "https://example.com/amazon-jan", "Post-IPO", "108",
     "United States", "1/11/2025"],
    ["Acme", "SF Bay Area", "50", "3/1/2025", "0.2", "Other", "https://example.com/acme", "Seed", "5",
     "United States", "3/2/2025"],
    ["Beta", "Austin", "", "4/1/2025", "", "Data", "https://example.com/beta", "Series A", "", "United States",
     "4/2/2025"],
    ["Gamma", "Boston", "120", "5/5/2025", "0.1", "Health", "https://example.com/gamma", "Series B", "40",
     "United States", "5/6/2025"],
]
COLUMN = {name: i for i, name in enumerate(HEADER)}


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def _changed(index: int, **cells: str) -> list[list[str]]:
    rows = [list(r) for r in BASE]
    for name, value in cells.items():
        rows[index][COLUMN[name]] = value
    return rows


def _db() -> sqlite_utils.Database:
    db = make_small_db()
    report = import_csv(db, _csv(BASE), file_name="fyi-v1.csv", origin="layoffs.fyi", actor="test")
    assert report.added == len(BASE)
    return db


def _event(db: sqlite_utils.Database, company: str) -> dict[str, object]:
    rows = list(db.query("SELECT e.* FROM events e JOIN companies c ON c.id = e.company_id WHERE c.name = ?", [company]))
    assert len(rows) == 1, rows
    return rows[0]


def _events(db: sqlite_utils.Database) -> list[tuple[object, ...]]:
    return [tuple(r) for r in db.execute("SELECT * FROM events ORDER BY id")]


# --------------------------------------------------------------------------- update / add / flag


@pytest.mark.parametrize(
    ("rows", "kind", "company", "field", "after"),
    [
        pytest.param(_changed(1, total_laid_off="75"), "updated", "Acme", "count", 75, id="count-changed"),
        pytest.param(_changed(1, percentage_laid_off="0.25"), "updated", "Acme", "percentage", 25.0, id="percentage-changed"),
        pytest.param(_changed(2, total_laid_off="30"), "updated", "Beta", "count", 30, id="undisclosed-becomes-known"),
        pytest.param(_changed(3, date="5/7/2025"), "updated", "Gamma", "date", "2025-05-07", id="date-changed-same-source"),
        pytest.param(_changed(3, source="https://example.com/gamma-v2"), "updated", "Gamma", "source",
                     "https://example.com/gamma-v2", id="source-changed-same-date"),
        pytest.param(_changed(0, location="Seattle, WA"), "updated", "Amazon", "location", "Seattle, WA", id="location-changed"),
        pytest.param([*BASE, ["Delta", "NYC", "10", "6/1/2025", "", "Media", "https://example.com/delta", "Seed", "",
                              "United States", "6/2/2025"]], "added", "Delta", "count", 10, id="new-row-added"),
        pytest.param(BASE[:3], "missing", "Gamma", "tracker_state", "missing", id="row-gone-flagged"),
    ],
)
def test_sync_updates_adds_and_flags(rows: list[list[str]], kind: str, company: str, field: str, after: object) -> None:
    db = _db()
    preview = sync_csv(db, _csv(rows), file_name="fyi-v2.csv", dry_run=True, actor="test")
    assert [len(preview.updated), len(preview.added), len(preview.missing)] == [
        int(kind == "updated"), int(kind == "added"), int(kind == "missing")]
    before = _events(db)
    assert _events(db) == before  # the dry run wrote nothing
    report = sync_csv(db, _csv(rows), file_name="fyi-v2.csv", actor="test")
    assert report.committed and not report.conflicts
    assert _event(db, company)[field] == after
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == len(BASE) + int(kind == "added")
    if kind == "updated":
        (item,) = report.updated
        change = next(c for c in item.changes if c.field == field)
        assert change.after == after and change.before != after
        assert f"{field} " in report.summary() and " -> " in report.summary()
    again = sync_csv(db, _csv(rows), file_name="fyi-v2.csv", dry_run=True)
    assert not again.changed and again.unchanged == len(rows)


def test_unchanged_export_changes_nothing() -> None:
    db = _db()
    before = _events(db)
    report = sync_csv(db, _csv(BASE), actor="test")
    assert report.unchanged == len(BASE) and not report.changed and not report.committed
    assert _events(db) == before
    assert db.execute("SELECT count(*) FROM imports WHERE kind = 'sync'").fetchone()[0] == 0


def test_flagged_row_is_kept_counted_and_unflagged_when_back() -> None:
    db = _db()
    sync_csv(db, _csv(BASE[1:]), actor="test")
    amazon = _event(db, "Amazon")
    assert amazon["tracker_state"] == "missing" and amazon["status"] == "reported"  # never deleted
    report = sync_csv(db, _csv(BASE), actor="test")
    assert [i.company for i in report.back] == ["Amazon"]
    assert _event(db, "Amazon")["tracker_state"] is None


def test_identical_row_of_another_origin_is_not_added_twice() -> None:
    db = _db()
    from bot.data.store import add_event

    add_event(db, company="Amazon", date="2025-07-01", count=400, source="https://example.com/admin", actor="admin")
    rows = [*BASE, ["Amazon", "Seattle", "400", "7/1/2025", "", "Retail", "https://example.com/fyi", "Post-IPO", "",
                    "United States", "7/2/2025"]]
    report = sync_csv(db, _csv(rows), dry_run=True)
    assert not report.added and report.duplicates == 1


# --------------------------------------------------------------------------- conflicts


@pytest.mark.parametrize(
    "protect",
    [
        pytest.param(lambda db, event_id: db.execute(
            "UPDATE events SET origin = 'curated', curation_key = 'acme-2025-03-01' WHERE id = ?", [event_id]),
            id="curated-row"),
        pytest.param(lambda db, event_id: edit_event(db, event_id, {"note": "checked"}, actor="admin"),
                     id="admin-edited-row"),
    ],
)
def test_protected_rows_are_listed_as_conflicts(protect: Callable[[sqlite_utils.Database, int], object]) -> None:
    db = _db()
    acme = _event(db, "Acme")
    protect(db, int(acme["id"]))  # type: ignore[arg-type]
    report = sync_csv(db, _csv(_changed(1, total_laid_off="75")), actor="test")
    (conflict,) = report.conflicts
    assert conflict.company == "Acme" and [(c.field, c.before, c.after) for c in conflict.changes] == [("count", 50, 75)]
    assert _event(db, "Acme")["count"] == 50  # never overwritten by the tracker
    assert not report.updated and "Conflict: " in report.summary()


# --------------------------------------------------------------------------- undo, audit


def test_sync_is_one_undoable_change() -> None:
    db = _db()
    before = _events(db)
    rows = _changed(1, total_laid_off="75")[1:] + [
        ["Delta", "NYC", "10", "6/1/2025", "", "Media", "https://example.com/delta", "Seed", "", "United States", "6/2/2025"]]
    report = sync_csv(db, _csv(rows), actor="test")
    assert (len(report.updated), len(report.added), len(report.missing)) == (1, 1, 1)
    assert len(report.new_companies) == 1
    (sync_change,) = db.execute("SELECT id FROM changes WHERE action = 'sync'").fetchall()
    assert sync_change[0] == report.change_id
    view = undo(db, actor="test")  # the latest undoable change is the whole sync
    assert view.undoes == report.change_id
    assert _events(db) == before
    assert db.execute("SELECT count(*) FROM companies WHERE name = 'Delta'").fetchone()[0] == 0


def test_undo_of_sync_refused_after_a_later_edit() -> None:
    db = _db()
    report = sync_csv(db, _csv(_changed(1, total_laid_off="75")), actor="test")
    acme = int(_event(db, "Acme")["id"])  # type: ignore[arg-type]
    later = edit_event(db, acme, {"count": "80"}, actor="admin")
    with pytest.raises(UndoError) as info:
        undo(db, report.change_id, actor="test")
    assert later.change_id in (info.value.blocking or [])


# --------------------------------------------------------------------------- refusals


def test_rejected_row_aborts_the_sync() -> None:
    db = _db()
    before = _events(db)
    report = sync_csv(db, _csv(_changed(1, total_laid_off="-5", date="not a date")), actor="test")
    assert report.rejected and report.aborted and not report.committed
    assert _events(db) == before


def test_non_tracker_layout_is_refused() -> None:
    db = _db()
    with pytest.raises(ImportRefused, match="tracker exports"):
        sync_csv(db, b"Company,headquarter,layoff,Date\nAcme,SF,5,2025-01-01\n")


def test_migration_gives_existing_tracker_rows_their_origin() -> None:
    conn = sqlite3.connect(":memory:")
    for step in MIGRATIONS[:2]:
        step(conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO companies (id, name) VALUES (1, 'Acme')")
    conn.execute("INSERT INTO events (company_id, date, count, source, origin) VALUES "
                 "(1, '2025-03-01', 50, 'https://example.com/acme', 'layoffs.fyi')")
    conn.execute("INSERT INTO events (company_id, date, count, source, origin, curation_key) VALUES "
                 "(1, '2025-04-01', 60, 'https://example.com/acme2', 'curated', 'acme-2')")
    db = sqlite_utils.Database(conn)
    migrate(db)
    keys = [r[0] for r in conn.execute("SELECT origin_key FROM events ORDER BY id")]
    assert keys == ["layoffs.fyi|1|2025-03-01|https://example.com/acme", None]


# --------------------------------------------------------------------------- --from URL


class _Handler(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        if self.path == "/redirect-ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/export.csv")
            self.end_headers()
            return
        if self.path == "/missing.csv":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        if self.path != "/no-length.csv":
            self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {"body": _csv(BASE)})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_sync_from_url_records_the_source(server: tuple[str, type[_Handler]], tmp_path: Path) -> None:
    base, handler = server
    path = tmp_path / "db.sqlite"
    db = open_db(path)
    db.execute("INSERT INTO meta (key, value) VALUES ('initialized', 'empty')")
    db.conn.commit()
    runner = CliRunner()
    handler.body = _csv(BASE)
    result = runner.invoke(cli, ["--db", str(path), "data", "sync", "--from", f"{base}/export.csv", "--yes"])
    assert result.exit_code == 0, result.output
    assert f"add: {len(BASE)}" in result.output
    handler.body = _csv(_changed(1, total_laid_off="75"))
    dry = runner.invoke(cli, ["--db", str(path), "data", "sync", "--from", f"{base}/export.csv", "--dry-run"])
    assert dry.exit_code == 0 and "count 50 -> 75" in dry.output and "Dry run" in dry.output
    stats = runner.invoke(cli, ["--db", str(path), "data", "stats", "--json"])
    import json

    (source,) = json.loads(stats.output)["sources"]
    assert source["url"] == f"{base}/export.csv" and source["rows"] == len(BASE) and source["last_fetch"]
    applied = runner.invoke(cli, ["--db", str(path), "data", "sync", "--from", f"{base}/export.csv", "--yes"])
    assert applied.exit_code == 0 and "Sync #" in applied.output
    assert _event(open_db(path), "Acme")["count"] == 75
    handler.body = _csv(BASE[1:])
    assert runner.invoke(cli, ["--db", str(path), "data", "sync", "--from", f"{base}/export.csv", "--yes"]).exit_code == 0
    listed = runner.invoke(cli, ["--db", str(path), "data", "stats"]).output
    assert "no longer in their source's latest export" in listed and "Amazon 2025-01-10 1,000" in listed


def test_scheduled_dry_run_keeps_a_pending_sync_an_admin_applies(server: tuple[str, type[_Handler]],
                                                                 tmp_path: Path) -> None:
    base, handler = server
    path = tmp_path / "db.sqlite"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(path), "data", "init", "--empty"]).exit_code == 0
    handler.body = _csv(BASE)
    assert runner.invoke(cli, ["--db", str(path), "data", "sync", "--from", f"{base}/e.csv", "--yes"]).exit_code == 0
    handler.body = _csv(_changed(1, total_laid_off="75"))
    first = runner.invoke(cli, ["--db", str(path), "data", "sync", "--from", f"{base}/e.csv", "--dry-run"])
    again = runner.invoke(cli, ["--db", str(path), "data", "sync", "--from", f"{base}/e.csv", "--dry-run"])
    assert "Pending sync #1 kept" in first.output and "Pending sync #1 kept" in again.output  # same file, same entry
    assert _event(open_db(path), "Acme")["count"] == 50  # nothing applied yet
    handler.body = _csv(_changed(1, total_laid_off="99"))  # the source moves on: the reviewed file is applied
    assert "Pending sync #1 of layoffs.fyi" in runner.invoke(cli, ["--db", str(path), "data", "stats"]).output
    applied = runner.invoke(cli, ["--db", str(path), "data", "sync", "--pending", "1", "--yes"])
    assert applied.exit_code == 0 and "count 50 -> 75" in applied.output, applied.output
    assert _event(open_db(path), "Acme")["count"] == 75
    twice = runner.invoke(cli, ["--db", str(path), "data", "sync", "--pending", "1", "--yes"])
    assert twice.exit_code == 1 and "no pending sync with id 1" in twice.output


@pytest.mark.parametrize(
    ("url", "message"),
    [
        pytest.param("ftp://127.0.0.1/export.csv", "only http and https", id="ftp-scheme"),
        pytest.param("file:///etc/passwd", "only http and https", id="file-scheme"),
        pytest.param("{base}/redirect-ftp", "only http and https", id="redirect-to-ftp"),
        pytest.param("http://user:secret@127.0.0.1/x.csv", "credentials", id="credentials-in-url"),
        pytest.param("{base}/missing.csv", "HTTP 404", id="not-found"),
    ],
)
def test_fetch_refuses(server: tuple[str, type[_Handler]], url: str, message: str) -> None:
    with pytest.raises(FetchError, match=message) as info:
        fetch(url.format(base=server[0]), timeout=5)
    assert "secret" not in str(info.value)


@pytest.mark.parametrize("path", ["/export.csv", "/no-length.csv"], ids=["declared-length", "streamed-without-length"])
def test_fetch_refuses_oversized_bodies(server: tuple[str, type[_Handler]], path: str) -> None:
    with pytest.raises(FetchError, match="larger than 100 bytes"):
        fetch(server[0] + path, max_bytes=100, timeout=5)
    assert fetch(server[0] + path, timeout=5).content == server[1].body


def test_cli_sync_refuses_non_http_scheme(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db"), "data", "sync", "--from", "file:///etc/passwd"])
    assert result.exit_code == 1 and "only http and https" in result.output and "Traceback" not in result.output


# --------------------------------------------------------------------------- from chat (core)


def test_chat_sync_is_a_dry_run_until_its_uploader_confirms() -> None:
    from bot import admin
    from bot.admin.imports import ImportExpired

    db = _db()
    ada, mallory = admin.Actor("slack", "U_ADA", "Ada"), admin.Actor("slack", "U_MAL", "Mallory")
    admin.grant(db, "slack", "U_ADA", by="test")
    with pytest.raises(admin.PermissionDenied):
        admin.stage_sync(db, mallory, "fyi.csv", _csv(_changed(1, total_laid_off="75")))
    before = _events(db)
    preview = admin.stage_sync(db, ada, "fyi.csv", _csv(_changed(1, total_laid_off="75")))
    assert preview.report.dry_run and "count 50 -> 75" in preview.report.summary()
    assert _events(db) == before
    with pytest.raises(ImportExpired):  # a sync token is not an import token
        admin.confirm_import(db, ada, preview.token)
    report = admin.confirm_sync(db, ada, preview.token)
    assert report.committed and _event(db, "Acme")["count"] == 75
    assert db.execute("SELECT via, actor FROM changes WHERE action = 'sync'").fetchone() == ("slack", ada.audit_name)
    with pytest.raises(ImportExpired):
        admin.confirm_sync(db, ada, preview.token)


# --------------------------------------------------------------------------- property


_EDIT = st.sampled_from(["count", "percentage", "date", "source", "drop", "keep"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(_EDIT, min_size=len(BASE), max_size=len(BASE)), extra=st.booleans())
def test_sync_then_resync_is_a_no_op_and_undo_restores(edits: list[str], extra: bool) -> None:
    """Whatever a newer export changes, syncing it makes a second dry run find nothing to change,
    and undoing the sync gives back exactly the rows there were before."""
    db = _db()
    before = _events(db)
    rows: list[list[str]] = []
    for i, (row, edit) in enumerate(zip(BASE, edits, strict=True)):
        new = list(row)
        if edit == "drop":
            continue
        if edit == "count":
            new[COLUMN["total_laid_off"]] = str(500 + i)
        elif edit == "percentage":
            new[COLUMN["percentage_laid_off"]] = "0.33"
        elif edit == "date":
            new[COLUMN["date"]] = f"8/{10 + i}/2025"
        elif edit == "source":
            new[COLUMN["source"]] = f"https://example.com/corrected-{i}"
        rows.append(new)
    if extra:
        rows.append(["Delta", "NYC", "10", "6/1/2025", "", "Media", "https://example.com/delta", "Seed", "",
                     "United States", "6/2/2025"])
    report = sync_csv(db, _csv(rows), actor="test")
    assert len(report.missing) == edits.count("drop") and len(report.added) == int(extra)
    assert not sync_csv(db, _csv(rows), dry_run=True).changed
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == len(BASE) + int(extra)  # nothing deleted
    if report.committed:
        undo(db, report.change_id, actor="test")
    assert _events(db) == before


def test_about_the_data_shows_each_sources_freshness(built_db: sqlite_utils.Database) -> None:
    from bot.data.sync import record_source
    from bot.engine import Engine

    text = Engine(built_db).answer("where does your data come from?").text
    assert "Source layoffs.fyi: 4,277 rows, last fetched 2026-01-28, last changed 2026-01-28." in text
    record_source(built_db, name="layoffs.fyi", layout="layoffs.fyi", url="https://example.org/e.csv", sha256="x",
                  rows=4300, changed=True, at="2026-03-02T06:15:00+00:00")
    text = Engine(built_db).answer("where does your data come from?").text
    assert "Source layoffs.fyi: 4,300 rows, last fetched 2026-03-02, last changed 2026-03-02." in text
