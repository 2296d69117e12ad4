"""Every period phrase composes with every operator (issue 15): "since P" starts at P's start and
is open-ended, "after P" starts the day after P ends, "before P" ends the day before P starts,
"until P" ends when P ends, "between P and Q" / "from P to Q" run from P's start to Q's end."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.nlu.timephrase import parse_period

TODAY = dt.date(2026, 2, 15)
PHRASES = [
    "2023", "late 2022", "early 2023", "mid 2024", "end of 2022", "summer 2024", "fall 2023", "q3 2023", "2023 q1",
    "h2 2023", "h1 2024", "the first half of 2023", "second quarter of 2024", "january 2023", "march of 2024",
    "jan 18 2023", "01/2023", "2023-03", "2h 2023", "last year", "this year", "last month", "last quarter",
    "spring 2023",
]


def _bounds(text: str) -> tuple[dt.date | None, dt.date | None]:
    period = parse_period(text, TODAY)
    assert period is not None, text
    return period.start, period.end


@pytest.mark.parametrize("phrase", PHRASES)
def test_since_and_after(phrase: str) -> None:
    start, end = _bounds(phrase)
    assert _bounds(f"layoffs since {phrase}") == (start, None)
    assert _bounds(f"amazon layoffs after {phrase}") == (end + dt.timedelta(days=1), None)  # type: ignore[operator]
    assert _bounds(f"cuts starting {phrase}") == (start, None)


@pytest.mark.parametrize("phrase", PHRASES)
def test_before_and_until(phrase: str) -> None:
    start, end = _bounds(phrase)
    assert _bounds(f"layoffs before {phrase}") == (None, start - dt.timedelta(days=1))  # type: ignore[operator]
    assert _bounds(f"layoffs until {phrase}") == (None, end)
    assert _bounds(f"how many through {phrase}") == (None, end)


@pytest.mark.parametrize("phrase", PHRASES)
def test_in_and_during_leave_it_as_it_is(phrase: str) -> None:
    if phrase.startswith("last "):
        pytest.skip("'in the last year' is the past 12 months, by design")
    assert _bounds(f"layoffs in {phrase}") == _bounds(phrase)
    assert _bounds(f"layoffs during {phrase}") == _bounds(phrase)


@pytest.mark.parametrize(
    ("first", "second"),
    [("early 2022", "mid 2023"), ("q1 2023", "q3 2023"), ("h1 2022", "h2 2023"), ("late 2022", "2024"),
     ("summer 2023", "spring 2024")],
)
def test_between_and_from_to(first: str, second: str) -> None:
    want = (_bounds(first)[0], _bounds(second)[1])
    assert _bounds(f"layoffs between {first} and {second}") == want
    assert _bounds(f"layoffs from {first} to {second}") == want
