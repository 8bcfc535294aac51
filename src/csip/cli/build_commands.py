"""Commands: the funding report, and build: every report as one folder for a website or CI.

The reports' own options (--output, --templates, --month) behave as they do for the exception
and progress reports, so the helpers come from ``csip.cli.report_commands``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csip.cli.app import PlanOption, app, fail_usage, now, valid_plan
from csip.cli.report_commands import (
    OutputOption,
    ReportMonthOption,
    TemplatesOption,
    emit,
    month_reported,
    rendered,
    templates_folder,
)

if TYPE_CHECKING:
    from csip.reports.funding import Format


class FundingFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


@app.command()
def funding(
    plan: PlanOption = Path("plan"),
    output_format: Annotated[
        FundingFormat,
        typer.Option("--format", "-f", help="md (Markdown), html (a self-contained page) or json."),
    ] = FundingFormat.md,
    output: OutputOption = None,
    templates: TemplatesOption = None,
) -> None:
    """The money agreed for the plan (funding.yaml): each line with the actions it serves, and
    the totals per financial year, in the ledger's units (£'000).

    Example: csip funding --format html --output funding.html
    """
    from csip.reports import funding_report

    loaded = valid_plan(plan)
    if loaded.funding is None:
        typer.echo(
            f"csip: the plan in '{plan}' has no funding.yaml, so there is no funding to report",
            err=True,
        )
        raise typer.Exit(1)
    fmt: Format = output_format.value
    made, folder = now(), templates_folder(templates)
    text = rendered(lambda: funding_report(loaded, fmt, made=made, templates=folder))
    emit(text, output, plan)


@app.command()
def build(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            metavar="DIR",
            help="The folder to write; an existing one that csip build made is replaced whole.",
        ),
    ],
    plan: PlanOption = Path("plan"),
    month: ReportMonthOption = None,
    templates: TemplatesOption = None,
) -> None:
    """Write every report for the month into one folder with an index page, for a website or a
    CI artifact: the exception report (HTML, Markdown, JSON), the progress report, the funding
    report when the plan has funding.yaml, status.json, and the exception report of every month
    since the plan started. A failure leaves the folder as it was.

    Example: csip build --month 2017-01 --out build/reports
    """
    import jinja2

    from csip.output import FolderRefused, OutputRefused
    from csip.reports.site import build_site

    loaded = valid_plan(plan)
    chosen = month_reported(month, loaded.starts)
    council_templates = templates_folder(templates)
    try:
        written = build_site(loaded, chosen, out, made=now(), templates=council_templates)
    except jinja2.TemplateError as error:
        where = ""
        if isinstance(error, jinja2.TemplateSyntaxError):
            where = f"{error.filename or error.name}:{error.lineno}: "
        typer.echo(f"csip: error: {where}template: {error.message or error}", err=True)
        typer.echo(f"csip: nothing was written; '{out}' is as it was", err=True)
        raise typer.Exit(1) from None
    except OutputRefused as error:
        fail_usage(str(error))
    except FolderRefused as error:
        typer.echo(f"csip: error: {error}", err=True)
        raise typer.Exit(1) from None
    except OSError as error:
        typer.echo(f"csip: cannot build into '{out}': {error.strerror or error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Wrote {len(written)} files to {out} (open {out / 'index.html'})", err=True)
