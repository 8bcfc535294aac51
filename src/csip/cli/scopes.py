"""The options each kind of report scope takes on the command line, and what they mean.

A report in the registry names its scope; its command gets that scope's options, and
``request_fields`` turns their values into the fields of the report's request, or a usage
error in plain words. Nothing here computes a figure.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from csip.cli.shared import (
    AsOfOption,
    MonthOption,
    as_of_date,
    fail_usage,
    parse_date_option,
    parse_month_option,
    report_month,
)

if TYPE_CHECKING:
    from csip.model.domain import Plan
    from csip.reports.registry import Scope

_QUARTER = re.compile(r"([0-9]{4})-Q([1-4])")
_NUMBERS = re.compile(r"\s*[0-9]{1,4}\s*(,\s*[0-9]{1,4}\s*)*")

ReportMonthOption = Annotated[
    str | None,
    typer.Option(
        "--month",
        "-m",
        metavar="YYYY-MM",
        help="The month reported on, as at its last day. Default: the last complete month.",
    ),
]
FromOption = Annotated[
    str | None, typer.Option("--from", metavar="YYYY-MM", help="The first month of the period.")
]
ToOption = Annotated[
    str | None,
    typer.Option("--to", metavar="YYYY-MM", help="The last month of the period, as at its end."),
]
QuarterOption = Annotated[
    str | None,
    typer.Option(
        "--quarter",
        "-q",
        metavar="YYYY-Qn",
        help=(
            "A quarter of the financial year instead of --from and --to: April to June is Q1, "
            "so 2016-Q2 is July to September 2016. The quarter the plan starts in runs from the "
            "plan's start month."
        ),
    ),
]
MeetingPrioritiesOption = Annotated[
    str,
    typer.Option(
        "--priorities", metavar="N,N", help="The priorities the meeting reviews, such as 7,9."
    ),
]
MeetingDateOption = Annotated[
    str | None,
    typer.Option("--date", metavar="YYYY-MM-DD", help="The date of the meeting. Default: today."),
]
SinceOption = Annotated[
    str,
    typer.Option("--since", metavar="YYYY-MM-DD", help="Compare with the end of this day."),
]


def _parameter(name: str, annotation: object, default: object = inspect.Parameter.empty) -> Any:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
    )


SCOPE_PARAMETERS: dict[str, list[inspect.Parameter]] = {
    "month": [_parameter("month", ReportMonthOption, None)],
    "plan": [],
    "date": [_parameter("month", MonthOption, None), _parameter("as_of", AsOfOption, None)],
    "period": [
        _parameter("first", FromOption, None),
        _parameter("last", ToOption, None),
        _parameter("quarter", QuarterOption, None),
    ],
    "meeting": [
        _parameter("meeting_priorities", MeetingPrioritiesOption),
        _parameter("date", MeetingDateOption, None),
    ],
    "since": [
        _parameter("since", SinceOption),
        _parameter("month", MonthOption, None),
        _parameter("as_of", AsOfOption, None),
    ],
}
"""The options of each scope, as the parameters of its command."""


class RequestFields(NamedTuple):
    """What a scope's options ask of a report's request.

    A named tuple: immutable, and quick to define at start-up. ``options`` is never changed
    once made, so every request without options shares one empty, read-only mapping."""

    month: str | None = None
    first_month: str | None = None
    as_of: dt.date | None = None
    since: dt.date | None = None
    options: Mapping[str, Any] = MappingProxyType({})


def request_fields(scope: Scope, plan: Plan, values: dict[str, Any]) -> RequestFields:
    """What the scope's option values ask for, checked against the plan."""
    if scope == "month":
        return RequestFields(month=month_in_plan(values["month"], plan.starts, plan.ends))
    if scope == "date":
        return RequestFields(as_of=as_of_date(values["month"], values["as_of"]))
    if scope == "period":
        first, last = period_of(values["first"], values["last"], values["quarter"], plan.starts)
        return RequestFields(month=last, first_month=first)
    if scope == "meeting":
        numbers = meeting_priorities(values["meeting_priorities"], plan)
        day = as_of_date(None, values["date"])
        return RequestFields(as_of=day, options={"priorities": numbers})
    if scope == "since":
        since = parse_date_option(values["since"])
        day = as_of_date(values["month"], values["as_of"])
        if since > day:
            fail_usage(f"--since {since} is after the as-at date {day}: give an earlier date")
        return RequestFields(as_of=day, since=since)
    return RequestFields()  # "plan": nothing but the plan


def month_in_plan(month: str | None, starts: str, ends: str | None = None) -> str:
    """The month to report on: given or the last complete one, never before the plan starts
    nor after it ends (``ends:`` in plan.yaml). Without ``--month``, a plan that has ended
    reports its last month."""
    from csip.months import long_label

    chosen = report_month(month)
    if month is None and ends is not None:
        chosen = min(chosen, ends)
    if chosen < starts:
        fail_usage(
            f"the plan starts in {long_label(starts)}: give a month from {starts} on, not {chosen}"
        )
    if ends is not None and chosen > ends:
        fail_usage(f"the plan ends in {long_label(ends)}: give a month up to {ends}, not {chosen}")
    return chosen


def meeting_priorities(text: str, plan: Plan) -> tuple[int, ...]:
    """``7,9`` as priority numbers the plan has, or a usage error."""
    from csip.cli.shared import chosen_priorities

    if not _NUMBERS.fullmatch(text) or any(int(part) == 0 for part in text.split(",")):
        fail_usage(f"'{text}' is not a list of priority numbers: write them as 7,9")
    return chosen_priorities(plan, [part.strip() for part in text.split(",")])


def period_of(
    first: str | None, last: str | None, quarter: str | None, plan_start: str
) -> tuple[str, str]:
    """The months M1..M2 that --from and --to, or --quarter, give; usage errors otherwise."""
    from csip import months
    from csip.figures.period import quarter as find_quarter

    starts = months.long_label(plan_start)
    if quarter is not None:
        if first is not None or last is not None:
            fail_usage("give --quarter or --from and --to, not both")
        found = _QUARTER.fullmatch(quarter.strip().upper())
        if found is None:
            fail_usage(
                f"'{quarter}' is not a quarter: write it as YYYY-Qn, such as 2016-Q2 (July to "
                "September 2016; financial years start in April)"
            )
        year, number = int(found.group(1)), int(found.group(2))
        parse_month_option(f"{year:04d}-04")
        chosen = find_quarter(year, number, plan_start)
        if chosen is None:
            last_month = months.shift(f"{year:04d}-04", 3 * number - 1)
            fail_usage(
                f"the plan starts in {starts}: {quarter} "
                f"({months.long_range_label(months.shift(last_month, -2), last_month)}) "
                "ends before it"
            )
        return chosen.first, chosen.last
    if first is None or last is None:
        fail_usage("give the period: --from YYYY-MM and --to YYYY-MM, or --quarter YYYY-Qn")
    first, last = parse_month_option(first), parse_month_option(last)
    if first > last:
        fail_usage(f"the period ends before it starts: --from {first} is after --to {last}")
    if first < plan_start:
        fail_usage(f"the plan starts in {starts}: give --from {plan_start} or later, not {first}")
    return first, last
