"""The shipped dataset builds, and its curated rounds are right (the traps of major_events.md)."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from bot.data.dataset import (
    DatasetError,
    build_database,
    data_dir,
    data_fingerprint,
    ensure_database,
)
from bot.data.db import SCHEMA_VERSION, SUMMED_STATUSES, open_db, schema_version

from fixtures_data import FYI_EXPORT, REPO_DATA, copy_data_dir, dump, events_by

SUMMED = tuple(SUMMED_STATUSES)


def _round(db, company: str, date: str) -> dict:
    rows = [e for e in events_by(db, company) if e["date"] == date]
    assert len(rows) == 1, f"{company} {date}: {len(rows)} rows"
    return rows[0]


def _summable_total(db, company: str, start: str, end: str) -> int:
    """The counting rule: confirmed/reported rounds, not part of another round."""
    return sum(
        e["count"] or 0
        for e in events_by(db, company)
        if start <= e["date"] <= end and e["status"] in SUMMED and e["part_of_event_id"] is None
    )


def test_data_dir_is_the_repo_data_folder() -> None:
    assert data_dir() == REPO_DATA
    assert (data_dir() / "curated_events.csv").exists()


def test_data_dir_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LAYOFFBOT_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path


def test_build_counts(built_db) -> None:
    n_base = sum(1 for _ in csv.DictReader(FYI_EXPORT.open(encoding="utf-8")))
    assert n_base == 4277
    curated = list(csv.DictReader((REPO_DATA / "curated_events.csv").open(encoding="utf-8")))
    added = sum(1 for r in curated if not r["base_date"])
    events = built_db.execute("SELECT count(*) FROM events").fetchone()[0]
    assert events == n_base + added  # adjustments never double a base row
    assert built_db.execute("SELECT count(*) FROM events WHERE origin = 'curated'").fetchone()[0] == len(curated)
    assert built_db.execute("SELECT count(DISTINCT curation_key) FROM events WHERE curation_key IS NOT NULL").fetchone()[0] == len(curated)


def test_meta_as_of_and_fingerprint(built_db) -> None:
    meta = {r[0]: r[1] for r in built_db.execute("SELECT key, value FROM meta")}
    latest = built_db.execute("SELECT max(date) FROM events WHERE status != 'retracted'").fetchone()[0]
    assert meta["data_as_of"] == latest == "2026-03-05"
    assert meta["base_as_of"] == "2026-01-28"
    assert meta["built_from"] == data_fingerprint(REPO_DATA)
    assert meta["initialized"] == "data"


@pytest.mark.parametrize(
    ("company", "date", "count", "announced", "status", "division"),
    [
        pytest.param("Amazon", "2022-11-16", 10000, None, "reported", "Devices & Books; PXT", id="amazon-2022-11"),
        pytest.param("Amazon", "2023-01-04", 8000, 18000, "confirmed", "Stores; PXT", id="amazon-2023-01-cumulative"),
        pytest.param("Amazon", "2023-03-20", 9000, None, "confirmed", "AWS; Twitch; Advertising; PXT", id="amazon-2023-03"),
        pytest.param("Amazon", "2025-10-28", 14000, None, "confirmed", None, id="amazon-2025-10"),
        pytest.param("Amazon", "2026-01-22", None, None, "planned", "AWS; Advertising; Retail", id="amazon-2026-plan"),
        pytest.param("Amazon", "2026-01-28", 16000, 30000, "confirmed", "AWS; Retail; Prime Video; PXT", id="amazon-2026-01-cumulative"),
        pytest.param("Meta", "2022-11-09", 11000, None, "confirmed", None, id="meta-2022-11"),
        pytest.param("Meta", "2023-03-14", 10000, None, "confirmed", None, id="meta-2023-03"),
        pytest.param("Meta", "2026-01-13", 1500, None, "reported", "Reality Labs", id="meta-reality-labs"),
        pytest.param("Google", "2023-01-20", 12000, None, "confirmed", None, id="google-2023-01"),
        pytest.param("Microsoft", "2023-01-18", 10000, None, "confirmed", None, id="microsoft-2023-01"),
        pytest.param("Microsoft", "2024-01-25", 1900, None, "confirmed", "Gaming", id="microsoft-gaming-2024"),
        pytest.param("Microsoft", "2025-07-02", 9000, None, "confirmed", None, id="microsoft-2025-07"),
        pytest.param("Salesforce", "2023-01-04", 8000, None, "confirmed", None, id="salesforce-2023"),
        pytest.param("X", "2022-11-04", 3700, None, "reported", None, id="x-2022-11"),
        pytest.param("Intel", "2025-04-23", 22000, None, "reported", None, id="intel-2025-plan"),
        pytest.param("Oracle", "2026-03-05", None, None, "rumored", None, id="oracle-rumor"),
    ],
)
def test_seed_rounds(built_db, company, date, count, announced, status, division) -> None:
    """The issue's seed facts (every row of major_events.md: tests/test_dataset_audit.py)."""
    event = _round(built_db, company, date)
    assert (event["count"], event["announced_count"], event["status"], event["division"]) == (
        count,
        announced,
        status,
        division,
    )
    assert event["source"] and event["source"].startswith("https://")


