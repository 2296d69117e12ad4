"""The numpy snapshot gives the same rankings and overviews as the SQL path."""

from __future__ import annotations

import pytest

pytest.importorskip("numpy")

from fixtures_core import TODAY, build_fixture_db  # noqa: E402

from bot.engine import Engine  # noqa: E402
from bot.reply import CompanyRow  # noqa: E402

QUESTIONS = [
    "who cut the most in 2023?", "who cut the most?", "top 3 companies in 2024", "most layoffs in India",
    "biggest fintech layoffs 2024", "top 5 companies in the past 6 months", "who cut the most between March and June 2023?",
    "how many tech jobs were cut in 2023?", "total layoffs since 2022", "how many jobs were cut in India?",
    "total layoffs before 2024", "who cut the most in Q1 2023?", "top 10 companies last year",
]


def _summary(reply) -> tuple:
    rows = [(r.company, r.total, r.rounds, r.undisclosed_rounds) for r in reply.rows if isinstance(r, CompanyRow)]
    return reply.intent, reply.total, reply.undisclosed_rounds, rows, [s.url for s in reply.sources], reply.headline, reply.notes


@pytest.mark.parametrize("question", QUESTIONS)
def test_snapshot_matches_sql(question: str) -> None:
    db = build_fixture_db()
    sql_engine = Engine(db, today=TODAY)
    sql_engine.snapshot_min_rows = 10**12  # never
    fast_engine = Engine(db, today=TODAY)
    fast_engine.snapshot_min_rows = 0  # always
    fast_engine.warm()
    assert fast_engine._snapshot is not None
    assert _summary(fast_engine.answer(question)) == _summary(sql_engine.answer(question))
