"""``remember_once(key, ttl)``: a "have we handled this already?" store with expiry.

``layoffbot slack`` passes its shared :class:`~adapters.common.state_store.StateStore` (which
has the same method: SQLite on one host, Redis across hosts); :class:`SQLiteOnce` is the
minimal stand-alone store, the default of an app built without shared state (tests, embedding).

Used to drop replayed Slack requests (same signature within Slack's five-minute window) and to
make admin writes from chat idempotent per request (same ``trigger_id``).  The interface is one
call, set-if-absent with expiry, so a shared store (SQLite on one host, Redis across hosts) can
stand behind it without the callers changing.

:class:`SQLiteOnce` keeps the keys in a small table of the bot's SQLite database
(``seen_requests``: key, expires_at), created on first use; several processes on one host that
open the same file therefore share what they have seen.  ``":memory:"`` gives a per-process store
(tests, an in-memory database).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Protocol

__all__ = ["OnceStore", "SQLiteOnce"]

_SCHEMA = "CREATE TABLE IF NOT EXISTS seen_requests (key TEXT PRIMARY KEY, expires_at REAL NOT NULL)"
_PURGE_EVERY = 256
"""Expired rows are deleted every this many calls (cheap: the table stays small)."""


class OnceStore(Protocol):
    """Set-if-absent with expiry."""

    def remember_once(self, key: str, ttl: float) -> bool:
        """True the first time ``key`` is seen within ``ttl`` seconds (and remember it); False
        for a repeat."""
        ...


class SQLiteOnce:
    """:class:`OnceStore` in a SQLite table.  Thread-safe; each call is one short
    ``BEGIN IMMEDIATE`` transaction, so concurrent processes never both see a key first."""

    def __init__(self, path: str | os.PathLike[str] = ":memory:", *,
                 clock: Callable[[], float] = time.time, timeout: float = 5.0) -> None:
        self._conn = sqlite3.connect(os.fspath(path), timeout=timeout, isolation_level=None,
                                     check_same_thread=False)
        if os.fspath(path) != ":memory:":
            # The bot's database is in WAL mode already; NORMAL sync: no fsync per remembered key.
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute(_SCHEMA)
        self._clock = clock
        self._lock = threading.Lock()
        self._calls = 0

    def remember_once(self, key: str, ttl: float) -> bool:
        try:
            return self._remember_once(key, ttl)
        except sqlite3.OperationalError as exc:
            if "no such table" not in str(exc):
                raise
            self._conn.execute(_SCHEMA)  # the database was rebuilt under us (data init --force)
            return self._remember_once(key, ttl)

    def _remember_once(self, key: str, ttl: float) -> bool:
        now = self._clock()
        with self._lock:
            self._calls += 1
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                if self._calls % _PURGE_EVERY == 0:
                    conn.execute("DELETE FROM seen_requests WHERE expires_at <= ?", (now,))
                row = conn.execute("SELECT expires_at FROM seen_requests WHERE key = ?", (key,)).fetchone()
                if row is not None and row[0] > now:
                    conn.execute("COMMIT")
                    return False
                conn.execute("INSERT OR REPLACE INTO seen_requests (key, expires_at) VALUES (?, ?)", (key, now + ttl))
                conn.execute("COMMIT")
                return True
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self._conn.close()
