"""CSV cells that never run as spreadsheet formulas, and come back unchanged on re-import.

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula: an exported note ``=HYPERLINK("http://evil", "click")`` or
``+cmd|' /C calc'!A0`` would run when an admin opens the export.  OWASP's CSV-injection rule:
prefix such a cell with a single quote, which spreadsheets show as text and never evaluate.

The guard is reversible: :func:`guard_cell` also quotes a value that already starts with quotes
followed by a trigger character (``'=x`` becomes ``''=x``), so :func:`unguard_cell`, which drops
exactly one leading quote when what follows is quotes and then a trigger, gives back the value
that was exported, whatever it was.  Every CSV layoffbot writes goes through :func:`guard_row`;
the importer and the dataset build read cells through :func:`unguard_cell`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["FORMULA_TRIGGERS", "guard_cell", "guard_row", "unguard_cell"]

#: First characters that make a spreadsheet evaluate a cell.
FORMULA_TRIGGERS = frozenset("=+-@\t\r")


def _needs_guard(text: str) -> bool:
    return text.lstrip("'")[:1] in FORMULA_TRIGGERS


def guard_cell(value: Any) -> Any:
    """``'`` + the text when a spreadsheet would run it; numbers and other text as they are."""
    if isinstance(value, str) and value and _needs_guard(value):
        return "'" + value
    return value


def guard_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """Every cell of a row to be written as CSV, guarded (``None`` becomes an empty cell)."""
    return {key: "" if value is None else guard_cell(value) for key, value in row.items()}


def unguard_cell(text: str) -> str:
    """Undo :func:`guard_cell` on a cell as read from a CSV: ``unguard_cell(guard_cell(s)) == s``."""
    if text.startswith("'") and _needs_guard(text[1:]):
        return text[1:]
    return text
