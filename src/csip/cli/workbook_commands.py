"""Commands: export, import, returns and update: the plan for people who work in spreadsheets.

``export`` writes the plan as a workbook, ``returns`` writes each lead officer's monthly return,
``import`` adds what a filled-in workbook holds to the plan's files, and ``update`` adds one
update from the command line. Import and update only ever add lines to the plan's files, and
write nothing unless the whole plan is valid with them. openpyxl and the model are imported
inside the commands, so ``csip --help`` stays quick.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csip.cli.shared import (
    AsOfOption,
    ExemptOption,
    MonthOption,
    PlanOption,
    app,
    as_of_date,
    audience_of,
    fail_usage,
    now,
    parse_month_option,
    today,
    valid_plan,
)
from csip.words import plural

if TYPE_CHECKING:
    import datetime as dt

    from openpyxl import Workbook

    from csip.figures.snapshot import Snapshots


class WorkbookFormat(StrEnum):
    xlsx = "xlsx"


class StatusChoice(StrEnum):
    not_started = "not-started"
    in_progress = "in-progress"
    complete = "complete"
    withdrawn = "withdrawn"


@app.command()
def export(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="FILE", help="The workbook to write (.xlsx)."),
    ],
    plan: PlanOption = Path("plan"),
    output_format: Annotated[
        WorkbookFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="xlsx (Excel, LibreOffice)."),
    ] = WorkbookFormat.xlsx,
    month: MonthOption = None,
    as_of: AsOfOption = None,
    exempt: ExemptOption = False,
) -> None:
    """Write the plan as one workbook: sheets Actions, Updates and Priorities.

    Actions has one row per action with its status, RAG, revised due month and latest note as
    at the date; Updates one row per update; Priorities each priority's titles. Each action and
    update carries its Exempt paragraph; without --exempt, exempt text is its placeholder, which
    csip import reads as unchanged. Edit a copy and give it back to csip import to add actions
    and updates.

    Example: csip export --format xlsx --output plan.xlsx --month 2017-01
    """
    from csip import months
    from csip.figures.snapshot import Snapshots
    from csip.workbook.export import plan_workbook

    if output.suffix.lower() != ".xlsx" and not output.is_char_device():
        fail_usage(f"--output '{output}' must name an .xlsx file: csip export writes a workbook")
    day = as_of_date(month, as_of)
    snapshots = Snapshots(valid_plan(plan), audience=audience_of(exempt))
    _save(plan_workbook(snapshots, day, now()), output, plan)
    actions = sum(len(priority.actions) for priority in snapshots.plan.priorities)
    typer.echo(
        f"Wrote {output}{_part(snapshots)}: {plural(actions, 'action')} as at "
        f"{months.date_label(day)}",
        err=True,
    )


@app.command("import")
def import_workbook(
    workbook: Annotated[
        Path, typer.Argument(metavar="FILE", help="The workbook (.xlsx): an export or a return.")
    ],
    plan: PlanOption = Path("plan"),
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the workbook and say what would be added.")
    ] = False,
) -> None:
    """Add the actions and updates a workbook has and the plan does not, to the plan's files.

    Reads a workbook of csip export (new actions go into their priority's file, a new file for
    a new priority; new updates at the end of their action's log) or a lead's filled-in return
    of csip returns. It never changes or removes what the plan holds: a row that contradicts
    the plan is an error at its cell (FILE:Sheet!CELL), and with any error nothing is written.

    Example: csip import plan.xlsx --plan plan
    """
    from csip.output import plan_edit_lock
    from csip.workbook.importer import import_workbook as merge

    if not workbook.is_file():
        fail_usage(f"no workbook at '{workbook}'")
    with plan_edit_lock(plan):
        loaded = valid_plan(plan)
        outcome = merge(workbook, loaded, today(), write=not dry_run)
    for problem in outcome.problems:
        typer.echo(problem.text(), err=True)
    if outcome.failed:
        errors = sum(1 for problem in outcome.problems if problem.level == "error")
        typer.echo(f"csip: nothing was written: {plural(errors, 'error')} in {workbook}", err=True)
        raise typer.Exit(1)
    verb = "would add" if dry_run else "added"
    for added in outcome.added:
        listed = f" ({', '.join(added.actions)})" if added.actions else ""
        what = _what(len(added.actions), added.updates, listed) or "the priority"
        new = " (a new file)" if added.new_file else ""
        typer.echo(f"{added.file}{new}: {verb} {what}")
    if not outcome.added:
        typer.echo(f"Nothing to add: the plan already holds everything in {workbook}.")
    else:
        actions = sum(len(added.actions) for added in outcome.added)
        updates = sum(added.updates for added in outcome.added)
        new_files = sum(1 for added in outcome.added if added.new_file)
        priorities = plural(new_files, "priority", "priorities")
        done = " (nothing written)" if dry_run else "."
        typer.echo(f"{workbook}: {verb} {_what(actions, updates) or priorities}{done}")


@app.command()
def returns(
    month: Annotated[
        str,
        typer.Option(
            "--month", "-m", metavar="YYYY-MM", help="The month the return is for, as at its end."
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", metavar="DIR", help="The folder to write the returns into.")
    ],
    plan: PlanOption = Path("plan"),
    exempt: ExemptOption = False,
) -> None:
    """Write each lead officer's monthly return: one workbook per lead role.

    Each holds the lead's actions still open at the month's end (not complete or withdrawn),
    where each stands, and empty cells for the month's update: date, status (a drop-down),
    note, revised due month and evidence. Without --exempt, exempt text is its placeholder.
    Give the filled-in returns to csip import.

    Example: csip returns --month 2017-01 --out returns/2017-01
    """
    from csip import months
    from csip.figures.snapshot import Snapshots
    from csip.output import OutputRefused, unwritable, write_all
    from csip.workbook.returns import lead_returns
    from csip.workbook.sheets import as_bytes

    chosen = parse_month_option(month)
    snapshots = Snapshots(valid_plan(plan), audience=audience_of(exempt))
    made = lead_returns(snapshots, chosen, now())
    part = _part(snapshots)
    files = {out / lead_return.name: as_bytes(lead_return.workbook) for lead_return in made}
    try:
        write_all(files, plan=plan)
    except OutputRefused as error:  # a folder csip never writes into: a wrong command line
        fail_usage(f"{error}; no return written")
    except OSError as error:
        reason = unwritable(error, f"'{out}'")
        typer.echo(f"csip: error: {reason}; no return written", err=True)
        raise typer.Exit(1) from None
    for path, lead_return in zip(files, made, strict=True):
        typer.echo(
            f"Wrote {path}{part}: {plural(lead_return.actions, 'open action')} ({lead_return.lead})"
        )
    if not made:
        as_at = months.date_label(months.last_day(chosen))
        typer.echo(f"No lead has an action open at {as_at}: no return written.")


@app.command()
def update(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="The action's ID, such as 6.1.4.")],
    status: Annotated[
        StatusChoice,
        typer.Option("--status", case_sensitive=False, help="The action's status now."),
    ],
    note: Annotated[str | None, typer.Option("--note", help="What has happened.")] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="The update's date. Default: today."),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", metavar="YYYY-MM", help="A revised due month agreed at this update."),
    ] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option("--evidence", metavar="TEXT", help="A document, link or minute; repeatable."),
    ] = None,
    plan: PlanOption = Path("plan"),
) -> None:
    """Add one update to the end of an action's progress log, in its priority's file.

    The rest of the file stays as it was, comments and layout included. An update the plan's
    checks would refuse (dated in the future, or before the action's last update) is refused,
    and nothing is written.

    Example: csip update 6.1.4 --status in-progress --note "IRO post advertised" --due 2017-04
    """
    from csip.output import plan_edit_lock

    day = as_of_date(None, date) if date is not None else today()
    revised = parse_month_option(due) if due is not None else None
    with plan_edit_lock(plan):
        path = _add_update(plan, action_id, day, status, note, revised, evidence)
    word = status.value.replace("-", " ")
    typer.echo(f"{path}: added the update of {action_id} dated {day.isoformat()} ({word})")


def _add_update(
    plan: Path,
    action_id: str,
    day: dt.date,
    status: StatusChoice,
    note: str | None,
    revised: str | None,
    evidence: list[str] | None,
) -> Path:
    """Add the update to the end of its action's log, or say why not and exit; its file."""
    from pydantic import ValidationError

    from csip.figures.views import unknown_action
    from csip.model import messages
    from csip.model.files import Update, id_key
    from csip.model.validators import parse
    from csip.plan_edit import (
        EditError,
        append_update,
        before_last_update,
        changed_lines,
        problems_after,
        write_changes,
    )

    loaded = valid_plan(plan)
    if action_id not in loaded.actions_by_id:
        fail_usage(unknown_action(loaded, action_id))
    fields = {"date": day.isoformat(), "status": status.value, "note": note, "due": revised}
    try:
        entry = parse(Update, {**fields, "evidence": evidence or []})
    except ValidationError as error:
        detail = error.errors(include_url=False)[0]
        name = "--" + str(detail["loc"][0]) if detail["loc"] else "the update"
        _, message = messages.describe(
            detail["type"], name, detail.get("input"), dict(detail.get("ctx") or {}), ()
        )
        fail_usage(message)
    number = id_key(action_id)[0]
    path = Path(next(p.file for p in loaded.priorities if p.number == number))
    try:
        read = path.read_bytes()
        before = read.decode("utf-8")
        after = append_update(before, action_id, entry)
    except (OSError, UnicodeDecodeError, EditError) as error:
        typer.echo(f"csip: error: cannot add to {path}: {error}", err=True)
        raise typer.Exit(1) from None
    problems = problems_after(plan, {path: after}, today())
    errors = [problem for problem in problems if problem.level == "error"]
    last = max((u.date for u in loaded.actions_by_id[action_id].updates), default=None)
    for problem in errors:
        message = problem.message
        if problem.code == "updates-out-of-order" and last is not None:
            message = before_last_update(day, last)
        typer.echo(f"csip: error: {message}; nothing written", err=True)
    if errors:
        raise typer.Exit(1)
    refused = write_changes(plan, {path: after}, {path: read})
    if refused is not None:
        typer.echo(f"csip: error: {refused}", err=True)
        raise typer.Exit(1)
    added = changed_lines(before, after)
    for problem in problems:
        if problem.file == str(path) and problem.line in added:
            typer.echo(problem.text(), err=True)
    return path


def _what(actions: int, updates: int, listed: str = "") -> str:
    """``2 actions (6.1.5, 6.1.6) and 1 update``, leaving out what there is none of."""
    parts = [plural(actions, "action") + listed] if actions else []
    if updates:
        parts.append(plural(updates, "update"))
    return " and ".join(parts)


def _part(snapshots: Snapshots) -> str:
    """`` (Part 2, not for publication)`` after a Part 2 workbook's name; nothing for Part 1."""
    from csip.workbook.sheets import part_notice

    return " (Part 2, not for publication)" if part_notice(snapshots.plan) else ""


def _save(workbook: Workbook, path: Path, plan: Path) -> None:
    """Write the workbook whole, never into the plan folder, never over a folder or a link."""
    from csip.output import OutputRefused
    from csip.workbook.sheets import save

    try:
        save(workbook, path, plan)
    except OutputRefused as error:
        fail_usage(str(error))
    except OSError as error:
        typer.echo(f"csip: cannot write '{path}': {error.strerror or error}", err=True)
        raise typer.Exit(1) from None
