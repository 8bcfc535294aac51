"""Commands: one per report in the registry, each with the options its scope takes.

The commands are made by looping over ``csip.reports.registry``: adding a report adds its
command. This module does not use postponed annotations, because each command's ``--format``
option is built for its report when the command is made.
"""

import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from csip.cli.scopes import SCOPE_PARAMETERS, request_fields
from csip.cli.shared import (
    ExemptOption,
    PlanOption,
    PriorityOption,
    app,
    audience_of,
    chosen_priorities,
    fail_usage,
    kept_to_exit,
    now,
    valid_plan,
)

if TYPE_CHECKING:
    from csip.reports.registry import ReportKind

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


def emit(text: str | bytes, output: Path | None, plan: Path) -> None:
    """Print the report, or write it to ``output`` whole or not at all (never into ``plan``).
    ``--output -`` is standard output, as for most tools."""
    if output is None or str(output) == "-":
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


OTHER_DOCUMENTS = {
    ".docx": "Word",
    ".doc": "Word",
    ".odt": "OpenDocument text",
    ".rtf": "Rich Text",
    ".xlsx": "spreadsheet",
    ".xls": "spreadsheet",
    ".ods": "spreadsheet",
}
"""Documents a report could be mistaken to be written as: a Markdown report saved as
``report.docx`` would open as a damaged Word file, not as text."""


def chosen_format(given: str | None, output: Path | None, formats: tuple[str, ...]) -> str:
    """The format asked for, else the one ``--output``'s extension names, else the first.

    Values are read whatever their case; a format that contradicts the output file's extension
    is a usage error, not a silently mislabelled file.
    """
    from csip.render import EXTENSIONS, FORMAT_NAMES, format_of

    implied = format_of(output) if output is not None else None
    offered = ", ".join(formats)
    suffix = output.suffix.lower() if output is not None else ""
    if suffix in OTHER_DOCUMENTS:
        endings = sorted(end for end, fmt in EXTENSIONS.items() if fmt in formats)
        fail_usage(
            f"--output '{output}' names a {OTHER_DOCUMENTS[suffix]} file, which this report "
            f"is not written as: give a file ending {', '.join(endings)}"
        )
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


def run_report(kind: "ReportKind", values: dict[str, Any]) -> None:
    """Make one report as the command line asked, and print it or write it whole."""
    from csip.figures.snapshot import Snapshots
    from csip.render import FORMAT_NAMES, NOT_FOR_TERMINAL
    from csip.reports import render_report

    plan_directory: Path = values["plan"]
    output: Path | None = values["output"]
    plan = valid_plan(plan_directory)
    reason = kind.why_not(plan)
    if reason is not None:
        typer.echo(f"csip: {reason}", err=True)
        raise typer.Exit(1)
    chosen = chosen_format(values["output_format"], output, kind.formats)
    if (
        chosen in NOT_FOR_TERMINAL
        and (output is None or str(output) == "-")
        and sys.stdout.isatty()
    ):
        fail_usage(
            f"a {FORMAT_NAMES[chosen]} is not for the terminal: give --output FILE.{chosen} or "
            "redirect it"
        )
    asked = request_fields(kind.scope, plan, values)
    priorities = chosen_priorities(plan, values.get("priority"))
    audience = audience_of(values["exempt"])
    snapshots = kept_to_exit(Snapshots(plan, priorities=priorities, audience=audience))
    made, folder = now(), templates_folder(values["templates"])
    text = rendered(
        lambda: render_report(
            kind.name,
            snapshots,
            chosen,
            made=made,
            month=asked.month,
            first_month=asked.first_month,
            as_of=asked.as_of,
            since=asked.since,
            templates=folder,
            options=asked.options,
        )
    )
    emit(kept_to_exit(text), output, plan_directory)


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


def _command(kind: "ReportKind") -> Callable[..., None]:
    """The command for one report: its scope's options, then those every report takes."""

    def command(**values: Any) -> None:
        run_report(kind, values)

    def option(name: str, annotation: object, default: object) -> inspect.Parameter:
        return inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
        )

    parameters = [
        *SCOPE_PARAMETERS[kind.scope],
        option("plan", PlanOption, Path("plan")),
        option("output_format", _format_option(kind), None),
        option("output", OutputOption, None),
        option("templates", TemplatesOption, None),
        option("exempt", ExemptOption, False),
    ]
    if kind.scope in ("month", "date", "period", "since"):
        parameters.append(option("priority", PriorityOption, None))
    command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    command.__annotations__ = {parameter.name: parameter.annotation for parameter in parameters}
    command.__doc__ = f"{kind.help}\n\nExample: {kind.example}"
    return command


def _register() -> None:
    from csip.reports.registry import REPORTS

    for kind in REPORTS:
        if kind.command:
            app.command(kind.name)(_command(kind))


_register()
