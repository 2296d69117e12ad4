"""The fake engine of the adapter tests, held to the real :class:`bot.engine.Engine` contract.

Like the real one, :meth:`ContractEngine.answer` never raises: whatever goes wrong while
answering is logged with its traceback (logger ``bot.engine``) and answered with
:func:`bot.reply.apology`.  The adapter suites subclass it and only say *what* to answer
(:meth:`ContractEngine.respond`, a keyword table each): Slack's in ``tests/slack/slack_fakes.py``,
Discord's in ``tests/discord/discord_fixtures.py``.  To exercise the failure path a test asks a
question containing :data:`FAIL_WORD` (or sets ``fail_with``): the answer is the apology, the
traceback is in the log — exactly what the real engine does with a bug.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Any

from bot.reply import Reply, apology

__all__ = ["ContractEngine", "FAIL_WORD"]

#: A question containing this word makes the answering fail (the reply is the apology).
FAIL_WORD = "boom"
log = logging.getLogger("bot.engine")  # where the real engine logs its failures


class ContractEngine:
    """Records every call; answers through :meth:`respond`; never raises."""

    as_of_date: dt.date | None = None
    fail_with: BaseException | None = None
    """When set, every answer fails with it (logged) and the apology is returned."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.threads: set[str] = set()
        self._lock = threading.Lock()

    def answer(self, text: str, *, asker: str | None = None, conversation: str | None = None,
               today: dt.date | None = None) -> Reply:
        with self._lock:
            self.calls.append({"text": text, "asker": asker, "conversation": conversation})
            self.threads.add(threading.current_thread().name)
        try:
            if self.fail_with is not None:
                raise self.fail_with
            if FAIL_WORD in (text or "").lower():
                raise RuntimeError(self.failure_message())
            return self.respond(text or "", conversation)
        except Exception:
            log.exception("could not answer %r (asker %s, conversation %s)", (text or "")[:200], asker, conversation)
            return apology()

    def respond(self, text: str, conversation: str | None) -> Reply:
        """The answer to ``text`` (subclasses: a keyword table)."""
        raise NotImplementedError

    def failure_message(self) -> str:
        """What the simulated bug says (in the log only)."""
        return "engine bug"

    def as_of(self) -> dt.date | None:
        return self.as_of_date

    def suggest_companies(self, prefix: str, limit: int = 25) -> list[str]:
        return []
