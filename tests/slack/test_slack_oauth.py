"""Installing the app into many workspaces (issue 14): bolt's OAuth flow against the fake Slack,
installations in slack_sdk's SQLite store inside the database file, each workspace answered
with its own token, subscriptions scoped per workspace."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("slack_bolt")

from slack_fakes import SIGNING_SECRET, FakeSlack, RunningApp, mention

fixtures_core = pytest.importorskip("fixtures_core")
bot_admin = pytest.importorskip("bot.admin")

TOKENS = {"TA": "xoxb-team-a-0000-tokenvalue", "TB": "xoxb-team-b-0000-tokenvalue"}


@pytest.fixture(params=["sqlite", "redis"])
def oauth_app(request: pytest.FixtureRequest, start_app, fake_slack: FakeSlack, tmp_path: Path):
    """The installable app; OAuth state in the database file's kv table, or in a real Redis."""
    import uuid

    from adapters.common.state_store import RedisStateStore, SQLiteStateStore
    from adapters.slack.oauth import create_installation_store
    from adapters.slack.settings import load_settings
    from bot.engine import Engine

    db_file = tmp_path / "layoffbot.db"
    db = fixtures_core.build_fixture_db(str(db_file))
    bot_admin.grant(db, "slack", "TA:UADMIN", by="test")
    settings = load_settings({"SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "clientsecretvalue0000",
                              "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": fake_slack.api_url})
    assert settings.oauth and settings.bot_token is None
    if request.param == "sqlite":
        state: object = SQLiteStateStore(db_file)
        installations = None  # the default: slack_sdk's SQLite store in the state's database file
    else:
        state = RedisStateStore(request.getfixturevalue("redis_url"), prefix=f"test-{uuid.uuid4().hex}:")
        installations = create_installation_store(settings, str(db_file))
    app = start_app(Engine(db, today=fixtures_core.TODAY), settings=settings, state=state,
                    installation_store=installations)
    return app, db_file


def _get(url: str, cookie: str | None = None) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=15) as resp:
            return resp.status, resp.read().decode(), dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(), dict(err.headers)


def install(app: RunningApp, fake: FakeSlack, team: str) -> tuple[str, str]:
    """Walk the install: the Add-to-Slack page, then Slack's redirect back with a code."""
    fake.oauth_grants[f"code-{team}"] = (team, TOKENS[team])
    status, page, headers = _get(app.url + "/slack/install")
    assert status == 200 and "slack.com/oauth/v2/authorize" in page
    state = re.search(r"state=([\w-]+)", page).group(1)
    cookie = headers["set-cookie"].split(";", 1)[0]
    status, body, _ = _get(f"{app.url}/slack/oauth_redirect?code=code-{team}&state={state}", cookie)
    assert status == 200, body
    return state, cookie


def _posts_with(fake: FakeSlack, channel: str) -> list:
    return [c for c in fake.calls_to("chat.postMessage") if c.data.get("channel") == channel]


def test_two_workspaces_install_and_each_is_answered_with_its_own_token(oauth_app, fake_slack: FakeSlack) -> None:
    app, db_file = oauth_app
    state, cookie = install(app, fake_slack, "TA")
    install(app, fake_slack, "TB")
    assert [c.data["code"] for c in fake_slack.calls_to("oauth.v2.access")] == ["code-TA", "code-TB"]

    # The installations are slack_sdk's, in the layoffbot database file.
    import sqlite3

    with sqlite3.connect(db_file) as conn:
        teams = {row[0]: row[1] for row in conn.execute("SELECT team_id, bot_token FROM slack_bots")}
    assert teams == TOKENS

    # A spent state is refused: the redirect cannot be replayed.
    status, _, _ = _get(f"{app.url}/slack/oauth_redirect?code=code-TA&state={state}", cookie)
    assert status >= 400

    app.event(mention("how many has Amazon cut?", channel="CA"), team="TA")
    app.event(mention("how many has Google cut?", channel="CB"), team="TB")
    (answer_a,) = fake_slack.wait_for(lambda f: _posts_with(f, "CA"))
    (answer_b,) = fake_slack.wait_for(lambda f: _posts_with(f, "CB"))
    assert answer_a.headers["Authorization"] == f"Bearer {TOKENS['TA']}"
    assert answer_b.headers["Authorization"] == f"Bearer {TOKENS['TB']}"

    # A workspace that never installed the app gets nothing.
    app.event(mention("how many has Meta cut?", channel="CX"), team="TX")
    fake_slack.quiet_for(0.5)
    assert not _posts_with(fake_slack, "CX")


def test_subscriptions_and_admins_are_per_workspace(oauth_app, fake_slack: FakeSlack) -> None:
    app, db_file = oauth_app
    install(app, fake_slack, "TA")
    install(app, fake_slack, "TB")
    fake_slack.workspace_admins.add("UADMIN")

    def ask(text: str, team: str) -> str:
        _, url = app.command(text, user="UADMIN", channel="CSHARED", team=team)
        (post,) = fake_slack.wait_for(lambda f: [c for c in f.calls_to("response_url") if url.endswith(c.method.split(":")[1])])
        return post.data.get("text", "") + str(post.data.get("blocks", ""))

    assert "will get an alert" in ask("subscribe Amazon", "TA")
    assert "Amazon" in ask("subscriptions", "TA")
    assert "Amazon" not in ask("subscriptions", "TB")  # same channel id, other workspace: none
    from bot.data.db import open_db

    channels = [r[0] for r in open_db(db_file).execute("SELECT channel FROM subscriptions")]
    assert channels == ["TA:CSHARED"]
    # Admin rights granted in workspace TA do not carry over to TB's user of the same id.
    assert "only layoffbot admins" in ask("admin history", "TB")
    history = ask("admin history", "TA")
    assert "Last" in history and "slack:TB:UADMIN" in history  # the refusal is audited, by workspace


@pytest.mark.parametrize("env, variable", [
    ({"SLACK_CLIENT_ID": "1.2"}, "SLACK_CLIENT_SECRET"),
    ({"SLACK_CLIENT_SECRET": "s"}, "SLACK_CLIENT_ID"),
    ({}, "SLACK_BOT_TOKEN"),
    ({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s", "SLACK_APP_TOKEN": "xapp-1-A-2-x"}, "SLACK_APP_TOKEN"),
], ids=["no-secret", "no-client-id", "neither-token-nor-client", "oauth-with-socket-mode"])
def test_oauth_settings_errors_name_the_variable(env: dict[str, str], variable: str) -> None:
    from adapters.slack.settings import SlackSettingsError, load_settings

    with pytest.raises(SlackSettingsError) as err:
        load_settings({"SLACK_SIGNING_SECRET": SIGNING_SECRET, **env})
    assert err.value.variable == variable and "clientsecret" not in str(err.value)


def test_bot_token_wins_over_client_credentials_and_secrets_are_redacted() -> None:
    from adapters.slack.settings import load_settings

    settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_CLIENT_ID": "1.2",
                              "SLACK_CLIENT_SECRET": "clientsecretvalue0000", "SLACK_SIGNING_SECRET": SIGNING_SECRET})
    assert not settings.oauth and settings.client_secret is None
    oauth = load_settings({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "clientsecretvalue0000",
                           "SLACK_SIGNING_SECRET": SIGNING_SECRET})
    assert "clientsecretvalue0000" in oauth.secrets() and "clientsecretvalue0000" not in repr(oauth)
