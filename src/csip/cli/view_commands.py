"""Commands: status, actions and show: where the plan stands as of a date.

The views come from ``csip.figures.views``; this module only turns options into filters and lays the
views out: rich tables for a person (RAG always as a word; colour only on a terminal and never
under NO_COLOR), JSON and CSV for machines. rich and the model are imported inside the commands,
so ``csip --help`` stays quick.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from csip.cli.app import (
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
    parse_month_option,
    valid_plan,
)
from csip.words import plural, rag_word

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from csip.figures.rag import ActionState, RagCounts
    from csip.figures.snapshot import Snapshot
    from csip.figures.views import ActionView, Filters, StatusView
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


# Colour backs up the word, never replaces it. White has no colour: it would vanish on a light
# background.
_RAG_STYLES = {"green": "green", "amber": "yellow", "red": "bold red", "white": ""}
_BAR_CELLS = 10
# The status view lists the oldest overdue actions up to this many: a summary for a terminal
# (and rich takes milliseconds a row). `csip actions --rag red` and --format json give them all.
_OVERDUE_SHOWN = 50
_DASH = "\N{EN DASH}"
# Tables without side edges, columns two spaces apart (the box's blank divider and one space).
_TABLE: dict[str, Any] = {
    "show_edge": False,
    "pad_edge": False,
    "padding": (0, 1, 0, 0),
    "header_style": "bold",
}


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
    view = status_view(_snapshot(loaded, day, filters, exempt), filters)
    if output_format is StatusFormat.json:
        _print_json(status_json(view))
    else:
        _write(_status_page(view))


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
    items = list(selected(_snapshot(loaded, day, filters, exempt), filters).states)
    if output_format is ListFormat.json:
        pass

    def show() -> None:
        if output_format is ListFormat.json:
            from csip.figures.views import action_record

            _print_json([action_record(state) for state in items])
        elif output_format is ListFormat.csv:
            _print_csv(items)
        else:
            _write(_actions_page(loaded, day, filters, items))

    if output is None:
        show()
        return
    import contextlib
    import io

    from csip.cli.report_commands import emit

    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        show()
    mark = "\N{BYTE ORDER MARK}" if output_format is ListFormat.csv else ""
    emit(mark + captured.getvalue(), output, plan)


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
    view = action_view(_snapshot(loaded, day, Filters(), exempt), action_id)
    if view is None:
        fail_usage(unknown_action(loaded, action_id))
    _write(_action_page(view))


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


def _snapshot(plan: Plan, day: dt.date, filters: Filters, exempt: bool) -> Snapshot:
    """The one snapshot a view is made from: the date, the priorities and the audience."""
    from csip.figures.snapshot import Snapshots

    return Snapshots(plan, priorities=filters.priorities, audience=audience_of(exempt)).at(day)


# --- machine-readable output -------------------------------------------------------------------


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _print_csv(items: list[ActionState]) -> None:
    import csv

    from csip.figures.views import ACTION_FIELDS, action_record

    writer = csv.writer(sys.stdout)
    writer.writerow(ACTION_FIELDS)
    for state in items:
        writer.writerow(_cell(value) for value in action_record(state).values())


def _cell(value: object) -> str:
    """A CSV cell: lists joined, nothing as empty, and no text a spreadsheet would run."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    text = str(value)
    # A cell that starts with = + - @ is a formula to Excel and LibreOffice: plan text must not
    # become one. Numbers (months overdue) never start so.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# --- tables for a person ----------------------------------------------------------------------


def _write(parts: list[RenderableType]) -> None:
    """Print the parts on a console that colours only on a terminal, never under NO_COLOR.

    Off a terminal (a pipe, a file) rich writes no escape codes, 80 columns wide unless COLUMNS
    says otherwise. Plan text is never read as rich markup. Lines lose the blanks tables pad them
    with, so a saved copy has no trailing spaces.
    """
    from rich.console import Console

    console = Console(
        no_color=bool(os.environ.get("NO_COLOR")) or None,
        highlight=False,
        markup=False,
        emoji=False,
    )
    with console.capture() as captured:
        for part in parts:
            console.print(part)
    sys.stdout.write("".join(line.rstrip(" ") + "\n" for line in captured.get().splitlines()))


def _bold(text: str) -> Text:
    from rich.text import Text

    return Text(text, style="bold")


def _heading(title: str, organisation: str, what: str, filters: Filters) -> list[RenderableType]:
    """The plan, what is shown as at when, and the filters: the first lines of every view."""
    lines: list[RenderableType] = [_bold(title), _bold(f"{organisation}: {what}")]
    described = filters.describe()
    if described:
        lines.append(_bold(f"Filtered to {described}"))
    return [*lines, ""]


def _rag_text(rag: Rag) -> Text:
    from rich.text import Text

    return Text(rag_word(rag), style=_RAG_STYLES.get(rag, ""))


def _one_line(text: str) -> Text:
    """Text cut to its column's width with an ellipsis, never wrapped.

    The column itself stays wrappable, so that a narrow terminal takes its room from this text
    rather than from the figures.
    """
    from rich.text import Text

    return Text(text, no_wrap=True, overflow="ellipsis")


