"""Answers as files in Discord: "as csv" attaches the core's export file (fake Discord on 127.0.0.1)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

pytest.importorskip("discord")

from discord_fixtures import Harness  # noqa: E402
from fake_discord import CHANNEL_ID, user_payload  # noqa: E402

from bot.answers.export import export_files  # noqa: E402
from bot.reply import RoundRow  # noqa: E402

fixtures_core = pytest.importorskip("fixtures_core")
ALICE = user_payload(800000000000000001, "alice")


def _engine():
    from bot.engine import Engine

    return Engine(fixtures_core.build_fixture_db(), today=fixtures_core.TODAY)


def _option(name: str, value: Any) -> dict[str, Any]:
    return {"name": name, "type": 3, "value": value}


def test_slash_command_as_csv_attaches_the_rows(run_bot) -> None:
    async def scenario(h: Harness) -> list[Any]:
        await h.fake.dispatch("INTERACTION_CREATE", h.fake.interaction_payload(
            "layoffs", [_option("question", "list Amazon's layoffs as csv")], user=ALICE))
        return await h.fake.wait_request("POST", "/callback")

    (callback,) = run_bot(scenario, _engine())
    ((name, content),) = callback.files
    expected = export_files(_engine().answer("list Amazon's layoffs as csv"))[0]
    assert name == expected.filename and content == expected.content
    reference = _engine().answer("list Amazon's layoffs")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    assert [int(r["id"]) for r in rows] == [r.id for r in [*reference.rows, *reference.planned] if isinstance(r, RoundRow)]


def test_mention_as_json_attaches_the_ranking(run_bot) -> None:
    async def scenario(h: Harness) -> list[Any]:
        await h.fake.dispatch("MESSAGE_CREATE", h.fake.message_payload(
            "who cut the most in 2023? as json", author=ALICE, guild=False))
        return await h.fake.wait_request("POST", "/messages")

    (post,) = run_bot(scenario, _engine())
    ((name, content),) = post.files
    assert name.endswith(".json") and b'"row_kind": "companies"' in content
    assert content == export_files(_engine().answer("who cut the most in 2023? as json"))[0].content
    assert str(CHANNEL_ID) not in post.path  # a DM, answered in the DM channel
