"""State that several processes (or hosts) must share, behind one small interface.

What lives here (keys are namespaced by their users): conversation frames, handled event ids
and replay keys, Show-all answers, staged imports awaiting Confirm, Slack OAuth state, the
Discord command-sync lock.  Every value is a string (JSON made by the caller) with a
time-to-live; nothing here is kept forever.

Two implementations, chosen by :func:`open_state_store`, in order:

1. :class:`RedisStateStore` when ``REDIS_URL`` is set (several hosts): ``SET NX PX`` for
   set-if-absent, ``GETDEL`` for take, Redis expiry for the time-to-live.
2. :class:`SQLiteStateStore` otherwise (one host, any number of processes): a ``kv`` table in
   the layoffbot database file itself, with an ``expires_at`` column; every write takes the
   write lock up front (``BEGIN IMMEDIATE``), so set-if-absent and take are atomic across
   processes.  An in-memory database (tests) keeps the state in this process only.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "REDIS_URL_VARIABLE",
    "RedisStateStore",
    "SQLiteStateStore",
    "StateStore",
    "StateStoreError",
    "open_state_store",
]

REDIS_URL_VARIABLE = "REDIS_URL"
_MIN_TTL = 0.001


class StateStoreError(Exception):
    """The shared state cannot be reached or is misconfigured.  ``backend`` names which."""

    def __init__(self, backend: str, problem: str) -> None:
        self.backend = backend
        self.problem = problem
        super().__init__(f"{backend} state store: {problem}")


@runtime_checkable
class StateStore(Protocol):
    """Strings under keys, each with a time-to-live in seconds."""

    def get(self, key: str) -> str | None:
        """The value, or None when absent or expired."""

    def set(self, key: str, value: str, ttl: float) -> None:
        """Store (or replace) ``value`` for ``ttl`` seconds."""

    def add(self, key: str, value: str, ttl: float) -> bool:
        """Set-if-absent, atomically: True when this call stored it (also a lock: the winner
        holds ``key`` for ``ttl`` seconds)."""

    def remember_once(self, key: str, ttl: float) -> bool:
        """True the first time ``key`` is seen within ``ttl`` seconds (replay protection)."""

    def take(self, key: str) -> str | None:
        """Get and delete, atomically: of several concurrent callers exactly one gets the value."""

    def delete(self, key: str) -> None: ...

    def close(self) -> None: ...


class SQLiteStateStore:
    """The ``kv`` table of the layoffbot database (see the module docstring)."""

    backend = "sqlite"

    def __init__(self, path: str | os.PathLike[str], *, clock: Callable[[], float] = time.time) -> None:
        self.path = str(path)
        self._clock = clock
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout = 30000")
        if self.path != ":memory:":
            self._conn.execute("PRAGMA journal_mode = WAL")
            # Short-lived state: a commit need not wait for the disk (WAL stays consistent; a
            # power cut may lose the last moments of conversations, never corrupt the file).
            self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at REAL NOT NULL)"
        )
        self._conn.execute("CREATE INDEX IF NOT EXISTS idx_kv_expires_at ON kv (expires_at)")
        self._writes = 0

    def _write(self, fn: Callable[[sqlite3.Connection, float], Any]) -> Any:
        """Run ``fn`` in one write transaction, the lock taken up front."""
        with self._lock:
            now = self._clock()
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(self._conn, now)
                self._writes += 1
                if self._writes % 500 == 0:  # expired rows go away now and then, not on every write
                    self._conn.execute("DELETE FROM kv WHERE expires_at <= ?", [now])
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            return result

    def get(self, key: str) -> str | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT value FROM kv WHERE key = ? AND expires_at > ?", [key, self._clock()]
            ).fetchone()
        return row[0] if row else None

    def set(self, key: str, value: str, ttl: float) -> None:
        def run(conn: sqlite3.Connection, now: float) -> None:
            conn.execute(
                "INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
                "value = excluded.value, expires_at = excluded.expires_at",
                [key, value, now + max(ttl, _MIN_TTL)],
            )

        self._write(run)

    def add(self, key: str, value: str, ttl: float) -> bool:
        def run(conn: sqlite3.Connection, now: float) -> bool:
            conn.execute("DELETE FROM kv WHERE key = ? AND expires_at <= ?", [key, now])
            cursor = conn.execute(
                "INSERT OR IGNORE INTO kv (key, value, expires_at) VALUES (?, ?, ?)",
                [key, value, now + max(ttl, _MIN_TTL)],
            )
            return cursor.rowcount == 1

        return bool(self._write(run))

    def remember_once(self, key: str, ttl: float) -> bool:
        return self.add(key, "1", ttl)

    def take(self, key: str) -> str | None:
        def run(conn: sqlite3.Connection, now: float) -> str | None:
            row = conn.execute("SELECT value, expires_at FROM kv WHERE key = ?", [key]).fetchone()
            if row is None:
                return None
            conn.execute("DELETE FROM kv WHERE key = ?", [key])
            return row[0] if row[1] > now else None

        result = self._write(run)
        return result if isinstance(result, str) else None

    def delete(self, key: str) -> None:
        self._write(lambda conn, now: conn.execute("DELETE FROM kv WHERE key = ?", [key]))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __repr__(self) -> str:
        return f"SQLiteStateStore({self.path!r})"


class RedisStateStore:
    """Redis (redis-py), every key under ``prefix``.  Needs Redis 6.2+ (``GETDEL``)."""

    backend = "redis"

    def __init__(self, url: str, *, prefix: str = "layoffbot:", client: Any = None) -> None:
        try:
            import redis
        except ImportError:  # pragma: no cover - redis is in the slack and discord extras
            raise StateStoreError("redis", "REDIS_URL is set but the redis package is not installed "
                                  "(pip install 'layoffbot[slack]')") from None
        self.prefix = prefix
        try:
            self._redis = client or redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        except ValueError as exc:
            raise StateStoreError("redis", f"REDIS_URL is not a Redis URL ({exc})") from None
        self._url_for_repr = _without_password(url)

    def _k(self, key: str) -> str:
        return self.prefix + key

    @staticmethod
    def _ms(ttl: float) -> int:
        return max(1, int(ttl * 1000))

    @staticmethod
    def _text(value: Any) -> str | None:
        if value is None:
            return None
        return value.decode("utf-8") if isinstance(value, bytes) else str(value)

    def ping(self) -> None:
        """Raise :class:`StateStoreError` when Redis cannot be reached (checked at start)."""
        import redis

        try:
            self._redis.ping()
        except redis.RedisError as exc:
            raise StateStoreError("redis", f"cannot reach {self._url_for_repr} ({exc})") from None

    def get(self, key: str) -> str | None:
        return self._text(self._redis.get(self._k(key)))

    def set(self, key: str, value: str, ttl: float) -> None:
        self._redis.set(self._k(key), value, px=self._ms(ttl))

    def add(self, key: str, value: str, ttl: float) -> bool:
        return bool(self._redis.set(self._k(key), value, px=self._ms(ttl), nx=True))

    def remember_once(self, key: str, ttl: float) -> bool:
        return self.add(key, "1", ttl)

    def take(self, key: str) -> str | None:
        return self._text(self._redis.getdel(self._k(key)))

    def delete(self, key: str) -> None:
        self._redis.delete(self._k(key))

    def close(self) -> None:
        self._redis.close()

    def __repr__(self) -> str:
        return f"RedisStateStore({self._url_for_repr!r})"


def _without_password(url: str) -> str:
    """A Redis URL fit for logs: any password replaced by ***."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def open_state_store(
    db_path: str | os.PathLike[str] | None, env: Mapping[str, str] | None = None
) -> SQLiteStateStore | RedisStateStore:
    """Redis when ``REDIS_URL`` is set in ``env`` (default: the environment), else the SQLite
    database at ``db_path`` (default: :func:`bot.data.db.resolve_db_path`)."""
    env = os.environ if env is None else env
    url = (env.get(REDIS_URL_VARIABLE) or "").strip()
    if url:
        return RedisStateStore(url)
    if db_path is None or str(db_path) == "":
        from bot.data.db import resolve_db_path

        db_path = resolve_db_path(None)
    if str(db_path) != ":memory:":
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    return SQLiteStateStore(db_path)
