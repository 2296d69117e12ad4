"""Watchlists and digests through the Slack harness: commands in a DM and as /layoffs, and the
watch DM that the alert timer posts for a round written elsewhere (the CLI's core API)."""

from __future__ import annotations

import pytest

pytest.importorskip("slack_bolt")

from slack_fakes import FakeSlack, RunningApp, all_text, direct_message  # noqa: E402

fixtures_core = pytest.importorskip("fixtures_core")
bot_admin = pytest.importorskip("bot.admin")

ADMIN = "UADMIN"


@pytest.fixture
def db():
    database = fixtures_core.build_fixture_db()
    bot_admin.grant(database, "slack", ADMIN, by="test")
    return database


@pytest.fixture
def app(start_app, db) -> RunningApp:
    from bot.engine import Engine

    return start_app(Engine(db, today=fixtures_core.TODAY), alert_interval=0.2)


def _dms_to(fake: FakeSlack, user: str) -> list:
    return [c for c in fake.calls_to("chat.postMessage") if c.data["channel"] == "D" + user]


def _command(app: RunningApp, fake: FakeSlack, text: str, *, user: str) -> dict:
    before = len(fake.calls_to("response_url"))
    app.command(text, user=user)
    posts = fake.wait_for(lambda f: (p := f.calls_to("response_url")) and len(p) > before and p)
    return posts[before].data


def _add(db, company: str, count: int, day: str) -> None:
    # As `layoffbot data add` would: the core API directly, not through Slack.
    bot_admin.add_round(db, bot_admin.Actor("slack", ADMIN), company=company, date=day, count=str(count),
                        source=f"https://news.example/{company.lower()}-{day}")


def test_watch_in_a_dm_then_one_dm_per_matching_round(app, fake_slack: FakeSlack, db) -> None:
    app.event(direct_message("watch Amazon", channel="DU1", user="U1"))
    (ack,) = fake_slack.wait_for(lambda f: [c for c in f.calls_to("chat.postMessage") if c.data["channel"] == "DU1"])
    assert "Watching Amazon" in all_text(ack.data["blocks"])
    fake_slack.quiet_for(0.5)  # the timer has set its cursor
    _add(db, "Meta", 4321, "2026-02-12")  # not watched: no DM
    _add(db, "Amazon", 777, "2026-02-13")
    (dm,) = fake_slack.wait_for(lambda f: [c for c in _dms_to(f, "U1") if "777" in all_text(c.data["blocks"])])
    assert "Your watchlist" in all_text(dm.data["blocks"])
    assert [c.data["users"] for c in fake_slack.calls_to("conversations.open")] == ["U1"]
    fake_slack.quiet_for(0.6)  # several more polls: still exactly one DM, none for Meta
    dms = _dms_to(fake_slack, "U1")
    assert len(dms) == 2 and "4,321" not in all_text(dms[1].data["blocks"])  # the ack and the one alert


def test_watch_as_a_private_slash_command(app, fake_slack: FakeSlack) -> None:
    added = _command(app, fake_slack, "watch fintech layoffs over 500", user="U2")
    assert added["response_type"] == "ephemeral" and "Finance layoffs over 500" in all_text(added["blocks"])
    listed = _command(app, fake_slack, "my watchlist", user="U2")
    assert "1. Finance layoffs over 500" in all_text(listed["blocks"])
    removed = _command(app, fake_slack, "unwatch all", user="U2")
    assert "Stopped watching" in all_text(removed["blocks"])
    assert "empty" in all_text(_command(app, fake_slack, "my watchlist", user="U2")["blocks"])


def test_digest_opt_in_is_posted_once_with_its_chart(app, fake_slack: FakeSlack, db) -> None:
    import datetime as dt

    from bot.admin.digest import WEEKDAYS

    now = dt.datetime.now(dt.timezone.utc)
    today = WEEKDAYS[now.weekday()]
    _add(db, "Amazon", 2468, (now.date() - dt.timedelta(days=2)).isoformat())  # in the past week
    assert "will get an alert" in all_text(_command(app, fake_slack, "subscribe all", user=ADMIN)["blocks"])
    on = _command(app, fake_slack, f"digest weekly {today} 0", user=ADMIN)  # due from midnight today: now
    assert on["response_type"] == "ephemeral" and "Weekly digest on" in all_text(on["blocks"])

    def digests(f: FakeSlack) -> list:
        return [c for c in f.calls_to("chat.postMessage") if "Weekly layoff digest" in all_text(c.data.get("blocks", []))]

    (post,) = fake_slack.wait_for(digests)
    assert post.data["channel"] == "C111" and "Layoffs in the week" in all_text(post.data["blocks"])
    assert "Largest: Amazon, 2,468 jobs" in post.data["text"]
    fake_slack.wait_for(lambda f: f.calls_to("files.completeUploadExternal"))  # the week's chart
    fake_slack.quiet_for(0.6)  # more polls: the (channel, week) slot is taken
    assert len(digests(fake_slack)) == 1
    refused = _command(app, fake_slack, "digest weekly someday 9", user=ADMIN)
    assert "not a day of the week" in all_text(refused["blocks"])


def test_watchers_are_per_workspace_and_dmed_with_its_token(start_app, fake_slack: FakeSlack, tmp_path) -> None:
    """With OAuth installs (issue 14) a watcher is ``TA:U1``: the DM is opened and sent with
    workspace TA's token, and the same user id in workspace TB has its own (empty) list."""
    from adapters.common.state_store import SQLiteStateStore
    from adapters.slack.settings import load_settings
    from bot.engine import Engine
    from slack_fakes import SIGNING_SECRET
    from test_slack_oauth import TOKENS, install

    db_file = tmp_path / "layoffbot.db"
    db = fixtures_core.build_fixture_db(str(db_file))
    bot_admin.grant(db, "slack", ADMIN, by="test")
    settings = load_settings({"SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "clientsecretvalue0000",
                              "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": fake_slack.api_url})
    app = start_app(Engine(db, today=fixtures_core.TODAY), settings=settings, state=SQLiteStateStore(db_file),
                    alert_interval=0.2)
    install(app, fake_slack, "TA")
    install(app, fake_slack, "TB")

    def ask(text: str, team: str) -> str:
        _, url = app.command(text, user="U1", team=team)
        (post,) = fake_slack.wait_for(lambda f: [c for c in f.calls_to("response_url") if url.endswith(c.method.split(":")[1])])
        return all_text(post.data.get("blocks", []))

    assert "Watching Amazon" in ask("watch Amazon", "TA")
    assert "empty" in ask("my watchlist", "TB")
    assert [r[0] for r in db.execute("SELECT user_id FROM watchlists")] == ["TA:U1"]
    fake_slack.quiet_for(0.5)
    _add(db, "Amazon", 777, "2026-02-13")
    (dm,) = fake_slack.wait_for(lambda f: [c for c in f.calls_to("chat.postMessage") if c.data["channel"] == "DU1"])
    (opened,) = fake_slack.calls_to("conversations.open")
    assert opened.data["users"] == "U1" and opened.headers["Authorization"] == f"Bearer {TOKENS['TA']}"
    assert dm.headers["Authorization"] == f"Bearer {TOKENS['TA']}" and "777" in all_text(dm.data["blocks"])
