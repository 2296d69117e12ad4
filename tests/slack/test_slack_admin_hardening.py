"""Issue 11, admin in chat: file downloads only from Slack's hosts after the rights check and within
the size limit; another admin's Confirm / Cancel refused, answered and audited; an admin command
delivered twice writes once."""

from __future__ import annotations

import pytest

pytest.importorskip("slack_bolt")

from slack_fakes import FakeSlack, RunningApp, all_text, direct_message

fixtures_core = pytest.importorskip("fixtures_core")
bot_admin = pytest.importorskip("bot.admin")

from adapters.slack import admin_listeners  # noqa: E402
from adapters.slack.admin_listeners import allowed_file_url  # noqa: E402

ADMIN, OTHER_ADMIN = "UADMIN", "UOTHER"
GOOD_CSV = (
    "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added\n"
    "Amazon,Seattle,700,1/20/2026,,Retail,https://example.com/amazon-2026-01-20,Post-IPO,,United States,1/21/2026\n"
)


@pytest.fixture
def db():
    database = fixtures_core.build_fixture_db()
    bot_admin.grant(database, "slack", ADMIN, by="test")
    bot_admin.grant(database, "slack", OTHER_ADMIN, by="test")
    return database


@pytest.fixture
def app(start_app, db) -> RunningApp:
    from bot.engine import Engine

    return start_app(Engine(db, today=fixtures_core.TODAY))


def _denied(db) -> int:
    return db.execute("SELECT count(*) FROM changes WHERE action = 'denied'").fetchone()[0]


def _share(app: RunningApp, url: str, *, user: str = ADMIN, size: int = len(GOOD_CSV), name: str = "good.csv") -> None:
    app.event(direct_message("", subtype="file_share", user=user, channel="DADMIN",
                             files=[{"id": "F1", "name": name, "size": size, "url_private_download": url}]))


@pytest.mark.parametrize(
    "url, allowed",
    [
        ("https://files.slack.com/files-pri/T1-F1/download/a.csv", True),
        ("https://files-edge.files.slack.com/a.csv", True),
        ("https://FILES.SLACK.COM/a.csv", True),
        ("http://files.slack.com/a.csv", False),
        ("https://files.slack.com:8443/a.csv", False),
        ("https://files.slack.com.evil.example/a.csv", False),
        ("https://evilfiles.slack.com/a.csv", False),
        ("https://evil.example/files.slack.com/a.csv", False),
        ("https://user:pw@files.slack.com/a.csv", False),
        ("https://slack.com/a.csv", False),
        ("file:///etc/passwd", False),
        ("https://[::1/a.csv", False),
    ],
)
def test_allowed_file_hosts(url: str, allowed: bool) -> None:
    assert allowed_file_url(url) is allowed


def test_the_configured_api_origin_is_allowed_and_nothing_else() -> None:
    assert allowed_file_url("http://127.0.0.1:5000/files/a.csv", "http://127.0.0.1:5000/api/")
    assert not allowed_file_url("http://127.0.0.1:5001/files/a.csv", "http://127.0.0.1:5000/api/")


def test_the_token_is_never_sent_to_a_foreign_host(app, fake_slack: FakeSlack, db) -> None:
    elsewhere = FakeSlack().start()  # another server on 127.0.0.1: not Slack's file host
    try:
        elsewhere.files["good.csv"] = GOOD_CSV.encode()
        _share(app, f"{elsewhere.url}/files/good.csv")
        (post,) = fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
        assert "could not fetch" in post.data["text"]
        elsewhere.quiet_for(0.3)
        assert elsewhere.calls == []  # not even a request, so no Authorization header
    finally:
        elsewhere.stop()


def test_a_non_admins_file_is_not_downloaded(app, fake_slack: FakeSlack, db) -> None:
    fake_slack.files["good.csv"] = GOOD_CSV.encode()
    denied = _denied(db)
    _share(app, f"{fake_slack.url}/files/good.csv", user="USTRANGER")
    (post,) = fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    assert "only layoffbot admins" in post.data["text"].lower()
    assert fake_slack.calls_to("file_download") == []
    assert _denied(db) == denied + 1


