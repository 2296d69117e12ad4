"""The WARN notice layouts ``layoffbot data warn import`` reads, and one row -> a clean notice.

The layouts are those Big Local News publishes (column definitions from warn-scraper's state
scrapers and warn-transformer's transformers and schema):

========================  =====================================================================
layout                    columns used (header, as the file writes it)
========================  =====================================================================
warn-transformer          ``hash_id, postal_code, company, location, notice_date, effective_date,
(consolidated)            jobs, is_temporary, is_closure, is_amendment``
warn-transformer          the same plus ``is_superseded, likely_ancestor`` (and first_inserted_date,
(integrated)              estimated_amendments, last_updated_date, ignored)
warn-scraper WA           ``Company, Location, Layoff Start Date, # of Workers, Closure Layoff,
                          Type of Layoff, Received Date``
warn-scraper CA           ``notice_date, effective_date, received_date, company, city,
                          num_employees, layoff_or_closure, county, address, source_file``
warn-scraper NY           ``Business Legal Name, Date Layoff/Closure Starts, Date of WARN Notice,
                          Impacted Site Address, Impacted Site County, Layoff or Closure?,
                          Permanent or Temporary Layoff?, Number of Affected Workers`` (the
                          state's Tableau export; headers carry stray trailing spaces)
warn-scraper TX           ``NOTICE_DATE, JOB_SITE_NAME, COUNTY_NAME, WDA_NAME, TOTAL_LAYOFF_NUMBER,
                          LayOff_Date, WFDD_RECEIVED_DATE, CITY_NAME`` (plus empty trailing columns)
========================  =====================================================================

Detection: headers are compared trimmed and case-insensitively; the first layout whose
required headers are all present wins (integrated before consolidated: it is a superset).
Readings that differ from warn-transformer's, on purpose: WA's notice date is its "Received
Date" (the transformer uses the layoff start date for both dates); NY's site is the impacted
site's address (the transformer keeps the county; the county still goes into the match key).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.data.validation import ValidationError, is_unknown, normalize_alias, parse_date

__all__ = ["STATE_AGENCIES", "WARN_LAYOUTS", "WarnLayout", "WarnRow", "detect_warn_layout", "read_warn_row"]

#: The state agency pages warn-scraper reads (the source of a state file's notices).
STATE_AGENCIES: dict[str, str] = {
    "WA": "https://esd.wa.gov/about-employees/WARN",
    "CA": "https://edd.ca.gov/en/Jobs_and_Training/Layoff_Services_WARN",
    "NY": "https://dol.ny.gov/warn-notices",
    "TX": "https://www.twc.texas.gov/data-reports/warn-notice",
}

Cell = Callable[[str], str]
"""Reads a cell by (normalised) header; "" when missing."""


@dataclass(frozen=True, slots=True)
class WarnLayout:
    name: str
    required: tuple[str, ...]
    """Headers (lower case, trimmed) that identify the layout."""
    state: str | None
    """The state of every row (a state file), or None (a ``postal_code`` column)."""
    company: Callable[[Cell], str]
    location: Callable[[Cell], str]
    notice_date: Callable[[Cell], str]
    effective_date: Callable[[Cell], str]
    workers: Callable[[Cell], str]
    temporary: Callable[[Cell], bool | None]
    closure: Callable[[Cell], bool | None]
    match_site: Callable[[Cell], str] | None = None
    """The site as warn-transformer reads it, when this layout's own reading differs."""


@dataclass(slots=True)
class WarnRow:
    """One notice, clean: what goes into ``warn_notices`` (company not yet resolved)."""

    number: int
    state: str
    company: str
    location: str | None
    notice_date: str | None
    effective_date: str | None
    workers: int | None
    is_temporary: bool | None
    is_closure: bool | None
    is_amendment: bool
    is_superseded: bool
    likely_ancestor: str | None
    hash_id: str | None
    match_site: str | None

    @property
    def origin_key(self) -> str:
        """warn-transformer's hash_id, else state | company | notice date | site (normalised)."""
        if self.hash_id:
            return self.hash_id
        return "|".join((self.state, normalize_alias(self.company), self.notice_date or "", normalize_alias(self.location or "")))

    @property
    def match_key(self) -> str:
        """The same notice read from two layouts: state | company | site | workers | effective date."""
        site = self.match_site if self.match_site is not None else self.location
        return "|".join((
            self.state, normalize_alias(self.company), normalize_alias(site or ""),
            "" if self.workers is None else str(self.workers), self.effective_date or self.notice_date or "",
        ))


def _col(name: str) -> Callable[[Cell], str]:
    return lambda cell: cell(name)


def _first(*names: str) -> Callable[[Cell], str]:
    return lambda cell: next((cell(n) for n in names if cell(n).strip()), "")


def _truthy(value: str) -> bool | None:
    text = value.strip().lower()
    if text in ("true", "1", "yes", "y", "t"):
        return True
    if text in ("false", "0", "no", "n", "f"):
        return False
    return None


def _contains(name: str, word: str, *, otherwise: bool | None = None) -> Callable[[Cell], bool | None]:
    def check(cell: Cell) -> bool | None:
        value = cell(name).strip().lower()
        if not value:
            return None
        return True if word in value else otherwise

    return check


def _wa_closure(cell: Cell) -> bool | None:
    if cell("type of layoff").strip().lower() == "temporary":
        return False
    value = cell("closure layoff").strip().lower()
    return None if not value else value == "closure"


