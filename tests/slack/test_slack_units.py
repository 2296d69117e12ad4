"""Settings, log redaction, Slack-markup cleanup and the retry/answer stores."""

from __future__ import annotations

import logging

import pytest

pytest.importorskip("slack_bolt")

from adapters.slack.convert import clean_text, conversation_key, parse_command  # noqa: E402
from adapters.slack.redact import SecretRedactingFilter, redact  # noqa: E402
from adapters.slack.settings import SlackSettingsError, load_settings  # noqa: E402
from adapters.slack.state import AnswerStore, SeenEvents, TTLStore  # noqa: E402

GOOD = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_SIGNING_SECRET": "0123456789abcdef0123"}


def test_settings_http_mode() -> None:
    s = load_settings(GOOD)
    assert s.bot_token == "xoxb-1-2-abc" and not s.socket_mode and s.api_url is None and not s.private_by_default
    assert "xoxb" not in repr(s) and "0123456789abcdef" not in repr(s)


def test_settings_socket_mode_needs_no_signing_secret() -> None:
    s = load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1-A-1-x"})
    assert s.socket_mode and s.signing_secret is None


def test_settings_api_url_and_private() -> None:
    s = load_settings({**GOOD, "SLACK_API_URL": "http://127.0.0.1:9/api", "LAYOFFBOT_SLACK_PRIVATE": "yes"})
    assert s.api_url == "http://127.0.0.1:9/api/" and s.private_by_default


