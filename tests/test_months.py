"""Month arithmetic and the council's month labels."""

from __future__ import annotations

import datetime as dt

import pytest

from csip import months


def test_first_and_last_day() -> None:
    assert months.first_day("2017-01") == dt.date(2017, 1, 1)
    assert months.last_day("2017-01") == dt.date(2017, 1, 31)
    assert months.last_day("2016-02") == dt.date(2016, 2, 29)
    assert months.last_day("2017-02") == dt.date(2017, 2, 28)
    assert months.last_day("2016-09") == dt.date(2016, 9, 30)


def test_month_of() -> None:
    assert months.month_of(dt.date(2017, 1, 15)) == "2017-01"
    assert months.month_of(dt.date(987, 12, 1)) == "0987-12"


@pytest.mark.parametrize(
    ("month", "count", "expected"),
    [
        ("2016-05", 0, "2016-05"),
        ("2016-05", 1, "2016-06"),
        ("2016-12", 1, "2017-01"),
        ("2017-01", -1, "2016-12"),
        ("2016-05", 20, "2018-01"),
        ("2017-03", -15, "2015-12"),
    ],
)
def test_shift(month: str, count: int, expected: str) -> None:
    assert months.shift(month, count) == expected


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        ("2016-09", "2017-01", 4),
        ("2017-01", "2017-01", 0),
        ("2016-12", "2017-01", 1),
        ("2016-05", "2018-05", 24),
        ("2017-02", "2017-01", -1),
    ],
)
def test_between(earlier: str, later: str, expected: int) -> None:
    assert months.between(earlier, later) == expected


def test_span_includes_both_ends_and_crosses_years() -> None:
    assert list(months.span("2016-11", "2017-02")) == ["2016-11", "2016-12", "2017-01", "2017-02"]
    assert list(months.span("2017-01", "2017-01")) == ["2017-01"]
    assert list(months.span("2017-02", "2017-01")) == []


def test_labels() -> None:
    assert months.label("2017-01") == "Jan-17"
    assert months.label("2016-09") == "Sep-16"
    assert months.label("2000-12") == "Dec-00"
    assert months.long_label("2017-01") == "January 2017"
    assert months.long_label("2016-09") == "September 2016"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2017-01", "2017-01", "Jan-17"),
        ("2016-10", "2016-12", "Oct - Dec 16"),
        ("2016-12", "2017-03", "Dec 16 - Mar 17"),
        ("2016-05", "2017-05", "May 16 - May 17"),
    ],
)
def test_range_label(start: str, end: str, expected: str) -> None:
    assert months.range_label(start, end) == expected


def test_date_labels() -> None:
    assert months.date_label(dt.date(2017, 1, 31)) == "31 January 2017"
    assert months.date_label(dt.date(2016, 9, 1)) == "1 September 2016"
    assert months.short_date_label(dt.date(2016, 11, 30)) == "30 Nov 2016"


@pytest.mark.parametrize("text", ["2017-01", "2016-12", "0000-01", "9999-12"])
def test_parse_month_accepts(text: str) -> None:
    assert months.parse_month(text) == text


@pytest.mark.parametrize(
    ("year", "inside"), [(1899, False), (1900, True), (2199, True), (2200, False)]
)
def test_the_calendar_runs_from_1900_to_2199(year: int, inside: bool) -> None:
    assert months.in_calendar(year) is inside


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2017",
        "2017-1",
        "2017-13",
        "2017-00",
        "17-01",
        "2017/01",
        "2017-01-31",
        " 2017-01",
        "2017-01\n",
        "2017-0\N{SUPERSCRIPT TWO}",  # a digit to str.isdigit, not to int()
        "\N{ARABIC-INDIC DIGIT TWO}017-01",
    ],
)
def test_parse_month_refuses(text: str) -> None:
    assert months.parse_month(text) is None
