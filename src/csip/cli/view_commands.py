"""Commands: status, actions and show: where the plan stands as of a date.

The views come from ``csip.figures.views``; this module only turns options into filters and
hands the views to ``csip.terminal`` (tables for a person), JSON or CSV (``render.csv_rows``).
rich and the model are imported only when a command runs, so ``csip --help`` stays quick.
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csip import terminal
from csip.cli.shared import (
    AsOfOption,
    ExemptOption,
    MonthOption,
    PlanOption,
    PriorityOption,
    app,
    as_of_date,
    audience_of,
    chosen_priorities,
    fail_usage,
    kept_to_exit,
    parse_month_option,
    valid_plan,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from csip.figures.snapshot import Snapshot
    from csip.figures.views import Filters
    from csip.model.domain import Plan
    from csip.words import Assurance, Rag


LeadFilter = Annotated[
    str | None,
    typer.Option("--lead", metavar="CODE", help="Only actions with this lead (a plan.yaml role)."),
]
AgencyFilter = Annotated[
    str | None,
    typer.Option(
        "--agency", metavar="CODE", help="Only actions involving this agency (a plan.yaml agency)."
    ),
]


class StatusFormat(StrEnum):
    table = "table"
    json = "json"


class ListFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class AssuranceChoice(StrEnum):
    unverified = "unverified"
    evidenced = "evidenced"
    embedded = "embedded"
    challenged = "challenged"


class RagChoice(StrEnum):
    red = "red"
    amber = "amber"
    green = "green"
    white = "white"
    withdrawn = "withdrawn"


@app.command()
def status(
    plan: PlanOption = Path("plan"),
    month: MonthOption = None,
    as_of: AsOfOption = None,
    priority: PriorityOption = None,
    lead: LeadFilter = None,
    agency: AgencyFilter = None,
    output_format: Annotated[
        StatusFormat, typer.Option("--format", "-f", case_sensitive=False, help="table or json.")
    ] = StatusFormat.table,
    exempt: ExemptOption = False,
) -> None:
    """RAG status as at a date: Green, Amber, Red and White by priority, and what is overdue.

    Each priority shows its counts and the share of its due actions that are complete; then come
    the overdue (Red) actions, oldest first. RAG is measured against each action's published due
    month. With filters, every figure is over the actions they keep.

    Example: csip status --month 2017-01
    """
    from csip.figures.views import status_json, status_view

    day = as_of_date(month, as_of)
    loaded = valid_plan(plan)
    filters = _filters(loaded, priority, lead, agency)
    snapshot = _snapshot(loaded, day, filters, exempt)
    view = status_view(snapshot, filters)
    if output_format is StatusFormat.json:
        from csip.render import json_bytes, marked_json

        data = status_json(view)
        typer.echo(json_bytes(marked_json(data, snapshot.plan) if exempt else data), nl=False)
    else:
        terminal.write(_marked(terminal.status_page(view), snapshot, exempt))


@app.command()
def actions(
    plan: PlanOption = Path("plan"),
    month: MonthOption = None,
    as_of: AsOfOption = None,
    rag: Annotated[
        RagChoice | None,
        typer.Option(
            "--rag", case_sensitive=False, help="Only actions at this RAG rating (red, amber, ...)."
        ),
    ] = None,
    priority: PriorityOption = None,
    lead: LeadFilter = None,
    agency: AgencyFilter = None,
    due_by: Annotated[
        str | None,
        typer.Option("--due-by", metavar="YYYY-MM", help="Only actions due by this month."),
    ] = None,
    assurance: Annotated[
        AssuranceChoice | None,
        typer.Option(
            "--assurance",
            case_sensitive=False,
            help="Only complete actions a board has assured this far (unverified, evidenced, "
            "embedded, challenged).",
        ),
    ] = None,
    output_format: Annotated[
        ListFormat,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="table, csv (full text) or json."
        ),
    ] = ListFormat.table,
    exempt: ExemptOption = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (whole or not at all); a CSV file starts with a byte-order mark.",
        ),
    ] = None,
) -> None:
    """List actions in ID order with their timescale, due month and RAG as at a date.

    The table shortens each action's text; csv (for a spreadsheet) and json give it in full.
    A CSV file written with --output starts with a byte-order mark, so that Excel reads it as
    UTF-8 (en dashes, pound signs).

    Example: csip actions --month 2017-01 --rag red --format csv --output red.csv
    """
    from csip.figures.views import selected

    day = as_of_date(month, as_of)
    due_month = parse_month_option(due_by) if due_by is not None else None
    loaded = valid_plan(plan)
    chosen: Rag | None = rag.value if rag is not None else None
    assured: Assurance | None = assurance.value if assurance is not None else None
    filters = _filters(loaded, priority, lead, agency, chosen, due_month, assured)
    snapshot = _snapshot(loaded, day, filters, exempt)
    items = list(selected(snapshot, filters).states)
    if output_format is ListFormat.table:
        page = _marked(terminal.actions_page(loaded, day, filters, items), snapshot, exempt)
        if output is None:
            terminal.write(page)
            return
        import contextlib
        import io

        captured = io.StringIO()
        with contextlib.redirect_stdout(captured):
            terminal.write(page)
        made: str | bytes = captured.getvalue()
    elif output_format is ListFormat.json:
        from csip.figures.views import action_record
        from csip.render import json_bytes

        made = json_bytes([action_record(state) for state in items])
    else:
        from csip.render.csv_rows import actions_csv

        made = actions_csv(items, _notice(snapshot) if exempt else None)
        if output is None:
            sys.stdout.write(made)
            return
        made = "\N{BYTE ORDER MARK}" + made  # so that Excel reads the file as UTF-8
    from csip.cli.report_commands import emit

    emit(made, output, plan)


@app.command()
def show(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="The action's ID, such as 6.1.4.")],
    plan: PlanOption = Path("plan"),
    month: MonthOption = None,
    as_of: AsOfOption = None,
    exempt: ExemptOption = False,
) -> None:
    """One action as at a date: its text, lead, agencies, timescale, RAG and whole progress log.

    Updates dated after the as-at date are shown, marked as such, and do not count.

    Example: csip show 6.1.4 --month 2017-01
    """
    from csip.figures.views import Filters, action_view, unknown_action

    day = as_of_date(month, as_of)
    loaded = valid_plan(plan)
    snapshot = _snapshot(loaded, day, Filters(), exempt)
    view = action_view(snapshot, action_id)
    if view is None:
        fail_usage(unknown_action(loaded, action_id))
    terminal.write(_marked(terminal.action_page(view), snapshot, exempt))


def _filters(
    plan: Plan,
    priorities: list[str] | None,
    lead: str | None,
    agency: str | None,
    rag: Rag | None = None,
    due_by: str | None = None,
    assurance: Assurance | None = None,
) -> Filters:
    """The filters the options give, or a usage error naming what the plan does not have."""
    from csip.figures.views import Filters, filter_problem

    filters = Filters(chosen_priorities(plan, priorities), lead, agency, rag, due_by, assurance)
    problem = filter_problem(plan, filters)
    if problem is not None:
        fail_usage(problem)
    return filters


def _notice(snapshot: Snapshot) -> str | None:
    """What a Part 2 view says at its top (spec section 11); None when it holds nothing exempt."""
    from csip.reports.common import exempt_notice

    return exempt_notice(snapshot.plan)


def _marked(page: list[RenderableType], snapshot: Snapshot, exempt: bool) -> list[RenderableType]:
    """A terminal page, under a first line that says it is Part 2 when it is."""
    notice = _notice(snapshot) if exempt else None
    return page if notice is None else [notice, "", *page]


def _snapshot(plan: Plan, day: dt.date, filters: Filters, exempt: bool) -> Snapshot:
    """The one snapshot a view is made from: the date, the priorities and the audience."""
    from csip.figures.snapshot import Snapshots

    snapshots = Snapshots(plan, priorities=filters.priorities, audience=audience_of(exempt))
    return kept_to_exit(snapshots).at(day)
