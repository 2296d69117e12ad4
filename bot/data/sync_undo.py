"""Undo of a whole ``data sync``: rows it updated or flagged are put back, rows it added removed.

Called by :func:`bot.data.store.undo` inside its transaction.  Refused (with the changes to
undo first) when a row the sync touched was changed again afterwards, or when another row
links to a row it added.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from bot.data.audit import record_change
from bot.data.history import load_json
from bot.data.validation import UndoError

__all__ = ["undo_sync"]


def undo_sync(db: sqlite_utils.Database, target: dict[str, Any], actor: str, via: str) -> int:
    """Revert sync ``target`` (its ``sync`` change); returns the id of the ``undo`` change."""
    import_id = target["row_id"]
    rows = list(db.execute(
        "SELECT id, action, table_name, row_id, before FROM changes WHERE import_id = ?"
        " AND action IN ('sync-edit', 'add', 'company') AND undone_by IS NULL ORDER BY id",
        [import_id],
    ))
    event_ids = [r[3] for r in rows if r[2] == "events"]
    blocking: list[int] = []
    for start in range(0, len(event_ids), 500):
        chunk = event_ids[start : start + 500]
        blocking += [r[0] for r in db.execute(
            f"SELECT id FROM changes WHERE table_name = 'events' AND row_id IN ({','.join('?' * len(chunk))})"
            " AND id > ? AND undone_by IS NULL AND action NOT IN ('undo', 'denied') AND import_id IS NOT ?",
            [*chunk, target["id"], import_id],
        )]
    if blocking:
        raise UndoError(
            target["id"],
            f"rows of sync {import_id} were changed after it: undo change(s) "
            f"{', '.join(map(str, sorted(blocking, reverse=True)))} first",
            sorted(blocking),
        )
    added = [r[3] for r in rows if r[1] == "add"]
    linked = 0
    for start in range(0, len(added), 500):
        chunk = added[start : start + 500]
        marks = ",".join("?" * len(chunk))
        linked += db.execute(
            f"SELECT count(*) FROM events WHERE (includes_event_id IN ({marks}) OR part_of_event_id IN ({marks}))"
            " AND import_id IS NOT ?", [*chunk, *chunk, import_id],
        ).fetchone()[0]
    if linked:
        raise UndoError(target["id"], f"{linked} other event(s) link to rows sync {import_id} added: edit them first")
    restored = 0
    for _change_id, action, table, row_id, before_text in reversed(rows):
        if action != "sync-edit" or table != "events":
            continue
        before = load_json(before_text) or {}
        columns = [c for c in before if c != "id"]
        db.execute(f"UPDATE events SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                   [*(before[c] for c in columns), row_id])
        restored += 1
    db.execute("DELETE FROM events WHERE import_id = ?", [import_id])
    for _change_id, action, table, row_id, _before in rows:
        if action == "company" and table == "companies":
            in_use = db.execute(
                "SELECT (SELECT count(*) FROM events WHERE company_id = ?) + (SELECT count(*) FROM aliases WHERE company_id = ?)"
                " + (SELECT count(*) FROM subscriptions WHERE company_id = ?)", [row_id, row_id, row_id],
            ).fetchone()[0]
            if not in_use:
                db.execute("DELETE FROM companies WHERE id = ?", [row_id])
    db.execute("UPDATE imports SET state = 'undone' WHERE id = ?", [import_id])
    new_id = record_change(
        db, actor=actor, via=via, action="undo", table_name="imports", row_id=import_id,
        before=load_json(target["after"]),
        after={"state": "undone", "removed_events": len(added), "restored_events": restored},
        undoes=target["id"], import_id=import_id, reason=f"undo of sync {import_id}",
    )
    db.execute(
        "UPDATE changes SET undone_by = ? WHERE import_id = ? AND action IN ('sync-edit', 'add', 'company')"
        " AND undone_by IS NULL", [new_id, import_id],
    )
    return new_id
