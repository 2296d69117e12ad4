"""The Slack adapter's engine bridge: the shared one, :mod:`adapters.common.bridge`.

Kept so that ``from adapters.slack.bridge import ProcessEngine`` keeps working; ``AsyncEngine``
is the old name of :class:`~adapters.common.bridge.ThreadEngine`.
"""

from __future__ import annotations

from adapters.common.bridge import EngineBridge, EngineLike, ProcessEngine, ThreadEngine

__all__ = ["EngineLike", "EngineBridge", "AsyncEngine", "ProcessEngine", "ThreadEngine"]

AsyncEngine = ThreadEngine
