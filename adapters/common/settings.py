"""Start-up settings for every adapter: one environment, one error class.

Lookup order for every variable: the process environment (or the mapping given) first, then
the ``.env`` file (default: ``./.env``; read with python-dotenv when it is installed).  The
result is a new dict: ``os.environ`` is never changed, so nothing read later (by this process or
a library) sees values it was not given, and tests stay independent of each other.

Everything an adapter reads at start — tokens, endpoints, flags, the admin ids seeded into the
database — comes from :func:`merged_environment`, so a variable works the same whether it is
exported or written in ``.env``.  A missing or malformed value raises
:class:`~bot.errors.SettingsError` (``variable``, ``reason``, ``hint``), which the CLI prints
as one line; a value is never echoed (it may be a secret).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from bot.errors import SettingsError

__all__ = ["SettingsError", "DEFAULT_DOTENV", "read_dotenv", "merged_environment", "read", "read_flag"]

#: The ``.env`` file read when none is named: in the current directory.
DEFAULT_DOTENV = Path(".env")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


def read_dotenv(path: str | os.PathLike[str] | None) -> dict[str, str]:
    """The variables of a ``.env`` file; ``{}`` when there is no such file or python-dotenv is
    not installed (it comes with the slack and discord extras)."""
    if path is None or not Path(path).is_file():
        return {}
    try:
        from dotenv import dotenv_values
    except ModuleNotFoundError:  # pragma: no cover - the extras install it
        return {}
    return {key: value for key, value in dotenv_values(path).items() if value is not None}


def merged_environment(
    environ: Mapping[str, str] | None = None, dotenv_path: str | os.PathLike[str] | None = DEFAULT_DOTENV
) -> dict[str, str]:
    """``environ`` (default: ``os.environ``) over the variables of ``dotenv_path``, as a new dict.

    ``dotenv_path=None`` reads no file.
    """
    env = read_dotenv(dotenv_path)
    env.update(os.environ if environ is None else environ)
    return env


def read(env: Mapping[str, str], name: str) -> str | None:
    """The variable's value without surrounding spaces; ``None`` when unset or blank."""
    value = env.get(name)
    if value is None:
        return None
    return value.strip() or None


def read_flag(env: Mapping[str, str], name: str, *, hint: str | None = None) -> bool:
    """A yes/no variable (``1/true/yes/on``, ``0/false/no/off``, unset = no)."""
    raw = (read(env, name) or "").lower()
    if raw not in _TRUE | _FALSE:
        raise SettingsError(name, "must be 1 or 0", hint=hint)
    return raw in _TRUE
