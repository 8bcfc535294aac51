"""Commands: the monitoring report for any run of months, and the inspection's recommendations.

The reports' own options (--format, --output, --templates) behave as they do for the exception
report, so the helpers come from ``csip.cli.report_commands``.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csip.cli.app import (
    AsOfOption,
    MonthOption,
    PlanOption,
    app,
    as_of_date,
    fail_usage,
    now,
    parse_month_option,
    valid_plan,
)
from csip.cli.report_commands import OutputOption, TemplatesOption, emit, rendered, templates_folder

if TYPE_CHECKING:
    from csip.reports.monitoring import Format

_QUARTER = re.compile(r"([0-9]{4})-Q([1-4])")


class PeriodFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


FormatOption = Annotated[
    PeriodFormat,
    typer.Option("--format", "-f", help="md (Markdown), html (one self-contained page) or json."),
]


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
        found = _QUARTER.fullmatch(quarter)
        if found is None:
            fail_usage(
                f"'{quarter}' is not a quarter: write it as YYYY-Qn, such as 2016-Q2 (July to "
                "September 2016; financial years start in April)"
            )
        year, number = int(found.group(1)), int(found.group(2))
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


@app.command("monitoring-report")
def monitoring_report_command(
    first: Annotated[
        str | None,
        typer.Option("--from", metavar="YYYY-MM", help="The first month of the period."),
    ] = None,
    last: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="YYYY-MM", help="The last month of the period, as at its last day."
        ),
    ] = None,
    quarter: Annotated[
        str | None,
        typer.Option(
            "--quarter",
            "-q",
            metavar="YYYY-Qn",
            help=(
                "A quarter of the financial year instead of --from and --to: April to June is "
                "Q1, so 2016-Q2 is July to September 2016. The quarter the plan starts in runs "
                "from the plan's start month."
            ),
        ),
    ] = None,
    plan: PlanOption = Path("plan"),
    output_format: FormatOption = PeriodFormat.md,
    output: OutputOption = None,
    templates: TemplatesOption = None,
) -> None:
    """The monitoring report for a run of months: what was completed, what fell due and was
    missed, what recovered, what was re-planned and what is Red at the end, by priority; the pace
    of the plan from its start; the movement since the period before; and a forward look.

    Example: csip monitoring-report --from 2016-05 --to 2016-09 --format html -o q2.html
    """
    from csip.reports.monitoring import monitoring_report

    loaded = valid_plan(plan)
    period = period_of(first, last, quarter, loaded.starts)
    fmt: Format = output_format.value
    made, folder = now(), templates_folder(templates)
    text = rendered(lambda: monitoring_report(loaded, *period, fmt, made=made, templates=folder))
    emit(text, output, plan)


@app.command("recommendations")
def recommendations_command(
    month: MonthOption = None,
    as_of: AsOfOption = None,
    plan: PlanOption = Path("plan"),
    output_format: FormatOption = PeriodFormat.md,
    output: OutputOption = None,
    templates: TemplatesOption = None,
) -> None:
    """The inspection's recommendations (recommendations.yaml): for each, the actions that answer
    it with their RAG, latest note and evidence, and the coverage (every action Green, any Red,
    answered by nothing). As at today unless --month or --as-of says otherwise.

    Example: csip recommendations --month 2017-01 --format html --output recommendations.html
    """
    from csip.reports.recommendations import recommendations_report

    loaded = valid_plan(plan)
    if loaded.recommendations is None:
        typer.echo(
            f"csip: the plan in '{plan}' has no recommendations.yaml, so there are no "
            "recommendations to report",
            err=True,
        )
        raise typer.Exit(1)
    day = as_of_date(month, as_of)
    fmt: Format = output_format.value
    made, folder = now(), templates_folder(templates)
    text = rendered(lambda: recommendations_report(loaded, day, fmt, made=made, templates=folder))
    emit(text, output, plan)
