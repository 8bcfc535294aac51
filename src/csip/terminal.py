"""What a person reads in a terminal: the status, actions and show views laid out with rich.

RAG is always written as a word, with colour only on a terminal and never under NO_COLOR.
Every text from the plan passes through ``visible`` (``shown`` where its line breaks matter)
before rich sees it, so no escape sequence,
control character or bidirectional override in a plan can act on the terminal; line breaks in
notes are kept. Nothing here computes a figure: the views come from ``figures.views``.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import TYPE_CHECKING, Any

from csip.words import overdue_for, plural, rag_word, visible
from csip.words import visible_lines as shown

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from csip.figures.rag import ActionState, RagCounts
    from csip.figures.views import ActionView, Filters, StatusView
    from csip.model.domain import Plan
    from csip.words import Assurance, Rag


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


MAX_WIDTH = 10_000
"""The widest a view is laid out, whatever COLUMNS says: rich pads every line of a table to the
width, so COLUMNS=99999999999 would otherwise take gigabytes."""


def write(parts: list[RenderableType]) -> None:
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
    if console.width < 1:  # COLUMNS=0 says nothing of the width: as if unset
        console.width = 80
    console.width = min(console.width, MAX_WIDTH)
    with console.capture() as captured:
        for part in parts:
            console.print(part)
    sys.stdout.write("".join(line.rstrip(" ") + "\n" for line in captured.get().splitlines()))


def _bold(text: str) -> Text:
    from rich.text import Text

    return Text(text, style="bold")


def _heading(title: str, organisation: str, what: str, filters: Filters) -> list[RenderableType]:
    """The plan, what is shown as at when, and the filters: the first lines of every view."""
    lines: list[RenderableType] = [_bold(shown(title)), _bold(f"{shown(organisation)}: {what}")]
    described = filters.describe()
    if described:
        lines.append(_bold(f"Filtered to {shown(described)}"))
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

    return Text(visible(text), no_wrap=True, overflow="ellipsis")


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


def status_page(view: StatusView) -> list[RenderableType]:
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
    done_means = "complete" if view.green_requires == "complete" else "Green"
    page.append(f"Done: the share of the actions due by {due_by} that are {done_means}.")
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
            overdue_for(state.months_overdue),
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


def actions_page(
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
                visible(", ".join(state.action.lead)),
                visible(", ".join(state.action.agencies)) or _DASH,
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


def _laid_out(text: str) -> str:
    """Plan text as its paragraphs and lists, not as its file's lines: a paragraph wrapped in a
    literal block reads as one, wrapped again to the terminal."""
    from csip.text import split

    return shown(split(text).as_text())


def action_page(view: ActionView) -> list[RenderableType]:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from csip import months
    from csip.figures.views import timescale

    state = view.state
    page: list[RenderableType] = [_bold(f"{state.id}  {visible(view.priority.label)}")]
    page += [Text(_laid_out(state.action.action)), ""]
    facts = Table.grid(padding=(0, 2, 0, 0))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    # One code a line, each with what it stands for in plan.yaml.
    facts.add_row("Lead", "\n".join(visible(f"{code} ({meaning})") for code, meaning in view.lead))
    agencies = [
        visible(f"{code} ({meaning})" if meaning else code) for code, meaning in view.agencies
    ]
    facts.add_row("Agencies", "\n".join(agencies) or "none")
    when = f"{timescale(state)} (due {months.label(state.due)}"
    if state.revised_due is not None:
        when += f", revised to {months.label(state.revised_due)}"
    facts.add_row("Timescale", when + ")")
    rag = _rag_text(state.rag)
    rag.append(f" as at {months.date_label(view.as_of)}", style="")
    if state.rag == "red":
        rag.append(f" ({overdue_for(state.months_overdue)} overdue)")
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
        facts.add_row("Latest note", _laid_out(state.note))
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
            details = Text(_laid_out(update.note or ""))
            if update.due is not None:
                details.append(f"\nRevised due month: {months.label(update.due)}")
            if update.evidence:
                details.append("\nEvidence: " + visible("; ".join(update.evidence)))
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
        details = Text(f"{visible(meeting.board)}: {OUTCOME_WORDS[review.outcome]}", style="bold")
        if review.note:
            details.append("\n" + shown(review.note), style="")
        if review.evidence:
            details.append("\nEvidence: " + visible("; ".join(review.evidence)), style="")
        for task in review.tasks:
            done = f"done {months.short_date_label(task.done)}" if task.done else "not done"
            details.append(
                f"\nTask: {visible(task.task)} ({visible(task.owner)}, "
                f"due {months.short_date_label(task.due)}; "
                f"{done})",
                style="",
            )
        table.add_row(date, details)
    return table
