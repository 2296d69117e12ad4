"""This process's shared-state store, opened once: what an adapter process (or its answering
worker) calls at start so conversations, staged imports and the rest go to the
:class:`~adapters.common.state_store.StateStore` every process sees."""

from __future__ import annotations

import os
import threading

from adapters.common.shared_state import StoredFrames
from adapters.common.state_store import (
    RedisStateStore,
    SQLiteStateStore,
    open_state_store,
)

__all__ = ["process_store", "shared_frames"]

_STORES: dict[str, SQLiteStateStore | RedisStateStore] = {}
_LOCK = threading.Lock()


def process_store(db_path: str | os.PathLike[str] | None) -> SQLiteStateStore | RedisStateStore:
    """The store for ``db_path`` (Redis when REDIS_URL is set), one per process; staged imports
    of :mod:`bot.admin` are kept there from now on."""
    key = f"{os.environ.get('REDIS_URL') or ''}|{db_path}"
    with _LOCK:
        store = _STORES.get(key)
        if store is None:
            store = _STORES[key] = open_state_store(db_path)
            from bot.admin import use_staging_store

            use_staging_store(store)
        return store


def shared_frames(db_path: str | os.PathLike[str] | None) -> StoredFrames:
    """The Engine's ``frames=``: conversation memory in the process store."""
    return StoredFrames(process_store(db_path))
