"""Properties of answers on the fixture DB (Hypothesis)."""

from __future__ import annotations

import pytest
from fixtures_core import COMPANIES, TODAY, build_fixture_db
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import Engine
from bot.reply import RoundRow

NAMES = [name for _, name, _, _ in COMPANIES if name not in ("Zoom", "Snap", "Block")]
PERIODS = ["", " in 2022", " in 2023", " since 2023", " before 2024", " in Q1 2023", " last year", " this year",
           " in the past 6 months", " between March and June 2023", " from 2022 to 2024", " in the first half of 2025"]
WRAPPERS = ["{q}", "<@U123> {q}", "{q} 🔥🔥", "<@!42> {q} :fire:", "  {q}?!  ", "{q} <#C1|general>", "**{q}**"]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(build_fixture_db(), today=TODAY)


_settings = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_settings
@given(st.sampled_from(NAMES), st.sampled_from(PERIODS), st.sampled_from(["AWS", None]))
def test_total_is_the_sum_of_the_counted_rows(engine: Engine, name: str, period: str, division: str | None) -> None:
    subject = division if (division and name == "Amazon") else name
    reply = engine.answer(f"how many has {subject} cut{period}?")
    rows = [r for r in reply.rows if isinstance(r, RoundRow)]
    assert reply.intent == "total"
    assert reply.total == sum(r.count for r in rows if r.counted and r.count is not None)
    shared = sum(1 for r in rows if not r.counted and r.note and "share undisclosed" in r.note)
    assert reply.undisclosed_rounds == sum(1 for r in rows if r.counted and r.count is None) + shared
    assert all(r.status in ("confirmed", "reported") for r in rows)
    assert all(p.status in ("planned", "rumored") and not p.counted for p in reply.planned)
    u = reply.understood
    assert all((u.start is None or r.date >= u.start) and (u.end is None or r.date <= u.end) for r in rows)


@_settings
@given(st.sampled_from(NAMES), st.sampled_from(PERIODS), st.sampled_from(WRAPPERS))
def test_markup_and_emoji_do_not_change_the_answer(engine: Engine, name: str, period: str, wrapper: str) -> None:
    question = f"how many has {name} cut{period}?"
    plain, wrapped = engine.answer(question), engine.answer(wrapper.format(q=question))
    assert (wrapped.intent, wrapped.understood, wrapped.total, wrapped.undisclosed_rounds) == (
        plain.intent, plain.understood, plain.total, plain.undisclosed_rounds)


@_settings
@given(st.sampled_from(PERIODS))
def test_overview_equals_the_sum_of_every_company(engine: Engine, period: str) -> None:
    overview = engine.answer(f"total layoffs{period}")
    per_company = [engine.answer(f"how many has {name} cut{period}?") for _, name, _, _ in COMPANIES]
    assert overview.total == sum(r.total or 0 for r in per_company)
    assert overview.undisclosed_rounds == sum(r.undisclosed_rounds for r in per_company)
