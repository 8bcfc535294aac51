"""Months as the plan writes them (``YYYY-MM``) and as the council's papers print them.

A month stays its ``YYYY-MM`` text throughout: that text sorts in time order, so comparisons
need no conversion. These helpers turn it into dates and into labels such as ``Jan-17``,
``Oct - Dec 16`` and ``Dec 16 - Mar 17``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from functools import cache

# Written out rather than taken from ``calendar.month_abbr``, which follows the process's locale:
# the council's papers are in English whatever the machine's LC_TIME says.
_NAMES = (
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_ABBREVIATIONS = tuple(name[:3] for name in _NAMES)
# ASCII digits only (str.isdigit also takes "²" and "٣"), a month 01-12.
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")

FIRST_YEAR = 1900
LAST_YEAR = 2199
"""The years a plan may name. Far wider than any plan needs, and narrow enough that month
arithmetic always gives four-digit years that sort as text (no year 0, no 9999-12 + 1 month =
10000-01) and that no plan spans more than 3,600 months."""
MONTH_RANGE = f"a month must be between {FIRST_YEAR}-01 and {LAST_YEAR}-12"
DATE_RANGE = f"a date must be between {FIRST_YEAR}-01-01 and {LAST_YEAR}-12-31"
FINANCIAL_YEAR_RANGE = (
    f"a financial year must be between {FIRST_YEAR}/{(FIRST_YEAR + 1) % 100:02d} and "
    f"{LAST_YEAR - 1}/{LAST_YEAR % 100:02d}"
)


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def parts(month: str) -> tuple[int, int]:
    return int(month[:4]), int(month[5:7])


def first_day(month: str) -> dt.date:
    year, number = parts(month)
    return dt.date(year, number, 1)


def last_day(month: str) -> dt.date:
    year, number = parts(month)
    return dt.date(year, number, calendar.monthrange(year, number)[1])


def shift(month: str, months: int) -> str:
    """The month ``months`` after (or, negative, before) ``month``."""
    year, number = parts(month)
    index = year * 12 + number - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@cache
def between(earlier: str, later: str) -> int:
    """Whole months from ``earlier`` to ``later`` (2016-09 to 2017-01: 4).

    Remembered: a snapshot asks it for every overdue action, of a few dozen due months."""
    (year_a, month_a), (year_b, month_b) = parts(earlier), parts(later)
    return (year_b - year_a) * 12 + month_b - month_a


def span(first: str, last: str) -> Iterator[str]:
    """Every month from ``first`` to ``last``, both included."""
    month = first
    while month <= last:
        yield month
        month = shift(month, 1)


def label(month: str) -> str:
    """``Jan-17``: how the council's tables print a month."""
    year, number = parts(month)
    return f"{_ABBREVIATIONS[number]}-{year % 100:02d}"


def long_label(month: str) -> str:
    """``January 2017``: how the council's prose names a month."""
    year, number = parts(month)
    return f"{_NAMES[number]} {year}"


def range_label(start: str, end: str) -> str:
    """A timescale: ``Jan-17``, ``Oct - Dec 16`` or ``Dec 16 - Mar 17``."""
    if start == end:
        return label(end)
    (start_year, start_number), (end_year, end_number) = parts(start), parts(end)
    if start_year == end_year:
        return f"{_ABBREVIATIONS[start_number]} - {_ABBREVIATIONS[end_number]} {end_year % 100:02d}"
    return (
        f"{_ABBREVIATIONS[start_number]} {start_year % 100:02d} - "
        f"{_ABBREVIATIONS[end_number]} {end_year % 100:02d}"
    )


def long_range_label(start: str, end: str) -> str:
    """A period in prose: ``September 2016``, ``May to September 2016``,
    ``December 2016 to March 2017``."""
    if start == end:
        return long_label(end)
    if parts(start)[0] == parts(end)[0]:
        return f"{_NAMES[parts(start)[1]]} to {long_label(end)}"
    return f"{long_label(start)} to {long_label(end)}"


def parse_month(text: str) -> str | None:
    """Text written as a ``YYYY-MM`` month, or None; whether its year is one a plan may name is
    ``in_calendar``'s to say."""
    return text if _MONTH.fullmatch(text) else None


def in_calendar(year: int) -> bool:
    """Whether a plan may name this year (FIRST_YEAR to LAST_YEAR)."""
    return FIRST_YEAR <= year <= LAST_YEAR


def date_label(day: dt.date) -> str:
    """``31 January 2017``: an as-at date in a heading."""
    return f"{day.day} {long_label(month_of(day))}"


def short_date_label(day: dt.date) -> str:
    """``31 Jan 2017``: a date in a table."""
    return f"{day.day} {_ABBREVIATIONS[day.month]} {day.year}"
