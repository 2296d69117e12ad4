"""The core's front door: ``Engine.answer(text, ...) -> Reply``.

PLACEHOLDER until the question-answering core (issue 3) lands: the signature is the contract
adapters build against.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from bot.reply import Reply

__all__ = ["Engine"]


class Engine:
    def __init__(self, db: sqlite_utils.Database, *, today: dt.date | None = None) -> None:
        self.db = db
        self.today = today

    def answer(
        self,
        text: str,
        *,
        asker: str | None = None,
        conversation: str | None = None,
        today: dt.date | None = None,
    ) -> Reply:
        return Reply(intent="unknown", text="The question-answering core is not built yet.")

    def suggest_companies(self, prefix: str, limit: int = 25) -> list[str]:
        return []

    def as_of(self) -> dt.date | None:
        return None
