"""The intent table and the answers issue 15 added: rounds ranking, pace, stated figures,
published aggregates, ignored words, and the ranking line's rounds phrase."""

from __future__ import annotations

import pytest
from fixtures_core import TODAY, build_fixture_db

from bot.engine import Engine
from bot.nlu.intents import INTENT_TABLE, SLOT_ROWS, Slots, choose, detect_intent
from bot.reply import CompanyRow


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(build_fixture_db(), today=TODAY)


def test_every_row_names_an_importable_answer() -> None:
    import importlib

    for rule in INTENT_TABLE + SLOT_ROWS:
        module, _, name = rule.answer.partition(":")
        assert callable(getattr(importlib.import_module(module), name)), rule
        assert rule.description


@pytest.mark.parametrize(
    ("text", "companies", "intent"),
    [("most layoff rounds since 2023", 0, "rank_rounds"), ("is amazon cutting faster than meta", 2, "pace"),
     ("amazon vs meta", 2, "compare"), ("who cut the most", 0, "rank"), ("list amazon's layoffs", 1, "rounds"),
     ("is amazon planning more layoffs", 1, "planned"), ("amazon", 1, "total"), ("layoffs by company", 0, "rank")],
)
def test_detect_intent_reads_the_table_in_order(text: str, companies: int, intent: str) -> None:
    assert detect_intent(text, companies, False) == intent


def test_every_slot_row_names_the_word_readings_it_takes_the_place_of() -> None:
    keys = {rule.key for rule in INTENT_TABLE} | {None}
    for rule in SLOT_ROWS:
        assert rule.over and rule.over <= keys, rule


@pytest.mark.parametrize(
    ("slots", "intent", "flags"),
    [(Slots("which startups shut down"), "percent", {"shutdowns": True}),
     (Slots("recent shutdowns"), "percent", {"shutdowns": True}),
     (Slots("are startups planning shutdowns"), "planned", {}),
     (Slots("which month had the most layoffs"), "rank", {"rank_periods": True, "bucket": "month"}),
     (Slots("worst quarter for amazon", 1), "rank", {"rank_periods": True, "bucket": "quarter"}),
     (Slots("which month was the last layoff"), "latest", {}),
     (Slots("biggest amazon layoffs", 1), "rounds", {"sort": "size"}),
     (Slots("list layoffs vs", 0, period=True, periods=2), "compare", {}),
     (Slots("list amazon layoffs", 1, period=True, periods=2), "rounds", {}),
     (Slots("what is google's revenue", 1), "unknown", {"out_of_scope": True}),
     (Slots("google revenue", 1, period=True), "total", {}),
     (Slots("google revenue and layoffs", 1), "total", {})],
    ids=["shutdowns", "recent-shutdowns", "planned-stays", "period-rank", "period-rank-company", "not-period-rank",
         "rounds-by-size", "compared-periods", "rounds-of-one-company", "off-topic", "off-topic-with-period",
         "off-topic-with-layoff-words"],
)
def test_the_slots_choose_the_final_intent_and_its_flags(slots: Slots, intent: str, flags: dict[str, object]) -> None:
    choice = choose(slots)
    assert choice is not None and (choice.intent, choice.flags()) == (intent, flags)


def test_a_filter_alone_is_an_overview_on_its_own_and_a_narrowing_in_a_follow_up() -> None:
    alone = choose(Slots("", filtered=True))
    assert alone is not None and alone.intent == "overview"
    assert choose(Slots("", filtered=True, followup=True)) is None


def test_rank_by_rounds(engine: Engine) -> None:
    # Amazon since 2023: 4 Jan, 20 Mar, 26 Apr (undisclosed), 3 Apr 2024, 28 Oct 2025, 28 Jan 2026 = 6 rounds.
    reply = engine.answer("which company had the most layoff rounds since 2023?")
    assert reply.intent == "rank_rounds" and reply.total is None
    top = reply.rows[0]
    assert isinstance(top, CompanyRow) and (top.company, top.rounds + top.undisclosed_rounds) == ("Amazon", 6)


def test_pace_compares_equal_windows(engine: Engine) -> None:
    # 2 Feb 2025 – 1 Feb 2026: Amazon 14,000 + 16,000; the 12 months before: 100 (3 Apr 2024).
    reply = engine.answer("is amazon cutting faster than meta?")
    assert reply.intent == "pace" and reply.total is None
    rows = {r.company: r.total for r in reply.rows if isinstance(r, CompanyRow)}
    assert rows["Amazon · last 12 months"] == 30000 and rows["Amazon · 12 months before"] == 100
    assert "Amazon is cutting faster" in reply.headline


@pytest.mark.parametrize(
    ("text", "said", "why"),
    [("amazon cut 18000 in jan 2023 right?", "18,000", "counts announcements whole"),
     ("intel cut 27000 in 2025 right?", "27,000", "part of a larger round"),
     ("meta cut 21000 in 2023?", "21,000", "outside the period"),
     ("google cut 12k in jan 2023 yes?", "12,000", "Yes"),
     ("so amazon has cut about 57k total?", "57,000", "About right")],
)
def test_a_stated_figure_is_answered_in_the_headline(engine: Engine, text: str, said: str, why: str) -> None:
    headline = engine.answer(text).headline
    assert said in headline and why in headline


def test_a_named_publisher_leads_with_its_figure(engine: Engine) -> None:
    reply = engine.answer("what does layoffs.fyi say for 2023")
    assert reply.headline.startswith("According to layoffs.fyi (global tech): about 264,220")
    assert reply.total == 62680  # our own sum is still the total, never theirs


def test_an_ignored_hedge_is_named(engine: Engine) -> None:
    reply = engine.answer("roughly how many did amazon cut in 2023")
    assert reply.total == 17000 and any("‘roughly’" in n for n in reply.notes)


@pytest.mark.parametrize(
    ("row", "phrase"),
    [(CompanyRow("Meta", 10000, 1, 1), "10,000 in 1 round, plus 1 round of undisclosed size"),
     (CompanyRow("A", 5000, 2), "5,000 in 2 rounds"), (CompanyRow("B", 0, 0, 2), "2 rounds of undisclosed size only")],
)
def test_rounds_phrase(row: CompanyRow, phrase: str) -> None:
    assert row.rounds_phrase() == phrase


def test_shares_quote_the_cumulative_figure_never_a_sum_on_top(engine: Engine) -> None:
    # Amazon 28 Jan 2026: 10% of corporate staff as announced (30,000 incl. 28 Oct 2025's 14,000, 4%).
    headline = engine.answer("what share of its corporate workforce has Amazon cut since October 2025?").headline
    assert "10% of corporate staff in all" in headline and "cumulative figure" in headline
    assert "14%" not in headline


def test_shares_of_the_same_basis_are_added_as_approximate(engine: Engine) -> None:
    # Intel: 15% (1 Aug 2024) and 20% (23 Apr 2025) of the whole company.
    headline = engine.answer("intel percentages").headline
    assert "15% + 20% = 35%" in headline and "approximate" in headline
