"""Small in-memory stores with a time-to-live: retried deliveries seen, answers kept for Show all.

Both are per process (a restart forgets them, which is harmless: Slack stops retrying after a
few minutes, and an expired Show-all button says so).  With several processes, the app uses
:class:`SharedSeenEvents` and :class:`adapters.common.shared_state.StoredAnswers` over the
shared :class:`~adapters.common.state_store.StateStore` instead (``create_app(state=...)``).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from adapters.common.state_store import StateStore

__all__ = ["TTLStore", "SeenEvents", "SharedSeenEvents", "AnswerStore", "EVENT_RETRY_WINDOW"]

#: Slack retries an unacknowledged event for up to about an hour.
EVENT_RETRY_WINDOW = 3600.0

V = TypeVar("V")


class TTLStore(Generic[V]):
    """A bounded mapping whose entries expire ``ttl`` seconds after being set (oldest dropped
    first when full).  Thread-safe: Socket Mode and HTTP handlers may share it."""

    def __init__(self, *, ttl: float, max_items: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.max_items = max_items
        self._clock = clock
        self._items: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        while self._items:
            key, (expires, _) = next(iter(self._items.items()))
            if expires > now and len(self._items) <= self.max_items:
                break
            del self._items[key]

    def set(self, key: str, value: V) -> None:
        with self._lock:
            now = self._clock()
            self._items.pop(key, None)
            self._items[key] = (now + self.ttl, value)
            self._expire(now)

    def get(self, key: str) -> V | None:
        with self._lock:
            self._expire(self._clock())
            item = self._items.get(key)
            return item[1] if item else None

    def __len__(self) -> int:
        return len(self._items)


class SeenEvents:
    """Event ids already accepted; Slack retries for up to about an hour, so keep them that long."""

    def __init__(self, *, ttl: float = 3600, max_items: int = 50_000) -> None:
        self._store: TTLStore[bool] = TTLStore(ttl=ttl, max_items=max_items)
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """True the first time an id is seen (atomically marks it seen)."""
        with self._lock:
            if self._store.get(event_id):
                return False
            self._store.set(event_id, True)
            return True


class SharedSeenEvents:
    """Event ids already accepted by any process sharing ``store`` (set-if-absent with expiry)."""

    def __init__(self, store: StateStore, *, ttl: float = EVENT_RETRY_WINDOW) -> None:
        self.store = store
        self.ttl = ttl

    def first_time(self, event_id: str) -> bool:
        """True the first time an id is seen by any process (atomic across them)."""
        return self.store.remember_once(f"slack:event:{event_id}", self.ttl)


class AnswerStore(TTLStore[V]):
    """Full answers behind a Show-all button, under short random keys."""

    def __init__(self, *, ttl: float = 24 * 3600, max_items: int = 2_000) -> None:
        super().__init__(ttl=ttl, max_items=max_items)

    def put(self, value: V) -> str:
        key = secrets.token_urlsafe(12)
        self.set(key, value)
        return key
