"""Adding an alias (``layoffbot data alias add ALIAS COMPANY [--division D]``), audited and undoable.

WARN notices name legal employers ("Amazon.com Services LLC"); the WARN import lists the names
no alias matched, and an admin maps each with this.  Adding an alias also resolves the
``warn_notices`` already imported under that legal name (so the answers count them at once),
inside the same transaction and the same audited change; undoing it puts both back.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from bot.data.audit import default_actor, record_change
from bot.data.db import write_transaction
from bot.data.history import load_json
from bot.data.registry import resolve_company
from bot.data.validation import (
    DataError,
    ValidationError,
    clean_name,
    clean_text,
    normalize_alias,
)

__all__ = ["AliasResult", "add_alias", "undo_alias"]


class AliasResult(dict[str, Any]):
    """``alias``, ``company``, ``division``, ``notices`` (WARN notices it resolved), ``change_id``."""


def add_alias(
    db: sqlite_utils.Database,
    alias: str,
    company: str,
    *,
    division: str | None = None,
    actor: str | None = None,
    via: str = "cli",
) -> AliasResult:
    """Map ``alias`` to ``company`` (an existing company or alias; optionally a division of it).

    Refused (nothing written) when the alias is blank, the company unknown, or the alias
    already maps to a company (a different one: say which; the same: nothing to do).
    """
    actor = actor or default_actor()
    display = clean_name(alias)
    if display is None:
        raise ValidationError("alias", "a name (required)", alias)
    key = normalize_alias(display)
    company_id, canonical, alias_division = resolve_company(db, company)
    assert company_id is not None
    division = clean_text(division) or alias_division
    with write_transaction(db):  # the write lock first: the checks below still hold at commit
        current = db.execute(
            "SELECT c.name, a.division FROM aliases a JOIN companies c ON c.id = a.company_id WHERE a.alias = ?", [key]
        ).fetchone()
        if current is not None:
            where = current[0] + (f" / {current[1]}" if current[1] else "")
            raise DataError(f"alias: “{display}” already maps to {where}")
        named = db.execute("SELECT name FROM companies WHERE name = ? COLLATE NOCASE AND id != ?", [display, company_id]).fetchone()
        if named is not None:
            raise DataError(f"alias: “{display}” is the name of another company ({named[0]})")
        rowid = int(db.execute(
            "INSERT INTO aliases (alias, display, company_id, division, ambiguous) VALUES (?, ?, ?, ?, 0)",
            [key, display, company_id, division],
        ).lastrowid or 0)
        notices = [r[0] for r in db.execute(
            "SELECT id FROM warn_notices WHERE company_id IS NULL AND lower(company) = ?", [key]
        )]
        db.execute(
            "UPDATE warn_notices SET company_id = ?, division = ? WHERE company_id IS NULL AND lower(company) = ?",
            [company_id, division, key],
        )
        after = {"alias": key, "display": display, "company_id": company_id, "company": canonical,
                 "division": division, "warn_notices": notices}
        change_id = record_change(db, actor=actor, via=via, action="alias", table_name="aliases", row_id=rowid,
                                  before=None, after=after)
    return AliasResult(alias=display, company=canonical, division=division, notices=len(notices), change_id=change_id)


def undo_alias(db: sqlite_utils.Database, target: dict[str, Any], actor: str, via: str) -> int:
    """Undo an ``alias`` change (inside the caller's transaction): remove the alias, and
    unresolve the WARN notices it resolved.  Returns the ``undo`` change's id."""
    after = load_json(target["after"]) or {}
    db.execute("DELETE FROM aliases WHERE alias = ?", [after.get("alias")])
    notices = list(after.get("warn_notices") or [])
    for start in range(0, len(notices), 500):
        chunk = notices[start : start + 500]
        db.execute(
            f"UPDATE warn_notices SET company_id = NULL, division = NULL WHERE id IN ({','.join('?' * len(chunk))})", chunk
        )
    return record_change(
        db, actor=actor, via=via, action="undo", table_name="aliases", row_id=target["row_id"], before=after,
        after=None, undoes=target["id"], reason=f"undo of change {target['id']} (alias {after.get('display')})",
    )
