"""Fixtures of the held-out set: the golden fixture database (plus the shipped aliases of its
companies), an Engine on it with ``today`` pinned, and the independent counting reference."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
import sqlite_utils
from fixtures_core import TODAY, build_fixture_db
from reference import Reference

from bot.engine import Engine
from bot.reply import Reply

DATA_ALIASES = Path(__file__).resolve().parents[2] / "data" / "aliases.csv"


def _overlay_shipped_aliases(db: sqlite_utils.Database) -> int:
    """Add the rows of ``data/aliases.csv`` whose company is in the fixture (tickers such as
    GOOG or CRM live there), without replacing any alias the fixture already has.  Aliases of
    companies the fixture lacks (Apple, Tesla, Dell, HP, ...) are left out: those stay unknown."""
    if not DATA_ALIASES.exists():
        return 0
    ids = {name.casefold(): cid for cid, name in db.execute("SELECT id, name FROM companies").fetchall()}
    have = {a for (a,) in db.execute("SELECT alias FROM aliases").fetchall()}
    rows = []
    with DATA_ALIASES.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            alias = " ".join((row.get("alias") or "").split()).lower()
            company = (row.get("company") or "").strip().casefold()
            if not alias or alias in have or company not in ids:
                continue
            have.add(alias)
            rows.append(
                {
                    "alias": alias,
                    "display": row["alias"].strip(),
                    "company_id": ids[company],
                    "division": (row.get("division") or "").strip() or None,
                    "ambiguous": 1 if (row.get("ambiguous") or "0").strip() in ("1", "true", "yes") else 0,
                }
            )
    with db.atomic():
        db.table("aliases").insert_all(rows)
    return len(rows)


@pytest.fixture(scope="session")
def heldout_db() -> sqlite_utils.Database:
    db = build_fixture_db()
    _overlay_shipped_aliases(db)
    return db


@pytest.fixture(scope="session")
def engine(heldout_db: sqlite_utils.Database) -> Engine:
    return Engine(heldout_db, today=TODAY)


@pytest.fixture(scope="session")
def ref(heldout_db: sqlite_utils.Database) -> Reference:
    return Reference(heldout_db.conn)


_conversations: Iterator[int] = itertools.count()


@pytest.fixture(scope="session")
def ask(engine: Engine) -> Callable[[Sequence[str]], Reply]:
    """``ask(turns)``: the turns in one fresh conversation; the reply to the last one."""

    def run(turns: Sequence[str]) -> Reply:
        conversation = f"heldout-{next(_conversations)}"
        reply = None
        for turn in turns:
            reply = engine.answer(turn, conversation=conversation)
        assert reply is not None
        return reply

    return run
