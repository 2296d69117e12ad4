"""``layoffbot data ...`` end to end through click's runner, on temporary database files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.data.db import open_db
from cli.main import cli

from fixtures_data import DATA, FYI_EXPORT, dump


@pytest.fixture
def run(tmp_path: Path):
    db_path = tmp_path / "cli.db"
    runner = CliRunner()

    def invoke(*args: str, db: Path | None = None):
        return runner.invoke(cli, ["--db", str(db or db_path), *args], catch_exceptions=False)

    invoke.db_path = db_path  # type: ignore[attr-defined]
    return invoke


@pytest.fixture
def built(run, built_db_path: Path, tmp_path: Path) -> Path:
    """A copy of the built database as run's default database file."""
    import sqlite3

    source, target = sqlite3.connect(built_db_path), sqlite3.connect(run.db_path)
    source.backup(target)
    source.close()
    target.close()
    return run.db_path


def _events(path: Path) -> list[dict]:
    db = open_db(path)
    rows = list(
        db.query(
            "SELECT e.id, c.name AS company, e.division, e.date, e.count, e.announced_count, e.percentage,"
            " e.percentage_basis, e.status, e.location, e.country, e.industry, e.stage, e.funds_raised_musd, e.source,"
            " e.other_sources, e.unsourced, e.includes_event_id, e.part_of_event_id, e.note, e.date_added, e.origin,"
            " e.curation_key FROM events e JOIN companies c ON c.id = e.company_id ORDER BY e.id"
        )
    )
    db.conn.close()
    return rows


def test_init_empty_then_import_the_export(run) -> None:
    assert run("data", "init", "--empty").exit_code == 0
    result = run("data", "import", str(FYI_EXPORT), "--actor", "lead")
    assert result.exit_code == 0, result.output
    assert "4,277 rows read" in result.output
    assert "rejected: 0" in result.output
    stats = json.loads(run("data", "stats", "--json").output)
    assert stats["events"] == 4277 and stats["imports"] == 1


def test_init_on_an_up_to_date_database_is_a_no_op(run, built) -> None:
    result = run("data", "init")
    assert result.exit_code == 0 and "nothing to do" in result.output


def test_init_refuses_to_overwrite_without_force(run, built) -> None:
    assert run("data", "add", "--company", "Meta", "--date", "2026-02-04", "--count", "7",
               "--source", "https://example.com/m").exit_code == 0
    result = run("data", "init")
    assert result.exit_code == 1 and "--force" in result.output
    forced = run("data", "init", "--force")
    assert forced.exit_code == 0 and "4,277 layoffs.fyi rows" in forced.output


def test_first_use_builds_the_database(run) -> None:
    result = run("data", "stats")
    assert result.exit_code == 0
    assert "data as of 2026-03-05" in result.output


def test_bad_import_is_refused_whole(run) -> None:
    run("data", "init", "--empty")
    before = dump(open_db(run.db_path))
    result = run("data", "import", str(DATA / "fyi11_bad_rows.csv"))
    assert result.exit_code == 1
    assert "row 3: date" in result.output and "Nothing was imported" in result.output
    assert dump(open_db(run.db_path)) == before
    skipped = run("data", "import", str(DATA / "fyi11_bad_rows.csv"), "--skip-invalid")
    assert skipped.exit_code == 0 and "added: 2" in skipped.output


def test_unknown_layout_lists_headers(run) -> None:
    run("data", "init", "--empty")
    result = run("data", "import", str(DATA / "other_layout.csv"))
    assert result.exit_code == 1
    assert "'headquarter'" in result.output and "--map" in result.output
    mapped = run("data", "import", str(DATA / "other_layout.csv"), "--map", "headquarter=location", "--map", "layoff=count",
                 "--status", "confirmed", "--dry-run")
    assert mapped.exit_code == 0 and "would add: 3" in mapped.output and "Dry run" in mapped.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--count", "-5"], "count: must be a non-negative integer", id="count"),
        pytest.param(["--percentage", "140"], "percentage: must be a percentage between 0 and 100", id="percentage"),
        pytest.param(["--date", "2026-02-31"], "date: must be a real date", id="date"),
        pytest.param(["--source", "example.com/x"], "source: must be an http(s) URL", id="source"),
        pytest.param(["--company", "Initrode"], "use --new-company", id="company"),
    ],
)
def test_add_errors_name_field_and_rule(run, built, args, message) -> None:
    base = {"--company": "Amazon", "--date": "2026-02-03", "--count": "100", "--source": "https://example.com/a"}
    for flag, value in zip(args[::2], args[1::2]):
        base[flag] = value
    before = dump(open_db(built))
    result = run("data", "add", *[x for pair in base.items() for x in pair])
    assert result.exit_code == 1
    assert message in result.output
    assert dump(open_db(built)) == before


