"""README examples run against the shipped database (built from data/).

Every ``layoffbot ask "…"  # intent`` line in a code block right after a
``<!-- readme-test: ask -->`` marker (and the Quick start command) must be answered with the
intent its comment names, with a period and as-of date stated and no error.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from bot.engine import Engine

README = Path(__file__).resolve().parents[1] / "README.md"
_BLOCK = re.compile(r"<!-- readme-test: ask -->\s*```[a-z]*\n(.*?)```", re.S)
_ASK = re.compile(r'layoffbot ask "([^"]+)"\s*(?:#\s*(\w+))?')


def _examples() -> list[tuple[str, str | None]]:
    text = README.read_text(encoding="utf-8")
    found: list[tuple[str, str | None]] = []
    for block in _BLOCK.findall(text):
        found += [(m.group(1), m.group(2)) for m in _ASK.finditer(block)]
    quick = re.search(r'pip install -e \. && layoffbot ask "([^"]+)"', text)
    if quick:
        found.append((quick.group(1), None))
    return found


EXAMPLES = _examples()


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    dataset = pytest.importorskip("bot.data.dataset")
    db = dataset.ensure_database(tmp_path_factory.mktemp("readme") / "layoffbot.db")
    return Engine(db, today=dt.date(2026, 2, 15))


def test_readme_has_tested_examples() -> None:
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize(("question", "intent"), EXAMPLES, ids=[q for q, _ in EXAMPLES])
def test_readme_example(engine: Engine, question: str, intent: str | None) -> None:
    reply = engine.answer(question)
    assert reply.intent != "unknown"
    if intent:
        assert reply.intent == intent
    assert "something went wrong" not in reply.text.lower()
    assert reply.as_of is not None and reply.understood.description
    if reply.intent in ("total", "rank", "overview", "compare"):
        assert reply.sources, reply.text
