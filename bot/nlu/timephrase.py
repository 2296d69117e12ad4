"""The time-phrase grammar: "since 2022", "Q1 2023", "between March and June 2023", "past 6 months".

:func:`parse_period` reads a normalized question (see :mod:`bot.nlu.text`, number words already
digits) and returns the first period it finds, rules tried in this order (more specific first):

1. month ranges:  "between March and June 2023", "from Jan 2023 to Mar 2024";
2. year ranges:   "from 2022 to 2023", "2022-2024", "between 2022 and 2023", "in 2023 and 2024";
3. halves:        "first half of 2024", "H2 2023";
4. quarters:      "Q1 2023", "2023 Q3", "second quarter of 2024";
5. open starts:   "since 2022", "since March 2023", "after June 2023", "from 2024 on";
6. open ends:     "before 2024", "until June 2023", "through 2023";
7. months:        "January 2023", "March of 2024", "in march" (most recent March);
8. relative:      year to date, this/last year, this/last month, this/last quarter, this/last week,
                  past/last N days/weeks/months/years;
9. bare years:    "2023", "in 2023" -- but never a count: "2000 jobs", "more than 2023".

Every date is relative to ``today`` (pinnable).  Periods are inclusive; ``None`` is open.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Period", "parse_period", "describe_period", "format_date", "add_months"]


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date | None
    end: dt.date | None
    phrase: str = ""
    """The words it was read from (removed from the text before company matching)."""
    span: tuple[int, int] = (0, 0)


def format_date(day: dt.date) -> str:
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


def describe_period(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return format_date(start) if start == end else f"{format_date(start)} – {format_date(end)}"
    if start:
        return f"since {format_date(start)}"
    if end:
        return f"until {format_date(end)}"
    return "all time"


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 4}
_UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
          "year": "year", "years": "year", "decade": "decade", "decades": "decade", "yr": "year", "yrs": "year", "quarter": "quarter", "quarters": "quarter"}


def _m(name: str) -> str:
    return rf"(?P<{name}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"


# A year is 1990-2099, and not a count: not followed by a job noun, not after "than"/"over"/...
_COUNT_NOUNS = r"(?:jobs?(?! cuts?\b| loss| losses| market)|people|persons?|employees?|workers?|staff(?:ers)?|positions?|roles?|heads?|engineers?|layoffs? at|cuts? at)"
_NOT_A_COUNT_AFTER = rf"(?!\s*(?:\+\s*)?{_COUNT_NOUNS}\b)(?!\s*%)"


def _y(name: str) -> str:
    return rf"(?<![\d.$])(?P<{name}>(?:19[89]\d|20\d\d))(?![\d%]){_NOT_A_COUNT_AFTER}"


_COUNT_BEFORE = re.compile(
    r"(?:than|top|(?<!jobs )(?<!job )(?<!roles )(?<!positions )(?:cut|fired|laid off|lay off|lost|axed|eliminated|shed|slashed)|~)"
    r"\s*(?:about|around|roughly|nearly|almost|approximately|some)?\s*$"
)  # "cut 2000" is a count; "jobs lost 2023", "jobs cut 2023" name a year
_TO = r"(?:to|through|thru|until|till|and|-)"
_OPT_OF = r"(?:\s+of)?"
_IN = r"(?:(?:in|during|for|of|over)\s+(?:the\s+)?)?"


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    build: Callable[[re.Match[str], dt.date], tuple[dt.date | None, dt.date | None] | None]
    not_after: re.Pattern[str] | None = None
    """A match right after these words is part of another phrase ("late 2022 and 2024" is no year range)."""


# Words that make a year part of a finer period: "late 2022", "q3 2022", "march 2022".
_QUALIFIED = re.compile(
    r"\b(?:early|mid|middle of|late|end of|start of|beginning of|spring|summer|fall|autumn|winter|q[1-4]|h[12]|[12]h|"
    r"half|quarter|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|\d{1,2}(?:st|nd|rd|th)?)(?:\s+of)?[\s-]*$"
)


def _month_no(token: str) -> int:
    return _MONTHS[token[:3] if token[:3] in _MONTHS and token not in _MONTHS else token]


def _month_range(m: re.Match[str], today: dt.date) -> tuple[dt.date | None, dt.date | None] | None:
    y2 = int(m["y2"]) if m["y2"] else None
    y1 = int(m["y1"]) if m["y1"] else None
    m1, m2 = _month_no(m["m1"]), _month_no(m["m2"])
    if y2 is None and y1 is None:
        y2 = today.year if m2 <= today.month else today.year - 1
    if y2 is None:
        y2 = y1 if m2 >= m1 else y1 + 1  # type: ignore[operator]
    assert y2 is not None  # set above whichever year was given
    if y1 is None:
        y1 = y2 if m1 <= m2 else y2 - 1
    start, end = dt.date(y1, m1, 1), _month_end(y2, m2)
    return (start, end) if start <= end else None


def _year_range(m: re.Match[str], today: dt.date) -> tuple[dt.date | None, dt.date | None] | None:
    y1, y2 = sorted((int(m["y1"]), int(m["y2"])))  # "between 2025 and 2023" is 2023-2025
    return dt.date(y1, 1, 1), dt.date(y2, 12, 31)


def _half(m: re.Match[str], today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    which = m["h"]
    year = int(m["y"]) if m["y"] else today.year
    second = which in ("second", "2nd", "h2", "2h", "latter", "last")
    return (dt.date(year, 7, 1), dt.date(year, 12, 31)) if second else (dt.date(year, 1, 1), dt.date(year, 6, 30))


def _quarter(m: re.Match[str], today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    q = m["q"]
    number = int(q[1]) if q.startswith("q") else _ORDINALS[q]
    if m["y"]:
        year = int(m["y"])
    else:  # the most recent such quarter
        year = today.year if 3 * number - 2 <= today.month else today.year - 1
    start = dt.date(year, 3 * number - 2, 1)
    return start, _month_end(year, 3 * number)


def _quarters(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date] | None:
    """ "q1-q3 2025": from the first quarter's start to the last one's end."""
    year, q1, q2 = int(m["y"]), int(m["q1"][1]), int(m["q2"][1])
    if q2 < q1:
        return None
    return dt.date(year, 3 * q1 - 2, 1), _month_end(year, 3 * q2)


def _months_of_year(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date] | None:
    """ "the first 6 months of 2023" (Jan-Jun), "the last 3 months of 2025" (Oct-Dec)."""
    year, n = int(m["y"]), int(m["n"])
    if not 1 <= n <= 12:
        return None
    if m["fl"] == "first":
        return dt.date(year, 1, 1), _month_end(year, n)
    return dt.date(year, 13 - n, 1), dt.date(year, 12, 31)


def _part_of_calendar_year(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    """ "the end of last year" (its Q4), "the start of this year" (its Q1)."""
    year = today.year if m["which"] in ("this", "current") else today.year - 1
    part = {"end": "end of", "start": "start of", "beginning": "beginning of", "middle": "middle of"}[m["part"]]
    first, last = _PART_MONTHS[part]
    return dt.date(year, first, 1), _month_end(year, last)


def _month_year(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    month, year = _month_no(m["m"]), int(m["y"])
    return dt.date(year, month, 1), _month_end(year, month)


def _recent_month(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    month = _month_no(m["m"])
    year = today.year if month <= today.month else today.year - 1
    return dt.date(year, month, 1), _month_end(year, month)


def _point(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    if m.groupdict().get("m") and m["m"]:
        if m.groupdict().get("y") and m["y"]:
            return _month_year(m, today)
        return _recent_month(m, today)
    year = int(m["y"] or m["y2"])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _day(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    day = dt.date(int(m["y"]), _month_no(m["m"]), int(m["d"]))
    return day, day


def _day_range(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date] | None:
    """ "between Jan 1 and Jan 31 2023", "from March 3 to April 2, 2023" (one year said: both)."""
    y2 = int(m["y2"])
    y1 = int(m["y1"]) if m["y1"] else y2
    start = dt.date(y1, _month_no(m["m1"]), int(m["d1"]))
    end = dt.date(y2, _month_no(m["m2"]), int(m["d2"]))
    return (start, end) if start <= end else None


def _week_of(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    day = dt.date(int(m["y"]), _month_no(m["m"]), int(m["d"]))
    return day, day + dt.timedelta(days=6)


def _iso_day(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    day = dt.date(int(m["y"]), int(m["mm"]), int(m["dd"]))
    return day, day


def _numeric_month(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    year, month = int(m["y"]), int(m["mm"])
    return dt.date(year, month, 1), _month_end(year, month)


_PART_MONTHS = {
    "early": (1, 4), "beginning of": (1, 3), "start of": (1, 3), "mid": (5, 8), "middle of": (5, 8),
    "late": (9, 12), "end of": (10, 12), "spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11),
}


def _part_of_year(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    """ "late 2022" (Sep-Dec), "early 2023" (Jan-Apr), "mid 2024", "summer 2023", "end of 2022" (Q4)."""
    part = re.sub(r"\s+", " ", m["part"]).replace("the ", "")
    first, last = _PART_MONTHS[part]
    year = int(m["y"])
    return dt.date(year, first, 1), _month_end(year, last)


def _since(m: re.Match[str], today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    start, end = _point(m, today)
    if m["op"] == "after" and not re.search(r"\b(?:start|beginning)\b", m.group(0)):
        return end + dt.timedelta(days=1), None
    return start, None  # "since 2022", "after the start of 2023"


def _until(m: re.Match[str], today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    start, end = _point(m, today)
    return (None, start - dt.timedelta(days=1)) if m["op"] in ("before", "prior to", "pre") else (None, end)


def _year(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    year = int(m["y"])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _rolling(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    n = int(m["n"]) if m["n"] else 1
    n = max(1, min(n, 100))
    unit = _UNITS[m["unit"]]
    if unit == "day":
        start = today - dt.timedelta(days=n - 1)
    elif unit == "week":
        start = today - dt.timedelta(days=7 * n - 1)
    else:
        months = {"month": 1, "quarter": 3, "year": 12, "decade": 120}[unit] * n
        start = add_months(today, -months) + dt.timedelta(days=1)
    return start, today


def _calendar(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    which, unit = m["which"], _UNITS[m["unit"]]
    back = which in ("last", "prev", "previous", "prior")
    if unit == "year":
        if back:
            return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
        return dt.date(today.year, 1, 1), today
    if unit == "month":
        first = today.replace(day=1)
        if back:
            prev = add_months(first, -1)
            return prev, first - dt.timedelta(days=1)
        return first, today
    if unit == "quarter":
        first = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        if back:
            prev = add_months(first, -3)
            return prev, first - dt.timedelta(days=1)
        return first, today
    if unit == "week":
        monday = today - dt.timedelta(days=today.weekday())
        if back:
            return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)
        return monday, today
    return today, today  # "this day" / "today"


def _since_calendar(m: re.Match[str], today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    start, _ = _calendar(m, today)
    return start, None


def _ytd(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    return dt.date(today.year, 1, 1), today


def _today(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    if m.group(0) == "yesterday":
        day = today - dt.timedelta(days=1)
        return day, day
    return today, today


_M1, _M2, _Y1, _Y2 = _m("m1"), _m("m2"), _y("y1"), _y("y2")
_MONTH_OK = r"(?!\s+(?:i|we|you|they|he|she|it|amazon|meta|google)\b)"  # "may I ask" is not May
_PART = r"(?P<part>early|mid|middle\s+of|late|(?:the\s+)?end\s+of|(?:the\s+)?start\s+of|(?:the\s+)?beginning\s+of|spring|summer|fall|autumn)"
_D = r"(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_RULES: list[_Rule] = [
    # ISO days: "2022-11-01" (a range of them composes: "between 2022-11-01 and 2023-03-31")
    _Rule(re.compile(rf"(?<![\d-]){_y('y')}-(?P<mm>0[1-9]|1[0-2])-(?P<dd>0[1-9]|[12]\d|3[01])(?![\d-])"), _iso_day),
    # day ranges and weeks before single days: "between Jan 1 and Jan 31 2023", "the week of Jan 16 2023"
    _Rule(re.compile(rf"\b(?:between|from)\s+{_m('m1')}\s+{_D.replace('<d>', '<d1>')}(?:,?\s+{_Y1})?\s+{_TO}\s+"
                     rf"{_m('m2')}\s+{_D.replace('<d>', '<d2>')},?\s+{_Y2}"), _day_range),
    _Rule(re.compile(rf"\b(?:the\s+)?week\s+of\s+{_m('m')}\s+{_D},?\s+{_y('y')}"), _week_of),
    # one day: "jan 18 2023", "18 January 2023", "January 18th, 2023"
    _Rule(re.compile(rf"\b{_m('m')}\s+{_D},?\s+{_y('y')}"), _day),
    _Rule(re.compile(rf"\b{_D}\s+(?:of\s+)?{_m('m')},?\s+{_y('y')}"), _day),
    _Rule(re.compile(rf"\b(?:between|from)\s+{_M1}(?:(?:\s+of)?\s+{_Y1})?\s+{_TO}\s+{_M2}(?:(?:\s+of)?\s+{_Y2})?\b"), _month_range),
    _Rule(re.compile(rf"\b{_M1}(?:\s+{_Y1})?\s*(?:-|to|through|thru|until)\s*{_M2}\s+{_Y2}\b"), _month_range),
    _Rule(re.compile(rf"\b(?:between|from|in|during)?\s*{_Y1}\s*{_TO}\s*{_Y2}\b(?!\s+(?:q[1-4]|h[12])\b)"), _year_range, _QUALIFIED),
    _Rule(re.compile(rf"\b(?:in\s+)?(?:the\s+)?(?P<h>first|1st|second|2nd|latter|last)\s+half(?:\s+of)?(?:\s+{_y('y')})?"), _half),
    _Rule(re.compile(rf"\b(?P<q1>q[1-4])\s*(?:-|to|through|thru|until)\s*(?P<q2>q[1-4])(?:\s+of)?,?\s+{_y('y')}"), _quarters,
          re.compile(r"(?:19[89]|20\d)\d\s*$")),  # "2019 q1 to q1 2020" is no "q1-q1 2020"
    _Rule(re.compile(rf"\b(?:the\s+)?(?P<fl>first|last)\s+(?P<n>\d{{1,2}})\s+months\s+of\s+{_y('y')}"), _months_of_year),
    _Rule(re.compile(r"\b(?:the\s+)?(?P<part>end|start|beginning|middle)\s+of\s+(?:the\s+)?(?P<which>last|this|previous|prior|current)\s+year\b"),
          _part_of_calendar_year),
    _Rule(re.compile(rf"\b(?P<h>h1|h2)(?:\s+of)?\s+{_y('y')}"), _half),
    _Rule(re.compile(rf"\b{_y('y')}\s+(?P<h>h1|h2)\b"), _half),
    _Rule(re.compile(rf"\b{_y('y')}\s+(?P<q>q[1-4])\b"), _quarter),
    _Rule(re.compile(rf"\b(?P<q>q[1-4])(?:(?:\s+of|\s+in|')?\s*{_y('y')})?\b"), _quarter),
    _Rule(re.compile(rf"\b(?P<q>first|1st|second|2nd|third|3rd|fourth|4th)\s+quarter(?:\s+of)?(?:\s+{_y('y')})?"), _quarter),
    _Rule(re.compile(rf"\b(?P<op>since|after|from|starting(?:\s+in)?|beginning(?:\s+in)?)\s+(?:the\s+)?(?:start\s+of\s+|beginning\s+of\s+)?(?:(?:{_m('m')}(?:\s+of)?(?:\s+{_y('y')})?)|{_y('y2')})(?![-/]\d)"), _since),
    _Rule(re.compile(rf"\b(?P<op>before|prior to|pre|until|till|through|thru|up to|by)\s+(?:the\s+end\s+of\s+)?(?:(?:{_m('m')}(?:\s+of)?(?:\s+{_y('y')})?)|{_y('y2')})(?![-/]\d)"), _until),
    _Rule(re.compile(rf"\b{_m('m')}{_OPT_OF},?\s+{_y('y')}"), _month_year),
    _Rule(re.compile(rf"(?<![\w-])(?:in\s+|during\s+)?(?:the\s+)?{_PART}(?:\s+of)?(?:\s+|-){_y('y')}"), _part_of_year),
    _Rule(re.compile(rf"(?<![\w/])(?P<mm>0?[1-9]|1[0-2])/{_y('y')}"), _numeric_month),
    _Rule(re.compile(rf"\b{_y('y')}-(?P<mm>0[1-9]|1[0-2])\b(?!-)"), _numeric_month),
    _Rule(re.compile(rf"\b(?P<h>1h|2h)\s+{_y('y')}"), _half),
    _Rule(re.compile(r"\b(?:year to date|year-to-date|ytd|so far this year|this year so far|so far in the year)\b"), _ytd),
    _Rule(re.compile(r"\b(?:in\s+|over\s+|during\s+|for\s+|within\s+)?(?:the\s+)?(?:past|last|prev|previous|prior|recent)\s+(?P<n>\d{1,3})\s+(?P<unit>days?|weeks?|months?|quarters?|years?|yrs?|decades?)\b"), _rolling),
    _Rule(re.compile(r"\b(?:in\s+|over\s+|during\s+|within\s+)(?:the\s+)?(?:past|last)\s+(?P<n>)(?P<unit>year|yr|month|week)\b(?!\s+(?:and|vs))"), _rolling),
    _Rule(re.compile(r"\b(?:the\s+)?past\s+(?P<n>)(?P<unit>decade|year|yr|month|week|day)\b"), _rolling),
    _Rule(re.compile(r"\b(?:since|from|starting(?:\s+in)?|beginning(?:\s+in)?)\s+(?:the\s+(?:start|beginning)\s+of\s+)?(?P<which>this|last|prev|previous|prior|current)\s+(?P<unit>year|yr|month|quarter|week)\b"), _since_calendar),
    _Rule(re.compile(r"\b(?P<which>this|last|prev|previous|prior|current)\s+(?P<unit>year|yr|month|quarter|week)\b"), _calendar),
    _Rule(re.compile(r"\b(?:today|yesterday)\b"), _today),
    _Rule(re.compile(rf"\b(?:in|during|since|for|of)\s+{_m('m')}\b{_MONTH_OK}"), _recent_month),
    _Rule(re.compile(r"\b(?P<m>jan(?:uary)?|feb(?:ruary)?|march|april|june|july|august|sept(?:ember)?|october|november|december)\b"), _recent_month),
    _Rule(re.compile(rf"{_IN}{_y('y')}"), _year),
]


def parse_period(normalized: str, today: dt.date) -> Period | None:
    """The first period found (rules in the module docstring's order), composed with the operator
    said before it (:data:`_OPERATORS`): "since late 2022", "before Q3 2023", "between early 2022
    and mid 2023"."""
    period = _base_period(normalized, today)
    return _compose(normalized, period, today) if period is not None else None


# Operators composed with ANY period phrase the rules read: (operator words, builder of the
# composed bounds from the period's own).  One row per operator; "in"/"during" leave it as is.
_OPERATORS: list[tuple[re.Pattern[str], Callable[[dt.date | None, dt.date | None], tuple[dt.date | None, dt.date | None]]]] = [
    (re.compile(r"\b(?:since|from|starting(?:\s+(?:in|from))?|beginning(?:\s+in)?|as\s+of)\s+(?:the\s+)?$"),
     lambda start, end: (start, None)),
    (re.compile(r"\b(?:after|following)\s+(?:the\s+)?$"),
     lambda start, end: ((end + dt.timedelta(days=1)) if end else None, None)),
    (re.compile(r"\b(?:before|prior\s+to|pre)\s+(?:the\s+)?$"),
     lambda start, end: (None, (start - dt.timedelta(days=1)) if start else None)),
    (re.compile(r"\b(?:until|till|til|through|thru|up\s+to|up\s+until)\s+(?:the\s+)?$"),
     lambda start, end: (None, end)),
]
_RANGE_START = re.compile(r"\b(?P<op>between|from)\s+(?:the\s+)?$")
_FROM_BEFORE = re.compile(r"\b(?:between|from)\s+(?:the\s+)?(?P<first>\S.*?)\s*$")
_RANGE_BEFORE = re.compile(r"\b(?P<op>between|from)\s+(?:the\s+)?(?P<first>\S.*?)\s+(?:and|to|through|thru|until|till|-)\s+(?:the\s+)?$")
_RANGE_JOIN = re.compile(r"^\s*(?:and|to|through|thru|until|till|-)\s+(?:the\s+)?")


def _compose(text: str, period: Period, today: dt.date) -> Period:
    """``period`` with the operator before it applied (a period whose own words already hold one,
    "since 2022", "between March and June", is left as it is)."""
    before = text[: period.span[0]]
    if _RANGE_START.search(before):
        # "between early 2022 and mid 2023", "from q1 2023 to q3 2023": the second period ends it.
        joined = _RANGE_JOIN.match(text[period.span[1]:])
        if joined:
            offset = period.span[1] + joined.end()
            second = _base_period(text[offset:], today, anchored=True)
            if second is not None and period.start and second.end and period.start <= second.end:
                op = _RANGE_START.search(before)
                assert op is not None
                span = (op.start(), offset + second.span[1])
                return Period(period.start, second.end, text[span[0]: span[1]].strip(), span)
    opened = _FROM_BEFORE.search(before) if period.start is None and period.end is not None else None
    if opened:
        # "from autumn 2019 through January 2020": the open-end rule read "through January 2020".
        first = _base_period(opened["first"], today, anchored=True)
        if first is not None and first.span[1] == len(opened["first"].rstrip()) and first.start \
                and first.start <= period.end:  # type: ignore[operator]
            span = (opened.start(), period.span[1])
            return Period(first.start, period.end, text[span[0]: span[1]].strip(), span)
    ranged = _RANGE_BEFORE.search(before)
    if ranged:
        # "from 2023 to q2 2025": the period found second; the first is between the operator and "to".
        first = _base_period(ranged["first"], today, anchored=True)
        if first is not None and first.span[1] == len(ranged["first"]) and first.start and period.end \
                and first.start <= period.end:
            span = (ranged.start(), period.span[1])
            return Period(first.start, period.end, text[span[0]: span[1]].strip(), span)
    for pattern, build in _OPERATORS:
        op = pattern.search(before)
        if op is None:
            continue
        start, end = build(period.start, period.end)
        if (start, end) == (None, None):
            break
        span = (op.start(), period.span[1])
        return _close(text, Period(start, end, text[span[0]: span[1]].strip(), span), today)
    return _close(text, period, today)


def _close(text: str, period: Period, today: dt.date) -> Period:
    """"since q2 2023 until the end of 2025", "after 2022 and before 2025": a second operator
    closes an open end."""
    if period.end is not None or period.start is None:
        return period
    closing = _CLOSE.match(text[period.span[1]:])
    if not closing:
        return period
    offset = period.span[1] + closing.end()
    second = _base_period(text[offset:], today, anchored=True)
    if second is None:
        return period
    close = (second.start - dt.timedelta(days=1)) if closing["op"] == "before" and second.start else second.end
    if close is None or period.start > close:
        return period
    span = (period.span[0], offset + second.span[1])
    return Period(period.start, close, text[span[0]: span[1]].strip(), span)


_CLOSE = re.compile(r"^\s*(?:and\s+)?(?P<op>until|till|through|thru|to|up\s+to|before)\s+(?:the\s+end\s+of\s+)?(?:the\s+)?")


def _base_period(normalized: str, today: dt.date, *, anchored: bool = False) -> Period | None:
    """The first period a rule reads (``anchored``: only one starting at the text's start)."""
    for rule in _RULES:
        for match in rule.pattern.finditer(normalized):
            if not match.group(0).strip():
                continue
            if _is_count(normalized, match):
                continue
            try:
                bounds = rule.build(match, today)
            except (ValueError, KeyError, TypeError):
                continue
            if bounds is None:
                continue
            if anchored and normalized[: match.start()].strip():
                continue
            if rule.not_after is not None and rule.not_after.search(normalized[: match.start() + len(match.group(0)) - len(match.group(0).lstrip())]):
                continue
            start, end = bounds
            return Period(start, end, match.group(0).strip(), match.span())
    return None


_FIRST_DIGIT = re.compile(r"\d")


def _is_count(text: str, match: re.Match[str]) -> bool:
    """A year-looking number right after "more than", "cut", ... is a count ("cut 2000"); right
    after "including (the)" it names a round inside a total, not the period."""
    digit = _FIRST_DIGIT.search(match.group(0))
    if digit is None:
        return False
    prefix = text[: match.start() + digit.start()]
    return bool(_COUNT_BEFORE.search(prefix) or _INCLUDING_BEFORE.search(prefix))


# "in total, including the 2022 round": a round named by its year inside a total, not a period.
_INCLUDING_BEFORE = re.compile(r"\b(?:including|incl|counting|plus|besides|as well as)\s+(?:the\s+|its\s+|their\s+)?$")