def test_the_size_limit_counts_bytes_read_not_the_size_claimed(app, fake_slack: FakeSlack, db,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(admin_listeners, "MAX_UPLOAD_BYTES", 4096)
    fake_slack.files["big.csv"] = GOOD_CSV.encode() * 200  # ~44 kB, while the event claims 100 bytes
    _share(app, f"{fake_slack.url}/files/big.csv", size=100, name="big.csv")
    (post,) = fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    assert "over 10 MB" in post.data["text"]
    assert len(fake_slack.calls_to("file_download")) == 1


def _preview_token(app: RunningApp, fake_slack: FakeSlack) -> str:
    fake_slack.files["good.csv"] = GOOD_CSV.encode()
    _share(app, f"{fake_slack.url}/files/good.csv")
    (preview,) = fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    (actions,) = [b for b in preview.data["blocks"] if b["type"] == "actions"]
    return next(e["value"] for e in actions["elements"] if e["action_id"] == "layoffs_import_confirm")


@pytest.mark.parametrize("action_id", ["layoffs_import_confirm", "layoffs_import_cancel"], ids=["confirm", "cancel"])
def test_another_admins_click_is_refused_answered_and_audited(app, fake_slack: FakeSlack, db, action_id: str) -> None:
    token = _preview_token(app, fake_slack)
    denied, events = _denied(db), db.execute("SELECT count(*) FROM events").fetchone()[0]
    response_url = fake_slack.response_url()
    app.action(token, response_url=response_url, user=OTHER_ADMIN, channel="DADMIN", action_id=action_id)
    (answer,) = fake_slack.wait_for(lambda f: f.calls_to("response_url"))
    assert "only the admin who uploaded" in answer.data["text"]
    assert answer.data["replace_original"] is False  # the uploader's preview keeps its buttons
    assert _denied(db) == denied + 1
    (row,) = db.execute("SELECT actor, reason FROM changes WHERE action = 'denied' ORDER BY id DESC LIMIT 1").fetchall()
    assert OTHER_ADMIN in row[0] and "only the admin who uploaded" in row[1]
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == events
    # The uploader still can.
    app.action(token, response_url=fake_slack.response_url(), user=ADMIN, channel="DADMIN",
               action_id="layoffs_import_confirm")
    fake_slack.wait_for(lambda f: len(f.calls_to("response_url")) == 2)
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == events + 1


def test_an_admin_command_delivered_twice_writes_once(app, fake_slack: FakeSlack, db) -> None:
    bot_admin.add_round(db, bot_admin.Actor("slack", ADMIN), company="Amazon", date="2026-01-29", count="10",
                        source="https://news.example/a")
    bot_admin.add_round(db, bot_admin.Actor("slack", ADMIN), company="Amazon", date="2026-01-30", count="20",
                        source="https://news.example/b")
    undone = "SELECT count(*) FROM changes WHERE undone_by IS NOT NULL"
    assert db.execute(undone).fetchone()[0] == 0
    # Two deliveries that differ on the wire (so the signature check sees two requests, as a
    # Socket Mode redelivery would) but are the same command: the same trigger_id.
    for text in ("admin undo", " admin undo "):
        app.command(text, user=ADMIN, trigger_id="1.777.3")
    fake_slack.wait_for(lambda f: f.calls_to("response_url"))
    fake_slack.quiet_for(0.5)
    assert db.execute(undone).fetchone()[0] == 1
    assert len(fake_slack.calls_to("response_url")) == 1
    assert "Undone" in all_text(fake_slack.calls_to("response_url")[0].data.get("blocks", [])) + \
        fake_slack.calls_to("response_url")[0].data.get("text", "")


def test_a_replayed_admin_undo_undoes_once(app, fake_slack: FakeSlack, db) -> None:
    import urllib.parse

    from slack_hostile import FORM, raw_post, sign

    for day, count in (("2026-01-29", "10"), ("2026-01-30", "20")):
        bot_admin.add_round(db, bot_admin.Actor("slack", ADMIN), company="Amazon", date=day, count=count,
                            source=f"https://news.example/{day}")
    body = urllib.parse.urlencode({"team_id": "T1", "channel_id": "C1", "user_id": ADMIN, "command": "/layoffs",
                                   "text": "admin undo", "response_url": fake_slack.response_url(),
                                   "trigger_id": "1.555.3"}).encode()
    headers = {"Content-Type": FORM, "Content-Length": str(len(body)), **sign(body)}
    assert [raw_post(app.port, [body], headers) for _ in range(3)] == [200, 200, 200]
    fake_slack.wait_for(lambda f: f.calls_to("response_url"))
    fake_slack.quiet_for(0.5)
    assert db.execute("SELECT count(*) FROM changes WHERE undone_by IS NOT NULL").fetchone()[0] == 1
    assert len(fake_slack.calls_to("response_url")) == 1
