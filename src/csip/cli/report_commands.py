"""Commands: one per report in the registry, each with the options its scope takes.

The commands are made by looping over ``csip.reports.registry``: adding a report adds its
command. This module does not use postponed annotations, because each command's ``--format``
option is built for its report when the command is made.
"""

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csip.cli.app import (
    PlanOption,
    PriorityOption,
    app,
    chosen_priorities,
    fail_usage,
    now,
    report_month,
    valid_plan,
)

if TYPE_CHECKING:
    from csip.reports.registry import ReportKind

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


def emit(text: str | bytes, output: Path | None) -> None:
    """Print the report, or write it to ``output`` whole or not at all. A PDF goes to standard
    output only when that is not a terminal (``> report.pdf``, a pipe)."""
    if output is None:
        if isinstance(text, bytes) and sys.stdout.isatty():
            fail_usage("a PDF is not for the terminal: give --output FILE.pdf or redirect it")
        typer.echo(text, nl=False)
        return
    from csip.render.templates import write_whole

    try:
        write_whole(output, text)
    except OSError as error:
        typer.echo(f"csip: cannot write '{output}': {error.strerror or error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Wrote {output}", err=True)


def month_reported(month: str | None, starts: str, ends: str | None = None) -> str:
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


def rendered(build: Callable[[], str | bytes]) -> str | bytes:
    """Render a report; a broken council template is one line on stderr and exit status 1.

    The template module is looked up, not imported: a JSON report never loads jinja2, and only
    a report that rendered a template can have failed in one.
    """
    try:
        return build()
    except Exception as error:
        templates = sys.modules.get("csip.render.templates")
        if templates is None or not isinstance(error, templates.TemplateFailure):
            raise
        typer.echo(f"csip: error: template {error}", err=True)
        raise typer.Exit(1) from None


def chosen_format(given: str | None, output: Path | None, formats: tuple[str, ...]) -> str:
    """The format asked for, else the one ``--output``'s extension names, else the first.

    Values are read whatever their case; a format that contradicts the output file's extension
    is a usage error, not a silently mislabelled file.
    """
    from csip.render import FORMAT_NAMES, format_of

    implied = format_of(output) if output is not None else None
    offered = ", ".join(formats)
    if given is not None:
        fmt = given.strip().lower()
        if fmt not in formats:
            fail_usage(f"--format takes one of {offered}, not '{given}'")
        if implied is not None and implied != fmt:
            fail_usage(
                f"--format {fmt} contradicts --output '{output}', which names a "
                f"{FORMAT_NAMES[implied]} file"
            )
        return fmt
    if implied is None:
        return formats[0]
    if implied not in formats:
        fail_usage(
            f"--output '{output}' names a {FORMAT_NAMES[implied]} file, and this report is "
            f"written as {offered}"
        )
    return implied


def run_report(
    kind: "ReportKind",
    plan_directory: Path,
    *,
    month: str | None,
    fmt: str | None,
    output: Path | None,
    templates: Path | None,
    priorities: list[str] | None = None,
) -> None:
    """Make one report as the command line asked, and print it or write it whole."""
    from csip.figures.snapshot import Snapshots
    from csip.reports import render_report

    plan = valid_plan(plan_directory)
    reason = kind.why_not(plan)
    if reason is not None:
        typer.echo(f"csip: {reason}", err=True)
        raise typer.Exit(1)
    chosen = chosen_format(fmt, output, kind.formats)
    report_month = month_reported(month, plan.starts, plan.ends) if kind.scope == "month" else None
    snapshots = Snapshots(plan, priorities=chosen_priorities(plan, priorities))
    made, folder = now(), templates_folder(templates)
    text = rendered(
        lambda: render_report(
            kind.name, snapshots, chosen, made=made, month=report_month, templates=folder
        )
    )
    emit(text, output)


def _format_option(kind: "ReportKind") -> object:
    formats = ", ".join(kind.formats)
    return Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"{formats}. Default: the one --output's extension names, else {kind.formats[0]}.",
        ),
    ]


def _month_command(kind: "ReportKind") -> Callable[..., None]:
    format_option = _format_option(kind)

    def command(
        month: ReportMonthOption = None,
        plan: PlanOption = Path("plan"),
        output_format: format_option = None,  # type: ignore[valid-type]
        output: OutputOption = None,
        templates: TemplatesOption = None,
        priority: PriorityOption = None,
    ) -> None:
        run_report(
            kind,
            plan,
            month=month,
            fmt=output_format,
            output=output,
            templates=templates,
            priorities=priority,
        )

    return command


def _plan_command(kind: "ReportKind") -> Callable[..., None]:
    format_option = _format_option(kind)

    def command(
        plan: PlanOption = Path("plan"),
        output_format: format_option = None,  # type: ignore[valid-type]
        output: OutputOption = None,
        templates: TemplatesOption = None,
    ) -> None:
        run_report(kind, plan, month=None, fmt=output_format, output=output, templates=templates)

    return command


def _register() -> None:
    from csip.reports.registry import REPORTS

    for kind in REPORTS:
        if not kind.command:
            continue
        command = _month_command(kind) if kind.scope == "month" else _plan_command(kind)
        command.__doc__ = f"{kind.help}\n\nExample: {kind.example}"
        app.command(kind.name)(command)


_register()
