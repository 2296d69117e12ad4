"""The Discord adapter's engine bridge: the shared one, :mod:`adapters.common.bridge`.

Kept so that ``from adapters.discord.core import AsyncCore`` keeps working; ``AsyncCore`` is the
old name of :class:`~adapters.common.bridge.ThreadEngine` (the engine on one thread, charts on
another; :meth:`answer` never raises).
"""

from __future__ import annotations

from adapters.common.bridge import EngineBridge, EngineLike, ThreadEngine, render_chart_png

__all__ = ["EngineLike", "EngineBridge", "AsyncCore", "render_chart_png"]

AsyncCore = ThreadEngine