def test_amazon_cumulative_announcement_is_not_counted_twice(built_db) -> None:
    january = _round(built_db, "Amazon", "2023-01-04")
    november = _round(built_db, "Amazon", "2022-11-16")
    assert january["includes_event_id"] == november["id"]
    total_2023 = _summable_total(built_db, "Amazon", "2023-01-01", "2023-12-31")
    small_2023 = sum(
        e["count"] or 0
        for e in events_by(built_db, "Amazon")
        if e["date"].startswith("2023") and e["curation_key"] is None and e["status"] in SUMMED
    )
    assert total_2023 == 8000 + 9000 + small_2023
    assert total_2023 < 18000 + 8000
    # Nov 2022 + Jan 2023 = the 18,000 announced, never 18,000 + 8,000.
    assert november["count"] + january["count"] == january["announced_count"]


def test_amazon_2026_plan_is_linked_and_never_summed(built_db) -> None:
    plan = _round(built_db, "Amazon", "2026-01-22")
    confirmed = _round(built_db, "Amazon", "2026-01-28")
    assert plan["part_of_event_id"] == confirmed["id"]
    assert plan["status"] == "planned" and plan["count"] is None
    assert "confirmed on 2026-01-28" in plan["note"].lower()
    assert _summable_total(built_db, "Amazon", "2026-01-01", "2026-01-31") == 16000


def test_amazon_oct_2025_percentage_basis_is_corporate(built_db) -> None:
    event = _round(built_db, "Amazon", "2025-10-28")
    assert (event["percentage"], event["percentage_basis"]) == (4.0, "corporate")


def test_intel_warn_row_is_part_of_the_plan(built_db) -> None:
    plan = _round(built_db, "Intel", "2025-04-23")
    warn = _round(built_db, "Intel", "2025-07-11")
    assert warn["part_of_event_id"] == plan["id"]
    total = _summable_total(built_db, "Intel", "2025-01-01", "2025-12-31")
    assert 22000 <= total < 22000 + 5000


def test_meta_2022_2023_is_21000(built_db) -> None:
    big = [e["count"] for e in events_by(built_db, "Meta") if e["count"] and e["count"] >= 10000]
    assert sorted(big) == [10000, 11000]


def test_twitter_rows_belong_to_x(built_db) -> None:
    assert built_db.execute("SELECT count(*) FROM companies WHERE name = 'Twitter'").fetchone()[0] == 0
    raw = sum(1 for r in csv.DictReader(FYI_EXPORT.open(encoding="utf-8")) if r["company"].strip() == "Twitter")
    assert len(events_by(built_db, "X")) == raw


def test_every_event_is_sourced_or_marked(built_db) -> None:
    bad = built_db.execute(
        "SELECT count(*) FROM events WHERE (source IS NULL OR source = '') AND unsourced = 0"
    ).fetchone()[0]
    assert bad == 0
    not_links = built_db.execute(
        "SELECT count(*) FROM events WHERE source IS NOT NULL AND source NOT LIKE 'http%'"
    ).fetchone()[0]
    assert not_links == 0


