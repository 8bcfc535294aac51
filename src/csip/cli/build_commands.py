"""Command: build, every report of the registry as one folder for a website or a CI artifact."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from csip.figures.snapshot import Audience

from csip.cli.report_commands import TemplatesOption, templates_folder
from csip.cli.scopes import ReportMonthOption, month_in_plan
from csip.cli.shared import (
    ExemptOption,
    PlanOption,
    app,
    audience_of,
    fail_usage,
    now,
    valid_plan,
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
    exempt: ExemptOption = False,
    exempt_out: Annotated[
        Path | None,
        typer.Option(
            "--exempt-out",
            metavar="DIR",
            help="Also write the Part 2 version, with the exempt information, into this folder.",
        ),
    ] = None,
) -> None:
    """Write every report for the month into one folder with an index page, for a website or a
    CI artifact: the exception report (HTML, Markdown, JSON, PDF), the progress report, the
    funding report when the plan has funding.yaml, status.json, and the exception report of
    every month since the plan started (so a month that has not begun is refused). The folder
    is Part 1 (public): exempt information is replaced by placeholders; --exempt makes it Part
    2, and --exempt-out writes Part 2 into a second folder as well. A failure leaves every
    folder as it was.

    Example: csip build --month 2017-01 --out build/reports
    """
    from csip.months import month_of
    from csip.output import FolderRefused, OutputRefused
    from csip.render.templates import TemplateFailure
    from csip.reports.site import build_site

    made = now()
    loaded = valid_plan(plan)
    chosen = month_in_plan(month, loaded.starts, loaded.ends)
    this_month = month_of(made.date())
    if chosen > this_month:
        # A site holds a report for every month up to the one asked for: one for a month to
        # come reports nothing that has happened, and one decades ahead is thousands of files.
        fail_usage(
            f"--month {chosen} is after this month ({this_month}): a build reports the months "
            "that have begun"
        )
    council_templates = templates_folder(templates)
    folders: list[tuple[Path, Audience]] = [(out, audience_of(exempt))]
    if exempt_out is not None:
        if _overlap(out, exempt_out):
            fail_usage(
                f"--exempt-out '{exempt_out}' and --out '{out}' must be separate folders, "
                "neither inside the other: Part 2 must never sit in a public folder"
            )
        folders.append((exempt_out, "exempt"))
    try:
        written = build_site(loaded, chosen, folders, made=made, templates=council_templates)
    except TemplateFailure as error:
        typer.echo(f"csip: error: template {error}", err=True)
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
    if exempt_out is not None:
        typer.echo(f"Wrote the Part 2 version to {exempt_out}: not for publication", err=True)


def _overlap(first: Path, second: Path) -> bool:
    one, other = first.resolve(), second.resolve()
    return one == other or one.is_relative_to(other) or other.is_relative_to(one)
