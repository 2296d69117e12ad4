"""Platform knowledge handed to the core: platform identifiers, admin variables and kinds as the
adapters declare them, and each adapter's own markup cleaner."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.common.platform import Platform
from adapters.platforms import ADMIN_VARIABLES, NAMES, PLATFORMS, get
from bot.admin import AdminVariable, check_platform, grant, list_admins, seed_admins_from_env
from bot.admin.rights import conventional_variables, is_platform_id
from bot.data.validation import ValidationError


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("slack", "slack", id="slack"),
        pytest.param(" Discord ", "discord", id="case-and-spaces"),
        pytest.param("ms-teams", "ms-teams", id="a-new-platform"),
        pytest.param("matrix_2", "matrix_2", id="digits-underscore"),
    ],
)
def test_check_platform_accepts_identifiers(value: str, expected: str) -> None:
    assert check_platform(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("", id="empty"),
        pytest.param("x", id="too-short"),
        pytest.param("a" * 21, id="too-long"),
        pytest.param("cli", id="reserved-cli"),
        pytest.param("build", id="reserved-build"),
        pytest.param("sla ck", id="space"),
        pytest.param("1slack", id="leading-digit"),
        pytest.param("slack;drop", id="punctuation"),
    ],
)
def test_check_platform_refuses_non_identifiers(value: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_platform(value)
    assert info.value.field == "platform"


@given(st.text(max_size=30))
def test_platform_ids_are_safe_and_stable(value: str) -> None:
    if is_platform_id(value):
        assert value == value.strip().lower() and " " not in value and len(value) <= 20
        assert check_platform(value) == value


def test_adapters_declare_every_platform() -> None:
    assert NAMES == ("slack", "discord")
    assert get("discord").admin_kinds == ("user", "role")
    assert get("slack").admin_kinds == ("user",)
    assert {v.variable for v in ADMIN_VARIABLES} == {
        "LAYOFFBOT_SLACK_ADMINS", "LAYOFFBOT_DISCORD_ADMINS", "LAYOFFBOT_DISCORD_ADMIN_ROLES"}
    assert all(v.platform in NAMES for p in PLATFORMS for v in p.admin_variables)
    with pytest.raises(KeyError):
        get("irc")


def test_platform_name_is_checked_at_definition() -> None:
    with pytest.raises(ValidationError):
        Platform(name="Not A Platform", title="x")


def test_convention_finds_admin_variables_of_any_platform() -> None:
    env = {"LAYOFFBOT_MATRIX_ADMINS": "@a:x", "LAYOFFBOT_DISCORD_ADMIN_ROLES": "7", "LAYOFFBOT_DB": "x.db",
           "LAYOFFBOT_CLI_ADMINS": "root", "SLACK_BOT_TOKEN": "xoxb"}
    assert conventional_variables(env) == [
        AdminVariable("discord", "role", "LAYOFFBOT_DISCORD_ADMIN_ROLES"),
        AdminVariable("matrix", "user", "LAYOFFBOT_MATRIX_ADMINS"),
    ]


def test_seed_reads_only_the_declared_variables(small_db) -> None:
    env = {"LAYOFFBOT_SLACK_ADMINS": "U1", "LAYOFFBOT_SLACK_ADMIN_ROLES": "R1", "LAYOFFBOT_DISCORD_ADMIN_ROLES": "7"}
    assert seed_admins_from_env(small_db, env, variables=ADMIN_VARIABLES) == 2
    assert [(e.platform, e.kind, e.ident) for e in list_admins(small_db)] == [
        ("discord", "role", "7"), ("slack", "user", "U1")]


def test_grant_refuses_a_kind_the_platform_lacks(small_db) -> None:
    with pytest.raises(ValidationError) as info:
        grant(small_db, "slack", "R1", kind="role", kinds=get("slack").admin_kinds)
    assert (info.value.field, info.value.value) == ("kind", "role")
    assert grant(small_db, "discord", "R1", kind="role", kinds=get("discord").admin_kinds)


discord = pytest.importorskip("discord")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param("<:pepe:123456> Meta layoffs", "Meta layoffs", id="custom-emoji"),
        pytest.param("<a:dance:1> Meta", "Meta", id="animated-emoji"),
        pytest.param("<@123> <@!4> <@&5> Amazon <#6>", "Amazon", id="mentions"),
        pytest.param("layoffs since <t:1700000000:R>", "layoffs since", id="timestamp"),
        pytest.param("</layoffs:99> Meta", "Meta", id="command-mention"),
        pytest.param("a <b> c", "a <b> c", id="not-discord-markup-kept"),
    ],
)
def test_discord_markup_cleaner(raw: str, clean: str) -> None:
    from adapters.discord.conversation import clean_markup

    assert clean_markup(raw) == clean
