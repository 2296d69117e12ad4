"""Watchlists on Discord, end to end: the real client against the fake, the real core on the fixture DB."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

pytest.importorskip("discord")

from discord_fixtures import Harness  # noqa: E402
from fake_discord import DM_CHANNEL_ID, user_payload  # noqa: E402

ADMIN = user_payload(700000000000000001, "ada")
WATCHER = user_payload(700000000000000003, "wes")
EPHEMERAL = 64


@pytest.fixture
def engine_and_db() -> tuple[Any, Any]:
    fixtures_core = pytest.importorskip("fixtures_core")
    from bot import admin
    from bot.engine import Engine

    db = fixtures_core.build_fixture_db()
    admin.grant(db, "discord", str(ADMIN["id"]), by="test")
    return Engine(db, today=fixtures_core.TODAY), db


def _add(db: Any, company: str, count: int, day: str) -> None:
    from bot import admin

    admin.add_round(db, admin.Actor("discord", str(ADMIN["id"])), company=company, date=day, count=str(count),
                    source=f"https://news.example/{company.lower()}-{day}")


def test_watch_by_command_then_exactly_one_dm_for_the_matching_round(run_bot, engine_and_db) -> None:
    engine, db = engine_and_db

    async def scenario(h: Harness) -> dict[str, Any]:
        await h.fake.dispatch("INTERACTION_CREATE", h.fake.interaction_payload(
            "layoffs-watch", [{"name": "what", "type": 3, "value": "Amazon"}], user=WATCHER))
        (callback,) = await h.fake.wait_request("POST", "/callback")
        await asyncio.sleep(0.3)  # the timer's cursor is set at start; let a poll pass
        _add(db, "Meta", 4321, "2026-02-12")  # as the CLI would; nobody watches Meta
        _add(db, "Amazon", 777, "2026-02-13")
        opened = await h.fake.wait_request("POST", "/users/@me/channels")
        dm_channel = h.fake.dm_channels[int(WATCHER["id"])]
        await h.fake.wait_request("POST", f"/channels/{dm_channel}/messages")
        await asyncio.sleep(0.6)  # several more polls: no second DM
        return {"callback": callback, "opened": opened,
                "dms": h.fake.find("POST", f"/channels/{dm_channel}/messages")}

    r = run_bot(scenario, engine, db=db, alert_interval=0.2)
    assert r["callback"].json["data"]["flags"] & EPHEMERAL
    assert "Watching Amazon" in str(r["callback"].json["data"]["embeds"])
    assert [str(o.json["recipient_id"]) for o in r["opened"]] == [WATCHER["id"]]
    (dm,) = r["dms"]
    assert "777" in str(dm.json["embeds"]) and "4,321" not in str(dm.json["embeds"])


def test_watchlist_words_in_a_dm(run_bot, engine_and_db) -> None:
    engine, db = engine_and_db

    async def scenario(h: Harness) -> list[Any]:
        for text in ("watch fintech layoffs over 500", "my watchlist"):
            before = len(h.fake.find("POST", f"/channels/{DM_CHANNEL_ID}/messages"))
            await h.fake.dispatch("MESSAGE_CREATE", h.fake.message_payload(text, author=WATCHER, guild=False))
            await h.fake.wait_request("POST", f"/channels/{DM_CHANNEL_ID}/messages", count=before + 1)
        return h.fake.find("POST", f"/channels/{DM_CHANNEL_ID}/messages")

    added, listed = run_bot(scenario, engine, db=db)
    assert "Watching Finance layoffs over 500" in added.json["embeds"][0]["description"]
    assert "1. Finance layoffs over 500" in listed.json["embeds"][0]["description"]


def test_digest_command_then_one_digest_with_its_chart(run_bot, engine_and_db) -> None:
    import datetime as dt

    from bot.admin.digest import WEEKDAYS
    from fake_discord import CHANNEL_ID

    engine, db = engine_and_db
    now = dt.datetime.now(dt.timezone.utc)
    _add(db, "Amazon", 2468, (now.date() - dt.timedelta(days=2)).isoformat())
    manage_channels = 1 << 4

    async def scenario(h: Harness) -> tuple[Any, list[Any]]:
        await h.fake.dispatch("INTERACTION_CREATE", h.fake.interaction_payload(
            "layoffs-subscribe", [], user=ADMIN, permissions=manage_channels))
        await h.fake.wait_request("POST", "/callback")
        await h.fake.dispatch("INTERACTION_CREATE", h.fake.interaction_payload(
            "layoffs-digest", [{"name": "schedule", "type": 3, "value": f"weekly {WEEKDAYS[now.weekday()]} 0"}],
            user=ADMIN, permissions=manage_channels))
        callbacks = await h.fake.wait_request("POST", "/callback", count=2)

        def digests(f: Any) -> list[Any]:
            return [m for m in f.find("POST", f"/channels/{CHANNEL_ID}/messages") if "Layoffs in the week" in str(m.json)]

        await h.fake.wait_for(digests)
        await asyncio.sleep(0.6)  # more polls: the slot is taken
        return callbacks[-1], digests(h.fake)

    callback, posted = run_bot(scenario, engine, db=db, alert_interval=0.2)
    assert "Weekly digest on" in str(callback.json["data"]["embeds"])
    assert len(posted) == 1
    assert "2,468" in str(posted[0].json["embeds"])
    assert [content[:8] for _, content in posted[0].files] == [b"\x89PNG\r\n\x1a\n"]  # the week's chart
