"""The data layer's company registry: canonical names and aliases, for writes (imports, admin
edits) that must resolve a name exactly or refuse it.  Question understanding has its own,
fuzzier index (:class:`bot.nlu.companies.CompanyIndex`)."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from bot.data.validation import (
    UnknownCompanyError,
    ValidationError,
    clean_name,
    normalize_alias,
)

__all__ = ["CompanyRegistry", "resolve_company"]


class CompanyRegistry:
    """Company names and aliases, loaded once per operation.

    Lookup order: an alias (normalised: lower case, single spaces; may carry a division),
    then a company's canonical name (case-insensitive).
    """

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.by_name: dict[str, tuple[int, str]] = {}
        for company_id, name in db.execute("SELECT id, name FROM companies"):
            self.by_name[normalize_alias(name)] = (company_id, name)
        self.names = {cid: name for cid, name in self.by_name.values()}
        self.aliases: dict[str, tuple[int, str | None]] = {}
        for alias, company_id, division in db.execute("SELECT alias, company_id, division FROM aliases"):
            self.aliases[alias] = (company_id, division)

    def resolve(self, name: str) -> tuple[int, str, str | None] | None:
        """``(company_id, canonical name, division or None)``, or ``None`` when unknown."""
        key = normalize_alias(name)
        hit = self.aliases.get(key)
        if hit is not None:
            return hit[0], self.names[hit[0]], hit[1]
        found = self.by_name.get(key)
        if found is not None:
            return found[0], found[1], None
        return None

    def create(self, name: str, **attributes: Any) -> int:
        """Insert a company (inside the caller's transaction) and index it."""
        values = {k: v for k, v in attributes.items() if v is not None}
        cursor = self.db.execute(
            f"INSERT INTO companies (name{''.join(', ' + k for k in values)}) VALUES (?{', ?' * len(values)})",
            [name, *values.values()],
        )
        company_id = int(cursor.lastrowid or 0)
        self.by_name[normalize_alias(name)] = (company_id, name)
        self.names[company_id] = name
        return company_id

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        try:
            from rapidfuzz import process
        except ImportError:  # pragma: no cover - rapidfuzz is a core dependency
            return []
        choices = list(self.names.values())
        return [match for match, score, _ in process.extract(name, choices, limit=limit) if score >= 70]



def resolve_company(
    db: sqlite_utils.Database, name: Any, *, new_company: bool = False
) -> tuple[int | None, str, str | None]:
    """``(company_id, canonical name, alias division)``; id ``None`` means "create it".

    Unknown names raise :class:`UnknownCompanyError` (with suggestions) unless ``new_company``.
    """
    clean = clean_name(name)
    if clean is None:
        raise ValidationError("company", "a company name (required)", name)
    companies = CompanyRegistry(db)
    found = companies.resolve(clean)
    if found is not None:
        return found
    if not new_company:
        raise UnknownCompanyError(clean, companies.suggest(clean))
    return None, clean, None
