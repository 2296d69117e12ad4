"""Cause tags: data/causes.csv -> the causes table, the cause slot, and answers by cause."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlite_utils
from fixtures_data import copy_data_dir

from bot.data.causes import CAUSES
from bot.data.dataset import build_database
from bot.data.db import open_db
from bot.engine import Engine
from bot.errors import DatasetError
from bot.nlu.cause_slot import find_cause
from bot.reply import RoundRow

TODAY = dt.date(2026, 3, 10)


@pytest.mark.parametrize(
    ("text", "cause", "rest"),
    [
        ("how many layoffs were blamed on AI in 2025?", "ai", "how many layoffs were in 2025?"),
        ("AI layoffs at Salesforce", "ai", "layoffs at Salesforce"),
        ("AI-driven job cuts last year", "ai", "job cuts last year"),
        ("layoffs due to artificial intelligence", "ai", "layoffs"),
        ("restructuring layoffs in 2024", "restructuring", "layoffs in 2024"),
        ("layoffs due to cost cutting", "cost", "layoffs"),
        ("which layoffs were due to an acquisition", "acquisition", "which layoffs were"),
        ("layoffs because of office closures", "closure", "layoffs"),
        ("how many has Amazon cut?", None, "how many has Amazon cut?"),
        ("what is AI", None, "what is AI"),
    ],
    ids=["blamed-on", "ai-layoffs", "ai-driven", "due-to-spelled-out", "restructuring", "cost-cutting", "acquisition",
         "closure", "no-cause", "ai-without-layoffs"],
)
def test_find_cause(text: str, cause: str | None, rest: str) -> None:
    assert find_cause(text) == (cause, rest)


def _tags(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query(
        "SELECT k.*, e.source AS round_source, e.other_sources, e.status, e.count, e.date, e.part_of_event_id "
        "FROM causes k JOIN events e ON e.id = k.event_id"))


def _bare(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}".rstrip("/")


def test_every_tag_is_loaded_with_a_quote_and_a_source_of_the_round_itself(built_db: sqlite_utils.Database) -> None:
    rows = list(csv.DictReader((Path(__file__).parent.parent / "data" / "causes.csv").open(encoding="utf-8")))
    tags = _tags(built_db)
    assert len(tags) == len(rows) > 0
    for tag in tags:
        assert tag["cause"] in CAUSES and tag["quote"] and tag["evidence"].startswith("major_events.md #")
        round_urls = {_bare(u) for u in [tag["round_source"] or "", *(tag["other_sources"] or "").split()] if u}
        assert _bare(tag["source"]) in round_urls, f"cause of event {tag['event_id']} cites a source the round lacks"


def _sql_total(db: sqlite_utils.Database, cause: str, start: str, end: str, company: str | None = None) -> int:
    sql = ("SELECT coalesce(sum(e.count), 0) FROM causes k JOIN events e ON e.id = k.event_id JOIN companies c "
           "ON c.id = e.company_id WHERE k.cause = ? AND e.status IN ('confirmed', 'reported') "
           "AND e.part_of_event_id IS NULL AND e.date BETWEEN ? AND ?")
    params = [cause, start, end]
    if company:
        sql += " AND c.name = ?"
        params.append(company)
    return db.execute(sql, params).fetchone()[0]


def test_how_many_were_blamed_on_ai_in_2025(built_db: sqlite_utils.Database) -> None:
    reply = Engine(built_db, today=TODAY).answer("how many layoffs were blamed on AI in 2025?")
    expected = _sql_total(built_db, "ai", "2025-01-01", "2025-12-31")
    assert expected > 0 and reply.total == expected
    assert reply.extra["cause"] == "ai" and "cause: AI" in reply.understood.description
    tagged = {q["event_id"] for q in reply.extra["causes"]}
    assert tagged == {r.id for r in reply.rows if isinstance(r, RoundRow)}
    assert all(q["quote"] in reply.text and q["source"] in reply.text for q in reply.extra["causes"])
    unstated = reply.extra["cause_not_stated"]["rounds"]
    assert unstated > 0 and f"{unstated:,} other rounds" in reply.text and "no cause stated" in reply.text


def test_ai_layoffs_at_salesforce(built_db: sqlite_utils.Database) -> None:
    reply = Engine(built_db, today=TODAY).answer("AI layoffs at Salesforce")
    assert reply.understood.companies == ["Salesforce"]
    # Salesforce's 4,000 is a headcount change told on a podcast: stored as undisclosed, never "0 jobs".
    assert _sql_total(built_db, "ai", "0000-01-01", "9999-12-31", "Salesforce") == 0
    assert reply.total is None and reply.undisclosed_rounds == 1
    assert "1 round of undisclosed size" in reply.headline and "replaced by AI agents" in reply.text


def test_a_company_without_a_tag_gets_no_figure_and_cause_not_stated(built_db: sqlite_utils.Database) -> None:
    reply = Engine(built_db, today=TODAY).answer("AI layoffs at Amazon")
    assert reply.total is None and reply.rows == []
    assert reply.headline.startswith("I have no") and "no cause stated" in reply.text


def test_a_rumored_tagged_round_is_listed_apart_never_summed(built_db: sqlite_utils.Database) -> None:
    reply = Engine(built_db, today=TODAY).answer("layoffs due to cost cutting in 2026")
    assert reply.total is None
    assert [(r.company, r.status) for r in reply.planned] == [("Oracle", "rumored")]


def test_a_company_named_like_a_cause_is_the_company(built_db: sqlite_utils.Database) -> None:
    reply = Engine(built_db, today=TODAY).answer("Scale AI layoffs")
    assert reply.understood.companies == ["Scale AI"] and "cause" not in reply.extra


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ("no-such-key,,,,ai,quote,https://example.com/a,x", "no curated round has key"),
        ("sap-2024-01-23,,,,weather,quote,https://example.com/a,x", "not one of"),
        ("sap-2024-01-23,,,,ai,,https://example.com/a,x", "needs the quote"),
        ("sap-2024-01-23,,,,ai,quote,,x", "needs a source"),
        (",Cisco,2019-01-01,,ai,quote,https://example.com/a,x", "matches 0 rounds"),
    ],
    ids=["unknown-key", "unknown-cause", "no-quote", "no-source", "no-round"],
)
def test_a_bad_cause_row_fails_the_build(tmp_path: Path, row: str, error: str) -> None:
    directory = copy_data_dir(tmp_path)
    with (directory / "causes.csv").open("a", encoding="utf-8") as handle:
        handle.write(row + "\n")
    db = open_db(tmp_path / "bad.db")
    with pytest.raises(DatasetError, match=error):
        build_database(db, directory)
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_ranking_by_cause(built_db: sqlite_utils.Database) -> None:
    reply = Engine(built_db, today=TODAY).answer("which companies cut the most because of AI?")
    assert reply.intent == "rank" and reply.extra["cause"] == "ai"
    expected = built_db.execute(
        "SELECT c.name, sum(e.count) FROM causes k JOIN events e ON e.id = k.event_id JOIN companies c ON c.id = e.company_id "
        "WHERE k.cause = 'ai' AND e.status IN ('confirmed', 'reported') AND e.part_of_event_id IS NULL "
        "AND e.count IS NOT NULL GROUP BY c.id ORDER BY 2 DESC, c.name").fetchall()
    assert [(r.company, r.total) for r in reply.rows] == [tuple(row) for row in expected]


def test_a_follow_up_keeps_the_cause_and_a_new_question_drops_it(built_db: sqlite_utils.Database) -> None:
    bot = Engine(built_db, today=TODAY)
    bot.answer("AI layoffs in 2024", conversation="c")
    follow = bot.answer("and in 2025?", conversation="c")
    assert follow.extra.get("cause") == "ai" and follow.total == _sql_total(built_db, "ai", "2025-01-01", "2025-12-31")
    fresh = bot.answer("Meta layoffs", conversation="c")
    assert "cause" not in fresh.extra and fresh.understood.companies == ["Meta"]


def _amazon_oct_2025(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT e.id FROM events e JOIN companies c ON c.id = e.company_id "
                      "WHERE c.name = 'Amazon' AND e.date = '2025-10-28'").fetchone()[0]


def test_an_admin_tag_is_audited_counted_and_undoable(built_db: sqlite_utils.Database) -> None:
    from bot.data.causes import tag_cause, untag_cause
    from bot.data.store import undo

    event = _amazon_oct_2025(built_db)
    change = tag_cause(built_db, event, "AI", quote="test quote", source="https://example.com/memo", actor="alice")
    logged = built_db.execute("SELECT actor, action, table_name FROM changes WHERE id = ?", [change]).fetchone()
    assert tuple(logged) == ("alice", "add", "causes")
    bot = Engine(built_db, today=TODAY)
    assert bot.answer("AI layoffs at Amazon").total == 14000
    undo(built_db, change, actor="alice")
    assert bot.answer("AI layoffs at Amazon").total is None
    removal = untag_cause(built_db, _salesforce(built_db), "ai", reason="misread", actor="bob")
    assert Engine(built_db, today=TODAY).answer("AI layoffs at Salesforce").rows == []
    undo(built_db, removal, actor="bob")
    assert Engine(built_db, today=TODAY).answer("AI layoffs at Salesforce").undisclosed_rounds == 1


def _salesforce(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT id FROM events WHERE curation_key = 'salesforce-2025-08-31'").fetchone()[0]


@pytest.mark.parametrize(
    ("cause", "quote", "source", "error"),
    [("weather", "q", "https://example.com/a", "cause"), ("ai", "", "https://example.com/a", "quote"),
     ("ai", "q", "not a link", "source"), ("ai", "q", "", "source")],
    ids=["unknown-cause", "no-quote", "bad-source", "no-source"],
)
def test_a_bad_tag_writes_nothing(built_db: sqlite_utils.Database, cause: str, quote: str, source: str,
                                  error: str) -> None:
    from bot.data.causes import tag_cause
    from bot.errors import ValidationError

    before = built_db.execute("SELECT count(*) FROM causes").fetchone()[0]
    with pytest.raises(ValidationError) as caught:
        tag_cause(built_db, _amazon_oct_2025(built_db), cause, quote=quote, source=source)
    assert caught.value.field == error
    assert built_db.execute("SELECT count(*) FROM causes").fetchone()[0] == before


def test_causes_cli(built_db_path: Path, tmp_path: Path) -> None:
    import shutil

    from click.testing import CliRunner

    from cli.main import cli

    db = tmp_path / "cli.db"
    shutil.copy(built_db_path, db)
    run = CliRunner()
    listed = run.invoke(cli, ["--db", str(db), "causes", "list", "--cause", "ai"])
    assert listed.exit_code == 0 and "Workday" in listed.output and "Cisco" not in listed.output
    twice = run.invoke(cli, ["--db", str(db), "causes", "add", str(_salesforce(open_db(db))), "ai", "--quote", "q",
                             "--source", "https://example.com/a"])
    assert twice.exit_code == 1 and "already has the 'ai' cause tag" in twice.output


def _tagged_rounds(db: sqlite_utils.Database, cause: str) -> list[dict]:
    """Every round tagged ``cause``, raw: the test applies the counting rules itself."""
    return list(db.query(
        "SELECT e.id, e.date, e.count, e.status, e.part_of_event_id, c.name AS company FROM causes k "
        "JOIN events e ON e.id = k.event_id JOIN companies c ON c.id = e.company_id WHERE k.cause = ?", [cause]))


def _counted(rows: list[dict], start: str, end: str) -> list[dict]:
    """The counting rules by hand: confirmed or reported, not part of a counted round, in the period."""
    return [r for r in rows if r["status"] in ("confirmed", "reported") and r["part_of_event_id"] is None
            and start <= r["date"][:10] <= end]


def _not_stated(db: sqlite_utils.Database, start: str, end: str) -> int:
    """Summed rounds in the period with no cause tag at all."""
    rows = db.query("SELECT e.id, e.date, e.status, e.part_of_event_id FROM events e "
                    "WHERE e.id NOT IN (SELECT event_id FROM causes)")
    return len(_counted([{**r, "company": ""} for r in rows], start, end))


def test_a_chart_of_ai_layoffs_by_month_sums_the_tagged_rounds_only(built_db: sqlite_utils.Database) -> None:
    reply = Engine(built_db, today=TODAY).answer("chart AI layoffs by month in 2025")
    chart = reply.chart
    assert chart is not None and chart.kind == "all_over_time" and reply.extra["cause"] == "ai"
    assert chart.labels == [dt.date(2025, m, 1).strftime("%b 2025") for m in range(1, 13)]
    counted = _counted(_tagged_rounds(built_db, "ai"), "2025-01-01", "2025-12-31")
    known = [0] * 12
    undisclosed = [0] * 12
    for r in counted:
        month = int(r["date"][5:7]) - 1
        if r["count"] is None:
            undisclosed[month] += 1
        else:
            known[month] += r["count"]
    assert sum(known) > 0 and sum(undisclosed) > 0
    ((series),) = chart.series
    assert series.values == known and series.undisclosed == undisclosed
    # Far less than all of 2025's layoffs: the untagged rounds are not in the bars, and the note says so.
    all_2025 = Engine(built_db, today=TODAY).answer("chart layoffs by month in 2025").chart
    assert all_2025 is not None and sum(all_2025.series[0].values) > sum(known)
    not_stated = _not_stated(built_db, "2025-01-01", "2025-12-31")
    assert not_stated > 0
    assert f"{not_stated:,} rounds with cause not stated not counted" in chart.subtitle
    assert "rounds tagged 'ai' (cause stated)" in chart.title and "rounds tagged 'ai' (cause stated)" in chart.subtitle
    assert "Charts by cause are not drawn" not in reply.text


def test_chart_ai_layoffs_spans_the_tagged_rounds(built_db: sqlite_utils.Database) -> None:
    reply = Engine(built_db, today=TODAY).answer("chart AI layoffs")
    chart = reply.chart
    assert chart is not None and chart.kind == "all_over_time"
    counted = _counted(_tagged_rounds(built_db, "ai"), "0000-01-01", "9999-12-31")
    # The open start is the first tagged round, so every tagged round is in a bar or a marker.
    assert chart.start == min(dt.date.fromisoformat(r["date"][:10]) for r in counted)
    assert sum(chart.series[0].values) == sum(r["count"] for r in counted if r["count"] is not None)
    assert sum(chart.series[0].undisclosed) == sum(1 for r in counted if r["count"] is None)


def test_a_chart_of_layoffs_blamed_on_ai_by_company_ranks_the_tagged_rounds(built_db: sqlite_utils.Database) -> None:
    reply = Engine(built_db, today=TODAY).answer("chart layoffs blamed on AI by company")
    chart = reply.chart
    assert chart is not None and chart.kind == "top_companies"
    totals: dict[str, int] = {}
    for r in _counted(_tagged_rounds(built_db, "ai"), "0000-01-01", "9999-12-31"):
        if r["count"] is not None:
            totals[r["company"]] = totals.get(r["company"], 0) + r["count"]
    expected = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    assert len(expected) >= 2
    assert list(zip(chart.labels, chart.series[0].values)) == expected
    assert [(r.company, r.total) for r in reply.rows] == expected  # the ranking and its chart agree
    assert "cause not stated not counted" in chart.subtitle


def test_a_company_chart_by_cause_counts_only_its_tagged_rounds(built_db: sqlite_utils.Database) -> None:
    from bot.charts.data import build_chart

    chart = build_chart(built_db, kind="company_over_time", companies=["Cisco"], cause="restructuring", bucket="year")
    counted = [r for r in _counted(_tagged_rounds(built_db, "restructuring"), "0000-01-01", "9999-12-31")
               if r["company"] == "Cisco"]
    by_year: dict[str, int] = {}
    for r in counted:
        by_year[r["date"][:4]] = by_year.get(r["date"][:4], 0) + (r["count"] or 0)
    assert dict(zip(chart.labels, chart.series[0].values)) == {
        label: by_year.get(label, 0) for label in chart.labels}
    everything = build_chart(built_db, kind="company_over_time", companies=["Cisco"], bucket="year",
                             start=chart.start, end=chart.end)
    assert sum(everything.series[0].values) > sum(chart.series[0].values) > 0


def test_a_cause_word_before_a_company_is_the_cause(built_db: sqlite_utils.Database) -> None:
    reply = Engine(built_db, today=TODAY).answer("chart restructuring layoffs at Cisco")
    assert reply.extra["cause"] == "restructuring" and reply.understood.companies == ["Cisco"]
    assert reply.chart is not None and "rounds tagged 'restructuring' (cause stated)" in reply.chart.title
    counted = [r for r in _counted(_tagged_rounds(built_db, "restructuring"), "0000-01-01", "9999-12-31")
               if r["company"] == "Cisco"]
    assert sum(reply.chart.series[0].values) == sum(r["count"] or 0 for r in counted) > 0


def test_a_chart_by_cause_renders(built_db: sqlite_utils.Database) -> None:
    pytest.importorskip("matplotlib")
    from bot.charts import render_png

    chart = Engine(built_db, today=TODAY).answer("chart AI layoffs by month in 2025").chart
    assert chart is not None
    png = render_png(chart)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000


def test_export_of_a_cause_answer_has_the_tagged_rounds(built_db: sqlite_utils.Database) -> None:
    from bot.answers.export import export_files

    reply = Engine(built_db, today=TODAY).answer("AI layoffs in 2025 as csv")
    ((file),) = export_files(reply)
    ids = {int(line.split(",")[0]) for line in file.content.decode().splitlines()[1:]}
    assert ids == {q["event_id"] for q in reply.extra["causes"]} and len(ids) == 3
