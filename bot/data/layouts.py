"""CSV layouts the importer understands, and the reading of one row into clean values.

Lookup strategy for a layout, in order: the current 11-column layoffs.fyi export, the older
9-column one, ``layoffbot data export``'s own layout (all by their headers); otherwise the
``--map HEADER=FIELD`` mapping (headers named like a field are taken as that field); otherwise
:class:`~bot.data.validation.ImportRefused` with the headers seen and the fields needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.data.validation import (
    ImportRefused,
    ValidationError,
    clean_country,
    clean_industry,
    clean_name,
    clean_text,
    is_unknown,
    is_url,
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
    "EXPORT_COLUMNS",
    "IMPORT_FIELDS",
    "REQUIRED_FIELDS",
    "LAYOUTS",
    "ORIGINS",
    "Layout",
    "ParsedRow",
    "parse_mapping",
    "detect_layout",
    "decode",
    "percentage_scale",
    "parse_row",
]

IMPORT_FIELDS: dict[str, str] = {
    "company": "company name or alias (required)",
    "date": "announcement date, YYYY-MM-DD or M/D/YYYY (required)",
    "count": "employees laid off; blank = undisclosed",
    "percentage": "share of the workforce (13, 13% or 0.13)",
    "percentage_basis": "company | corporate | division",
    "division": "division(s), '; '-separated",
    "status": "confirmed | reported | planned | rumored | retracted",
    "announced_count": "the figure as announced when cumulative",
    "location": "HQ or site location",
    "country": "country",
    "industry": "industry",
    "stage": "funding stage",
    "funds_raised_musd": "funds raised, USD millions",
    "source": "http(s) source URL",
    "other_sources": "more URLs, space separated",
    "note": "free text",
    "date_added": "date the row was added",
}
REQUIRED_FIELDS = ("company", "date")


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    columns: dict[str, str]
    """field -> header as written in the file."""
    percentage_scale: str = "percent"
    description: str = ""


#: Known layouts: name -> (field -> header, percentage scale, description)
LAYOUTS: dict[str, tuple[dict[str, str], str, str]] = {
    "layoffs.fyi": (
        {
            "company": "company",
            "location": "location",
            "count": "total_laid_off",
            "date": "date",
            "percentage": "percentage_laid_off",
            "industry": "industry",
            "source": "source",
            "stage": "stage",
            "funds_raised_musd": "funds_raised",
            "country": "country",
            "date_added": "date_added",
        },
        "fraction",
        "layoffs.fyi export (11 columns)",
    ),
    "layoffs.fyi-9": (
        {
            "company": "company",
            "location": "location",
            "industry": "industry",
            "count": "total_laid_off",
            "percentage": "percentage_laid_off",
            "date": "date",
            "stage": "stage",
            "country": "country",
            "funds_raised_musd": "funds_raised_millions",
        },
        "fraction",
        "older layoffs.fyi layout (9 columns)",
    ),
    "layoffbot": (
        {
            "id": "id",
            "company": "company",
            "division": "division",
            "date": "date",
            "count": "count",
            "percentage": "percentage",
            "percentage_basis": "percentage_basis",
            "status": "status",
            "location": "location",
            "country": "country",
            "source": "source",
        },
        "percent",
        "layoffbot data export",
    ),
}
#: Columns of ``layoffbot data export``, in order: the "layoffbot" layout it re-imports from.
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
# Optional columns of the layoffbot export layout, read when present.
_LAYOFFBOT_OPTIONAL = tuple(c for c in EXPORT_COLUMNS if c not in LAYOUTS["layoffbot"][0])
ORIGINS = ("layoffs.fyi", "curated", "admin", "import")

def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """``["layoff=count", "headquarter=location"]`` -> ``{"layoff": "count", ...}``."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        header, sep, target = pair.partition("=")
        if not sep or not header.strip() or not target.strip():
            raise ValidationError("map", "HEADER=FIELD", pair)
        target = target.strip().lower()
        if target not in IMPORT_FIELDS:
            raise ValidationError("map", f"a field among {', '.join(IMPORT_FIELDS)}", pair)
        mapping[header.strip()] = target
    return mapping


