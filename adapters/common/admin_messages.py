"""What an admin is told after a write, the same on every platform.

The core (:mod:`bot.admin`) returns data and raises :mod:`bot.errors`; these functions turn
both into plain sentences.  Platforms only dress them (Block Kit sections, embed titles and
colours, an icon for the :class:`Notice` kind); the words, the import deadline and the
"every company" spelling come from here, so Slack and Discord never drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from bot.admin.imports import IMPORT_TTL
from bot.errors import DataError, ImportExpired, NotFoundError, PermissionDenied, UndoError, ValidationError

__all__ = [
    "ALL_COMPANIES",
    "IMPORT_ABORTED",
    "IMPORT_CANCELLED",
    "IMPORT_MINUTES",
    "INTERNAL_ERROR",
    "Notice",
    "change_line",
    "describe_error",
    "import_expired",
    "import_title",
    "import_verdict",
    "imported_title",
    "no_subscriptions",
    "round_line",
    "subscribed",
    "unsubscribed",
]

#: How a subscription to every company is named.
ALL_COMPANIES = "every company"
#: How long a staged import waits for Confirm (the core's :data:`~bot.admin.imports.IMPORT_TTL`).
IMPORT_MINUTES = int(IMPORT_TTL.total_seconds() // 60)
INTERNAL_ERROR = "Sorry — that did not work because of an internal error; nothing was changed."
IMPORT_CANCELLED = "Import cancelled: nothing was written."
IMPORT_ABORTED = "Import aborted: a row is no longer valid; nothing was written."

Kind = Literal["denied", "invalid", "expired", "error"]


@dataclass(frozen=True, slots=True)
class Notice:
    """A refused write, said plainly: ``kind`` (for the platform's icon), ``text``, and the
    form ``field`` it belongs to (validation errors only)."""

    kind: Kind
    text: str
    field: str | None = None


def import_expired() -> str:
    return (f"That import is no longer pending (it expired after {IMPORT_MINUTES} minutes, or was already "
            "confirmed or cancelled): upload the file again.")


def describe_error(exc: BaseException) -> Notice:
    """A core error as an admin should read it (anything else: :data:`INTERNAL_ERROR`)."""
    if isinstance(exc, PermissionDenied):
        return Notice("denied", f"Not allowed: {exc.reason} (The attempt was recorded.)")
    if isinstance(exc, ValidationError):
        return Notice("invalid", f"{exc}. Nothing was saved.", exc.field)
    if isinstance(exc, NotFoundError):
        return Notice("invalid", f"There is no {exc.what} with id {exc.ident}.")
    if isinstance(exc, UndoError):
        blocking = f" Undo change(s) {', '.join(map(str, exc.blocking))} first." if exc.blocking else ""
        return Notice("invalid", f"{exc}.{blocking}")
    if isinstance(exc, ImportExpired):
        return Notice("expired", import_expired())
    if isinstance(exc, DataError):
        return Notice("invalid", str(exc))
    return Notice("error", INTERNAL_ERROR)


def round_line(event: Mapping[str, Any] | None, *, with_source: bool = False) -> str:
    """``#12 Amazon (AWS) · 2026-02-03 · 1,200 · confirmed`` (and its source on a second line)."""
    if not event:
        return ""
    count = "undisclosed" if event.get("count") is None else f"{event['count']:,}"
    division = f" ({event['division']})" if event.get("division") else ""
    source = f"\nSource: {event['source']}" if with_source and event.get("source") else ""
    return (f"#{event.get('id')} {event.get('company', '')}{division} · {event.get('date')} · {count} · "
            f"{event.get('status')}{source}")


def change_line(view: Any) -> str:
    """One audit-log entry: ``#41 2026-02-03 10:15 · slack:U1 (Ada) · add Amazon: … (undone by #42)``."""
    company = f" {view.company}" if getattr(view, "company", None) else ""
    undone = f" (undone by #{view.undone_by})" if getattr(view, "undone_by", None) else ""
    return f"#{view.id} {str(view.at)[:16]} · {view.actor} · {view.action}{company}: {view.summary}{undone}"


def import_title(file_name: str) -> str:
    return f"Dry run of {file_name}: nothing written yet."


def import_verdict(report: Any) -> str:
    """What the admin can do with a dry run: refused whole, nothing to add, or confirm in time."""
    if report.rejected:
        return ("Refused whole: rows were rejected, so this file cannot be imported (an import is all or "
                "nothing). Fix them and upload it again.")
    if report.to_add == 0:
        return "Nothing new to add."
    return f"Confirm within {IMPORT_MINUTES} minutes to add {report.to_add:,} rounds (all or nothing)."


def imported_title(report: Any) -> str:
    return f"Imported {report.added:,} rounds"


def subscribed(company: str | None, created: bool) -> str:
    what = company or ALL_COMPANIES
    if not created:
        return f"This channel already gets alerts for {what}."
    return f"This channel will get an alert for each new or newly confirmed round of {what}."


def unsubscribed(company: str | None, removed: bool) -> str:
    what = company or ALL_COMPANIES
    return f"Alerts for {what} stopped here." if removed else f"This channel had no alerts for {what}."


def no_subscriptions(how_to_add: str) -> str:
    """``how_to_add``: the platform's command, e.g. ``/layoffs subscribe <company|all>``."""
    return f"This channel has no layoff alerts. {how_to_add} adds one."
