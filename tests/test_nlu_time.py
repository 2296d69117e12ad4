"""The time-phrase grammar (bot.nlu.timephrase), relative to a pinned today."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.nlu.numbers import replace_number_words
from bot.nlu.text import normalize
from bot.nlu.timephrase import add_months, describe_period, parse_period

TODAY = dt.date(2026, 2, 15)
D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("since 2022", "2022-01-01", None),
        ("in 2023", "2023-01-01", "2023-12-31"),
        ("2023", "2023-01-01", "2023-12-31"),
        ("last year", "2025-01-01", "2025-12-31"),
        ("last yr", "2025-01-01", "2025-12-31"),
        ("jan 18 2023", "2023-01-18", "2023-01-18"),
        ("between jan 1 and jan 31 2023", "2023-01-01", "2023-01-31"),
        ("from March 3 to April 2, 2023", "2023-03-03", "2023-04-02"),
        ("the week of jan 16 2023", "2023-01-16", "2023-01-22"),
        ("on 18 January 2023", "2023-01-18", "2023-01-18"),
        ("January 18th, 2023", "2023-01-18", "2023-01-18"),
        ("late 2022", "2022-09-01", "2022-12-31"),
        ("at the end of 2022", "2022-10-01", "2022-12-31"),
        ("early 2023", "2023-01-01", "2023-04-30"),
        ("mid 2024", "2024-05-01", "2024-08-31"),
        ("mid-2024", "2024-05-01", "2024-08-31"),
        ("summer 2023", "2023-06-01", "2023-08-31"),
        ("the fall of 2023", "2023-09-01", "2023-11-30"),
        ("2H 2023", "2023-07-01", "2023-12-31"),
        ("1H 2024", "2024-01-01", "2024-06-30"),
        ("01/2023", "2023-01-01", "2023-01-31"),
        ("2023-01", "2023-01-01", "2023-01-31"),
        ("since the start of 2023", "2023-01-01", None),
        ("in the past decade", "2016-02-16", "2026-02-15"),
        ("between 2025 and 2023", "2023-01-01", "2025-12-31"),
        ("this yr", "2026-01-01", "2026-02-15"),
        ("in the past yr", "2025-02-16", "2026-02-15"),
        ("this year", "2026-01-01", "2026-02-15"),
        ("Q1 2023", "2023-01-01", "2023-03-31"),
        ("q4 of 2024", "2024-10-01", "2024-12-31"),
        ("2023 Q3", "2023-07-01", "2023-09-30"),
        ("Q3", "2025-07-01", "2025-09-30"),
        ("second quarter of 2024", "2024-04-01", "2024-06-30"),
        ("first half of 2024", "2024-01-01", "2024-06-30"),
        ("second half of 2023", "2023-07-01", "2023-12-31"),
        ("H2 2023", "2023-07-01", "2023-12-31"),
        ("January 2023", "2023-01-01", "2023-01-31"),
        ("March 2024", "2024-03-01", "2024-03-31"),
        ("feb 2024", "2024-02-01", "2024-02-29"),
        ("March of 2024", "2024-03-01", "2024-03-31"),
        ("between March and June 2023", "2023-03-01", "2023-06-30"),
        ("from March to June 2023", "2023-03-01", "2023-06-30"),
        ("between November and February 2024", "2023-11-01", "2024-02-29"),
        ("from Jan 2023 to Mar 2024", "2023-01-01", "2024-03-31"),
        ("from 2022 to 2023", "2022-01-01", "2023-12-31"),
        ("2022-2024", "2022-01-01", "2024-12-31"),
        ("between 2022 and 2023", "2022-01-01", "2023-12-31"),
        ("in 2023 and 2024", "2023-01-01", "2024-12-31"),
        ("past 6 months", "2025-08-16", "2026-02-15"),
        ("past six months", "2025-08-16", "2026-02-15"),
        ("last 3 months", "2025-11-16", "2026-02-15"),
        ("last 2 years", "2024-02-16", "2026-02-15"),
        ("last 30 days", "2026-01-17", "2026-02-15"),
        ("past 2 weeks", "2026-02-02", "2026-02-15"),
        ("in the past year", "2025-02-16", "2026-02-15"),
        ("last quarter", "2025-10-01", "2025-12-31"),
        ("this quarter", "2026-01-01", "2026-02-15"),
        ("last month", "2026-01-01", "2026-01-31"),
        ("this month", "2026-02-01", "2026-02-15"),
        ("last week", "2026-02-02", "2026-02-08"),
        ("year to date", "2026-01-01", "2026-02-15"),
        ("YTD", "2026-01-01", "2026-02-15"),
        ("so far this year", "2026-01-01", "2026-02-15"),
        ("before 2024", None, "2023-12-31"),
        ("before March 2024", None, "2024-02-29"),
        ("until June 2023", None, "2023-06-30"),
        ("through 2023", None, "2023-12-31"),
        ("after June 2023", "2023-07-01", None),
        ("after 2023", "2024-01-01", None),
        ("since March 2023", "2023-03-01", None),
        ("since the start of 2023", "2023-01-01", None),
        ("in march", "2025-03-01", "2025-03-31"),
        ("in january", "2026-01-01", "2026-01-31"),
        ("today", "2026-02-15", "2026-02-15"),
    ],
)
def test_phrases(phrase: str, start: str | None, end: str | None) -> None:
    period = parse_period(replace_number_words(normalize(phrase)), TODAY)
    assert period is not None, phrase
    assert (period.start, period.end) == (start and D(start), end and D(end))


@pytest.mark.parametrize(
    "text",
    [
        "amazon cut 2000 jobs",
        "did they lay off 2023 people",
        "more than 2000",
        "fired 2024 employees",
        "2000+ workers",
        "about 2,000 staff",
        "2000 layoffs at amazon",
        "cut about 2023",
        "may i ask something",
        "how many has amazon cut",
        "layoffs",
        "12000",
        "in 1850",
    ],
)
def test_counts_and_words_are_not_periods(text: str) -> None:
    assert parse_period(replace_number_words(normalize(text)), TODAY) is None


def test_relative_to_pinned_today() -> None:
    assert parse_period("last year", dt.date(2024, 6, 1)).start == dt.date(2023, 1, 1)  # type: ignore[union-attr]
    assert parse_period("last year", dt.date(2030, 1, 1)).end == dt.date(2029, 12, 31)  # type: ignore[union-attr]
    assert parse_period("this month", dt.date(2024, 2, 29)).start == dt.date(2024, 2, 1)  # type: ignore[union-attr]


def test_phrase_span_is_reported() -> None:
    text = "how many has amazon cut since 2022"
    period = parse_period(text, TODAY)
    assert period is not None and text[period.span[0] : period.span[1]] == "since 2022"


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (D("2023-01-01"), D("2023-12-31"), "1 Jan 2023 – 31 Dec 2023"),
        (D("2022-01-01"), None, "since 1 Jan 2022"),
        (None, D("2023-12-31"), "until 31 Dec 2023"),
        (None, None, "all time"),
    ],
)
def test_describe(start: dt.date | None, end: dt.date | None, text: str) -> None:
    assert describe_period(start, end) == text


def test_add_months_clamps_day() -> None:
    assert add_months(D("2024-03-31"), -1) == D("2024-02-29")
    assert add_months(D("2024-01-15"), -13) == D("2022-12-15")
