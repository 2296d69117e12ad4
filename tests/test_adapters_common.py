"""adapters/common: the one settings loader, the one bridge, the one set of admin messages and
the alert posting base that Slack and Discord share."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.common import admin_messages as say
from adapters.common.alerts import AlertPoster
from adapters.common.bridge import ThreadEngine
from adapters.common.settings import merged_environment, read_flag
from bot.admin import IMPORT_TTL, Actor
from bot.errors import (
    ImportExpired,
    NotFoundError,
    PermissionDenied,
    SettingsError,
    UndoError,
    ValidationError,
)
from bot.reply import SOMETHING_WENT_WRONG, Reply

# --------------------------------------------------------------------------- settings


def test_dotenv_is_merged_under_the_environment_and_os_environ_is_untouched(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("LAYOFFBOT_TEST_A=from-file\nLAYOFFBOT_TEST_B=from-file\n")
    monkeypatch.delenv("LAYOFFBOT_TEST_A", raising=False)
    monkeypatch.setenv("LAYOFFBOT_TEST_B", "from-env")
    before = dict(os.environ)
    merged = merged_environment(None, env_file)
    assert (merged["LAYOFFBOT_TEST_A"], merged["LAYOFFBOT_TEST_B"]) == ("from-file", "from-env")
    assert dict(os.environ) == before, "os.environ is never changed"


def test_slack_loader_never_mutates_os_environ(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("dotenv")
    from adapters.slack.settings import load_settings

    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL", "LAYOFFBOT_SLACK_ADMINS"):
        monkeypatch.delenv(name, raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text("SLACK_BOT_TOKEN=xoxb-file\nSLACK_SIGNING_SECRET=abcdefabcdefabcdef12\nLAYOFFBOT_SLACK_ADMINS=U1\n")
    assert load_settings(dotenv_path=env_file).bot_token == "xoxb-file"
    assert "SLACK_BOT_TOKEN" not in os.environ and "LAYOFFBOT_SLACK_ADMINS" not in os.environ


@pytest.mark.parametrize(
    ("loader", "env"),
    [
        pytest.param("slack", {}, id="slack"),
        pytest.param("discord", {}, id="discord"),
    ],
)
def test_both_adapters_raise_the_one_settings_error(loader: str, env: dict[str, str], tmp_path: Path) -> None:
    if loader == "slack":
        from adapters.slack.settings import load_settings as slack_load

        call = lambda: slack_load(env)  # noqa: E731
    else:
        from adapters.discord.settings import load_settings as discord_load

        call = lambda: discord_load(environ=env, dotenv_path=tmp_path / "none.env")  # noqa: E731
    with pytest.raises(SettingsError) as info:
        call()
    assert info.value.variable.endswith("_TOKEN") and info.value.variable in str(info.value)
    assert isinstance(info.value, ValueError)


@given(st.text(max_size=8))
def test_read_flag_accepts_only_yes_or_no(raw: str) -> None:
    env = {"FLAG": raw}
    word = raw.strip().lower()
    if word in {"1", "true", "yes", "on"}:
        assert read_flag(env, "FLAG") is True
    elif word in {"", "0", "false", "no", "off"}:
        assert read_flag(env, "FLAG") is False
    else:
        with pytest.raises(SettingsError) as info:
            read_flag(env, "FLAG")
        assert info.value.variable == "FLAG" and str(info.value) == "FLAG must be 1 or 0."  # never the value


# --------------------------------------------------------------------------- admin messages

ADA = Actor("slack", "U1", "Ada")


@pytest.mark.parametrize(
    ("error", "kind", "words"),
    [
        pytest.param(PermissionDenied(ADA, "add", "only layoffbot admins can change the dataset."), "denied",
                     "Not allowed: only layoffbot admins", id="denied"),
        pytest.param(ValidationError("date", "a date (YYYY-MM-DD)", "tomorrow"), "invalid", "date: must be", id="invalid"),
        pytest.param(NotFoundError("event", 99), "invalid", "no event with id 99", id="not-found"),
        pytest.param(UndoError(4, "change 4 is already undone", [7]), "invalid", "Undo change(s) 7 first", id="undo"),
        pytest.param(ImportExpired("t"), "expired", f"expired after {IMPORT_TTL.seconds // 60} minutes", id="expired"),
        pytest.param(RuntimeError("disk on fire"), "error", "internal error", id="internal"),
    ],
)
def test_errors_are_described_once_for_every_platform(error: Exception, kind: str, words: str) -> None:
    notice = say.describe_error(error)
    assert notice.kind == kind and words in notice.text
    assert "disk on fire" not in notice.text  # never an internal detail


def test_slack_and_discord_show_the_same_words() -> None:
    pytest.importorskip("discord")
    from adapters.discord.admin import error_text

    error = ValidationError("count", "a non-negative integer", "-3")
    assert error_text(error).endswith(say.describe_error(error).text)


class _Report:
    def __init__(self, rejected: int, to_add: int) -> None:
        self.rejected = rejected
        self.to_add = to_add


@pytest.mark.parametrize(
    ("rejected", "to_add", "words"),
    [
        pytest.param(1, 5, "Refused whole", id="rejected"),
        pytest.param(0, 0, "Nothing new", id="nothing"),
        pytest.param(0, 1200, f"Confirm within {say.IMPORT_MINUTES} minutes to add 1,200 rounds", id="confirm"),
    ],
)
def test_import_verdict(rejected: int, to_add: int, words: str) -> None:
    assert words in say.import_verdict(_Report(rejected, to_add))


def test_import_deadline_comes_from_the_core() -> None:
    assert say.IMPORT_MINUTES * 60 == int(IMPORT_TTL.total_seconds())


# --------------------------------------------------------------------------- bridge


class _BrokenEngine:
    """An engine that breaks the contract (raises): the bridge must still answer."""

    def answer(self, text: str, *, asker: str | None = None, conversation: str | None = None,
               today: dt.date | None = None) -> Reply:
        raise RuntimeError("engine bug")

    def as_of(self) -> dt.date | None:
        return None

    def suggest_companies(self, prefix: str, limit: int = 25) -> list[str]:
        raise RuntimeError("index bug")


def test_thread_bridge_never_raises(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> tuple[Reply, Reply, list[str]]:
        bridge = ThreadEngine(_BrokenEngine())
        try:
            return (await bridge.answer("x", asker="a", conversation="c"),
                    await bridge.answer_task("y", asker="a", conversation="c"),
                    await bridge.suggest_companies("am"))
        finally:
            bridge.close()

    first, second, names = asyncio.run(scenario())
    assert first.text == second.text == SOMETHING_WENT_WRONG and names == []
    assert "engine bug" in caplog.text  # the traceback went to the log


def test_thread_bridge_runs_off_the_event_loop() -> None:
    import threading

    async def scenario() -> str:
        bridge = ThreadEngine(_BrokenEngine())
        try:
            return await bridge.run(lambda: threading.current_thread().name)
        finally:
            bridge.close()

    assert asyncio.run(scenario()).startswith("layoffbot-engine")


# --------------------------------------------------------------------------- alert posting


class _Alert:
    def __init__(self, platform: str, channel: str) -> None:
        self.platform = platform
        self.channel = channel


class _ListPoster(AlertPoster):
    def __init__(self, fetch: Any) -> None:
        super().__init__(fetch, platform="slack", interval=0)
        self.posted: list[str] = []

    async def post(self, alert: Any) -> bool:
        if alert.channel == "broken":
            raise RuntimeError("channel gone")
        self.posted.append(alert.channel)
        return True


def test_alert_poster_posts_its_platform_only_and_survives_a_bad_channel() -> None:
    alerts = [_Alert("slack", "C1"), _Alert("discord", "D1"), _Alert("slack", "broken"), _Alert("slack", "C2")]

    async def fetch() -> list[Any]:
        return alerts

    poster = _ListPoster(fetch)
    assert asyncio.run(poster.flush()) == 2
    assert poster.posted == ["C1", "C2"] and poster.sent == 2


def test_alert_poster_flush_never_raises() -> None:
    async def fetch() -> list[Any]:
        raise RuntimeError("database locked")

    assert asyncio.run(_ListPoster(fetch).flush()) == 0