@pytest.mark.parametrize(
    "env, variable, words",
    [
        pytest.param({}, "SLACK_BOT_TOKEN", "OAuth & Permissions", id="no-bot-token"),
        pytest.param({"SLACK_BOT_TOKEN": "xoxp-user"}, "SLACK_BOT_TOKEN", "xoxb-", id="user-token"),
        pytest.param({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET", "Signing Secret", id="no-secret"),
        pytest.param({**GOOD, "SLACK_SIGNING_SECRET": "short"}, "SLACK_SIGNING_SECRET", "Basic Information", id="bad-secret"),
        pytest.param({**GOOD, "SLACK_APP_TOKEN": "xoxb-oops"}, "SLACK_APP_TOKEN", "connections:write", id="bad-app-token"),
        pytest.param({**GOOD, "SLACK_API_URL": "slack.com"}, "SLACK_API_URL", "http(s) URL", id="bad-url"),
        pytest.param({**GOOD, "LAYOFFBOT_SLACK_PRIVATE": "maybe"}, "LAYOFFBOT_SLACK_PRIVATE", "1 or 0", id="bad-flag"),
    ],
)
def test_settings_errors_name_the_variable_and_where_to_find_it(env: dict, variable: str, words: str) -> None:
    with pytest.raises(SlackSettingsError) as info:
        load_settings(env)
    assert info.value.variable == variable
    assert variable in str(info.value) and words in str(info.value)
    for name, value in env.items():
        if name != "SLACK_API_URL" and len(value) > 8:
            assert value not in str(info.value)  # never echo a possible secret


def test_settings_from_dotenv_file(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL", "LAYOFFBOT_SLACK_PRIVATE"):
        monkeypatch.delenv(name, raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text("SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_SIGNING_SECRET=abcdefabcdefabcdef12\n")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "fromenvironment12345")  # the environment wins
    s = load_settings(dotenv_path=env_file)
    assert s.bot_token == "xoxb-from-file" and s.signing_secret == "fromenvironment12345"


def test_cli_reports_missing_variable(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from click.testing import CliRunner

    from cli.main import cli

    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["slack"])
    assert result.exit_code == 1
    assert "SLACK_BOT_TOKEN is not set" in result.output and "OAuth & Permissions" in result.output


def test_redact_tokens_and_secrets() -> None:
    text = "bot xoxb-123-456-abcDEF app xapp-1-A2-3-xyz user xoxp-9-9 secret s3cr3tvalue done"
    out = redact(text, ["s3cr3tvalue"])
    assert "xoxb-" not in out and "xapp-" not in out and "xoxp-" not in out and "s3cr3tvalue" not in out
    assert out.count("[redacted]") == 4 and out.endswith("done")


def test_redacting_filter_covers_args_and_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.redaction")
    caplog.handler.addFilter(SecretRedactingFilter(["signing-secret-value"]))
    with caplog.at_level(logging.INFO, logger="test.redaction"):
        logger.info("calling with %s and %s", "xoxb-1-2-3", "signing-secret-value")
        try:
            raise ValueError("token xoxb-99-88 leaked")
        except ValueError:
            logger.exception("failed")
    assert "xoxb-" not in caplog.text and "signing-secret-value" not in caplog.text
    assert "ValueError: token [redacted] leaked" in caplog.text


@pytest.mark.parametrize(
    "raw, clean",
    [
        pytest.param("<@UBOT> how many has Amazon cut?", "how many has Amazon cut?", id="mention"),
        pytest.param("<@UBOT|layoffbot>   AT&amp;T  vs   Verizon", "AT&T vs Verizon", id="entities-spaces"),
        pytest.param("what about <https://amazon.com|Amazon> in <#C1|general>", "what about Amazon in #general", id="links"),
        pytest.param("<!here> latest <http://x.y>", "latest http://x.y", id="special"),
        pytest.param("", "", id="empty"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    "text, question, private, is_help",
    [
        pytest.param("how many has Amazon cut?", "how many has Amazon cut?", False, False, id="question"),
        pytest.param("private how many has Amazon cut?", "how many has Amazon cut?", True, False, id="private"),
        pytest.param("PRIVATE  Meta vs Google", "Meta vs Google", True, False, id="private-caps"),
        pytest.param("help", "help", True, True, id="help"),
        pytest.param("", "help", True, True, id="empty"),
        pytest.param("private", "help", True, True, id="private-alone"),
        pytest.param("privately held companies", "privately held companies", False, False, id="not-the-word"),
    ],
)
def test_parse_command(text: str, question: str, private: bool, is_help: bool) -> None:
    parsed = parse_command(text)
    assert (parsed.question, parsed.private, parsed.help) == (question, private, is_help)


def test_conversation_keys() -> None:
    assert conversation_key("T1", "C1", "1.2") == "slack:T1:C1:1.2"
    assert conversation_key("T1", "C1", None, "U1") == "slack:T1:C1:user:U1"
    assert conversation_key(None, "D1", None) == "slack:-:D1"
    assert conversation_key("T1", "C1", "1.2") != conversation_key("T1", "C1", "1.3")


def test_seen_events_and_ttl() -> None:
    seen = SeenEvents()
    assert seen.first_time("Ev1") and not seen.first_time("Ev1") and seen.first_time("Ev2")
    now = [0.0]
    store: TTLStore[int] = TTLStore(ttl=10, max_items=2, clock=lambda: now[0])
    store.set("a", 1)
    store.set("b", 2)
    store.set("c", 3)  # over capacity: the oldest goes
    assert store.get("a") is None and store.get("b") == 2
    now[0] = 11
    assert store.get("b") is None and store.get("c") is None  # expired
    answers: AnswerStore[str] = AnswerStore()
    key = answers.put("reply")
    assert answers.get(key) == "reply" and answers.get("other") is None


def test_manifest_declares_what_the_app_listens_to_and_minimal_scopes() -> None:
    import re
    from pathlib import Path

    import adapters.slack

    text = (Path(adapters.slack.__file__).parent / "manifest.yml").read_text()
    events = re.search(r"bot_events:\n((?:\s+- .+\n)+)", text)
    scopes = re.search(r"bot:\n((?:\s+(?:- |#).+\n)+)", text)
    assert events and scopes
    assert re.findall(r"- (\S+)", events.group(1)) == ["app_mention", "message.im", "app_home_opened"]
    assert sorted(re.findall(r"- (\S+)", scopes.group(1))) == sorted(
        ["commands", "app_mentions:read", "chat:write", "im:history", "files:write",
         "files:read", "users:read", "channels:read",  # these three: admins in chat (issue 6)
         "im:write"]  # watchlist DMs (issue 13)
    )
    assert "command: /layoffs" in text and "/slack/events" in text


@pytest.mark.parametrize(
    "method, error, variable",
    [("auth.test", "invalid_auth", "SLACK_BOT_TOKEN"), ("apps.connections.open", "invalid_auth", "SLACK_APP_TOKEN")],
    ids=["bot-token", "app-token"],
)
def test_cli_stops_when_slack_refuses_a_token(monkeypatch: pytest.MonkeyPatch, tmp_path, method: str, error: str,
                                              variable: str) -> None:
    from click.testing import CliRunner
    from slack_fakes import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, FakeSlack

    from cli.main import cli

    fake = FakeSlack().start()
    try:
        fake.fail(method, status=200, error=error, times=5)
        monkeypatch.chdir(tmp_path)
        env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": fake.api_url,
               "SLACK_APP_TOKEN": APP_TOKEN}
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        fixtures_core = pytest.importorskip("fixtures_core")
        db_file = tmp_path / "f.db"
        fixtures_core.build_fixture_db(str(db_file)).close()
        result = CliRunner().invoke(cli, ["--db", str(db_file), "slack", "--engine", "thread"])
        assert result.exit_code == 1, result.output
        assert f"{variable} was refused by Slack (invalid_auth)" in result.output
        assert BOT_TOKEN not in result.output and APP_TOKEN not in result.output
    finally:
        fake.stop()
