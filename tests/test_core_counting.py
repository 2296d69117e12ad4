"""The counting rules of issue 3, each on the rows that trap it (tests/fixtures_core.py)."""

from __future__ import annotations

import pytest
from fixtures_core import AS_OF, TODAY, build_fixture_db

from bot.engine import Engine
from bot.reply import CompanyRow, RoundRow


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(build_fixture_db(), today=TODAY)


def _rounds(reply) -> dict[int, RoundRow]:
    return {r.id: r for r in reply.rows if isinstance(r, RoundRow)}


def test_cumulative_announcement_is_not_added_twice(engine: Engine) -> None:
    reply = engine.answer("how many has Amazon cut between 2022 and 2023?")
    # 10,000 (Nov 2022) + 8,000 (the new part of "18,000") + 9,000; never 10,000 + 18,000.
    assert reply.total == 27_000
    row = _rounds(reply)[2]
    assert row.counted and row.count == 8_000 and row.announced_count == 18_000
    assert "announced as 18,000 in total" in (row.note or "") and "16 Nov 2022" in (row.note or "")


def test_multi_division_round_is_never_one_divisions_count(engine: Engine) -> None:
    reply = engine.answer("how many jobs has AWS lost since 2023?")
    shared = _rounds(reply)[3]
    assert not shared.counted
    assert shared.note is not None
    assert shared.note.startswith("9,000 across AWS, Twitch, Advertising and PXT; AWS's share undisclosed")
    assert reply.total == 100
    assert reply.undisclosed_rounds == 2
    assert "9,000" not in reply.headline


def test_company_question_counts_the_multi_division_round(engine: Engine) -> None:
    reply = engine.answer("Amazon layoffs March 2023")
    assert reply.total == 9_000 and _rounds(reply)[3].counted


def test_part_of_rows_are_listed_never_summed(engine: Engine) -> None:
    reply = engine.answer("Intel layoffs 2025")
    assert reply.total == 22_000
    warn = _rounds(reply)[22]
    assert not warn.counted and "part of the 23 Apr 2025 round" in (warn.note or "")


def test_retracted_rounds_are_ignored(engine: Engine) -> None:
    reply = engine.answer("Amazon layoffs in 2024")
    assert reply.total == 100
    assert 6 not in _rounds(reply) and all(p.id != 6 for p in reply.planned)


def test_planned_and_rumoured_are_mentioned_never_summed(engine: Engine) -> None:
    reply = engine.answer("how many has Amazon cut?")
    assert reply.total == 57_100
    assert [p.id for p in reply.planned] == [9]
    assert not reply.planned[0].counted
    assert "Planned or rumoured (not counted" in reply.text
    oracle = engine.answer("Oracle layoffs")
    assert oracle.total == 0 and [p.status for p in oracle.planned] == ["rumored"]


def test_unknown_counts_are_undisclosed_never_zero(engine: Engine) -> None:
    reply = engine.answer("Google layoffs 2024")
    assert reply.undisclosed_rounds == 1
    assert "undisclosed" in reply.headline
    assert "cut 0 jobs" not in reply.text
    row = _rounds(reply)[15]
    assert row.count is None


def test_period_is_inclusive(engine: Engine) -> None:
    # 2023-01-04 and 2023-03-20 are inside; 2022-11-16 is not.
    assert engine.answer("Amazon layoffs between January and March 2023").total == 17_000
    # A one-day-wide period still counts the round on that day.
    assert engine.answer("Amazon layoffs Jan 2023").total == 8_000


def test_every_answer_states_understanding_as_of_and_sources(engine: Engine) -> None:
    reply = engine.answer("Amazon layoffs in 2023")
    assert reply.understood.description == "Amazon · 1 Jan 2023 – 31 Dec 2023"
    assert reply.text.startswith("Amazon · 1 Jan 2023 – 31 Dec 2023")
    assert reply.as_of == AS_OF and "Data as of 1 Feb 2026." in reply.text
    assert [s.url for s in reply.sources][:2] == ["https://example.com/amazon-2023-03", "https://example.com/amazon-2023-01"]
    assert reply.suggestions


def test_sources_are_the_largest_few_and_n_more(engine: Engine) -> None:
    reply = engine.answer("how many has Amazon cut?")
    assert len(reply.sources) == 5
    assert reply.sources[0].url == "https://example.com/amazon-2026-01"
    assert reply.extra["more_sources"] == 2 and "… and 2 more" in reply.text


def test_rank_and_overview_follow_the_same_rules(engine: Engine) -> None:
    rank = engine.answer("who cut the most in 2025?")
    intel = next(r for r in rank.rows if isinstance(r, CompanyRow) and r.company == "Intel")
    assert intel.total == 22_000 and intel.rounds == 1
    overview = engine.answer("total layoffs in 2025")
    assert overview.total == 58_600


def test_overview_quotes_published_aggregates_with_source_and_as_of(engine: Engine) -> None:
    reply = engine.answer("how many tech jobs were cut in 2024?")
    assert reply.total == 20_500
    (agg,) = reply.extra["aggregates"]
    assert agg["publisher"] == "layoffs.fyi" and agg["count"] == 152_922
    assert "layoffs.fyi (global tech) counted 152,922" in reply.text and "as of 2 Jan 2025" in reply.text


def test_compare_rows_are_in_the_order_asked(engine: Engine) -> None:
    reply = engine.answer("Google vs Meta")
    assert [r.company for r in reply.rows] == ["Google", "Meta"]
    assert [(r.total, r.rounds, r.undisclosed_rounds) for r in reply.rows] == [(12_000, 1, 1), (26_100, 4, 0)]  # type: ignore[union-attr]


def test_rank_says_how_many_companies_had_only_undisclosed_rounds(engine: Engine) -> None:
    reply = engine.answer("who cut the most in 2024?")
    assert "Google" not in [r.company for r in reply.rows]  # its only 2024 round is undisclosed
    assert "1 company with only rounds of undisclosed size is not ranked." in reply.notes


def test_overview_and_rank_mention_plans_without_summing_them(engine: Engine) -> None:
    overview = engine.answer("total layoffs since 2025")
    assert overview.total == 76_100  # 2025: 58,600; 2026: Amazon 16,000 + Meta 1,500
    assert [(p.company, p.status) for p in overview.planned] == [("Amazon", "planned"), ("Oracle", "rumored"), ("Google", "rumored")]
    past = engine.answer("who cut the most in 2023?")
    assert past.planned == []  # nothing planned or rumoured was dated in 2023
