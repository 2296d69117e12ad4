"""The core's front door: ``Engine.answer(text, ...) -> Reply``.

One Engine per database.  It keeps, in memory:
- the company/alias index (rebuilt when the data changes: the signature is SQLite's
  ``PRAGMA data_version`` plus this connection's ``total_changes``);
- for big databases, a columnar snapshot of the summed rounds (:mod:`bot.answers.columnar`);
- the previous frame of each conversation (a bounded LRU), for follow-ups such as
  "what about Google?" and "and in 2024?" -- or, given ``frames=`` (any object with
  ``get(conversation)`` and ``put(conversation, frame)``), there instead, so that several
  processes share one conversation memory.

``answer`` never raises: an exception is logged with its traceback and the user gets a short,
friendly reply instead.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import OrderedDict
from dataclasses import replace
from typing import Protocol

import sqlite_utils

from bot.answers import Context, answer_frame
from bot.answers.columnar import MIN_ROWS, Snapshot, load_snapshot
from bot.answers.causes import answer_cause
from bot.answers.export import attach_export, export_request
from bot.answers.query import SUMMED_ROUNDS
from bot.answers.warn import answer_warn, attach_warn_export
from bot.nlu.cause_slot import find_cause
from bot.nlu.companies import CompanyIndex
from bot.nlu.parse import Frame, parse
from bot.nlu.text import normalize
from bot.nlu.warn import parse_warn
from bot.reply import Reply, apology

__all__ = ["MAX_CONVERSATIONS", "Engine", "FrameMemory"]

log = logging.getLogger(__name__)

MAX_CONVERSATIONS = 2000


def _names_the_cause(companies: list[str]) -> bool:
    """Is a cause word part of a company the question names ("Scale AI layoffs")?

    A name that is nothing but the cause words ("restructuring" read as an unknown company in
    "restructuring layoffs at Cisco") is the cause, not a company."""
    for name in companies:
        cause, rest = find_cause(f"{name} layoffs")
        if cause is not None and rest.strip().casefold() != "layoffs":
            return True
    return False


class FrameMemory(Protocol):
    """Where conversations' previous frames live when not in this Engine's memory."""

    def get(self, conversation: str) -> Frame | None: ...

    def put(self, conversation: str, frame: Frame) -> None: ...


class Engine:
    snapshot_min_rows: int = MIN_ROWS
    """Summed rounds above which market-wide aggregates use the numpy snapshot (if installed)."""

    def __init__(self, db: sqlite_utils.Database, *, today: dt.date | None = None,
                 frames: FrameMemory | None = None) -> None:
        self.db = db
        self.frame_memory = frames
        self.today = today
        self._lock = threading.RLock()
        self._signature: tuple[int, int] | None = None
        self._index: CompanyIndex | None = None
        self._as_of: dt.date | None = None
        self._first_date: dt.date | None = None
        self._company_sizes: dict[str, int] | None = None
        self._largest: list[tuple[str, str]] | None = None
        self._frames: OrderedDict[str, Frame] = OrderedDict()
        self._causes: dict[str, str] = {}
        """The cause a conversation's previous question was about (kept for its follow-ups)."""
        self._snapshot: Snapshot | None = None
        self._snapshot_loaded = False

    # -- caches ------------------------------------------------------------------------------

    def _current_signature(self) -> tuple[int, int]:
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        return version, self.db.conn.total_changes

    def _refresh(self) -> CompanyIndex:
        with self._lock:
            signature = self._current_signature()
            if self._index is None or signature != self._signature:
                self._index = CompanyIndex(self.db)
                self._as_of = self._load_as_of()
                self._first_date = self._load_first_date()
                self._company_sizes = None
                self._largest = None
                self._snapshot, self._snapshot_loaded = None, False
                self._signature = signature
            return self._index

    def _load_as_of(self) -> dt.date | None:
        """``meta.data_as_of``, then the newest ``date_added``, then the newest round date."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'data_as_of'").fetchone()
        candidates = [row[0] if row else None]
        candidates.append(self.db.execute("SELECT MAX(date_added) FROM events").fetchone()[0])
        candidates.append(
            self.db.execute("SELECT MAX(date) FROM events WHERE status IN ('confirmed', 'reported')").fetchone()[0]
        )
        for value in candidates:
            if value:
                try:
                    return dt.date.fromisoformat(str(value)[:10])
                except ValueError:
                    continue
        return None

    def _load_first_date(self) -> dt.date | None:
        """The oldest round's date (``idx_events_date``: one index probe)."""
        value = self.db.execute("SELECT MIN(date) FROM events").fetchone()[0]
        try:
            return dt.date.fromisoformat(str(value)[:10]) if value else None
        except ValueError:
            return None

    # -- the API -----------------------------------------------------------------------------

    def as_of(self) -> dt.date | None:
        self._refresh()
        return self._as_of

    def answer(
        self,
        text: str,
        *,
        asker: str | None = None,
        conversation: str | None = None,
        today: dt.date | None = None,
    ) -> Reply:
        try:
            return self._answer(text, conversation=conversation, today=today or self.today or dt.date.today())
        except Exception:
            log.exception("could not answer %r (asker %s, conversation %s)", (text or "")[:200], asker, conversation)
            return apology()

    def _answer(self, text: str, *, conversation: str | None, today: dt.date) -> Reply:
        index = self._refresh()
        previous = self._previous_frame(conversation)
        text = "" if text is None else text if isinstance(text, str) else str(text)
        export, text = export_request(text)  # "as csv", "export": files, not words to understand
        warn = parse_warn(text, index, today)  # WARN notices: a second basis, answered apart
        if warn is not None:
            reply = answer_warn(self.db, warn, today=today, as_of=self._as_of)
            return attach_warn_export(reply, export) if export else reply
        if export and not text.strip() and previous is not None:
            frame = replace(previous, followup=True)  # a bare "export as csv": the previous answer
        else:
            frame = parse(text, index, today, previous)
        cause, without_cause = find_cause(text)  # "blamed on AI", "AI layoffs" (not "Scale AI")
        if cause is not None and _names_the_cause(frame.companies + frame.unknown_names):  # "Kaka AI" too
            cause = None
        if cause is not None:
            frame = parse(without_cause, index, today, previous)
        elif frame.followup and conversation is not None:
            cause = self._causes.get(conversation)  # "and in 2024?" after "AI layoffs in 2025"
        context = Context(self.db, frame, today, self._as_of, self._load_snapshot, first_date=self._first_date)
        if cause is not None and frame.intent not in ("help", "unknown"):
            reply = answer_cause(context, cause)
        else:
            reply = answer_frame(context)
        if export:
            reply = attach_export(self.db, reply, export)
        if conversation is not None and frame.intent not in ("help", "unknown") and self.frame_memory is not None:
            self.frame_memory.put(conversation, frame)
        elif conversation is not None and frame.intent not in ("help", "unknown"):
            with self._lock:
                self._frames[conversation] = frame
                self._frames.move_to_end(conversation)
                while len(self._frames) > MAX_CONVERSATIONS:
                    self._frames.popitem(last=False)
        if conversation is not None and frame.intent not in ("help", "unknown"):
            with self._lock:  # this instance's memory only (a shared frame memory keeps frames)
                self._causes.pop(conversation, None)
                if cause is not None:
                    self._causes[conversation] = cause
                while len(self._causes) > MAX_CONVERSATIONS:
                    self._causes.pop(next(iter(self._causes)))
        return reply

    def _previous_frame(self, conversation: str | None) -> Frame | None:
        if conversation is None:
            return None
        if self.frame_memory is not None:
            return self.frame_memory.get(conversation)
        return self._frames.get(conversation)

    def _load_snapshot(self) -> Snapshot | None:
        """The columnar snapshot for market-wide aggregates, built on first need per data version."""
        if not self._snapshot_loaded:
            with self._lock:
                if not self._snapshot_loaded:
                    self._snapshot = load_snapshot(self.db, min_rows=self.snapshot_min_rows)
                    self._snapshot_loaded = True
        return self._snapshot

    def warm(self) -> None:
        """Build the caches now (index, as-of, snapshot) instead of on the first question."""
        self._refresh()
        self._load_snapshot()

    def forget(self, conversation: str) -> None:
        """Drop a conversation's context (e.g. "start over")."""
        with self._lock:
            self._frames.pop(conversation, None)
            self._causes.pop(conversation, None)
        forget = getattr(self.frame_memory, "forget", None)
        if forget is not None:
            forget(conversation)

    def suggest_companies(self, prefix: str, limit: int = 25) -> list[str]:
        """Company names for autocomplete: prefix matches (largest companies first), then fuzzy."""
        try:
            index = self._refresh()
            sizes = self._sizes()
            limit = max(1, min(int(limit), 100))
            prefix = (prefix or "").strip()
            largest = self._largest_first(sizes)
            if not prefix:
                return [name for name, _ in largest[:limit]]
            if len(prefix) <= 2:
                # Short prefixes match thousands of names: walk the companies largest first instead.
                key = normalize(prefix)
                quick: list[str] = []
                for name, norm in largest:
                    if norm.startswith(key):
                        quick.append(name)
                        if len(quick) == limit:
                            break
                if len(quick) == limit:
                    return quick
            hits = index.prefix(prefix, limit)
            hits.sort(key=lambda n: (-sizes.get(n, 0), n.lower()))
            out = hits[:limit]
            if len(out) < limit:
                for name in index.fuzzy_names(prefix, limit):
                    if name not in out:
                        out.append(name)
            return out[:limit]
        except Exception:
            log.exception("suggest_companies(%r) failed", prefix)
            return []

    def _largest_first(self, sizes: dict[str, int]) -> list[tuple[str, str]]:
        """(name, normalized name), largest companies first; cached per data version."""
        if self._largest is None:
            names = sorted(self._index.names.values() if self._index else (), key=lambda n: (-sizes.get(n, 0), n.lower()))
            self._largest = [(name, normalize(name)) for name in names]
        return self._largest

    def _sizes(self) -> dict[str, int]:
        if self._company_sizes is None:
            rows = self.db.execute(
                "SELECT c.name, COALESCE(SUM(e.count), 0) FROM companies c LEFT JOIN events e ON e.company_id = c.id "
                f"AND {SUMMED_ROUNDS.sql} GROUP BY c.id",
                SUMMED_ROUNDS.params,
            ).fetchall()
            self._company_sizes = {name: total for name, total in rows}
        return self._company_sizes
