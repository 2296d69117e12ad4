"""Legal names in WARN notices ("Amazon.com Services LLC", "Meta Platforms, Inc.") -> companies.

WARN filings name the legal employer, not the brand.  :func:`resolve_legal_name` tries the
aliases (:class:`~bot.data.registry.CompanyRegistry`) with the name as filed, then with the
ordered rules of :data:`SUFFIX_RULES` applied one after another, and stops at the first form
that is an alias or a company name.  A rule only ever *removes* words at the end of the name
(or a clearly separated tail), so a name maps only when what is left is already a known name:
"Amazon.com Services LLC" -> "Amazon.com Services" -> "Amazon.com" (an alias of Amazon).

Lookup strategy, in order (each step on the result of the previous one):

1. the name as filed (trimmed, case-insensitive), as an alias or a company name;
2. ``parenthesis``: without a parenthesised part ("Acme (Austin plant)" -> "Acme");
3. ``dba``: the trade name after "d/b/a" / "dba" / "doing business as", then the part before it;
4. ``dash``: the part before " - " ("Amazon - Fulfillment Center" -> "Amazon");
5. ``legal form``: trailing legal forms, repeatedly (Inc, Incorporated, LLC, L.L.C., Corp,
   Corporation, Co, Company, Ltd, Limited, LP, LLP, PLC, PLLC, PC, N.A., GmbH, S.A., AG, B.V.),
   with their commas and dots ("Meta Platforms, Inc." -> "Meta Platforms");
6. ``business unit``: one trailing unit word, repeatedly, each followed by step 5 again
   (Services, Service, Operations, Platforms, Technologies, Technology, Holdings, Group,
   International, Global, USA, US, U.S., America, North America, Worldwide, Enterprises,
   Solutions, Digital, Online) — "Google Operations LLC" -> "Google";
7. ``web suffix``: ".com", ".net", ".io", ".ai" at the end of a word ("Amazon.com" -> "Amazon").

An alias flagged ``ambiguous`` (ordinary words: Zoom, Snap, Block, X) is accepted only from
steps 1-5: "Block, Inc." is Block, "Block Services Group" is not.  Names that resolve to
nothing are reported by the WARN import for an admin to map (``layoffbot data alias add``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from bot.data.registry import CompanyRegistry
from bot.data.validation import normalize_alias

__all__ = ["SUFFIX_RULES", "LegalNameMatch", "LegalNameResolver", "name_variants", "resolve_legal_name"]

_LEGAL_FORMS = (
    r"inc|incorporated|llc|l\.l\.c|corp|corporation|co|company|ltd|limited|lp|l\.p|llp|plc|pllc|pc|p\.c|"
    r"n\.a|na|gmbh|s\.a|sa|ag|b\.v|bv"
)
_LEGAL_TAIL = re.compile(rf"(?:[\s,]+(?:{_LEGAL_FORMS})\.?)+\s*$", re.IGNORECASE)
_UNITS = (
    r"services|service|operations|platforms|technologies|technology|holdings|group|international|global|"
    r"usa|us|u\.s\.?|america|north america|worldwide|enterprises|solutions|digital|online"
)
_UNIT_TAIL = re.compile(rf"[\s,]+(?:{_UNITS})\.?\s*$", re.IGNORECASE)
_PARENS = re.compile(r"\s*\([^)]*\)\s*")
_DBA = re.compile(r"\s+(?:d/b/a|dba|d\.b\.a\.?|doing business as)\s+", re.IGNORECASE)
_DASH = re.compile(r"\s+[-\u2013\u2014]\s+")
_WEB = re.compile(r"\.(?:com|net|io|ai)\b", re.IGNORECASE)


def _strip_legal(name: str) -> list[str]:
    stripped = _LEGAL_TAIL.sub("", name).strip(" ,.")
    return [stripped] if stripped and stripped != name else []


def _parenthesis(name: str) -> list[str]:
    stripped = _PARENS.sub(" ", name).strip()
    return [stripped] if stripped and stripped != name else []


def _dba(name: str) -> list[str]:
    parts = _DBA.split(name, maxsplit=1)
    return [parts[1].strip(), parts[0].strip()] if len(parts) == 2 else []


def _dash(name: str) -> list[str]:
    parts = _DASH.split(name, maxsplit=1)
    return [parts[0].strip()] if len(parts) == 2 and parts[0].strip() else []


def _units(name: str) -> list[str]:
    out: list[str] = []
    current = name
    while True:
        stripped = _UNIT_TAIL.sub("", current).strip(" ,.")
        if not stripped or stripped == current:
            return out
        out.append(stripped)
        legal = _strip_legal(stripped)  # "Amazon Services, Inc. Services" -> "Amazon Services" -> "Amazon"
        out.extend(legal)
        current = legal[0] if legal else stripped


def _web(name: str) -> list[str]:
    stripped = _WEB.sub("", name).strip()
    return [stripped] if stripped and stripped != name else []


#: The ordered rules: (name, may an ``ambiguous`` alias match, variants of a name).
SUFFIX_RULES: tuple[tuple[str, bool, Callable[[str], list[str]]], ...] = (
    ("parenthesis", True, _parenthesis),
    ("dba", True, _dba),
    ("dash", True, _dash),
    ("legal form", True, _strip_legal),
    ("business unit", False, _units),
    ("web suffix", False, _web),
)


def name_variants(name: str) -> list[tuple[str, str, bool]]:
    """Every form the rules make of ``name``, in order: ``(form, rule, ambiguous ok)``.

    Each rule runs on every form found so far, so "Amazon.com Services LLC" gives
    "Amazon.com Services" (legal form), "Amazon.com" (business unit), "Amazon" (web suffix).
    """
    forms: list[tuple[str, str, bool]] = [(name.strip(), "as filed", True)]
    seen = {normalize_alias(name)}
    for rule, ambiguous_ok, make in SUFFIX_RULES:
        for form, _, earlier_ok in list(forms):
            for variant in make(form):
                key = normalize_alias(variant)
                if key and key not in seen:
                    seen.add(key)
                    forms.append((variant, rule, ambiguous_ok and earlier_ok))
    return forms


@dataclass(frozen=True, slots=True)
class LegalNameMatch:
    company_id: int
    company: str
    division: str | None
    matched: str
    """The form that matched ("Amazon.com")."""
    rule: str
    """The rule that made it ("as filed", "legal form", "business unit"...)."""


class LegalNameResolver:
    """Resolves legal names against one loaded registry (one per import), caching answers."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.registry = CompanyRegistry(db)
        self.ambiguous = {r[0] for r in db.execute("SELECT alias FROM aliases WHERE ambiguous = 1")}
        self._cache: dict[str, LegalNameMatch | None] = {}

    def resolve(self, name: str) -> LegalNameMatch | None:
        key = normalize_alias(name)
        if key not in self._cache:
            self._cache[key] = self._resolve(name)
        return self._cache[key]

    def _resolve(self, name: str) -> LegalNameMatch | None:
        for form, rule, ambiguous_ok in name_variants(name):
            if not ambiguous_ok and normalize_alias(form) in self.ambiguous:
                continue
            hit = self.registry.resolve(form)
            if hit is not None:
                return LegalNameMatch(hit[0], hit[1], hit[2], form, rule)
        return None


def resolve_legal_name(db: sqlite_utils.Database, name: str) -> LegalNameMatch | None:
    """One-off :meth:`LegalNameResolver.resolve` (an import keeps one resolver instead)."""
    return LegalNameResolver(db).resolve(name)
