"""Months as the plan writes them (``YYYY-MM``) and as the council's papers print them.

A month stays its ``YYYY-MM`` text throughout: that text sorts in time order, so comparisons
need no conversion. These helpers turn it into dates and into labels such as ``Jan-17``,
``Oct - Dec 16`` and ``Dec 16 - Mar 17``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator

_ABBREVIATIONS = ("", *calendar.month_abbr[1:])
_NAMES = ("", *calendar.month_name[1:])


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


def between(earlier: str, later: str) -> int:
    """Whole months from ``earlier`` to ``later`` (2016-09 to 2017-01: 4)."""
    (year_a, month_a), (year_b, month_b) = parts(earlier), parts(later)
    return (year_b - year_a) * 12 + month_b - month_a


def span(first: str, last: str) -> Iterator[str]:
    """Every month from ``first`` to ``last``, both included."""
    month = first
    while month <= last:
        yield month
        month = shift(month, 1)


def last_complete_month(day: dt.date) -> str:
    """The latest month whose last day is on or before ``day``."""
    month = month_of(day)
    return month if day == last_day(month) else shift(month, -1)


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


def parse_month(text: str) -> str | None:
    """A ``YYYY-MM`` month from the command line, or None when it is not one."""
    if len(text) != 7 or text[4] != "-" or not (text[:4] + text[5:]).isdigit():
        return None
    return text if 1 <= int(text[5:]) <= 12 else None
