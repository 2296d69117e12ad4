"""The platform-neutral answer: what the core returns and every adapter renders.

A :class:`Reply` is data, never markup.  ``text`` is a plain-text rendering good enough for a
console or a notification fallback; adapters build their own rich layout (cards, blocks, embeds)
from the structured fields.  ``Reply.to_dict()`` is the JSON contract of
``layoffbot ask --json`` (documented in the README).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = [
    "SOMETHING_WENT_WRONG",
    "apology",
    "format_day",
    "INTENTS",
    "Understood",
    "RoundRow",
    "CompanyRow",
    "Source",
    "Series",
    "ChartRequest",
    "Reply",
]

#: Every intent the core can answer with.
INTENTS = (
    "total",
    "rounds",
    "rank",
    "compare",
    "latest",
    "percent",
    "planned",
    "overview",
    "chart",
    "help",
    "unknown",
    "admin",
    "rank_rounds",
    "pace",
    "warn",
)

Intent = Literal[
    "total", "rounds", "rank", "compare", "latest", "percent", "planned", "overview", "chart", "help", "unknown", "admin",
    "rank_rounds", "pace", "warn",
]


@dataclass(slots=True)
class Understood:
    """What the question was read as, both as data and as a human description.

    ``start``/``end`` are inclusive; ``None`` means open-ended.
    """

    companies: list[str] = field(default_factory=list)
    division: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    industry: str | None = None
    country: str | None = None
    limit: int | None = None
    description: str = ""
    """E.g. "Amazon · 1 Jan 2023 – 31 Dec 2023"."""


@dataclass(slots=True)
class RoundRow:
    """One layoff round as shown to a user."""

    id: int | None
    company: str
    division: str | None
    date: dt.date
    count: int | None
    percentage: float | None = None
    percentage_basis: str | None = None
    status: str = "reported"
    source: str | None = None
    announced_count: int | None = None
    note: str | None = None
    counted: bool = True
    """False when this round is listed but does not add to the total (cumulative overlap,
    a multi-division round asked about for one division, planned/rumored)."""


@dataclass(slots=True)
class CompanyRow:
    """A company in a ranking or comparison."""

    company: str
    total: int
    rounds: int
    undisclosed_rounds: int = 0
    industry: str | None = None
    country: str | None = None
    planned_rounds: int = 0

    def rounds_phrase(self) -> str:
        """ "10,000 in 1 round, plus 1 round of undisclosed size": the rounds of known size carry
        the total; undisclosed rounds are added to them, never "included" in them."""
        known = f"{self.total:,} in {self.rounds:,} round{'' if self.rounds == 1 else 's'}"
        if not self.undisclosed_rounds:
            return known
        extra = f"{self.undisclosed_rounds:,} round{'' if self.undisclosed_rounds == 1 else 's'} of undisclosed size"
        return f"{known}, plus {extra}" if self.rounds else f"{extra} only"


@dataclass(slots=True)
class Source:
    url: str
    label: str
    """What the link backs, e.g. "Amazon, 20 Mar 2023 (9,000)"."""


@dataclass(slots=True)
class Series:
    name: str
    values: list[int]
    undisclosed: list[int] = field(default_factory=list)
    """Per bucket: rounds of unknown size (drawn as markers)."""


@dataclass(slots=True)
class ChartRequest:
    """The data of a chart, decided by the core; a renderer turns it into PNG bytes.

    kind: ``company_over_time`` | ``all_over_time`` | ``top_companies`` | ``compare``.
    For ``top_companies`` the labels are company names and there is one series.
    """

    kind: str
    title: str
    labels: list[str]
    series: list[Series]
    x_label: str = ""
    y_label: str = "Employees laid off"
    bucket: str | None = None  # month | quarter | year (time charts)
    footnote: str = ""
    # Added by the charts engineer (issue 7), all optional:
    subtitle: str = ""
    """What is counted and what is left out ("▲ 3 rounds of undisclosed size", planned rounds)."""
    start: dt.date | None = None
    end: dt.date | None = None
    """The charted period, inclusive (open ends resolved from the data)."""
    as_of: dt.date | None = None


@dataclass(slots=True)
class Reply:
    intent: str
    text: str
    """Plain-text rendering (no platform markup)."""
    headline: str = ""
    understood: Understood = field(default_factory=Understood)
    total: int | None = None
    undisclosed_rounds: int = 0
    rows: list[RoundRow | CompanyRow] = field(default_factory=list)
    row_kind: Literal["rounds", "companies"] | None = None
    planned: list[RoundRow] = field(default_factory=list)
    """Reported plans and rumours: shown apart, never summed."""
    sources: list[Source] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    as_of: dt.date | None = None
    """The data's as-of date."""
    chart: ChartRequest | None = None
    private: bool = False
    """True when the reply should only be shown to the asker (admin replies)."""
    extra: dict[str, Any] = field(default_factory=dict)
    export: list[str] = field(default_factory=list)
    """File formats asked for ("as csv", "export", "as json"): ``["csv"]``, ``["json"]`` or both;
    the files' content comes from :func:`bot.answers.export.export_files`."""
    export_rows: list[dict[str, Any]] = field(default_factory=list)
    """The answer's rows as exported: for rounds the columns of ``data export``, for companies
    the ranking's columns (filled only when ``export`` is asked)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (dates as ISO strings)."""
        return _jsonable(asdict(self))


_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_day(day: dt.date) -> str:
    """A day as every reply, alert and adapter shows it: ``3 Feb 2026`` (locale-free)."""
    return f"{day.day} {_MONTH_ABBR[day.month - 1]} {day.year}"


#: The one "something went wrong" sentence: the engine's, and every adapter's when answering
#: fails outside the engine (a dead worker, a failed post).
SOMETHING_WENT_WRONG = "Sorry — something went wrong while answering that. Please try again, or ask “help” for examples."


def apology() -> Reply:
    """The reply to a question whose answering failed (the traceback is in the log, never here)."""
    return Reply(
        intent="unknown",
        text=SOMETHING_WENT_WRONG,
        headline="Something went wrong",
        understood=Understood(description="error"),
        suggestions=["help", "how many has Amazon cut?"],
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
