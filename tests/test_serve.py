"""``layoffbot serve``: Datasette on the database, read-only, through Datasette's own test client.

The canned queries must give the bot's own figures: each is checked against ``Engine.answer``
on the same (shipped, built) database.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

pytest.importorskip("datasette")

from bot.data.browse import PUBLIC_TABLES, summed_sql  # noqa: E402
from bot.data.db import open_db  # noqa: E402
from bot.engine import Engine  # noqa: E402
from cli.main import cli  # noqa: E402
from cli.serve import make_datasette  # noqa: E402

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def db_file(built_db_path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "served.db"
    source, target = sqlite3.connect(built_db_path), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    return copy


def get(path: Path, *urls: str, allow_sql: bool = False) -> list[Any]:
    """GET each url from a fresh Datasette on ``path``: (status, body) pairs."""
    ds = make_datasette(path, allow_sql=allow_sql)

    async def fetch() -> list[Any]:
        out = []
        for url in urls:
            response = await ds.client.get(url)
            is_json = response.headers.get("content-type", "").startswith("application/json")
            out.append((response.status_code, response.json() if is_json else response.text))
        return out

    return asyncio.run(fetch())


def engine(path: Path) -> Engine:
    return Engine(open_db(path), today=TODAY)


def test_summed_sql_is_the_bots_rule() -> None:
    assert summed_sql() == "e.status IN ('confirmed', 'reported') AND e.part_of_event_id IS NULL"


def test_home_page_lists_the_public_tables_and_queries(db_file: Path) -> None:
    [(status, home), (db_status, page)] = get(db_file, "/", "/layoffbot")
    assert status == 200 and "layoffbot: corporate layoffs, sourced" in home
    assert db_status == 200
    for name in ("rounds", "companies", "aggregates", "company_total", "ranking", "latest"):
        assert name in page
    assert "changes" not in page and "admins" not in page


def test_metadata_has_counting_rules_license_and_sources(db_file: Path) -> None:
    [(status, meta)] = get(db_file, "/-/metadata.json")
    assert status == 200
    assert "never summed" in meta["description"] and meta["license"] and meta["source_url"].startswith("https://")
    tables = meta["databases"]["layoffbot"]["tables"]
    for name in ("rounds", "events", "companies", "aggregates"):
        assert tables[name]["source"] and tables[name]["license"] and tables[name]["description"]
    assert tables["rounds"]["facets"] == ["company", "industry", "country", "status"]


@pytest.mark.parametrize(
    ("company", "period", "question"),
    [
        ("Amazon", ("", ""), "how many has Amazon cut?"),
        ("Amazon", ("2023-01-01", "2023-12-31"), "how many has Amazon cut in 2023?"),
        ("Meta", ("", ""), "how many has Meta cut?"),
        ("Google", ("2022-01-01", "2024-12-31"), "how many did Google cut from 2022 to 2024?"),
        ("Intel", ("2025-01-01", "2025-12-31"), "how many did Intel cut in 2025?"),
        ("facebook", ("", ""), "how many has Meta cut?"),
    ],
    ids=["amazon-all", "amazon-2023", "meta-all", "google-2022-2024", "intel-2025-part-of", "alias-facebook"],
)
def test_company_total_matches_the_bot(db_file: Path, company: str, period: tuple[str, str], question: str) -> None:
    start, end = period
    [(status, rows)] = get(db_file, f"/layoffbot/company_total.json?company={company}&start={start}&end={end}&_shape=array")
    reply = engine(db_file).answer(question)
    assert status == 200 and len(rows) == 1
    assert reply.intent == "total" and reply.total is not None
    assert rows[0]["total"] == reply.total
    assert rows[0]["undisclosed_rounds"] == reply.undisclosed_rounds


def test_company_total_of_an_unknown_company_is_no_row(db_file: Path) -> None:
    [(status, rows)] = get(db_file, "/layoffbot/company_total.json?company=Nvidiaaa&start=&end=&_shape=array")
    assert status == 200 and rows == []


@pytest.mark.parametrize(
    ("period", "question"),
    [(("2023-01-01", "2023-12-31"), "top 10 companies by layoffs in 2023"),
     (("2024-01-01", "2024-12-31"), "top 10 companies by layoffs in 2024")],
    ids=["2023", "2024"],
)
def test_ranking_matches_the_bot(db_file: Path, period: tuple[str, str], question: str) -> None:
    start, end = period
    [(status, rows)] = get(
        db_file, f"/layoffbot/ranking.json?start={start}&end={end}&industry=&country=&_shape=array")
    reply = engine(db_file).answer(question)
    assert status == 200 and reply.intent == "rank" and len(reply.rows) == 10
    bot = [(r.company, r.total, r.undisclosed_rounds) for r in reply.rows]  # type: ignore[union-attr]
    assert [(r["company"], r["total"], r["undisclosed_rounds"]) for r in rows[:10]] == bot


def test_latest_matches_the_bot(db_file: Path) -> None:
    [(status, rows)] = get(db_file, "/layoffbot/latest.json?_shape=array")
    reply = engine(db_file).answer("latest layoffs")
    assert status == 200 and reply.intent == "latest" and reply.rows
    assert [r["id"] for r in rows[: len(reply.rows)]] == [r.id for r in reply.rows]  # type: ignore[union-attr]


def test_facets_on_rounds(db_file: Path) -> None:
    [(status, page)] = get(db_file, "/layoffbot/rounds.json?_size=1")
    assert status == 200
    facets = page["facet_results"]
    assert {"company", "industry", "country", "status"} <= set(facets)
    statuses = {item["value"] for item in facets["status"]["results"]}
    assert {"confirmed", "reported"} <= statuses


@pytest.mark.parametrize("table", ["changes", "admins", "subscriptions", "imports"])
def test_private_tables_are_denied(db_file: Path, table: str) -> None:
    assert table not in PUBLIC_TABLES
    [(status, _)] = get(db_file, f"/layoffbot/{table}.json")
    assert status == 403


def test_custom_sql_is_off_by_default(db_file: Path) -> None:
    [(status, _)] = get(db_file, "/layoffbot.json?sql=select+count(*)+from+admins")
    assert status == 403


def test_writes_are_refused(db_file: Path) -> None:
    snapshot = "SELECT count(*), count(count), sum(count) FROM events"
    before = sqlite3.connect(db_file).execute(snapshot).fetchone()
    [(status, body)] = get(db_file, "/layoffbot.json?sql=DELETE+FROM+events", allow_sql=True)
    assert status == 400 and not body["ok"]
    ds = make_datasette(db_file)

    async def write_through_a_read_connection() -> None:
        await ds.get_database("layoffbot").execute("UPDATE events SET count = 0")

    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        asyncio.run(write_through_a_read_connection())
    assert sqlite3.connect(db_file).execute(snapshot).fetchone() == before


def test_serve_help_names_the_options() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.output and "--port" in result.output and "read-only" in result.output