@pytest.mark.parametrize(
    ("alias", "company", "division", "ambiguous"),
    [
        ("aws", "Amazon", "AWS", 0),
        ("amazon.com services llc", "Amazon", None, 0),
        ("facebook", "Meta", None, 0),
        ("alphabet", "Google", None, 0),
        ("twitter", "X", None, 0),
        ("x corp", "X", None, 0),
        ("activision blizzard", "Microsoft", "Gaming", 0),  # the unit its rounds are filed under
        ("reality labs", "Meta", "Reality Labs", 0),
        ("zoom", "Zoom", None, 1),
        ("snap", "Snap", None, 1),
        ("square", "Block", None, 1),
        ("x", "X", None, 1),
    ],
    ids=lambda v: str(v),
)
def test_aliases(built_db, alias, company, division, ambiguous) -> None:
    row = built_db.execute(
        "SELECT c.name, a.division, a.ambiguous FROM aliases a JOIN companies c ON c.id = a.company_id WHERE a.alias = ?",
        [alias],
    ).fetchone()
    assert row == (company, division, ambiguous)


def test_layoffs_fyi_2024_aggregate_matches_the_base_rows(built_db) -> None:
    published = built_db.execute(
        "SELECT count, companies FROM aggregates WHERE publisher = 'layoffs.fyi' AND period_start = '2024-01-01'"
    ).fetchone()
    summed = built_db.execute("SELECT sum(count) FROM events WHERE date BETWEEN '2024-01-01' AND '2024-12-31'").fetchone()[0]
    assert published == (152922, 551)
    # The curation review made SAP's 2024-01-23 "8,000" an announced figure of undisclosed layoffs
    # (buyouts and retraining, not all layoffs): layoffs.fyi counts it, we do not.
    sap = built_db.execute("SELECT count, announced_count FROM events WHERE curation_key = 'sap-2024-01-23'").fetchone()
    assert sap == (None, 8000)
    assert summed + 8000 == 152922


@pytest.mark.parametrize(
    ("start", "end"),
    [("2022-01-01", "2022-12-31"), ("2023-01-01", "2023-12-31"), ("2026-01-01", "2026-01-28")],
    ids=["2022", "2023", "2026-ytd"],
)
def test_aggregates_derived_from_the_export_match_it(built_db, start: str, end: str) -> None:
    published, companies = built_db.execute(
        "SELECT count, companies FROM aggregates WHERE publisher = 'layoffs.fyi' AND period_start = ? AND period_end = ?",
        [start, end],
    ).fetchone()
    rows = [r for r in csv.DictReader(FYI_EXPORT.open(encoding="utf-8"))]
    in_period = [r for r in rows if start <= _iso(r["date"]) <= end]
    assert published == sum(int(float(r["total_laid_off"])) for r in in_period if r["total_laid_off"])
    assert companies == len({r["company"].strip() for r in in_period})


def _iso(mdy: str) -> str:
    month, day, year = mdy.split("/")
    return f"{year}-{int(month):02d}-{int(day):02d}"


def test_aggregates_have_as_of_or_note(built_db) -> None:
    for publisher, source, as_of, note in built_db.execute("SELECT publisher, source, as_of, note FROM aggregates"):
        assert source or "no URL" in note, publisher
        assert as_of or note


def test_ensure_database_builds_a_new_file_once(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    db = ensure_database(path)
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] > 4000
    changes = db.execute("SELECT count(*) FROM changes").fetchone()[0]
    db.conn.close()
    again = ensure_database(path)
    assert again.execute("SELECT count(*) FROM changes").fetchone()[0] == changes