def test_add_edit_confirm_retract_undo_history(run, built) -> None:
    added = run("data", "add", "--company", "AWS", "--date", "2026-02-03", "--count", "unknown", "--status", "planned",
                "--source", "https://example.com/plan", "--actor", "alice")
    assert added.exit_code == 0, added.output
    event_id = int(added.output.split("#")[1].split()[0])
    assert "(AWS)" in added.output and "undisclosed" in added.output
    edited = run("data", "edit", str(event_id), "note=Reported by two outlets", "--actor", "bob")
    assert edited.exit_code == 0, edited.output
    confirmed = run("data", "confirm", str(event_id), "--count", "1200", "--source", "https://example.com/ok", "--actor", "bob")
    assert confirmed.exit_code == 0 and "1,200 [confirmed]" in confirmed.output
    retracted = run("data", "retract", str(event_id), "--reason", "wrong company", "--actor", "carol")
    assert retracted.exit_code == 0 and "[retracted]" in retracted.output
    undone = run("data", "undo", "--actor", "carol")
    assert undone.exit_code == 0 and "Undid change" in undone.output
    hist = run("data", "history", "--company", "Amazon", "--limit", "10")
    lines = hist.output.strip().splitlines()
    assert [line.split(" via ")[0].split()[-1] for line in lines[:5]] == ["carol", "carol", "bob", "bob", "alice"]
    assert "[undone by" in lines[1]
    bad_edit = run("data", "edit", str(event_id), "count=many")
    assert bad_edit.exit_code == 1 and "count: must be" in bad_edit.output
    missing = run("data", "edit", "999999", "count=1")
    assert missing.exit_code == 1 and "no event with id 999999" in missing.output


def test_export_round_trip(run, built, tmp_path: Path) -> None:
    """export -> init --empty -> import of the export reproduces the same events."""
    run("data", "add", "--company", "Meta", "--date", "2026-02-04", "--count", "700", "--source",
        "https://example.com/meta", "--division", "Reality Labs", "--percentage", "5", "--basis", "division")
    original = _events(built)
    out = tmp_path / "export.csv"
    exported = run("data", "export", "-o", str(out))
    assert exported.exit_code == 0
    assert (tmp_path / "export.aliases.csv").exists() and (tmp_path / "export.aggregates.csv").exists()
    fresh = tmp_path / "fresh.db"
    assert run("data", "init", "--empty", db=fresh).exit_code == 0
    imported = run("data", "import", str(out), db=fresh)
    assert imported.exit_code == 0, imported.output
    assert "layoffbot layout" in imported.output and "rejected: 0" in imported.output
    assert _events(fresh) == original


def test_export_formats(run, built) -> None:
    as_csv = run("data", "export")
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert rows[0].keys() >= {"id", "company", "division", "date", "count", "percentage", "percentage_basis", "status",
                              "location", "country", "source"}
    as_json = json.loads(run("data", "export", "--format", "json").output)
    assert len(as_json["events"]) == len(rows)
    assert {"alias", "company", "division", "ambiguous"} <= as_json["aliases"][0].keys()
    assert as_json["aggregates"] and as_json["meta"]["data_as_of"] == "2026-03-05"


def test_help_texts(run) -> None:
    for command in ("import", "add", "edit", "retract", "confirm", "undo", "history", "export", "stats", "init"):
        result = run("data", command, "--help")
        assert result.exit_code == 0 and "Usage" in result.output


def test_force_rebuild_keeps_admins_and_subscriptions(run, built) -> None:
    from bot import admin

    db = open_db(built)
    admin.grant(db, "slack", "U1")
    ada = admin.Actor("slack", "U1")
    admin.subscribe(db, ada, "C-amazon", "Amazon", can_manage_channel=True)
    admin.subscribe(db, ada, "C-all", None, can_manage_channel=True)
    db.conn.close()
    assert run("data", "add", "--company", "Meta", "--date", "2026-02-04", "--count", "7",
               "--source", "https://example.com/m").exit_code == 0
    assert run("data", "init", "--force").exit_code == 0
    db = open_db(built)
    assert [(s.channel, s.company) for s in admin.list_subscriptions(db, "slack")] == [("C-all", None), ("C-amazon", "Amazon")]
    assert admin.is_admin(db, ada)
    assert db.execute("SELECT count(*) FROM events WHERE origin = 'admin'").fetchone()[0] == 0
