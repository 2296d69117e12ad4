"""Two ``layoffbot slack`` processes behind a round-robin proxy share one state (issue 14):
follow-ups, retried deliveries and staged imports work whichever instance a request reaches.

Both with the SQLite state (the database file) and with a real redis-server (REDIS_URL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("slack_bolt")

from multi_instance import ProxyClient, RoundRobinProxy, SlackProcess
from slack_fakes import (
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    all_text,
    direct_message,
    mention,
)

fixtures_core = pytest.importorskip("fixtures_core")

ADMIN = "UADMIN"
GOOD_CSV = (
    "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added\n"
    "Amazon,Seattle,700,1/20/2026,,Retail,https://example.com/amazon-2026-01-20,Post-IPO,,United States,1/21/2026\n"
)


@pytest.fixture(params=["sqlite", "redis"])
def pair(request: pytest.FixtureRequest, fake_slack: FakeSlack, tmp_path: Path) -> Iterator[tuple[ProxyClient, RoundRobinProxy, Path]]:
    db_file = tmp_path / "fixture.db"
    fixtures_core.build_fixture_db(str(db_file)).close()
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": fake_slack.api_url,
           "LAYOFFBOT_DB": str(db_file), "LAYOFFBOT_TODAY": "2026-02-15", "LAYOFFBOT_SLACK_ADMINS": ADMIN,
           "SLACK_APP_TOKEN": "", "REDIS_URL": ""}
    if request.param == "redis":
        env["REDIS_URL"] = request.getfixturevalue("redis_url").rsplit("/", 1)[0] + f"/{abs(hash(tmp_path)) % 15 + 1}"
    # One instance answers in a worker process (the default), the other in a thread.
    apps = [SlackProcess(tmp_path, "one", env), SlackProcess(tmp_path, "two", env, "--engine", "thread")]
    try:
        for app in apps:
            app.wait_ready()
        proxy = RoundRobinProxy([app.port for app in apps]).start()
        yield ProxyClient(proxy.url, fake_slack), proxy, db_file
        proxy.stop()
    finally:
        for app in apps:
            app.stop()


def _posts(fake: FakeSlack, channel: str) -> list:
    return [c for c in fake.calls_to("chat.postMessage") if c.data.get("channel") == channel]


def test_follow_up_retries_and_imports_across_instances(pair, fake_slack: FakeSlack) -> None:
    client, proxy, db_file = pair

    # A thread follow-up answered by the other instance continues the conversation.
    assert client.event(mention("how many has Amazon cut in 2023?", ts="1700000100.000100", channel="CTHREAD")).status == 200
    fake_slack.wait_for(lambda f: _posts(f, "CTHREAD"), timeout=60)
    assert client.event(mention("what about Google?", ts="1700000101.000100", thread_ts="1700000100.000100",
                                channel="CTHREAD")).status == 200
    _first, second = fake_slack.wait_for(lambda f: len(_posts(f, "CTHREAD")) >= 2 and _posts(f, "CTHREAD"), timeout=60)
    assert proxy.served[:2] == [0, 1]
    follow = all_text(second.data.get("blocks", [])) + second.data.get("text", "")
    assert "Google" in follow and "2023" in follow, follow

    # A retried delivery reaching the other instance is not answered twice.
    event = mention("how many has Meta cut?", ts="1700000200.000100", channel="CRETRY")
    assert client.event(event, event_id="EvRetry1").status == 200
    assert client.event(event, event_id="EvRetry1", retry_num=1).status == 200
    assert client.event(event, event_id="EvRetry1", retry_num=2).status == 200
    fake_slack.wait_for(lambda f: _posts(f, "CRETRY"), timeout=60)
    fake_slack.quiet_for(1.0)
    assert len(_posts(fake_slack, "CRETRY")) == 1

    # A CSV staged through one instance and confirmed through the other imports once.
    from bot.data.db import open_db

    def amazon_rounds() -> int:
        return open_db(db_file).execute(
            "SELECT count(*) FROM events e JOIN companies c ON c.id = e.company_id WHERE c.name = 'Amazon'").fetchone()[0]

    before = amazon_rounds()
    fake_slack.files["good.csv"] = GOOD_CSV.encode()
    client.event(direct_message("", subtype="file_share", user=ADMIN, channel="DADMIN",
                                files=[{"id": "F2", "name": "good.csv", "size": len(GOOD_CSV),
                                        "url_private_download": f"{fake_slack.url}/files/good.csv"}]))
    (preview,) = fake_slack.wait_for(lambda f: _posts(f, "DADMIN"), timeout=60)
    (actions,) = [b for b in preview.data["blocks"] if b["type"] == "actions"]
    token = next(e for e in actions["elements"] if e["action_id"] == "layoffs_import_confirm")["value"]
    staged_by = proxy.served[-1]
    urls = [fake_slack.response_url(), fake_slack.response_url()]
    for url in urls:  # two clicks, one per instance
        client.action(token, response_url=url, user=ADMIN, channel="DADMIN", action_id="layoffs_import_confirm")
    assert {proxy.served[-2], proxy.served[-1]} == {0, 1} and staged_by in (0, 1)
    done = fake_slack.wait_for(lambda f: len(f.calls_to("response_url")) >= 2 and f.calls_to("response_url"), timeout=60)
    texts = sorted(c.data.get("text", "") for c in done)
    assert sum("Imported 1 round" in t for t in texts) == 1, texts
    assert amazon_rounds() == before + 1


def test_oauth_install_started_on_one_instance_finishes_on_the_other(fake_slack: FakeSlack, tmp_path: Path) -> None:
    """Two installable (OAuth) `layoffbot slack` processes: the Add-to-Slack page from one, Slack's
    redirect reaching the other (the state is shared), then events answered with the workspace's token."""
    import re
    import urllib.error
    import urllib.request

    db_file = tmp_path / "fixture.db"
    fixtures_core.build_fixture_db(str(db_file)).close()
    env = {"SLACK_BOT_TOKEN": "", "SLACK_APP_TOKEN": "", "REDIS_URL": "", "SLACK_CLIENT_ID": "111.222",
           "SLACK_CLIENT_SECRET": "clientsecretvalue0000", "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": fake_slack.api_url, "LAYOFFBOT_DB": str(db_file), "LAYOFFBOT_TODAY": "2026-02-15"}
    apps = [SlackProcess(tmp_path, "one", env, "--engine", "thread"), SlackProcess(tmp_path, "two", env, "--engine", "thread")]
    token = "xoxb-team-z-0000-tokenvalue"
    fake_slack.oauth_grants["code-Z"] = ("TZ", token)
    try:
        for app in apps:
            app.wait_ready()
        with urllib.request.urlopen(f"http://127.0.0.1:{apps[0].port}/slack/install", timeout=10) as resp:
            page, cookie = resp.read().decode(), resp.headers["set-cookie"].split(";", 1)[0]
        state = re.search(r"state=([\w-]+)", page).group(1)
        request = urllib.request.Request(f"http://127.0.0.1:{apps[1].port}/slack/oauth_redirect?code=code-Z&state={state}",
                                         headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=10) as resp:
            assert resp.status == 200
        client = ProxyClient(f"http://127.0.0.1:{apps[0].port}", fake_slack)  # the instance that did not finish it
        assert client.event(mention("how many has Amazon cut?", channel="CZ"), team="TZ").status == 200
        (answer,) = fake_slack.wait_for(lambda f: _posts(f, "CZ"), timeout=60)
        assert answer.headers["Authorization"] == f"Bearer {token}"
        log = apps[0].log_file.read_text()
        assert "/slack/install" in log and "clientsecretvalue0000" not in log
    finally:
        for app in apps:
            app.stop()