def detect_layout(headers: list[str], mapping: Mapping[str, str] | None = None) -> Layout:
    """The layout of a CSV from its headers (see the module docstring)."""
    clean = [h.strip() for h in headers]
    lowered = {h.lower(): h for h in clean}
    if not mapping:
        for name, (columns, scale, description) in LAYOUTS.items():
            if all(col in lowered for col in columns.values()):
                if name == "layoffs.fyi-9" and "total_laid_off" in lowered and "source" in lowered:
                    continue
                resolved = {f: lowered[col] for f, col in columns.items()}
                if name == "layoffbot":
                    resolved.update({f: lowered[f] for f in _LAYOFFBOT_OPTIONAL if f in lowered})
                return Layout(name, resolved, scale, description)
        raise ImportRefused(
            "Unrecognised CSV layout. Headers seen: "
            + ", ".join(repr(h) for h in clean)
            + ". Map them with --map HEADER=FIELD (needed: company, date; optional: "
            + ", ".join(f for f in IMPORT_FIELDS if f not in REQUIRED_FIELDS)
            + ").",
            clean,
            list(REQUIRED_FIELDS),
        )
    mapped: dict[str, str] = {}
    for header, target in mapping.items():
        real = lowered.get(header.strip().lower())
        if real is None:
            raise ImportRefused(
                f"--map {header}={target}: there is no column {header!r}. Headers seen: "
                + ", ".join(repr(h) for h in clean),
                clean,
                list(REQUIRED_FIELDS),
            )
        mapped[target] = real
    for f in IMPORT_FIELDS:  # headers spelled like a field are taken as that field
        if f not in mapped and f in lowered and lowered[f] not in mapped.values():
            mapped[f] = lowered[f]
    missing = [f for f in REQUIRED_FIELDS if f not in mapped]
    if missing:
        raise ImportRefused(
            f"Fields not mapped: {', '.join(missing)}. Headers seen: "
            + ", ".join(repr(h) for h in clean)
            + ". Add --map HEADER=FIELD for each.",
            clean,
            missing,
        )
    return Layout("mapped", mapped, "auto", "mapped with --map")


def decode(content: bytes | str) -> str:
    if isinstance(content, str):
        return content
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


# --------------------------------------------------------------------------- rows


@dataclass(slots=True)
class ParsedRow:
    number: int
    values: dict[str, Any]
    company_name: str
    file_id: int | None = None
    includes_ref: int | None = None
    part_of_ref: int | None = None


def percentage_scale(layout: Layout, rows: Iterable[list[str]], index: dict[str, int]) -> str:
    if layout.percentage_scale != "auto":
        return layout.percentage_scale
    col = index.get("percentage")
    if col is None:
        return "percent"
    for raw in rows:
        cell = raw[col].strip() if col < len(raw) else ""
        if is_unknown(cell) or cell.endswith("%"):
            continue
        try:
            if float(cell.replace(" ", "")) > 1:
                return "percent"
        except ValueError:
            continue
    return "fraction"


def parse_row(
    number: int,
    cell: Callable[[str], str | None],
    layout: Layout,
    scale: str,
    default_status: str,
    origin: str,
    today: str,
) -> ParsedRow:
    """One CSV row -> clean values; raises ValidationError on the first broken rule."""
    company = clean_name(cell("company"))
    if company is None:
        raise ValidationError("company", "a company name (required)", cell("company"))
    values: dict[str, Any] = {
        "date": parse_date(cell("date")),
        "count": parse_count(cell("count")),
        "announced_count": parse_count(cell("announced_count"), "announced_count"),
        "percentage": parse_percentage(cell("percentage"), scale=scale),
        "percentage_basis": parse_basis(cell("percentage_basis")),
        "division": clean_text(cell("division")),
        "status": parse_status(cell("status"), default=default_status),
        "location": clean_text(cell("location")),
        "country": clean_country(cell("country")),
        "industry": clean_industry(cell("industry")),
        "stage": None if (cell("stage") or "").strip().lower() == "unknown" else clean_text(cell("stage")),
        "note": clean_text(cell("note")),
        "date_added": parse_date(cell("date_added"), "date_added", required=False) or today,
        "origin": origin,
        "curation_key": None,
        "unsourced": 0,
        "other_sources": None,
    }
    funds = clean_text(cell("funds_raised_musd"))
    if funds is not None:
        try:
            values["funds_raised_musd"] = float(funds.replace(",", "").lstrip("$"))
        except ValueError:
            raise ValidationError("funds_raised_musd", "a number (USD millions)", funds) from None
    else:
        values["funds_raised_musd"] = None
    if values["percentage"] is not None and values["percentage_basis"] is None:
        values["percentage_basis"] = "company"
    source = clean_text(cell("source"))
    if source is not None and not is_url(source):
        if layout.name == "layoffbot":
            raise ValidationError("source", "an http(s) URL", source)
        # layoffs.fyi writes "Internal memo", "LinkedIn"...: keep what it says, mark unsourced.
        values["note"] = "; ".join(filter(None, [values["note"], f"Source given without a link: {source}"]))
        source = None
    values["source"] = source
    other = clean_text(cell("other_sources"))
    if other is not None:
        urls = other.split()
        for url in urls:
            parse_url(url, "other_sources")
        values["other_sources"] = " ".join(urls)
    if layout.name == "layoffbot":
        values["unsourced"] = int(parse_bool(cell("unsourced"), "unsourced"))
        file_origin = clean_text(cell("origin"))
        if file_origin is not None:
            if file_origin not in ORIGINS:
                raise ValidationError("origin", f"one of {', '.join(ORIGINS)}", file_origin)
            values["origin"] = file_origin
        values["curation_key"] = clean_text(cell("curation_key"))
    if values["source"] is None:
        values["unsourced"] = 1
    row = ParsedRow(number, values, company)
    if layout.name == "layoffbot":
        row.file_id = parse_event_id(cell("id"), "id")
        row.includes_ref = parse_event_id(cell("includes_event_id"), "includes_event_id")
        row.part_of_ref = parse_event_id(cell("part_of_event_id"), "part_of_event_id")
    return row