def _count(counts: RagCounts, rag: Rag) -> Text:
    from rich.text import Text

    number = getattr(counts, rag)
    return Text(str(number), style=_RAG_STYLES[rag] if number else "dim")


def _bar(counts: RagCounts) -> Text:
    from rich.text import Text

    if counts.due == 0:
        return Text("")
    filled = counts.done * _BAR_CELLS // counts.due
    bar = Text("\N{FULL BLOCK}" * filled, style="green")
    bar.append("\N{LIGHT SHADE}" * (_BAR_CELLS - filled), style="dim")
    return bar


def _overdue_for(months: int) -> str:
    """How long a Red action has been overdue: "< 1 month" when it was due this month."""
    return "< 1 month" if months == 0 else plural(months, "month")


def _status_page(view: StatusView) -> list[RenderableType]:
    from rich import box
    from rich.table import Table

    from csip import months

    rags: tuple[Rag, ...] = ("green", "amber", "red", "white")
    totals = view.totals
    table = Table(box=box.SIMPLE, show_footer=True, **_TABLE)
    table.add_column("", justify="right")
    table.add_column("Priority", footer="Total", min_width=8)
    for rag in rags:
        table.add_column(_rag_text(rag), justify="right", footer=_bold(str(getattr(totals, rag))))
    table.add_column("Done", justify="right", footer=_bold(view.done))
    table.add_column("", footer=_bar(totals), no_wrap=True)
    for row, done in zip(view.rows, view.row_done, strict=True):
        counts = row.counts
        table.add_row(
            str(row.priority.number),
            _one_line(row.priority.short_title),
            *(_count(counts, rag) for rag in rags),
            done,
            _bar(counts),
        )
    as_at = months.date_label(view.as_of)
    page = _heading(view.title, view.organisation, f"RAG status as at {as_at}", view.filters)
    page += [table, ""]
    due_by = months.short_date_label(view.as_of)
    page.append(f"Done: the share of the actions due by {due_by} that are complete.")
    if view.has_meetings:
        page.append(_assurance_line(view))
    if view.green_requires != "complete":
        page.append(
            f"Green requires {_GREEN_REQUIRES[view.green_requires]}: "
            f"{plural(view.awaiting_assurance, 'complete action')} "
            f"{'awaits' if view.awaiting_assurance == 1 else 'await'} assurance (Amber)."
        )
    if view.replanned:
        page.append(
            f"Re-planned: {plural(view.replanned, 'action')}; "
            "RAG still counts from the published due month."
        )
    if totals.withdrawn:
        page.append(f"Withdrawn: {plural(totals.withdrawn, 'action')}, left out of the counts.")
    page.append("")
    if not view.overdue:
        return [*page, _bold("Overdue (Red): none.")]
    page.append(_bold(f"Overdue (Red): {plural(len(view.overdue), 'action')}, oldest first"))
    overdue = Table(box=box.SIMPLE_HEAD, **_TABLE)
    overdue.add_column("ID", no_wrap=True)
    overdue.add_column("Due", no_wrap=True)
    overdue.add_column("Overdue", justify="right", no_wrap=True)
    overdue.add_column("Revised", no_wrap=True)
    overdue.add_column("Lead", max_width=14)
    overdue.add_column("Action", min_width=12)
    for state in view.overdue[:_OVERDUE_SHOWN]:
        overdue.add_row(
            state.id,
            months.label(state.due),
            _overdue_for(state.months_overdue),
            months.label(state.revised_due) if state.revised_due else "",
            ", ".join(state.action.lead),
            _one_line(state.action.action),
        )
    page.append(overdue)
    hidden = len(view.overdue) - _OVERDUE_SHOWN
    if hidden > 0:
        page.append(
            f"\N{HORIZONTAL ELLIPSIS} and {hidden:,} more, not shown here: "
            "csip actions --rag red lists them all."
        )
    return page


_GREEN_REQUIRES = {"evidenced": "evidence verified", "embedded": "embedding tested"}


def _assurance_line(view: StatusView) -> str:
    """``Assurance: 5 embedded, 87 evidenced, 1 challenged, 87 unverified (180 complete).``"""
    counts = view.assurance
    complete = sum(counts.values())
    if not complete:
        return "Assurance: no action is complete."
    order: tuple[Assurance, ...] = ("embedded", "evidenced", "challenged", "unverified")
    parts = ", ".join(f"{counts[name]} {name}" for name in order)
    return f"Assurance: {parts} ({complete} complete)."


