"""Properties of answers on the fixture DB (Hypothesis)."""

from __future__ import annotations

import string

import pytest
from fixtures_core import COMPANIES, TODAY, build_fixture_db
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import Engine
from bot.reply import RoundRow

NAMES = [name for _, name, _, _ in COMPANIES if name not in ("Zoom", "Snap", "Block")]
PERIODS = ["", " in 2022", " in 2023", " since 2023", " before 2024", " in Q1 2023", " last year", " this year",
           " in the past 6 months", " between March and June 2023", " from 2022 to 2024", " in the first half of 2025"]

# Generated periods and chat markup (not only a fixed list): the properties must hold for any.
_years = st.integers(2019, 2026)
GENERATED_PERIODS = st.one_of(
    st.sampled_from(PERIODS),
    _years.map(lambda y: f" in {y}"),
    _years.map(lambda y: f" since {y}"),
    _years.map(lambda y: f" before {y}"),
    st.tuples(st.integers(1, 4), _years).map(lambda t: f" in Q{t[0]} {t[1]}"),
    st.tuples(_years, st.integers(0, 3)).map(lambda t: f" from {t[0]} to {min(t[0] + t[1], 2026)}"),
    st.integers(1, 36).map(lambda n: f" in the past {n} months"),
)
_ids = st.text(string.ascii_uppercase + string.digits, min_size=1, max_size=11)
_snowflakes = st.integers(1, 10**19).map(str)
_labels = st.text(string.ascii_lowercase + "_-", min_size=2, max_size=12)
MARKUP = st.one_of(
    _ids.map(lambda i: f"<@U{i}>"),                                   # a user mention
    _snowflakes.map(lambda d: f"<@!{d}>"),                             # a nickname mention
    _snowflakes.map(lambda d: f"<@&{d}>"),                             # a role mention
    st.tuples(_ids, _labels).map(lambda t: f"<#C{t[0]}|{t[1]}>"),      # a channel link
    st.tuples(_labels, _snowflakes).map(lambda t: f"<:{t[0]}:{t[1]}>"),  # a custom emoji
    _labels.map(lambda name: f":{name}:"),                             # an emoji shortcode
    st.text(st.characters(whitelist_categories=("So",)), min_size=1, max_size=3),  # pictographs
    st.sampled_from(["!", "?!", "**", "  "]),
)
WRAPPERS = st.tuples(st.lists(MARKUP, max_size=3), st.lists(MARKUP, max_size=3)).map(
    lambda t: " ".join([*t[0], "{q}", *t[1]]))


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(build_fixture_db(), today=TODAY)


_settings = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_settings
@given(st.sampled_from(NAMES), GENERATED_PERIODS, st.sampled_from(["AWS", None]))
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
@given(st.sampled_from(NAMES), GENERATED_PERIODS, WRAPPERS)
def test_markup_and_emoji_do_not_change_the_answer(engine: Engine, name: str, period: str, wrapper: str) -> None:
    question = f"how many has {name} cut{period}?"
    plain, wrapped = engine.answer(question), engine.answer(wrapper.format(q=question))
    assert (wrapped.intent, wrapped.understood, wrapped.total, wrapped.undisclosed_rounds) == (
        plain.intent, plain.understood, plain.total, plain.undisclosed_rounds)


@_settings
@given(GENERATED_PERIODS)
def test_overview_equals_the_sum_of_every_company(engine: Engine, period: str) -> None:
    overview = engine.answer(f"total layoffs{period}")
    per_company = [engine.answer(f"how many has {name} cut{period}?") for _, name, _, _ in COMPANIES]
    assert overview.total == sum(r.total or 0 for r in per_company)
    assert overview.undisclosed_rounds == sum(r.undisclosed_rounds for r in per_company)
