"""The ``csip`` command line: options in, library calls, output out. No figures are made here.

Heavy modules (the model, jinja2, rich) are imported inside the commands that need them, so
``csip --help`` and ``csip --version`` start at once.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from csip import __version__

if TYPE_CHECKING:
    from csip.model.domain import Plan
    from csip.plan_folder import Loaded

app = typer.Typer(
    name="csip",
    help=(
        "Run a Children's Services Improvement Plan as code: validate the plan's YAML files, "
        "see RAG status as of any date, and write the board's and committee's reports."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)

PlanOption = Annotated[
    Path,
    typer.Option("--plan", "-p", help="The plan directory.", show_default=True),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"csip {__version__}")
        raise typer.Exit()


# Whether commands may use the cache of what each plan file gave (``csip --no-cache`` says not).
_use_cache = True


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Read every plan file afresh, neither using nor filling the cache "
            "(the output is the same).",
        ),
    ] = False,
) -> None:
    """Run a Children's Services Improvement Plan as code."""
    global _use_cache
    _use_cache = not no_cache


def fail_usage(message: str) -> NoReturn:
    """A wrong command line: one line on stderr and exit status 2."""
    typer.echo(f"csip: error: {message}", err=True)
    raise typer.Exit(2)


def now() -> dt.datetime:
    """The time now, or the time SOURCE_DATE_EPOCH names, so that runs can be reproduced exactly.

    Reports print it as the time they were made; "today" for validation and the default as-at
    date is its date.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return dt.datetime.now().astimezone()
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        fail_usage(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{epoch}'")


def today() -> dt.date:
    return now().date()


MonthOption = Annotated[
    str | None,
    typer.Option("--month", "-m", metavar="YYYY-MM", help="As at the last day of this month."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", metavar="YYYY-MM-DD", help="As at the end of this day."),
]


def parse_month_option(text: str) -> str:
    """A ``YYYY-MM`` month from the command line, or a usage error."""
    from csip.months import parse_month

    month = parse_month(text)
    if month is None:
        fail_usage(f"'{text}' is not a month: write it as YYYY-MM, such as 2017-01")
    return month


def as_of_date(month: str | None, as_of: str | None) -> dt.date:
    """The date D that --month or --as-of give; today when neither does."""
    from csip.months import last_day

    if month is not None and as_of is not None:
        fail_usage("give --month or --as-of, not both")
    if month is not None:
        return last_day(parse_month_option(month))
    if as_of is not None:
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", as_of):
                raise ValueError(as_of)
            return dt.date.fromisoformat(as_of)
        except ValueError:
            fail_usage(f"'{as_of}' is not a date: write it as YYYY-MM-DD, such as 2017-01-31")
    return today()


def report_month(month: str | None) -> str:
    """The month a report covers: the one given, else the last complete month before today."""
    from csip.months import month_of, shift

    if month is not None:
        return parse_month_option(month)
    return shift(month_of(today()), -1)


def read_plan(directory: Path) -> Loaded:
    from csip.load.cache import Cache
    from csip.plan_folder import PlanNotFound, load_plan

    cache = Cache.open(directory) if _use_cache else None
    try:
        return load_plan(directory, today(), cache)
    except PlanNotFound as error:
        fail_usage(f"{error} (give the plan directory with --plan)")


def valid_plan(directory: Path) -> Plan:
    """The plan, or its errors on stderr and exit status 1: reports come only from a valid plan."""
    loaded = read_plan(directory)
    if loaded.plan is None:
        for problem in loaded.problems:
            if problem.level == "error":
                typer.echo(problem.text(), err=True)
        typer.echo(
            f"csip: the plan in '{directory}' has errors; fix them first (csip validate).",
            err=True,
        )
        raise typer.Exit(1)
    return loaded.plan
