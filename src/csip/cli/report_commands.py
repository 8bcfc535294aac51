"""Commands: the board's exception report and the committee's progress summary."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import typer

from csip.cli.app import PlanOption, app, fail_usage, now, report_month, valid_plan

ExceptionFormatName = Literal["md", "html", "json"]
ProgressFormatName = Literal["md", "html"]


class ExceptionFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


class ProgressFormat(StrEnum):
    md = "md"
    html = "html"


ReportMonthOption = Annotated[
    str | None,
    typer.Option(
        "--month",
        "-m",
        metavar="YYYY-MM",
        help="The month reported on, as at its last day. Default: the last complete month.",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the report to FILE (whole or not at all) instead of standard output.",
    ),
]
TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        metavar="DIR",
        help="A folder of the council's own templates, used in place of the built-in ones.",
    ),
]


def templates_folder(directory: Path | None) -> Path | None:
    """The council's templates folder, or a usage error when it does not exist."""
    if directory is not None and not directory.is_dir():
        fail_usage(f"no templates directory at '{directory}'")
    return directory


def emit(text: str, output: Path | None, plan: Path) -> None:
    """Print the report, or write it to ``output`` whole or not at all (never into ``plan``)."""
    if output is None:
        typer.echo(text, nl=False)
        return
    from csip.output import OutputRefused, write_whole

    try:
        write_whole(output, text, plan=plan)
    except OutputRefused as error:
        fail_usage(str(error))
    except OSError as error:
        typer.echo(f"csip: cannot write '{output}': {error.strerror or error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Wrote {output}", err=True)


def month_reported(month: str | None, starts: str) -> str:
    """The month to report on: given or the last complete one, and never before the plan."""
    from csip.months import long_label

    chosen = report_month(month)
    if chosen < starts:
        fail_usage(
            f"the plan starts in {long_label(starts)}: give a month from {starts} on, not {chosen}"
        )
    return chosen


def rendered(build: Callable[[], str]) -> str:
    """Render a report; a broken council template is one line on stderr and exit status 1.

    jinja2 is looked up, not imported: a JSON report never loads it, and only a report that
    rendered a template can have raised its errors.
    """
    try:
        return build()
    except Exception as error:
        jinja2 = sys.modules.get("jinja2")
        if jinja2 is None or not isinstance(error, jinja2.TemplateError):
            raise
        where = ""
        if isinstance(error, jinja2.TemplateSyntaxError):
            where = f"{error.filename or error.name}:{error.lineno}: "
        typer.echo(f"csip: error: {where}template: {error.message or error}", err=True)
        raise typer.Exit(1) from None


@app.command("exception-report")
def exception_report_command(
    month: ReportMonthOption = None,
    plan: PlanOption = Path("plan"),
    output_format: Annotated[
        ExceptionFormat,
        typer.Option(
            "--format", "-f", help="md (Markdown), html (one self-contained page) or json."
        ),
    ] = ExceptionFormat.md,
    output: OutputOption = None,
    templates: TemplatesOption = None,
) -> None:
    """The monthly exception report: the actions Red as at the end of the month, as the board
    reads it (purpose, RAG definitions, analysis by priority and due month, current status of
    each Red action, and the appendix listing them).

    Example: csip exception-report --month 2017-01 --format html --output exception-2017-01.html
    """
    from csip.reports import exception_report

    loaded = valid_plan(plan)
    chosen = month_reported(month, loaded.starts)
    fmt: ExceptionFormatName = output_format.value
    made, folder = now(), templates_folder(templates)
    text = rendered(lambda: exception_report(loaded, chosen, fmt, made=made, templates=folder))
    emit(text, output, plan)


@app.command("progress-report")
def progress_report_command(
    month: ReportMonthOption = None,
    plan: PlanOption = Path("plan"),
    output_format: Annotated[
        ProgressFormat,
        typer.Option("--format", "-f", help="md (Markdown) or html (one self-contained page)."),
    ] = ProgressFormat.md,
    output: OutputOption = None,
    templates: TemplatesOption = None,
) -> None:
    """The committee's progress summary for the month: the figures in words, and what changed
    since the month before (newly Red, completed, re-planned).

    Example: csip progress-report --month 2017-01 --output progress-2017-01.md
    """
    from csip.reports import progress_report

    loaded = valid_plan(plan)
    chosen = month_reported(month, loaded.starts)
    fmt: ProgressFormatName = output_format.value
    made, folder = now(), templates_folder(templates)
    text = rendered(lambda: progress_report(loaded, chosen, fmt, made=made, templates=folder))
    emit(text, output, plan)
