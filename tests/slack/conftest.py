"""Fixtures for the Slack adapter tests (all offline: fake Slack and app on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

pytest.importorskip("slack_bolt")
pytest.importorskip("aiohttp")
pytest.importorskip("uvicorn")

from slack_fakes import FakeEngine, FakeSlack, RunningApp  # noqa: E402


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def start_app(fake_slack: FakeSlack) -> Iterator[Callable[..., RunningApp]]:
    started: list[RunningApp] = []

    def start(engine: Any, **kwargs: Any) -> RunningApp:
        app = RunningApp(engine, fake_slack, **kwargs).start()
        started.append(app)
        return app

    yield start
    for app in started:
        app.stop()


@pytest.fixture
def slack_app(start_app: Callable[..., RunningApp], engine: FakeEngine) -> RunningApp:
    return start_app(engine)
