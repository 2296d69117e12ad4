"""What the adapters keep in the :class:`~adapters.common.state_store.StateStore`, as JSON.

- :class:`StoredFrames`: each conversation's previous question (a :class:`bot.nlu.parse.Frame`),
  so a follow-up answered by another process continues the conversation (the Engine's
  ``frames=`` hook).
- :class:`StoredAnswers`: full answers behind a Show-all button, under short random keys.

Values are JSON, never pickle: a shared store (Redis) is reachable by more than this program,
and decoding must not run code.  :func:`to_json` / :func:`from_json` handle the core's
dataclasses (only classes defined in ``bot.*`` are rebuilt), dates, tuples and dicts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json
import secrets
from typing import Any, Generic, TypeVar

from adapters.common.state_store import StateStore

__all__ = ["ANSWER_TTL", "FRAME_TTL", "StoredAnswers", "StoredFrames", "from_json", "to_json"]

#: A conversation's context is kept this long after its last question.
FRAME_TTL = 6 * 3600.0
#: A Show-all button works this long.
ANSWER_TTL = 24 * 3600.0

V = TypeVar("V")


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"__dc__": f"{cls.__module__}:{cls.__qualname__}", "f": fields}
    if isinstance(value, dt.datetime):
        return {"__dt__": value.isoformat()}
    if isinstance(value, dt.date):
        return {"__d__": value.isoformat()}
    if isinstance(value, tuple):
        return {"__t__": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"__m__": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} as JSON")


def _class(name: str) -> type:
    module, _, qualname = name.partition(":")
    if not (module == "bot" or module.startswith("bot.")) or not qualname.isidentifier():
        raise ValueError(f"refusing to rebuild {name!r}: only the core's dataclasses are stored")
    cls = getattr(importlib.import_module(module), qualname)
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise ValueError(f"{name!r} is not a dataclass")
    return cls


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__dc__" in value:
        cls = _class(str(value["__dc__"]))
        known = {f.name for f in dataclasses.fields(cls) if f.init}
        return cls(**{k: _decode(v) for k, v in dict(value["f"]).items() if k in known})
    if "__d__" in value:
        return dt.date.fromisoformat(value["__d__"])
    if "__dt__" in value:
        return dt.datetime.fromisoformat(value["__dt__"])
    if "__t__" in value:
        return tuple(_decode(v) for v in value["__t__"])
    if "__m__" in value:
        return {_decode(k): _decode(v) for k, v in value["__m__"]}
    raise ValueError("unexpected object in stored JSON")


def to_json(value: Any) -> str:
    """``value`` (core dataclasses, dates, containers, scalars) as JSON text."""
    return json.dumps(_encode(value), separators=(",", ":"))


def from_json(text: str) -> Any:
    """The value :func:`to_json` stored.  Raises ValueError for anything else."""
    return _decode(json.loads(text))


class StoredFrames:
    """The Engine's conversation memory in the state store (``frames=`` of :class:`bot.engine.Engine`)."""

    def __init__(self, store: StateStore, *, ttl: float = FRAME_TTL, prefix: str = "frame:") -> None:
        self.store = store
        self.ttl = ttl
        self.prefix = prefix

    def get(self, conversation: str) -> Any:
        text = self.store.get(self.prefix + conversation)
        if text is None:
            return None
        try:
            return from_json(text)
        except (ValueError, TypeError, KeyError, AttributeError, ImportError):
            return None  # written by another version: start the conversation afresh

    def put(self, conversation: str, frame: Any) -> None:
        self.store.set(self.prefix + conversation, to_json(frame), self.ttl)

    def forget(self, conversation: str) -> None:
        self.store.delete(self.prefix + conversation)


class StoredAnswers(Generic[V]):
    """Answers behind Show-all buttons (same ``put`` / ``get`` as the old in-memory store)."""

    def __init__(self, store: StateStore, *, ttl: float = ANSWER_TTL, prefix: str = "answer:") -> None:
        self.store = store
        self.ttl = ttl
        self.prefix = prefix

    def put(self, value: V) -> str:
        key = secrets.token_urlsafe(12)
        self.store.set(self.prefix + key, to_json(value), self.ttl)
        return key

    def get(self, key: str) -> V | None:
        if not key:
            return None
        text = self.store.get(self.prefix + key)
        if text is None:
            return None
        try:
            return from_json(text)  # type: ignore[no-any-return]
        except (ValueError, TypeError, KeyError, AttributeError, ImportError):
            return None