def _ca_closure(cell: Cell) -> bool | None:
    value = cell("layoff_or_closure").strip().lower()
    return None if not value else value == "closure permanent"


def _ny_closure(cell: Cell) -> bool | None:
    value = cell("layoff or closure?").strip().lower()
    return True if "closure" in value else False if "layoff" in value else None


def _ny_temporary(cell: Cell) -> bool | None:
    value = cell("permanent or temporary layoff?").strip().lower()
    return False if "permanent" in value else True if "temporary" in value else None


_TRANSFORMER: dict[str, object] = {
    "state": None,
    "company": _col("company"),
    "location": _col("location"),
    "notice_date": _col("notice_date"),
    "effective_date": _col("effective_date"),
    "workers": _col("jobs"),
    "temporary": lambda cell: _truthy(cell("is_temporary")),
    "closure": lambda cell: _truthy(cell("is_closure")),
}
_CONSOLIDATED = ("hash_id", "postal_code", "company", "location", "notice_date", "effective_date", "jobs",
                 "is_temporary", "is_closure", "is_amendment")

#: Known layouts, in detection order.
WARN_LAYOUTS: tuple[WarnLayout, ...] = (
    WarnLayout("warn-transformer integrated", (*_CONSOLIDATED, "is_superseded", "likely_ancestor"), **_TRANSFORMER),  # type: ignore[arg-type]
    WarnLayout("warn-transformer consolidated", _CONSOLIDATED, **_TRANSFORMER),  # type: ignore[arg-type]
    WarnLayout(
        "warn-scraper WA",
        ("company", "location", "layoff start date", "# of workers", "closure layoff", "type of layoff", "received date"),
        "WA", _col("company"), _col("location"), _first("received date", "layoff start date"), _col("layoff start date"),
        _col("# of workers"), _contains("type of layoff", "temporary", otherwise=False), _wa_closure,
    ),
    WarnLayout(
        "warn-scraper CA",
        ("notice_date", "effective_date", "received_date", "company", "city", "num_employees", "layoff_or_closure"),
        "CA", _col("company"), _first("city", "address"), _first("notice_date", "received_date"), _col("effective_date"),
        _col("num_employees"), _contains("layoff_or_closure", "temporary"), _ca_closure,
    ),
    WarnLayout(
        "warn-scraper NY",
        ("business legal name", "date layoff/closure starts", "date of warn notice", "impacted site county",
         "layoff or closure?", "number of affected workers"),
        "NY", _first("business legal name", "company"), _first("impacted site address", "impacted site county"),
        _col("date of warn notice"), _col("date layoff/closure starts"), _col("number of affected workers"),
        _ny_temporary, _ny_closure, match_site=_col("impacted site county"),
    ),
    WarnLayout(
        "warn-scraper TX",
        ("notice_date", "job_site_name", "county_name", "total_layoff_number", "layoff_date", "city_name"),
        "TX", _col("job_site_name"), _first("city_name", "county_name"), _col("notice_date"), _col("layoff_date"),
        _col("total_layoff_number"), lambda cell: None, lambda cell: None, match_site=_col("city_name"),
    ),
)


def header_key(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").split()).lower()


def detect_warn_layout(headers: list[str]) -> WarnLayout | None:
    """The first WARN layout whose required headers the file has, else None."""
    seen = {header_key(h) for h in headers}
    for layout in WARN_LAYOUTS:
        if all(h in seen for h in layout.required):
            return layout
    return None


def _workers(value: str) -> int | None:
    text = value.strip().replace(",", "")
    if is_unknown(text):
        return None
    try:
        number = float(text)
    except ValueError:
        raise ValidationError("workers", "a whole number of workers, or blank", value) from None
    if number < 0 or not number.is_integer():
        raise ValidationError("workers", "a whole number of workers, or blank", value)
    return int(number)


def _clean(value: str) -> str | None:
    text = " ".join(value.split())
    return None if is_unknown(text) else text


def read_warn_row(number: int, layout: WarnLayout, cell: Cell) -> WarnRow:
    """One row of ``layout`` as a :class:`WarnRow`; raises ValidationError naming the field."""
    company = _clean(layout.company(cell))
    if company is None:
        raise ValidationError("company", "the employer's name (required)", "")
    state = (layout.state or cell("postal_code")).strip().upper()
    if len(state) != 2 or not state.isalpha():
        raise ValidationError("postal_code", "a two-letter state code", state)
    notice = parse_date(layout.notice_date(cell), "notice_date", required=False)
    effective = parse_date(layout.effective_date(cell), "effective_date", required=False)
    if notice is None and effective is None:
        raise ValidationError("notice_date", "a notice or effective date (YYYY-MM-DD or M/D/YYYY)", "")
    transformer = layout.state is None
    return WarnRow(
        number=number, state=state, company=company, location=_clean(layout.location(cell)),
        notice_date=notice, effective_date=effective, workers=_workers(layout.workers(cell)),
        is_temporary=layout.temporary(cell), is_closure=layout.closure(cell),
        is_amendment=bool(transformer and _truthy(cell("is_amendment"))),
        is_superseded=bool(transformer and _truthy(cell("is_superseded"))),
        likely_ancestor=_clean(cell("likely_ancestor")) if transformer else None,
        hash_id=_clean(cell("hash_id")) if transformer else None,
        match_site=_clean(layout.match_site(cell)) if layout.match_site else None,
    )
