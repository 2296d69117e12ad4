"""Sync from Slack: a tracker export sent in a DM with the word "sync" gets the sync's dry run
(before -> after) and a Confirm that applies it as one change; without the word it is an import."""

from __future__ import annotations

import pytest

pytest.importorskip("slack_bolt")

from slack_fakes import FakeSlack, RunningApp, all_text, direct_message

fixtures_core = pytest.importorskip("fixtures_core")
bot_admin = pytest.importorskip("bot.admin")

ADMIN = "UADMIN"
HEADER = "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added\n"
V1 = HEADER + "Acme Rockets,Austin,70,1/20/2026,,Aerospace,https://example.com/acme,Seed,,United States,1/21/2026\n"
V2 = V1.replace(",70,", ",95,")


@pytest.fixture
def db():
    from bot.data.importer import import_csv

    database = fixtures_core.build_fixture_db()
    bot_admin.grant(database, "slack", ADMIN, by="test")
    report = import_csv(database, V1, file_name="v1.csv", actor="test")
    assert report.added == 1
    return database


@pytest.fixture
def app(start_app, db) -> RunningApp:
    from bot.engine import Engine

    return start_app(Engine(db, today=fixtures_core.TODAY))


def _acme(db) -> int:
    return db.execute("SELECT e.count FROM events e JOIN companies c ON c.id = e.company_id"
                      " WHERE c.name = 'Acme Rockets'").fetchone()[0]


def test_sync_from_a_dm_shows_before_after_and_confirm_applies_it(app, fake_slack: FakeSlack, db) -> None:
    fake_slack.files["v2.csv"] = V2.encode()
    app.event(direct_message("sync", subtype="file_share", user=ADMIN, channel="DADMIN",
                             files=[{"id": "F9", "name": "v2.csv", "size": len(V2),
                                     "url_private_download": f"{fake_slack.url}/files/v2.csv"}]))
    (preview,) = fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    text = all_text(preview.data["blocks"])
    assert "Sync dry run" in text and "count 70 -&gt; 95" in text  # mrkdwn escapes ">"
    assert _acme(db) == 70
    (actions,) = [b for b in preview.data["blocks"] if b["type"] == "actions"]
    confirm = next(e for e in actions["elements"] if e["action_id"] == "layoffs_import_confirm")
    response_url = fake_slack.response_url()
    app.action(confirm["value"], response_url=response_url, user=ADMIN, channel="DADMIN",
               action_id="layoffs_import_confirm")
    (done,) = fake_slack.wait_for(
        lambda f: [c for c in f.calls_to("response_url") if response_url.endswith(c.method.split(":")[1])])
    assert "Synced v2.csv: 1 updated" in done.data["text"]
    assert _acme(db) == 95
    assert db.execute("SELECT count(*) FROM changes WHERE action = 'sync' AND via = 'slack'").fetchone()[0] == 1