def _actions_page(
    plan: Plan, as_of: dt.date, filters: Filters, items: list[ActionState]
) -> list[RenderableType]:
    """One action per entry: its figures on a line, its text (shortened) beneath.

    Seven columns do not fit 80 characters with room left for the text, so each entry's second
    line gives the text the whole width. The figures sit in grids of the same column widths, so
    they line up under one header.
    """
    from rich import box
    from rich.console import Group
    from rich.table import Table

    from csip import months
    from csip.figures.views import timescale

    what = f"{plural(len(items), 'action')} as at {months.date_label(as_of)}"
    page = _heading(plan.title, plan.header.organisation, what, filters)
    if not items:
        return page[:-1]
    rows = []
    for state in items:
        due = months.label(state.due)
        if state.replanned and state.revised_due is not None:
            due += f" \N{RIGHTWARDS ARROW} {months.label(state.revised_due)}"
        rows.append(
            (
                timescale(state),
                due,
                _rag_text(state.rag),
                ", ".join(state.action.lead),
                ", ".join(state.action.agencies) or _DASH,
            )
        )
    headers = ("Timescale", "Due", "RAG", "Lead", "Agencies")
    widths = [max(len(header), *(len(row[i]) for row in rows)) for i, header in enumerate(headers)]
    widths[3] = min(widths[3], 16)

    def fields(cells: tuple[str | Text, ...], style: str = "") -> Table:
        grid = Table.grid(padding=(0, 2, 0, 0), expand=True)
        for index, width in enumerate(widths[:4]):
            grid.add_column(width=width, no_wrap=index < 3)
        grid.add_column(ratio=1)
        grid.add_row(*cells, style=style)
        return grid

    table = Table(box=box.SIMPLE_HEAD, expand=True, **_TABLE)
    table.add_column("ID", no_wrap=True)
    table.add_column(fields(headers, style="bold"), ratio=1)
    for state, cells in zip(items, rows, strict=True):
        table.add_row(state.id, Group(fields(cells), _one_line(state.action.action)))
    return [*page, table]


def _action_page(view: ActionView) -> list[RenderableType]:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from csip import months
    from csip.figures.views import timescale

    state = view.state
    page: list[RenderableType] = [_bold(f"{state.id}  {view.priority.label}")]
    page += [Text(state.action.action), ""]
    facts = Table.grid(padding=(0, 2, 0, 0))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    # One code a line, each with what it stands for in plan.yaml.
    facts.add_row("Lead", "\n".join(f"{code} ({meaning})" for code, meaning in view.lead))
    agencies = [f"{code} ({meaning})" if meaning else code for code, meaning in view.agencies]
    facts.add_row("Agencies", "\n".join(agencies) or "none")
    when = f"{timescale(state)} (due {months.label(state.due)}"
    if state.revised_due is not None:
        when += f", revised to {months.label(state.revised_due)}"
    facts.add_row("Timescale", when + ")")
    rag = _rag_text(state.rag)
    rag.append(f" as at {months.date_label(view.as_of)}", style="")
    if state.rag == "red":
        rag.append(f" ({_overdue_for(state.months_overdue)} overdue)")
    facts.add_row("RAG", rag)
    facts.add_row("Status", state.status.replace("-", " "))
    if state.completed_on is not None:
        facts.add_row("Completed", months.short_date_label(state.completed_on))
    if state.assurance is not None:
        assured: str = state.assurance
        if state.awaiting_assurance:
            assured += " (awaiting assurance: Amber until then)"
        facts.add_row("Assurance", assured)
    if state.note is not None:
        facts.add_row("Latest note", state.note)
    page += [facts, ""]
    if not view.log:
        page.append(_bold("Progress log: no updates yet."))
    else:
        log = Table(box=box.SIMPLE_HEAD, **_TABLE)
        log.add_column("Date", no_wrap=True)
        log.add_column("Status", no_wrap=True)
        log.add_column("Note")
        for entry in view.log:
            update = entry.update
            date = months.short_date_label(update.date) + (" *" if entry.after_as_of else "")
            details = Text(update.note or "")
            if update.due is not None:
                details.append(f"\nRevised due month: {months.label(update.due)}")
            if update.evidence:
                details.append("\nEvidence: " + "; ".join(update.evidence))
            log.add_row(date, update.status.replace("-", " "), details)
        page += [_bold("Progress log"), log]
    if view.reviews:
        page += ["", _bold("Board reviews"), _reviews_table(view)]
    if any(entry.after_as_of for entry in view.log) or any(
        entry.after_as_of for entry in view.reviews
    ):
        page.append("* After the as-at date: shown, but not counted above.")
    return page


def _reviews_table(view: ActionView) -> RenderableType:
    """Each board review of the action: when, which board and its outcome, then what it said
    and agreed."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from csip import months
    from csip.words import OUTCOME_WORDS

    table = Table(box=box.SIMPLE_HEAD, **_TABLE)
    table.add_column("Date", no_wrap=True)
    table.add_column("Review")
    for entry in view.reviews:
        meeting, review = entry.review.meeting, entry.review.review
        date = months.short_date_label(meeting.date) + (" *" if entry.after_as_of else "")
        details = Text(f"{meeting.board}: {OUTCOME_WORDS[review.outcome]}", style="bold")
        if review.note:
            details.append("\n" + review.note, style="")
        if review.evidence:
            details.append("\nEvidence: " + "; ".join(review.evidence), style="")
        for task in review.tasks:
            done = f"done {months.short_date_label(task.done)}" if task.done else "not done"
            details.append(
                f"\nTask: {task.task} ({task.owner}, due {months.short_date_label(task.due)}; "
                f"{done})",
                style="",
            )
        table.add_row(date, details)
    return table
