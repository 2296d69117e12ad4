"""Sync from Discord: `/layoffs-admin import file:… sync:True` shows the sync's dry run (before ->
after); Confirm applies it as one change.  The real client against the local fake Discord."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("discord")

from discord_fixtures import Harness
from fake_discord import FakeDiscord, user_payload

ADMIN = user_payload(700000000000000001, "ada")
HEADER = b"company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added\n"
V1 = HEADER + b"Acme Rockets,Austin,70,1/20/2026,,Aerospace,https://example.com/acme,Seed,,United States,1/21/2026\n"
V2 = V1.replace(b",70,", b",95,")


@pytest.fixture
def engine_and_db() -> tuple[Any, Any]:
    fixtures_core = pytest.importorskip("fixtures_core")
    from bot import admin
    from bot.data.importer import import_csv
    from bot.engine import Engine

    db = fixtures_core.build_fixture_db()
    admin.grant(db, "discord", str(ADMIN["id"]), by="test")
    assert import_csv(db, V1, file_name="v1.csv", actor="test").added == 1
    return Engine(db, today=fixtures_core.TODAY), db


async def _interact(fake: FakeDiscord, payload: dict[str, Any]) -> Any:
    before = len(fake.find("POST", "/callback"))
    await fake.dispatch("INTERACTION_CREATE", payload)
    return (await fake.wait_request("POST", "/callback", count=before + 1))[-1]


def _acme(db: Any) -> int:
    return db.execute("SELECT e.count FROM events e JOIN companies c ON c.id = e.company_id"
                      " WHERE c.name = 'Acme Rockets'").fetchone()[0]


def test_sync_dry_run_then_confirm(run_bot, engine_and_db) -> None:
    engine, db = engine_and_db

    async def scenario(h: Harness) -> tuple[Any, Any, int]:
        payload = h.fake.interaction_payload(
            "layoffs-admin", [{"name": "import", "type": 1, "options": [{"name": "sync", "type": 5, "value": True}]}],
            user=ADMIN)
        h.fake.attachment_option(payload, ["import", "file"], "v2.csv", V2)
        posted = len(h.fake.find("POST", "/webhooks/"))
        await _interact(h.fake, payload)
        report = (await h.fake.wait_request("POST", "/webhooks/", count=posted + 1))[-1]
        count_before_confirm = _acme(db)
        confirm = report.json["components"][0]["components"][0]
        message_id = int(next(m for m, body in h.fake.messages.items() if body["embeds"] == report.json["embeds"]))
        await _interact(h.fake, h.fake.component_payload(confirm["custom_id"], user=ADMIN, message_id=message_id))
        edited = (await h.fake.wait_request("PATCH", "/messages/@original"))[-1]
        return report, edited, count_before_confirm

    report, edited, count_before_confirm = run_bot(scenario, engine, db=db)
    embed = report.json["embeds"][0]
    assert embed["title"] == "Sync dry run: nothing written yet" and "count 70 -> 95" in embed["description"]
    assert count_before_confirm == 70
    assert edited.json["embeds"][0]["title"] == "Synced: 1 updated, 0 added"
    assert _acme(db) == 95


OTHER = user_payload(700000000000000002, "eve")


def test_pending_sync_posted_to_the_admins_channel_once_and_confirmed_by_an_admin_only(run_bot, engine_and_db) -> None:
    """A scheduled refresh's pending sync reaches LAYOFFBOT_DISCORD_ADMIN_CHANNEL with Confirm /
    Cancel; a non-admin's Confirm is refused (audited, nothing written), an admin's applies it."""
    from fake_discord import CHANNEL_ID

    from bot.data.sources import save_pending
    from bot.data.sync import sync_csv

    engine, db = engine_and_db

    def keep_pending(db: Any) -> int:
        """What a scheduled `data sync --from URL --dry-run` does, while the bot runs."""
        dry = sync_csv(db, V2, file_name="layoffs.csv", dry_run=True, actor="cron", via="cli")
        return save_pending(db, source=dry.tracker, url="https://example.org/layoffs.csv", file_name="layoffs.csv",
                            sha256=dry.sha256, content=V2, summary=dry.summary())

    def posts(fake: FakeDiscord) -> list[Any]:
        return [r for r in fake.find("POST", f"/channels/{CHANNEL_ID}/messages")
                if "Pending sync" in str((r.json or {}).get("embeds"))]

    async def scenario(h: Harness) -> dict[str, Any]:
        pending_id = await h.client.core.call(keep_pending, db)
        post = (await h.fake.wait_for(posts))[0]
        confirm = post.json["components"][0]["components"][0]
        message_id = int(next(m for m, body in h.fake.messages.items() if body.get("embeds") == post.json["embeds"]))
        refused = await _interact(h.fake, h.fake.component_payload(confirm["custom_id"], user=OTHER,
                                                                   message_id=message_id))
        after_refusal = _acme(db)
        await _interact(h.fake, h.fake.component_payload(confirm["custom_id"], user=ADMIN, message_id=message_id))
        edited = (await h.fake.wait_request("PATCH", "/messages/@original"))[-1]
        await h.client.admin.alerts.flush()  # a second poll: nothing new to post
        return {"pending_id": pending_id, "post": post, "confirm": confirm, "refused": refused, "after_refusal": after_refusal,
                "edited": edited, "posts": posts(h.fake)}

    r = run_bot(scenario, engine, db=db, admin_channel=CHANNEL_ID, alert_interval=0.2)
    pending_id = r["pending_id"]
    embed = r["post"].json["embeds"][0]
    assert embed["title"].startswith(f"Pending sync #{pending_id}") and "count 70 -> 95" in embed["description"]
    assert r["confirm"]["custom_id"].endswith(f"import:confirm:pending-sync:{pending_id}")
    assert r["refused"].json["data"]["flags"] & 64  # answered privately
    assert r["after_refusal"] == 70
    denied = db.execute("SELECT actor, reason FROM changes WHERE action = 'denied'").fetchall()
    assert any(str(OTHER["id"]) in actor and reason.startswith("sync") for actor, reason in denied)
    assert r["edited"].json["embeds"][0]["title"] == "Synced: 1 updated, 0 added"
    assert _acme(db) == 95
    assert db.execute("SELECT state FROM pending_syncs WHERE id = ?", [pending_id]).fetchone()[0] == "applied"
    assert len(r["posts"]) == 1


@pytest.mark.parametrize("value, expected", [(None, None), ("900000000000000004", 900000000000000004)],
                         ids=["unset", "channel-id"])
def test_admin_channel_setting(value: str | None, expected: int | None) -> None:
    from adapters.discord.settings import load_settings

    env = {"DISCORD_TOKEN": "x"} | ({"LAYOFFBOT_DISCORD_ADMIN_CHANNEL": value} if value else {})
    assert load_settings(environ=env, dotenv_path=None).admin_channel == expected


def test_admin_channel_setting_refuses_a_name() -> None:
    from adapters.discord.settings import load_settings
    from bot.errors import SettingsError

    with pytest.raises(SettingsError) as err:
        load_settings(environ={"DISCORD_TOKEN": "x", "LAYOFFBOT_DISCORD_ADMIN_CHANNEL": "#admins"}, dotenv_path=None)
    assert err.value.variable == "LAYOFFBOT_DISCORD_ADMIN_CHANNEL"
