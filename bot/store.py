"""Validated, audited writes to the dataset: the one write path of the CLI and of chat admins.

Every function validates all its inputs first (raising :class:`~bot.validation.ValidationError`
with ``field`` and ``rule``, nothing written), then writes inside ``with db.atomic():``
together with a ``changes`` row holding the row before and after (JSON), the actor and the
channel (``via``: cli, slack, discord).  Admin rights are *not* checked here: that is
:mod:`bot.admin`'s job; the CLI is trusted (it has the database file).

Undo strategy, in order: the change must exist, not be undone yet, and be of an undoable kind;
the row must still be as that change left it (else :class:`~bot.validation.UndoError` names
the later changes to undo first); then the row is put back as it was before, an ``undo``
change is recorded and the original is marked ``undone_by``.  Undoing an import deletes its
rows (and the companies it created that nothing else uses).  Undoing an undo re-applies it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from bot.db import SUMMED_STATUSES, schema_version
from bot.importer import (
    EVENT_COLUMNS,
    CompanyIndex,
    default_actor,
    event_row,
    now_iso,
    record_change,
    refresh_data_as_of,
)
from bot.validation import (
    DataError,
    NotFoundError,
    UndoError,
    UnknownCompanyError,
    ValidationError,
    clean_country,
    clean_name,
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
EXPORT_COLUMNS = (
    "id",
    "company",
    "division",
    "date",
    "count",
    "percentage",
    "percentage_basis",
    "status",
    "location",
    "country",
    "source",
    "announced_count",
    "includes_event_id",
    "part_of_event_id",
    "other_sources",
    "unsourced",
    "note",
    "industry",
    "stage",
    "funds_raised_musd",
    "date_added",
    "origin",
    "curation_key",
)
_UNDOABLE = ("add", "edit", "retract", "confirm", "import", "company", "undo")


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


@dataclass(slots=True)
class ChangeView:
    """One audit-log entry, ready to show."""

    id: int
    at: str
    actor: str
    via: str
    action: str
    table_name: str
    row_id: int | None
    company: str | None
    summary: str
    reason: str | None = None
    import_id: int | None = None
    undoes: int | None = None
    undone_by: int | None = None
    before: dict[str, Any] | None = field(default=None, repr=False)
    after: dict[str, Any] | None = field(default=None, repr=False)


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


def resolve_company(
    db: sqlite_utils.Database, name: Any, *, new_company: bool = False
) -> tuple[int | None, str, str | None]:
    """``(company_id, canonical name, alias division)``; id ``None`` means "create it".

    Unknown names raise :class:`UnknownCompanyError` (with suggestions) unless ``new_company``.
    """
    clean = clean_name(name)
    if clean is None:
        raise ValidationError("company", "a company name (required)", name)
    companies = CompanyIndex(db)
    found = companies.resolve(clean)
    if found is not None:
        return found
    if not new_company:
        raise UnknownCompanyError(clean, companies.suggest(clean))
    return None, clean, None


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
    if company_id is not None:
        warnings = _near_rounds(db, company_id, row["date"], row["count"])
    with db.atomic():
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
        event_id = int(db.table("events").insert(row).last_pk)
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
    before = _public(get_event(db, event_id))
    merged = {**before, **values}
    _check_row(merged, event_id)
    values = {k: merged[k] for k in values} | (
        {"percentage_basis": merged["percentage_basis"]} if "percentage" in values else {}
    )
    changed = {k: v for k, v in values.items() if before.get(k) != v}
    if not changed:
        return WriteResult(action, get_event(db, event_id), None, before)
    with db.atomic():
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


def _load_json(text: str | None) -> dict[str, Any] | None:
    return None if text is None else json.loads(text)


def get_change(db: sqlite_utils.Database, change_id: int) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM changes WHERE id = ?", [change_id]))
    if not rows:
        raise NotFoundError("change", change_id)
    return rows[0]


def _last_undoable(db: sqlite_utils.Database) -> int:
    row = db.execute(
        "SELECT id FROM changes WHERE undone_by IS NULL AND action IN ('add', 'edit', 'retract', 'confirm', 'import', 'company')"
        " AND via != 'build' AND NOT (import_id IS NOT NULL AND action IN ('add', 'company'))"
        " ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        raise UndoError(None, "nothing to undo")
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
    """Undo a change (default: the latest undoable one); returns the new ``undo`` change."""
    actor = actor or default_actor()
    target_id = change_id if change_id is not None else _last_undoable(db)
    target = get_change(db, target_id)
    if target["undone_by"] is not None:
        raise UndoError(target_id, f"change {target_id} was already undone by change {target['undone_by']}")
    if target["action"] not in _UNDOABLE or target["via"] == "build":
        raise UndoError(target_id, f"change {target_id} ({target['action']}) cannot be undone")
    with db.atomic():
        if target["action"] == "import":
            new_id = _undo_import(db, target, actor, via)
        else:
            new_id = _undo_row(db, target, actor, via)
        db.execute("UPDATE changes SET undone_by = ? WHERE id = ?", [new_id, target_id])
        if target["action"] == "undo" and target["undoes"] is not None:
            db.execute("UPDATE changes SET undone_by = NULL WHERE id = ?", [target["undoes"]])
        refresh_data_as_of(db)
    return _view(db, get_change(db, new_id))


def _undo_row(db: sqlite_utils.Database, target: dict[str, Any], actor: str, via: str) -> int:
    table, row_id = target["table_name"], target["row_id"]
    if table not in ("events", "companies"):
        raise UndoError(target["id"], f"change {target['id']} on {table} cannot be undone")
    before, after = _load_json(target["before"]), _load_json(target["after"])
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
        before=_load_json(target["after"]), after={"state": "undone", "removed_events": len(event_ids)},
        undoes=target["id"], import_id=import_id, reason=f"undo of import {import_id}",
    )
    db.execute(
        "UPDATE changes SET undone_by = ? WHERE import_id = ? AND action IN ('add', 'company') AND undone_by IS NULL",
        [new_id, import_id],
    )
    return new_id


# --------------------------------------------------------------------------- history


def _fmt_count(value: Any) -> str:
    return "undisclosed" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def _summary(change: dict[str, Any], names: dict[int, str]) -> str:
    before, after = _load_json(change["before"]), _load_json(change["after"])
    action, table, row_id = change["action"], change["table_name"], change["row_id"]
    row = after or before or {}
    if table == "events":
        what = f"event #{row_id}: {names.get(row.get('company_id') or 0, '?')} {row.get('date')} {_fmt_count(row.get('count'))} ({row.get('status')})"
        if action in ("edit", "confirm", "retract", "undo") and before and after:
            diffs = [
                f"{k} {_fmt_count(before.get(k)) if k == 'count' else before.get(k)!r} → {_fmt_count(after.get(k)) if k == 'count' else after.get(k)!r}"
                for k in after
                if before.get(k) != after.get(k) and k not in ("note",)
            ]
            if any(before.get("note") != after.get("note") for _ in [0]):
                diffs.append("note changed")
            return f"{action} {what}" + (f" — {'; '.join(diffs)}" if diffs else "")
        if action == "undo" and after is None:
            return f"undo (removed) {what}"
        return f"{action} {what}"
    if table == "imports":
        data = after or {}
        if action == "import":
            return (
                f"import #{row_id} of {data.get('file_name')}: {data.get('added', 0):,} added, "
                f"{data.get('duplicates', 0):,} duplicates, {data.get('flagged', 0):,} flagged"
            )
        return f"{action} import #{row_id}" + (f" ({data.get('removed_events', 0):,} events removed)" if after else "")
    if table == "companies":
        return f"{action} company #{row_id}: {row.get('name')}"
    if table == "admins":
        return f"{action} admin {row.get('platform')} {row.get('kind')} {row.get('ident')}"
    if table == "subscriptions":
        return f"{action} subscription {row.get('platform')} {row.get('channel')} {row.get('company') or 'all companies'}"
    if action == "build":
        data = after or {}
        return f"build from data/ ({data.get('base_rows', 0):,} layoffs.fyi rows, {data.get('curated', 0)} curated rows)"
    return f"{action} {table}" + (f" #{row_id}" if row_id else "")


def _company_names(db: sqlite_utils.Database) -> dict[int, str]:
    return {r[0]: r[1] for r in db.execute("SELECT id, name FROM companies")}


def _view(db: sqlite_utils.Database, change: dict[str, Any], names: dict[int, str] | None = None) -> ChangeView:
    names = names if names is not None else _company_names(db)
    before, after = _load_json(change["before"]), _load_json(change["after"])
    company_id = (after or before or {}).get("company_id") if change["table_name"] == "events" else None
    return ChangeView(
        id=change["id"],
        at=change["at"],
        actor=change["actor"],
        via=change["via"],
        action=change["action"],
        table_name=change["table_name"],
        row_id=change["row_id"],
        company=names.get(company_id) if company_id else None,
        summary=_summary(change, names),
        reason=change["reason"],
        import_id=change["import_id"],
        undoes=change["undoes"],
        undone_by=change["undone_by"],
        before=before,
        after=after,
    )


def history(
    db: sqlite_utils.Database,
    *,
    company: str | None = None,
    event_id: int | None = None,
    limit: int = 20,
) -> list[ChangeView]:
    """Recent changes, newest first.  With ``company``: changes to that company's rounds
    (including each row an import added); without: one line per import, not per row."""
    where, params = ["1 = 1"], []  # type: ignore[var-annotated]
    if company:
        company_id, _, _ = resolve_company(db, company)
        where.append(
            "table_name = 'events' AND (json_extract(after, '$.company_id') = ? OR json_extract(before, '$.company_id') = ?)"
        )
        params += [company_id, company_id]
    elif event_id is not None:
        where.append("table_name = 'events' AND row_id = ?")
        params.append(event_id)
    else:
        where.append("NOT (import_id IS NOT NULL AND action IN ('add', 'company'))")
    params.append(max(1, int(limit)))
    rows = list(db.query(f"SELECT * FROM changes WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?", params))
    names = _company_names(db)
    return [_view(db, row, names) for row in rows]


# --------------------------------------------------------------------------- export, stats


def export_events(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """One dict per event (every status), in :data:`EXPORT_COLUMNS` order, by date then id."""
    select = ", ".join("c.name AS company" if c == "company" else f"e.{c}" for c in EXPORT_COLUMNS)
    return list(db.query(f"SELECT {select} FROM events e JOIN companies c ON c.id = e.company_id ORDER BY e.date, e.id"))


def stats(db: sqlite_utils.Database) -> dict[str, Any]:
    """Counts for ``data stats`` (and an admin's "status" command)."""
    one = lambda sql, *p: db.execute(sql, p).fetchone()[0]  # noqa: E731
    summed = ", ".join(f"'{s}'" for s in SUMMED_STATUSES)
    meta = {r[0]: r[1] for r in db.execute("SELECT key, value FROM meta")}
    return {
        "schema_version": schema_version(db),
        "events": one("SELECT count(*) FROM events"),
        "by_status": {r[0]: r[1] for r in db.execute("SELECT status, count(*) FROM events GROUP BY status ORDER BY 2 DESC")},
        "by_origin": {r[0]: r[1] for r in db.execute("SELECT origin, count(*) FROM events GROUP BY origin ORDER BY 2 DESC")},
        "undisclosed_rounds": one(f"SELECT count(*) FROM events WHERE count IS NULL AND status IN ({summed})"),
        "summed_total": one(
            f"SELECT coalesce(sum(count), 0) FROM events WHERE status IN ({summed}) AND part_of_event_id IS NULL"
        ),
        "unsourced": one("SELECT count(*) FROM events WHERE unsourced = 1"),
        "first_date": one("SELECT min(date) FROM events"),
        "last_date": one("SELECT max(date) FROM events"),
        "companies": one("SELECT count(*) FROM companies"),
        "aliases": one("SELECT count(*) FROM aliases"),
        "aggregates": one("SELECT count(*) FROM aggregates"),
        "imports": one("SELECT count(*) FROM imports WHERE state = 'done'"),
        "changes": one("SELECT count(*) FROM changes"),
        "admins": one("SELECT count(*) FROM admins"),
        "subscriptions": one("SELECT count(*) FROM subscriptions"),
        "data_as_of": meta.get("data_as_of"),
        "base_as_of": meta.get("base_as_of"),
        "built_from": meta.get("built_from"),
        "built_at": meta.get("built_at"),
        "initialized": meta.get("initialized"),
    }
