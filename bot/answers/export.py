"""Answers as files: "export", "as csv", "as json" on any question.

Three pieces, each one function:

- :func:`export_request` finds the file words in a question (a table of rules, each a
  pattern and the formats it asks for) and returns the formats and the question without them,
  so understanding (:mod:`bot.nlu`) never sees them;
- :func:`attach_export` marks the :class:`~bot.reply.Reply` (``reply.export``) and fills
  ``reply.export_rows`` with the answer's rows — rounds with the columns of ``layoffbot data
  export`` (:data:`bot.data.layouts.EXPORT_COLUMNS`, read from the database by id), companies
  (rankings, comparisons) with the ranking's columns;
- :func:`export_files` turns a marked Reply into files (name, type, bytes) for any adapter.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) get a leading single quote through :func:`bot.data.csv_safety.guard_cell`,
the same guard as ``data export``; numbers stay numbers.  JSON keeps the values as they are (no spreadsheet reads it).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass
from typing import Any

import sqlite_utils

from bot.answers.query import in_clause
from bot.data.csv_safety import guard_cell
from bot.data.layouts import EXPORT_COLUMNS
from bot.reply import CompanyRow, Reply, RoundRow

__all__ = [
    "FORMATS", "COMPANY_COLUMNS", "ExportFile", "export_request", "attach_export", "export_files",
]

#: File formats, in the order files are attached.
FORMATS = ("csv", "json")
#: Columns of a company row (rank, compare, overview).
COMPANY_COLUMNS = tuple(CompanyRow.__dataclass_fields__)

_FORMAT = r"(csv|json)"
#: (pattern, formats it asks for; () = the formats named in the match, else CSV).
_RULES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    # "as csv", "to json", "in csv and json", "as a csv file"
    (re.compile(rf"\b(?:as|in|to|into)\s+(?:an?\s+)?{_FORMAT}(?:\s*(?:and|&|\+|,)\s*{_FORMAT})?(?:\s+files?)?\b", re.I), ()),
    # "export", "export this", "exported"
    (re.compile(r"\bexport(?:ed|ing)?\b(?:\s+(?:it|this|that|them)\b)?", re.I), ()),
    # "download", "download it"
    (re.compile(r"\bdownload(?:able)?\b(?:\s+(?:it|this|that|them)\b)?", re.I), ()),
    # "as a spreadsheet", "as a file", "spreadsheet"
    (re.compile(r"\b(?:as\s+an?\s+)?(?:spreadsheet|file)\b", re.I), ("csv",)),
    # a bare "csv" / "json" ("Amazon layoffs csv", "json please")
    (re.compile(rf"\b{_FORMAT}(?:\s+files?)?\b", re.I), ()),
)
_FILE_WORD = re.compile(r"\b(?:export|download|csv|json|spreadsheet)|\bas an? file\b", re.I)
_LEFTOVER = re.compile(r"^[\s,;:.\-–—]+|[\s,;:\-–—]+$")
_POLITE = re.compile(r"\b(?:please|pls|plz)\b", re.I)


@dataclass(frozen=True, slots=True)
class ExportFile:
    filename: str
    mimetype: str
    content: bytes
    title: str


def export_request(text: str) -> tuple[list[str], str]:
    """(formats asked for, the question without the file words); ``([], text)`` when none."""
    if not text or not _FILE_WORD.search(text):
        return [], text
    named: set[str] = set()
    asked = False
    rest = text
    for pattern, formats in _RULES:
        for match in pattern.finditer(rest):
            asked = True
            named.update(g.lower() for g in match.groups() if g)
            named.update(formats)
        rest = pattern.sub(" ", rest)
    if not asked:
        return [], text
    rest = _POLITE.sub(" ", rest)
    rest = _LEFTOVER.sub("", re.sub(r"\s+", " ", rest)).strip()
    return [f for f in FORMATS if f in named] or ["csv"], rest


def _round_rows(db: sqlite_utils.Database, reply: Reply) -> list[dict[str, Any]]:
    ids: list[int] = []
    for row in [*reply.rows, *reply.planned]:
        if isinstance(row, RoundRow) and row.id is not None and row.id not in ids:
            ids.append(row.id)
    if not ids:
        return []
    select = ", ".join("c.name AS company" if c == "company" else f"e.{c}" for c in EXPORT_COLUMNS)
    clause = in_clause("e.id", ids)
    found = {
        row["id"]: row
        for row in db.query(f"SELECT {select} FROM events e JOIN companies c ON c.id = e.company_id WHERE {clause.sql}",
                            clause.params)
    }
    return [found[i] for i in ids if i in found]


def attach_export(db: sqlite_utils.Database, reply: Reply, formats: list[str]) -> Reply:
    """Mark ``reply`` for export in ``formats`` with its rows; an answer without rows says so."""
    if reply.row_kind == "companies":
        rows = [asdict(row) for row in reply.rows if isinstance(row, CompanyRow)]
    else:
        rows = _round_rows(db, reply)
    if not rows:
        note = "Nothing to export: this answer has no rows."
    else:
        reply.export, reply.export_rows = list(formats), rows
        what = " and ".join(f.upper() for f in formats)
        note = f"The {len(rows)} row{'s' if len(rows) != 1 else ''} of this answer are attached as {what}."
    reply.notes.append(note)
    reply.text = f"{reply.text}\n{note}" if reply.text else note
    return reply


def _basename(reply: Reply) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", (reply.understood.description or reply.intent).lower()).strip("-")[:60]
    return f"layoffbot-{slug or 'answer'}"


def _columns(reply: Reply) -> tuple[str, ...]:
    return COMPANY_COLUMNS if reply.row_kind == "companies" else EXPORT_COLUMNS


def _csv(reply: Reply) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = _columns(reply)
    writer.writerow(columns)
    for row in reply.export_rows:
        writer.writerow(["" if row.get(c) is None else guard_cell(row.get(c)) for c in columns])
    return out.getvalue().encode("utf-8")


def _json(reply: Reply) -> bytes:
    document = {
        "understood": reply.understood.description,
        "as_of": reply.as_of.isoformat() if reply.as_of else None,
        "row_kind": reply.row_kind or "rounds",
        "columns": list(_columns(reply)),
        "rows": reply.export_rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def export_files(reply: Reply) -> list[ExportFile]:
    """The files a marked Reply asks for (none when ``reply.export`` is empty)."""
    if not reply.export or not reply.export_rows:
        return []
    base = _basename(reply)
    title = f"layoffbot: {reply.understood.description or reply.headline}"
    files = []
    for fmt in reply.export:
        if fmt == "csv":
            files.append(ExportFile(f"{base}.csv", "text/csv", _csv(reply), title))
        elif fmt == "json":
            files.append(ExportFile(f"{base}.json", "application/json", _json(reply), title))
    return files
