"""Lists of companies on the shipped data: a short or ambiguous name in a comma or "and" list
("intel, hp and ibm") is one of the compared companies, and a name we don't have after it is
named, never dropped without a word (issue 15: "a company is dropped from a comparison")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.data.db import open_db
from bot.engine import Engine

TODAY = dt.date(2026, 3, 5)


@pytest.fixture(scope="module")
def engine(built_db_path: Path) -> Engine:
    return Engine(open_db(built_db_path), today=TODAY)


@pytest.mark.parametrize(
    ("text", "companies", "unknown"),
    [
        pytest.param("intel, hp and ibm layoffs", ["Intel", "HP", "IBM"], [], id="comma-then-and"),
        pytest.param("compare hp, intel and ibm", ["HP", "Intel", "IBM"], [], id="short-name-first"),
        pytest.param("hp and dell layoffs", ["HP", "Dell"], [], id="short-name-and"),
        pytest.param("compare intel, hp and snowflake", ["Intel", "HP"], ["snowflake"], id="unknown-after-list"),
        pytest.param("dell vs hp vs ibm", ["Dell", "HP", "IBM"], [], id="vs-chain"),
    ],
)
def test_every_listed_company_is_compared_or_named(
    engine: Engine, text: str, companies: list[str], unknown: list[str]
) -> None:
    reply = engine.answer(text)
    assert reply.intent == "compare", reply.text
    assert sorted(row.company for row in reply.rows) == sorted(companies)
    for name in unknown:
        assert f"“{name}”" in reply.text and "no figure" in reply.text