def test_ensure_database_leaves_an_initialised_empty_db_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    db = open_db(path)
    db.execute("INSERT INTO meta (key, value) VALUES ('initialized', 'empty')")
    db.conn.close()
    assert ensure_database(path).execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_ensure_database_without_build(tmp_path: Path) -> None:
    db = ensure_database(tmp_path / "nobuild.db", build=False)
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_broken_curated_row_fails_the_build_and_writes_nothing(tmp_path: Path) -> None:
    directory = copy_data_dir(tmp_path)
    curated = directory / "curated_events.csv"
    text = curated.read_text(encoding="utf-8").replace(",2022-11-09,11000\n", ",2022-11-10,11000\n")
    curated.write_text(text, encoding="utf-8")
    db = open_db(":memory:")
    before = dump(db)
    with pytest.raises(DatasetError, match="meta-2022-11-09.*matches 0 layoffs.fyi rows"):
        build_database(db, directory)
    assert dump(db) == before


def test_curated_link_to_unknown_key_fails(tmp_path: Path) -> None:
    directory = copy_data_dir(tmp_path)
    curated = directory / "curated_events.csv"
    curated.write_text(curated.read_text(encoding="utf-8").replace(",amazon-2022-11,,", ",amazon-2022-99,,"), encoding="utf-8")
    with pytest.raises(DatasetError, match="unknown key 'amazon-2022-99'"):
        build_database(open_db(":memory:"), directory)


def test_build_from_env_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = tmp_path / "tiny"
    directory.mkdir()
    (directory / "aliases.csv").write_text("alias,company,division,ambiguous,note\nFoo Inc,Foo,,0,\n", encoding="utf-8")
    (directory / "curated_events.csv").write_text(
        "key,company,division,date,count,announced_count,percentage,percentage_basis,status,includes,part_of,"
        "location,country,source,other_sources,unsourced,note,base_date,base_count\n"
        "foo-1,Foo Inc,,2024-05-01,10,,,,confirmed,,,,,https://example.com/foo,,0,,,\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("LAYOFFBOT_DATA_DIR", str(directory))
    db = ensure_database(tmp_path / "tiny.db")
    assert [(e["company"], e["count"]) for e in events_by(db, "Foo")] == [("Foo", 10)]


# --------------------------------------------------------------------------- migrations


def test_migration_from_v0_file(tmp_path: Path) -> None:
    path = tmp_path / "v0.db"
    sqlite3.connect(path).close()  # an empty SQLite file: user_version 0, no tables
    db = ensure_database(path)
    assert schema_version(db) == SCHEMA_VERSION
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] > 4000


def test_migration_keeps_v1_data(tmp_path: Path, built_db_path: Path) -> None:
    db = open_db(built_db_path)
    assert schema_version(db) == SCHEMA_VERSION
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] > 4000


def test_upgrade_v1_database_to_current(tmp_path: Path) -> None:
    """A database made by schema v1 (before the link indexes) is upgraded in place, data kept."""
    from bot.data.db import MIGRATIONS

    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO companies (id, name) VALUES (1, 'Amazon')")
    conn.execute("INSERT INTO events (id, company_id, date, count, status, source) VALUES (1, 1, '2023-01-04', 8000, 'confirmed', 'https://example.com')")
    conn.execute("INSERT INTO meta (key, value) VALUES ('initialized', 'data')")
    conn.commit()
    conn.close()
    db = ensure_database(path)
    assert schema_version(db) == SCHEMA_VERSION >= 2
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"idx_events_includes", "idx_events_part_of", "idx_changes_import"} <= indexes
    assert db.execute("SELECT company_id, date, count FROM events").fetchall() == [(1, "2023-01-04", 8000)]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(RuntimeError, match="newer"):
        open_db(path)


def test_stale_database_is_reported_not_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.data.dataset import is_stale

    directory = copy_data_dir(tmp_path)
    monkeypatch.setenv("LAYOFFBOT_DATA_DIR", str(directory))
    db = ensure_database(tmp_path / "stale.db")
    assert not is_stale(db)
    events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    with (directory / "aliases.csv").open("a", encoding="utf-8") as handle:
        handle.write("Amazon Inc,Amazon,,0,\n")
    assert is_stale(db)
    db.conn.close()
    again = ensure_database(tmp_path / "stale.db")
    assert again.execute("SELECT count(*) FROM events").fetchone()[0] == events
