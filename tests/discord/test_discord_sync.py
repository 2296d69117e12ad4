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
