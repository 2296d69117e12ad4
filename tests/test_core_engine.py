"""Engine behaviour: never raises, follow-ups, autocomplete, as-of, data refresh."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from fixtures_core import AS_OF, TODAY, build_fixture_db
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bot.engine
from bot.engine import MAX_CONVERSATIONS, Engine
from bot.reply import INTENTS, Reply


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(build_fixture_db(), today=TODAY)


_markup = st.sampled_from(["<@U123>", "<#C1|general>", "<@!1>", "<https://x.y|Amazon>", "🔥", ":fire:", "2000", "2023", "Q1",
                           "vs", "top", "since", "Amazon", "AWS", "x", "%", "chart", "\x00", "\u200d", "<", ">", "|"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=300), st.lists(_markup | st.text(max_size=8), max_size=30).map(" ".join)))
def test_any_text_gets_a_reply(engine: Engine, text: str) -> None:
    reply = engine.answer(text, conversation="fuzz")
    assert isinstance(reply, Reply)
    assert reply.intent in INTENTS
    assert reply.text.strip()
    assert "Traceback" not in reply.text
    reply.to_dict()


def test_exceptions_become_a_friendly_reply_and_a_logged_traceback(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(ctx):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(bot.engine, "answer_frame", boom)
    with caplog.at_level(logging.ERROR, logger="bot.engine"):
        reply = engine.answer("how many has Amazon cut?")
    assert reply.intent == "unknown"
    assert "something went wrong" in reply.text.lower()
    assert "database on fire" not in reply.text
    # The traceback reaches the log (as exc_info, or as exc_text when a redacting filter such
    # as the Slack adapter's has already formatted it).
    assert any(
        (r.exc_info and "database on fire" in str(r.exc_info[1])) or "database on fire" in (r.exc_text or "")
        for r in caplog.records
    )


def test_non_string_input_does_not_raise(engine: Engine) -> None:
    assert engine.answer(None).intent == "help"  # type: ignore[arg-type]


def test_follow_ups_are_per_conversation(engine: Engine) -> None:
    engine.answer("Amazon layoffs in 2023", conversation="a")
    engine.answer("who cut the most last year?", conversation="b")
    a = engine.answer("what about Google?", conversation="a")
    b = engine.answer("and in 2024?", conversation="b")
    assert (a.intent, a.understood.companies, a.total) == ("total", ["Google"], 12_000)
    assert (b.intent, b.understood.start) == ("rank", dt.date(2024, 1, 1))
    # Without a conversation there is no context to follow.
    assert engine.answer("what about Google?").understood.start is None


def test_conversations_are_bounded(engine: Engine) -> None:
    for n in range(MAX_CONVERSATIONS + 50):
        engine._frames[f"c{n}"] = engine._frames.get("a")  # type: ignore[assignment]
    engine.answer("Meta layoffs", conversation="newest")
    assert len(engine._frames) <= MAX_CONVERSATIONS
    assert "newest" in engine._frames


def test_today_can_be_pinned_per_question(engine: Engine) -> None:
    reply = engine.answer("Amazon layoffs last year", today=dt.date(2024, 6, 1))
    assert reply.understood.start == dt.date(2023, 1, 1) and reply.total == 17_000


@pytest.mark.parametrize(
    ("prefix", "first"),
    [("am", "Amazon"), ("Me", "Meta"), ("goo", "Google"), ("alph", "Google"), ("aws", "Amazon"), ("byj", "Byju's")],
)
def test_suggest_companies_prefix(engine: Engine, prefix: str, first: str) -> None:
    assert engine.suggest_companies(prefix)[0] == first


def test_suggest_companies_fuzzy_and_limit(engine: Engine) -> None:
    assert "Microsoft" in engine.suggest_companies("micrsoft")
    assert len(engine.suggest_companies("", limit=3)) == 3
    assert engine.suggest_companies("", limit=3)[0] == "Amazon"  # largest first


def test_as_of_from_meta_then_fallbacks() -> None:
    db = build_fixture_db()
    assert Engine(db).as_of() == AS_OF
    with db.atomic():
        db.execute("DELETE FROM meta WHERE key = 'data_as_of'")
    assert Engine(db).as_of() == AS_OF  # newest date_added (capped at AS_OF in the fixture)
    with db.atomic():
        db.execute("UPDATE events SET date_added = NULL")
    assert Engine(db).as_of() == dt.date(2026, 1, 28)  # newest confirmed/reported round


def test_new_data_is_seen_without_restart() -> None:
    db = build_fixture_db()
    engine = Engine(db, today=TODAY)
    assert engine.answer("Nvidia layoffs").understood.companies == []
    with db.atomic():
        db["companies"].insert({"id": 99, "name": "Nvidia", "industry": "Hardware", "country": "United States"})
        db["events"].insert({"company_id": 99, "date": "2025-01-01", "count": 50, "status": "confirmed"})
    reply = engine.answer("Nvidia layoffs")
    assert reply.understood.companies == ["Nvidia"] and reply.total == 50


_VOCAB = ("amazon meta google aws x zoom snap block 2023 2024 q1 q5 h3 since before after between and to vs top five "
          "2000 jobs % chart plot graph by month what about last past 6 months year quarter 0 <@U1> <#C|x> 🔥 :fire: "
          "fintech india us compare latest planned rumored help ? 20222 1899 may march feb 31 single biggest share").split()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_VOCAB), max_size=12).map(" ".join), st.sampled_from(["c1", "c2", None]))
def test_domain_word_salad_logs_no_error(engine: Engine, text: str, conversation: str | None) -> None:
    records: list[logging.LogRecord] = []
    handler = logging.Handler(level=logging.ERROR)
    handler.emit = records.append  # type: ignore[method-assign]
    root = logging.getLogger("bot")
    root.addHandler(handler)
    try:
        reply = engine.answer(text, conversation=conversation)
    finally:
        root.removeHandler(handler)
    assert not records, records[0].getMessage()
    assert reply.text.strip()


def test_chart_request_without_the_charts_module_still_answers(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "bot.charts.data", None)  # import fails like a missing module
    reply = engine.answer("chart Amazon layoffs in 2023")
    assert reply.intent == "total" and reply.total == 17_000
    assert reply.chart is None
    assert "Charts are not available in this installation." in reply.notes


def test_chart_request_sets_the_chart(engine: Engine) -> None:
    pytest.importorskip("bot.charts.data")
    reply = engine.answer("chart Amazon layoffs in 2023")
    assert reply.chart is not None and reply.chart.kind == "company_over_time"
    assert engine.answer("chart the top 3 companies in 2024").chart.kind == "top_companies"  # type: ignore[union-attr]
    assert engine.answer("chart Meta vs Google").chart.kind == "compare"  # type: ignore[union-attr]
    assert engine.answer("plot layoffs by month in 2023").chart.bucket == "month"  # type: ignore[union-attr]


def test_writes_from_another_connection_are_seen(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.data.db import open_db

    path = tmp_path / "shared.db"
    build_fixture_db(str(path)).conn.close()
    engine = Engine(open_db(path), today=TODAY)
    engine.snapshot_min_rows = 0  # the snapshot must be rebuilt too
    assert engine.answer("total layoffs in 2024").total == 20_500
    writer = open_db(path)  # e.g. `layoffbot data add` in another process
    with writer.atomic():
        writer["events"].insert({"company_id": 3, "date": "2024-06-01", "count": 1000, "status": "confirmed"})
    writer.conn.close()
    assert engine.answer("total layoffs in 2024").total == 21_500
    assert engine.answer("Google layoffs 2024").total == 1_000
