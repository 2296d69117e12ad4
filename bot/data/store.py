"""Validated, audited writes to the dataset: the one write path of the CLI and of chat admins.

Every function validates all its inputs first (raising :class:`~bot.data.validation.ValidationError`
with ``field`` and ``rule``, nothing written), then writes inside
:func:`~bot.data.db.write_transaction` (the write lock taken up front; the checks that depend
on other rows, such as duplicates and "not undone yet", are made under it) together with a
``changes`` row holding the row before and after (JSON), the actor and the channel (``via``:
cli, or the chat platform's identifier).  Admin rights are *not* checked here: that is
:mod:`bot.admin`'s job; the CLI is trusted (it has the database file).

Undo strategy, in order: without an id, the caller's own latest undoable change (same actor;
for chat actors the same platform user, whatever their display name); the change must exist,
not be undone yet, and be of an undoable kind; the row must still be as that change left it
(else :class:`~bot.data.validation.UndoError` names the later changes to undo first); then the row is put back as it was before, an ``undo``
change is recorded and the original is marked ``undone_by``.  Undoing an import deletes its
rows (and the companies it created that nothing else uses).  Undoing an undo re-applies it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from bot.data.audit import (
    EVENT_COLUMNS,
    default_actor,
    event_row,
    now_iso,
    record_change,
    refresh_data_as_of,
)
from bot.data.db import write_transaction
from bot.data.history import (
    EXPORT_COLUMNS,
    NOT_IMPORT_ROW,
    ChangeView,
    export_events,
    get_change,
    history,
    load_json,
    stats,
    view,
)
from bot.data.registry import resolve_company
from bot.data.validation import (
    DataError,
    NotFoundError,
    UndoError,
    ValidationError,
    clean_country,
    clean_text,
    parse_basis,
    parse_bool,
    parse_count,
    parse_date,
    parse_event_id,
    parse_percentage,
    parse_status,
    parse_url,
)

__all__ = [
    "EDITABLE_FIELDS",
    "EXPORT_COLUMNS",
    "WriteResult",
    "ChangeView",
    "get_event",
    "resolve_company",
    "add_event",
    "edit_event",
    "retract_event",
    "confirm_event",
    "undo",
    "history",
    "get_change",
    "export_events",
    "stats",
]

#: Field names ``edit_event`` accepts, with their accepted short forms.
EDITABLE_FIELDS = (
    "company",
    "division",
    "date",
    "count",
    "announced_count",
    "percentage",
    "percentage_basis",
    "status",
    "location",
    "country",
    "industry",
    "stage",
    "source",
    "other_sources",
    "unsourced",
    "note",
    "includes_event_id",
    "part_of_event_id",
)
_FIELD_ALIASES = {
    "basis": "percentage_basis",
    "pct": "percentage",
    "percent": "percentage",
    "announced": "announced_count",
    "includes": "includes_event_id",
    "part_of": "part_of_event_id",
    "url": "source",
}
_UNDOABLE = ("add", "edit", "retract", "confirm", "import", "sync", "company", "untag", "undo", "alias")


@dataclass(slots=True)
class WriteResult:
    """What a write did: the event as it is now (with ``company`` name) and the change id."""

    action: str
    event: dict[str, Any] | None
    change_id: int | None
    before: dict[str, Any] | None = None
    created_company: str | None = None
    warnings: list[str] = field(default_factory=list)
    """Things an admin should check, e.g. another round of the company within 30 days."""


# --------------------------------------------------------------------------- reading


def get_event(db: sqlite_utils.Database, event_id: int) -> dict[str, Any]:
    """The event with its company name; :class:`NotFoundError` if missing."""
    rows = list(
        db.query(
            "SELECT e.*, c.name AS company FROM events e JOIN companies c ON c.id = e.company_id WHERE e.id = ?",
            [event_id],
        )
    )
    if not rows:
        raise NotFoundError("event", event_id)
    return rows[0]


# --------------------------------------------------------------------------- validation


def _validate_field(db: sqlite_utils.Database, name: str, value: Any) -> Any:
    if name == "date":
        return parse_date(value)
    if name in ("count", "announced_count"):
        return parse_count(value, name)
    if name == "percentage":
        return parse_percentage(value)
    if name == "percentage_basis":
        return parse_basis(value)
    if name == "status":
        return parse_status(value)
    if name == "source":
        return parse_url(value)
    if name == "other_sources":
        text = clean_text(value)
        if text is None:
            return None
        return " ".join(parse_url(url, "other_sources") or "" for url in text.replace(",", " ").split())
    if name == "unsourced":
        return int(parse_bool(value, "unsourced"))
    if name == "country":
        return clean_country(value)
    if name in ("includes_event_id", "part_of_event_id"):
        ref = parse_event_id(value, name)
        if ref is not None and db.execute("SELECT 1 FROM events WHERE id = ?", [ref]).fetchone() is None:
            raise ValidationError(name, "the id of an existing event", value)
        return ref
    return clean_text(value)


def _check_row(row: dict[str, Any], event_id: int | None) -> None:
    """Rules across fields, checked on the row as it would be written."""
    if row.get("source") is None and not row.get("unsourced"):
        raise ValidationError("source", "an http(s) URL (or mark the round unsourced)", None)
    if row.get("percentage") is not None and row.get("percentage_basis") is None:
        row["percentage_basis"] = "company"
    for column in ("includes_event_id", "part_of_event_id"):
        if event_id is not None and row.get(column) == event_id:
            raise ValidationError(column, "another event than this one", event_id)


def _public(event: Mapping[str, Any]) -> dict[str, Any]:
    return {c: event.get(c) for c in ("id", *EVENT_COLUMNS)}


# --------------------------------------------------------------------------- writes


def add_event(
    db: sqlite_utils.Database,
    *,
    company: str,
    date: Any,
    count: Any = None,
    source: Any = None,
    unsourced: bool = False,
    status: Any = "reported",
    division: Any = None,
    percentage: Any = None,
    percentage_basis: Any = None,
    announced_count: Any = None,
    note: Any = None,
    location: Any = None,
    country: Any = None,
    includes_event_id: Any = None,
    part_of_event_id: Any = None,
    new_company: bool = False,
    actor: str | None = None,
    via: str = "cli",
) -> WriteResult:
    """Add one round.  ``count=None`` (or "unknown") means undisclosed."""
    actor = actor or default_actor()
    company_id, company_name, alias_division = resolve_company(db, company, new_company=new_company)
    raw = {
        "date": date,
        "count": count,
        "announced_count": announced_count,
        "percentage": percentage,
        "percentage_basis": percentage_basis,
        "status": status,
        "division": division,
        "source": source,
        "note": note,
        "location": location,
        "country": country,
        "includes_event_id": includes_event_id,
        "part_of_event_id": part_of_event_id,
    }
    row = {name: _validate_field(db, name, value) for name, value in raw.items()}
    row["unsourced"] = 0 if row["source"] else int(bool(unsourced))
    if row["division"] is None and alias_division:
        row["division"] = alias_division
        if row["percentage"] is not None and row["percentage_basis"] is None:
            row["percentage_basis"] = "division"
    _check_row(row, None)
    warnings: list[str] = []
    with write_transaction(db):
        if company_id is not None:
            warnings = _near_rounds(db, company_id, row["date"], row["count"])
        created = None
        if company_id is None:
            company_id = int(
                db.execute(
                    "INSERT INTO companies (name, location, country) VALUES (?, ?, ?)",
                    [company_name, row["location"], row["country"]],
                ).lastrowid
                or 0
            )
            created = company_name
            record_change(
                db, actor=actor, via=via, action="company", table_name="companies", row_id=company_id,
                before=None, after={"id": company_id, "name": company_name},
            )
        row.update({"company_id": company_id, "origin": "admin", "date_added": now_iso()[:10]})
        event_id = int(db.table("events").insert(row).last_pk)  # type: ignore[arg-type]  # set by the insert
        after = _public(event_row(db, event_id) or {})
        change_id = record_change(
            db, actor=actor, via=via, action="add", table_name="events", row_id=event_id, before=None, after=after
        )
        refresh_data_as_of(db)
    return WriteResult("add", get_event(db, event_id), change_id, None, created, warnings)


def _near_rounds(db: sqlite_utils.Database, company_id: int, date: str, count: int | None) -> list[str]:
    """Refuse an exact duplicate (same company, date and count); warn about rounds within 30 days."""
    warnings = []
    for event_id, other_date, other_count in db.execute(
        "SELECT id, date, count FROM events WHERE company_id = ? AND status != 'retracted'"
        " AND date BETWEEN date(?, '-30 days') AND date(?, '+30 days') ORDER BY date",
        [company_id, date, date],
    ):
        if other_date == date and other_count == count:
            raise ValidationError(
                "date", f"not a duplicate (event {event_id} has the same company, date and count)", date
            )
        size = "undisclosed" if other_count is None else f"{other_count:,}"
        warnings.append(f"event {event_id} of the same company is within 30 days ({other_date}, {size}): same round?")
    return warnings


def _update(
    db: sqlite_utils.Database,
    event_id: int,
    values: dict[str, Any],
    *,
    action: str,
    actor: str,
    via: str,
    reason: str | None = None,
) -> WriteResult:
    with write_transaction(db):
        # Read the row under the write lock: "before" in the audit log is what was overwritten.
        before = _public(get_event(db, event_id))
        merged = {**before, **values}
        _check_row(merged, event_id)
        values = {k: merged[k] for k in values} | (
            {"percentage_basis": merged["percentage_basis"]} if "percentage" in values else {}
        )
        changed = {k: v for k, v in values.items() if before.get(k) != v}
        if not changed:
            return WriteResult(action, get_event(db, event_id), None, before)
        assignments = ", ".join(f"{k} = ?" for k in changed)
        try:
            db.execute(f"UPDATE events SET {assignments} WHERE id = ?", [*changed.values(), event_id])
        except sqlite3.IntegrityError as exc:
            raise DataError(f"event {event_id}: {exc}") from exc
        after = _public(event_row(db, event_id) or {})
        change_id = record_change(
            db, actor=actor, via=via, action=action, table_name="events", row_id=event_id,
            before=before, after=after, reason=reason,
        )
        refresh_data_as_of(db)
    return WriteResult(action, get_event(db, event_id), change_id, before)


def edit_event(
    db: sqlite_utils.Database,
    event_id: int,
    updates: Mapping[str, Any],
    *,
    actor: str | None = None,
    via: str = "cli",
    reason: str | None = None,
) -> WriteResult:
    """Change fields of an event (``{"count": "1200", "status": "confirmed"}``).

    Field names: :data:`EDITABLE_FIELDS` (or ``basis``, ``pct``, ``includes``, ``part_of``).
    Setting a ``source`` clears ``unsourced``.  A no-op edit records nothing (``change_id`` None).
    """
    actor = actor or default_actor()
    get_event(db, event_id)
    if not updates:
        raise ValidationError("fields", "at least one FIELD=VALUE", None)
    values: dict[str, Any] = {}
    for raw_name, raw_value in updates.items():
        name = _FIELD_ALIASES.get(raw_name.strip().lower(), raw_name.strip().lower())
        if name not in EDITABLE_FIELDS:
            raise ValidationError(raw_name, f"one of the editable fields: {', '.join(EDITABLE_FIELDS)}", raw_value)
        if name == "company":
            company_id, _, _ = resolve_company(db, raw_value)
            values["company_id"] = company_id
            continue
        values[name] = _validate_field(db, name, raw_value)
    if values.get("source"):
        values.setdefault("unsourced", 0)
    return _update(db, event_id, values, action="edit", actor=actor, via=via, reason=reason)


def retract_event(
    db: sqlite_utils.Database, event_id: int, *, reason: str, actor: str | None = None, via: str = "cli"
) -> WriteResult:
    """Mark a round retracted (kept for the record, never shown as a layoff); reason required."""
    actor = actor or default_actor()
    reason_text = clean_text(reason)
    if reason_text is None:
        raise ValidationError("reason", "a short explanation (required)", reason)
    event = get_event(db, event_id)
    if event["status"] == "retracted":
        raise DataError(f"event {event_id} is already retracted")
    note = "; ".join(filter(None, [event.get("note"), f"Retracted on {now_iso()[:10]}: {reason_text}"]))
    return _update(db, event_id, {"status": "retracted", "note": note}, action="retract", actor=actor, via=via, reason=reason_text)


def confirm_event(
    db: sqlite_utils.Database,
    event_id: int,
    *,
    count: Any,
    source: Any,
    note: Any = None,
    actor: str | None = None,
    via: str = "cli",
) -> WriteResult:
    """A planned, rumoured or reported round becomes ``confirmed`` with its count and source.

    ``count`` may be "unknown" when the confirmation gives no figure.  The previous source
    is kept in ``other_sources``.
    """
    actor = actor or default_actor()
    event = get_event(db, event_id)
    if event["status"] not in ("planned", "rumored", "reported"):
        raise ValidationError("status", "planned, rumored or reported to be confirmed", event["status"])
    new_count = parse_count(count)
    new_source = parse_url(source)
    if new_source is None:
        raise ValidationError("source", "an http(s) URL (required to confirm)", source)
    others = [new_source, *(event.get("other_sources") or "").split()]
    if event.get("source") and event["source"] not in others:
        others.insert(1, event["source"])
    values: dict[str, Any] = {
        "status": "confirmed",
        "count": new_count,
        "source": new_source,
        "other_sources": " ".join(dict.fromkeys(others[1:])) or None,
        "unsourced": 0,
    }
    extra = clean_text(note)
    if extra:
        values["note"] = "; ".join(filter(None, [event.get("note"), extra]))
    return _update(db, event_id, values, action="confirm", actor=actor, via=via)


# --------------------------------------------------------------------------- undo


def _actor_key(actor: str) -> str:
    """The stable part of an actor name: ``chat:U123`` of ``chat:U123 (Ada)`` (a chat user's
    display name may change between their change and their undo); other names as they are."""
    ident, sep, _display = actor.partition(" (")
    return ident if sep and ":" in ident and actor.endswith(")") else actor


def _last_undoable(db: sqlite_utils.Database, actor: str) -> int:
    """The latest undoable change made by ``actor`` (see :func:`_actor_key`).

    Undos are not counted (undoing an undo is asked for by id); neither are the dataset build
    and the per-row entries of an import (the import's own entry undoes them all).
    """
    actions = [a for a in _UNDOABLE if a != "undo"]
    key = _actor_key(actor)
    same_actor = "actor = ?"
    params: list[object] = [actor]
    if ":" in key:  # a chat user: "<platform>:U1", or "<platform>:U1 (any display name)"
        same_actor = "(actor = ? OR actor = ? OR substr(actor, 1, ?) = ?)"
        params = [actor, key, len(key) + 2, key + " ("]
    row = db.execute(
        f"SELECT id FROM changes WHERE undone_by IS NULL AND action IN ({', '.join('?' * len(actions))})"
        f" AND via != 'build' AND {NOT_IMPORT_ROW} AND {same_actor} ORDER BY id DESC LIMIT 1",
        [*actions, *params],
    ).fetchone()
    if row is None:
        latest = db.execute(
            f"SELECT id, actor FROM changes WHERE undone_by IS NULL AND action IN ({', '.join('?' * len(actions))})"
            f" AND via != 'build' AND {NOT_IMPORT_ROW} ORDER BY id DESC LIMIT 1",
            actions,
        ).fetchone()
        hint = f" (the latest change, {latest[0]}, is by {latest[1]}: undo it by its id)" if latest else ""
        raise UndoError(None, f"nothing to undo for {actor}{hint}")
    return int(row[0])


def _later_changes(db: sqlite_utils.Database, table: str, row_ids: list[int], after_id: int) -> list[int]:
    if not row_ids:
        return []
    blocking: list[int] = []
    for start in range(0, len(row_ids), 500):
        chunk = row_ids[start : start + 500]
        blocking += [
            r[0]
            for r in db.execute(
                f"SELECT id FROM changes WHERE table_name = ? AND row_id IN ({','.join('?' * len(chunk))})"
                " AND id > ? AND undone_by IS NULL AND action NOT IN ('undo', 'denied')",
                [table, *chunk, after_id],
            )
        ]
    return sorted(blocking)


def undo(
    db: sqlite_utils.Database, change_id: int | None = None, *, actor: str | None = None, via: str = "cli"
) -> ChangeView:
    """Undo a change; returns the new ``undo`` change (its ``undoes`` is the change undone).

    Without ``change_id``: the actor's own latest undoable change, so that two admins working
    at once never undo each other's work (``UndoError`` when they have none).  The choice and
    every check are made under the write lock.
    """
    actor = actor or default_actor()
    with write_transaction(db):
        target_id = change_id if change_id is not None else _last_undoable(db, actor)
        target = get_change(db, target_id)
        if target["undone_by"] is not None:
            raise UndoError(target_id, f"change {target_id} was already undone by change {target['undone_by']}")
        if target["action"] not in _UNDOABLE or target["via"] == "build":
            raise UndoError(target_id, f"change {target_id} ({target['action']}) cannot be undone")
        if target["action"] == "import":
            new_id = _undo_import(db, target, actor, via)
        elif target["action"] == "sync":
            from bot.data.sync_undo import undo_sync

            new_id = undo_sync(db, target, actor, via)
        elif target["action"] == "alias":  # data alias add (bot/data/aliases.py)
            from bot.data.aliases import undo_alias

            new_id = undo_alias(db, target, actor, via)
        else:
            new_id = _undo_row(db, target, actor, via)
        db.execute("UPDATE changes SET undone_by = ? WHERE id = ?", [new_id, target_id])
        if target["action"] == "undo" and target["undoes"] is not None:
            db.execute("UPDATE changes SET undone_by = NULL WHERE id = ?", [target["undoes"]])
        refresh_data_as_of(db)
    return view(db, get_change(db, new_id))


def _undo_row(db: sqlite_utils.Database, target: dict[str, Any], actor: str, via: str) -> int:
    table, row_id = target["table_name"], target["row_id"]
    if table not in ("events", "companies", "causes"):
        raise UndoError(target["id"], f"change {target['id']} on {table} cannot be undone")
    before = load_json(target["before"])
    blocking = _later_changes(db, table, [row_id], target["id"])
    if blocking:
        raise UndoError(
            target["id"],
            f"{table[:-1]} {row_id} changed again after change {target['id']}: undo change(s) "
            f"{', '.join(map(str, reversed(blocking)))} first",
            blocking,
        )
    current_rows = list(db.query(f"SELECT * FROM {table} WHERE id = ?", [row_id]))
    current = current_rows[0] if current_rows else None
    try:
        if before is None:  # undo an insert
            if current is not None:
                if table == "events":
                    linked = [
                        r[0]
                        for r in db.execute(
                            "SELECT id FROM events WHERE includes_event_id = ? OR part_of_event_id = ?", [row_id, row_id]
                        )
                    ]
                    if linked:
                        raise UndoError(target["id"], f"events {linked} link to event {row_id}: edit them first")
                db.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
        elif current is None:  # undo a deletion
            db.table(table).insert(before)
        else:
            columns = [c for c in before if c != "id"]
            db.execute(
                f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                [*(before[c] for c in columns), row_id],
            )
    except sqlite3.IntegrityError as exc:
        raise UndoError(target["id"], f"cannot undo change {target['id']}: {exc}") from exc
    restored = list(db.query(f"SELECT * FROM {table} WHERE id = ?", [row_id]))
    return record_change(
        db, actor=actor, via=via, action="undo", table_name=table, row_id=row_id,
        before=current, after=restored[0] if restored else None, undoes=target["id"],
        reason=f"undo of change {target['id']} ({target['action']})",
    )


def _undo_import(db: sqlite_utils.Database, target: dict[str, Any], actor: str, via: str) -> int:
    import_id = target["row_id"]
    event_ids = [r[0] for r in db.execute("SELECT id FROM events WHERE import_id = ?", [import_id])]
    blocking = [
        c
        for c in _later_changes(db, "events", event_ids, target["id"])
        if get_change(db, c)["import_id"] != import_id
    ]
    if blocking:
        raise UndoError(
            target["id"],
            f"rows of import {import_id} were changed after it: undo change(s) {', '.join(map(str, reversed(blocking)))} first",
            blocking,
        )
    outside = db.execute(
        "SELECT count(*) FROM events WHERE import_id IS NOT ? AND (includes_event_id IN (SELECT id FROM events WHERE import_id = ?)"
        " OR part_of_event_id IN (SELECT id FROM events WHERE import_id = ?))",
        [import_id, import_id, import_id],
    ).fetchone()[0]
    if outside:
        raise UndoError(target["id"], f"{outside} other event(s) link to rows of import {import_id}: edit them first")
    db.execute("UPDATE events SET includes_event_id = NULL, part_of_event_id = NULL WHERE import_id = ?", [import_id])
    db.execute("DELETE FROM events WHERE import_id = ?", [import_id])
    warn_removed = db.execute("DELETE FROM warn_notices WHERE import_id = ?", [import_id]).rowcount  # a WARN import
    created = [
        r[0]
        for r in db.execute(
            "SELECT row_id FROM changes WHERE import_id = ? AND action = 'company' AND table_name = 'companies'",
            [import_id],
        )
    ]
    for company_id in created:
        in_use = db.execute(
            "SELECT (SELECT count(*) FROM events WHERE company_id = ?) + (SELECT count(*) FROM aliases WHERE company_id = ?)"
            " + (SELECT count(*) FROM subscriptions WHERE company_id = ?)",
            [company_id, company_id, company_id],
        ).fetchone()[0]
        if not in_use:
            db.execute("DELETE FROM companies WHERE id = ?", [company_id])
    db.execute("UPDATE imports SET state = 'undone' WHERE id = ?", [import_id])
    new_id = record_change(
        db, actor=actor, via=via, action="undo", table_name="imports", row_id=import_id,
        before=load_json(target["after"]), after={"state": "undone", "removed_events": len(event_ids), **({"removed_warn_notices": warn_removed} if warn_removed else {})},
        undoes=target["id"], import_id=import_id, reason=f"undo of import {import_id}",
    )
    db.execute(
        "UPDATE changes SET undone_by = ? WHERE import_id = ? AND action IN ('add', 'company') AND undone_by IS NULL",
        [new_id, import_id],
    )
    return new_id
