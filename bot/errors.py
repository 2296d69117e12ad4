"""Every error layoffbot raises on purpose, in one hierarchy.

One base class, specific subclasses, and attributes that say what failed, so that a caller can
act on the error without parsing its message (an adapter shows a :class:`ValidationError` on
the form field named by ``exc.field``; the CLI prints ``str(exc)`` as one line)::

    LayoffbotError
    ├── DataError                   the data layer refused (nothing was written)
    │   ├── ValidationError         field, rule, value
    │   │   └── UnknownCompanyError name, suggestions
    │   ├── NotFoundError           what, ident
    │   ├── UndoError               change_id, blocking
    │   ├── ImportRefused           headers, needed
    │   ├── ImportExpired           token
    │   ├── PermissionDenied        actor, action, reason, change_id
    │   ├── DatasetError            (the files in data/ disagree)
    │   ├── DatabaseFileError       path (a directory, device, non-SQLite file, unwritable place)
    │   └── SchemaTooNew            found, supported
    └── SettingsError               variable, reason, hint (an adapter's start-up settings)

Each class also derives from the built-in exception it refines (``ValueError``,
``LookupError``, ``PermissionError``, ``RuntimeError``), so older ``except`` clauses still
catch it.  The old homes (:mod:`bot.data.validation`, :mod:`bot.admin`, :mod:`bot.data.dataset`)
re-export these names.  ``str(exc)`` is always a sentence fit to show a user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # bot.admin.rights imports this module
    from bot.admin.rights import Actor

__all__ = [
    "DataError",
    "DatabaseFileError",
    "DatasetError",
    "ImportExpired",
    "ImportRefused",
    "LayoffbotError",
    "NotFoundError",
    "PermissionDenied",
    "SchemaTooNew",
    "SettingsError",
    "UndoError",
    "UnknownCompanyError",
    "ValidationError",
]


class LayoffbotError(Exception):
    """Base class of every error layoffbot raises on purpose."""


# --------------------------------------------------------------------------- the data layer


class DataError(LayoffbotError):
    """Base class of every error raised by the data layer (import, store, admin)."""


class ValidationError(DataError, ValueError):
    """A value broke a field rule; nothing was written.

    Attributes: ``field`` (e.g. ``"count"``), ``rule`` (e.g. ``"a non-negative integer"``),
    ``value`` (the raw value given).
    """

    def __init__(self, field: str, rule: str, value: Any = None, message: str | None = None) -> None:
        self.field = field
        self.rule = rule
        self.value = value
        if message is None:
            shown = "" if value is None else f" (got {str(value)[:80]!r})"
            message = f"{field}: must be {rule}{shown}"
        super().__init__(message)

    @property
    def message(self) -> str:
        return str(self)


class UnknownCompanyError(ValidationError):
    """The company is neither a known company nor an alias.  ``name``; ``suggestions``: close names."""

    def __init__(self, name: str, suggestions: list[str] | None = None) -> None:
        self.name = name
        self.suggestions = list(suggestions or [])
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(
            "company",
            "a known company or alias (use --new-company to add a new one)",
            name,
            f"company: {name!r} is not a known company or alias; use --new-company to add it.{hint}",
        )


class NotFoundError(DataError, LookupError):
    """No such row.  Attributes: ``what`` ("event", "change"...) and ``ident``."""

    def __init__(self, what: str, ident: Any) -> None:
        self.what = what
        self.ident = ident
        super().__init__(f"no {what} with id {ident}")


class UndoError(DataError):
    """The change cannot be undone (already undone, later changes on the same row...).

    ``change_id`` is the change asked for; ``blocking`` lists change ids to undo first.
    """

    def __init__(self, change_id: int | None, message: str, blocking: list[int] | None = None) -> None:
        self.change_id = change_id
        self.blocking = list(blocking or [])
        super().__init__(message)


class ImportRefused(DataError):
    """The CSV's layout is not recognised and no usable ``--map`` was given.

    ``headers``: the headers seen; ``needed``: the fields that must be mapped.
    """

    def __init__(self, message: str, headers: list[str], needed: list[str]) -> None:
        self.headers = headers
        self.needed = needed
        super().__init__(message)


class ImportExpired(DataError):
    """The staged import is unknown, expired, cancelled or already confirmed.  ``token``."""

    def __init__(self, token: str) -> None:
        self.token = token
        super().__init__("This import is no longer pending (it expired after 10 minutes, or was confirmed or "
                         "cancelled). Upload the file again.")


class PermissionDenied(DataError, PermissionError):
    """The actor may not do this.  Attributes: ``actor``, ``action``, ``reason``, ``change_id``
    (the ``denied`` row recorded in the audit log)."""

    def __init__(self, actor: Actor, action: str, reason: str, change_id: int | None = None) -> None:
        self.actor = actor
        self.action = action
        self.reason = reason
        self.change_id = change_id
        super().__init__(f"Sorry, {reason}")


class DatasetError(DataError):
    """The files in ``data/`` are inconsistent (a curated row matches no base row, ...)."""


class DatabaseFileError(DataError):
    """The database file cannot be used: a directory or a device, not a SQLite database, or in
    a place that cannot be created.  ``path``: the file; the message names it and the reason."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class SchemaTooNew(DataError, RuntimeError):
    """The database was written by a newer layoffbot.  ``found``: its schema version;
    ``supported``: the newest this layoffbot knows.  Nothing was changed."""

    def __init__(self, found: int, supported: int) -> None:
        self.found = found
        self.supported = supported
        super().__init__(
            f"database schema version {found} is newer than this layoffbot ({supported}); upgrade layoffbot"
        )


# --------------------------------------------------------------------------- adapters' settings


class SettingsError(LayoffbotError, ValueError):
    """A start-up setting is missing or malformed (raised before anything connects).

    Attributes: ``variable`` (the environment variable's name), ``reason`` (what is wrong, e.g.
    ``"is not set"``) and ``hint`` (where to find a good value, or ``None``).  The message is
    ``"<variable> <reason>. <hint>"`` unless a ready ``message`` is given.  The value itself is
    never part of the message: it may be a secret.
    """

    def __init__(self, variable: str, reason: str, *, hint: str | None = None, message: str | None = None) -> None:
        self.variable = variable
        self.reason = reason
        self.hint = hint
        if message is None:
            message = f"{variable} {reason}." + (f" {hint}" if hint else "")
        super().__init__(message)

    @property
    def setting(self) -> str:
        """The variable's name (the attribute's older name)."""
        return self.variable

    @property
    def problem(self) -> str:
        """What is wrong (the attribute's older name)."""
        return self.reason
