"""One error hierarchy (bot.errors): every error says what failed through its attributes, the
old import paths still work, and bot exports Engine (lazily), Reply and the errors."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import bot
from bot import errors
from bot.admin.rights import Actor
from bot.data.db import SCHEMA_VERSION, open_db

ACTOR = Actor("slack", "U1", "Ada")


@pytest.mark.parametrize(
    ("error", "bases", "attributes"),
    [
        pytest.param(errors.ValidationError("count", "a non-negative integer", "-3"),
                     (errors.DataError, ValueError), {"field": "count", "rule": "a non-negative integer", "value": "-3"},
                     id="validation"),
        pytest.param(errors.UnknownCompanyError("Amazn", ["Amazon"]), (errors.ValidationError,),
                     {"name": "Amazn", "suggestions": ["Amazon"], "field": "company"}, id="unknown-company"),
        pytest.param(errors.NotFoundError("event", 7), (errors.DataError, LookupError), {"what": "event", "ident": 7},
                     id="not-found"),
        pytest.param(errors.UndoError(3, "later changes", [4, 5]), (errors.DataError,),
                     {"change_id": 3, "blocking": [4, 5]}, id="undo"),
        pytest.param(errors.ImportRefused("no layout", ["a"], ["date"]), (errors.DataError,),
                     {"headers": ["a"], "needed": ["date"]}, id="import-refused"),
        pytest.param(errors.ImportExpired("tok"), (errors.DataError,), {"token": "tok"}, id="import-expired"),
        pytest.param(errors.PermissionDenied(ACTOR, "add", "admins only.", 9), (errors.DataError, PermissionError),
                     {"actor": ACTOR, "action": "add", "reason": "admins only.", "change_id": 9}, id="permission"),
        pytest.param(errors.DatasetError("curated row 3 matches nothing"), (errors.DataError,), {}, id="dataset"),
        pytest.param(errors.SchemaTooNew(9, 5), (errors.DataError, RuntimeError), {"found": 9, "supported": 5},
                     id="schema-too-new"),
        pytest.param(errors.SettingsError("X_TOKEN", "is not set", hint="Ask your admin."), (ValueError,),
                     {"variable": "X_TOKEN", "reason": "is not set", "hint": "Ask your admin.", "setting": "X_TOKEN",
                      "problem": "is not set"}, id="settings"),
    ],
)
def test_each_error_carries_its_attributes(error: Exception, bases: tuple[type, ...], attributes: dict) -> None:
    assert isinstance(error, errors.LayoffbotError)
    assert all(isinstance(error, base) for base in bases)
    assert {name: getattr(error, name) for name in attributes} == attributes
    assert str(error) and "\n" not in str(error)


def test_settings_error_message_names_the_variable_never_a_value() -> None:
    assert str(errors.SettingsError("X_TOKEN", "does not look right", hint="See the docs.")) == (
        "X_TOKEN does not look right. See the docs.")
    assert str(errors.SettingsError("X", "bad", message="Whole sentence.")) == "Whole sentence."


def test_old_homes_reexport_the_same_classes() -> None:
    from bot.admin import ImportExpired, PermissionDenied
    from bot.admin.imports import ImportExpired as imports_expired
    from bot.admin.rights import PermissionDenied as rights_denied
    from bot.data.dataset import DatasetError
    from bot.data.validation import DataError, ImportRefused, NotFoundError, UndoError, UnknownCompanyError, ValidationError

    assert (ImportExpired, imports_expired, PermissionDenied, rights_denied, DatasetError) == (
        errors.ImportExpired, errors.ImportExpired, errors.PermissionDenied, errors.PermissionDenied, errors.DatasetError)
    assert (DataError, ImportRefused, NotFoundError, UndoError, UnknownCompanyError, ValidationError) == (
        errors.DataError, errors.ImportRefused, errors.NotFoundError, errors.UndoError, errors.UnknownCompanyError,
        errors.ValidationError)


def test_newer_schema_raises_schema_too_new(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 2}")
    conn.close()
    with pytest.raises(errors.SchemaTooNew) as info:
        open_db(path)
    assert (info.value.found, info.value.supported) == (SCHEMA_VERSION + 2, SCHEMA_VERSION)


def test_bot_exports_engine_reply_and_errors() -> None:
    from bot.engine import Engine
    from bot.reply import Reply

    assert bot.Engine is Engine and bot.Reply is Reply and bot.LayoffbotError is errors.LayoffbotError
    assert set(errors.__all__) <= set(bot.__all__) and {"Engine", "Reply"} <= set(bot.__all__)
    with pytest.raises(AttributeError):
        bot.NoSuchThing  # noqa: B018


def test_import_bot_does_not_load_the_engine() -> None:
    code = "import sys, bot; print('bot.engine' in sys.modules); bot.Engine; print('bot.engine' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]
