"""Command: build, every report of the registry as one folder for a website or a CI artifact."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csip.cli.app import PlanOption, app, now, valid_plan
from csip.cli.report_commands import (
    ReportMonthOption,
    TemplatesOption,
    month_reported,
    templates_folder,
)


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
    CI artifact: the exception report (HTML, Markdown, JSON, PDF), the progress report, the
    funding report when the plan has funding.yaml, status.json, and the exception report of
    every month since the plan started. A failure leaves the folder as it was.

    Example: csip build --month 2017-01 --out build/reports
    """
    from csip.render.templates import TemplateFailure
    from csip.reports.site import BuildError, build_site

    loaded = valid_plan(plan)
    chosen = month_reported(month, loaded.starts, loaded.ends)
    council_templates = templates_folder(templates)
    try:
        written = build_site(loaded, chosen, out, made=now(), templates=council_templates)
    except TemplateFailure as error:
        typer.echo(f"csip: error: template {error}", err=True)
        typer.echo(f"csip: nothing was written; '{out}' is as it was", err=True)
        raise typer.Exit(1) from None
    except BuildError as error:
        typer.echo(f"csip: error: {error}", err=True)
        raise typer.Exit(1) from None
    except OSError as error:
        typer.echo(f"csip: cannot build into '{out}': {error.strerror or error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Wrote {len(written)} files to {out} (open {out / 'index.html'})", err=True)
