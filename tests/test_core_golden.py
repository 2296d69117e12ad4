"""The golden set: hundreds of phrasings with hand-computed expectations on the fixture DB.

Cases live in tests/golden/core_golden.json (one group = one expected understanding and
answer, many phrasings).  Every key of a group's ``expect`` is checked; see ``_about`` there.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from fixtures_core import TODAY, build_fixture_db

from bot.engine import Engine
from bot.reply import CompanyRow, Reply, RoundRow

GOLDEN = json.loads((Path(__file__).parent / "golden" / "core_golden.json").read_text(encoding="utf-8"))

_counter = itertools.count()


def _cases() -> list[Any]:
    cases = []
    for group in GOLDEN["groups"]:
        for n, question in enumerate(group["questions"]):
            cases.append(pytest.param(group, question, id=f"{group['name']}-{n}:{question[:40]}"))
    return cases


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(build_fixture_db(), today=TODAY)


def _ask(engine: Engine, group: dict[str, Any], question: str) -> Reply:
    conversation = f"golden-{next(_counter)}"
    for earlier in group.get("before", []):
        engine.answer(earlier, conversation=conversation)
    return engine.answer(question, conversation=conversation)


def test_golden_set_is_large_enough() -> None:
    assert sum(len(g["questions"]) for g in GOLDEN["groups"]) >= 300


@pytest.mark.parametrize(("group", "question"), _cases())
def test_golden(engine: Engine, group: dict[str, Any], question: str) -> None:
    reply = _ask(engine, group, question)
    expect = group["expect"]
    u = reply.understood
    got: dict[str, Any] = {}
    for key, want in expect.items():
        if key == "intent":
            got[key] = reply.intent
        elif key == "companies":
            got[key] = u.companies
        elif key in ("division", "industry", "country"):
            got[key] = getattr(u, key)
        elif key in ("start", "end"):
            value = getattr(u, key)
            got[key] = value.isoformat() if value else None
        elif key == "total":
            got[key] = reply.total
        elif key == "undisclosed":
            got[key] = reply.undisclosed_rounds
        elif key == "ranked":
            pairs = [[r.company, r.total] for r in reply.rows if isinstance(r, CompanyRow)]
            if reply.intent == "compare":
                got[key] = sorted(pairs)
                want = sorted(want)
            else:  # a ranking is checked from the top; row_count pins its length
                got[key] = pairs[: len(want)]
        elif key == "row_count":
            got[key] = len(reply.rows)
        elif key == "first_row":
            first = reply.rows[0] if reply.rows else None
            got[key] = [first.company, first.date.isoformat()] if isinstance(first, RoundRow) else None
        elif key == "first_basis":
            first = reply.rows[0] if reply.rows else None
            got[key] = first.percentage_basis if isinstance(first, RoundRow) else None
        elif key == "planned_count":
            got[key] = len(reply.planned)
        elif key == "has_planned":
            got[key] = bool(reply.planned)
        elif key == "aggregates":
            got[key] = len(reply.extra.get("aggregates", []))
        elif key == "did_you_mean":
            got[key] = (reply.extra.get("did_you_mean") or [{}])[0].get("company")
        elif key == "chart":
            got[key] = reply.chart is not None or any("Chart" in n for n in reply.notes)
        else:  # pragma: no cover - a typo in the golden file must fail loudly
            raise AssertionError(f"unknown expectation key {key!r}")
        assert got[key] == want, f"{key}: got {got[key]!r}, want {want!r}\n--- reply ---\n{reply.text}"
    # Every answer states what it understood and the data's as-of date.
    assert reply.understood.description
    if reply.intent not in ("unknown",) or reply.as_of is not None:
        assert reply.as_of is not None
